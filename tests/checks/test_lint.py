"""Lints over the ontology, the shapes and the data."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from ssc_rdf import api
from ssc_rdf.checks.lint import lint, undeclared_in_data, undeclared_in_shapes, undocumented_terms
from ssc_rdf.checks.shacl import load_ontology, load_shapes
from ssc_rdf.namespaces import SSC
from ssc_rdf.sinks.files import triple_graph

from ..conftest import FIXTURES, REVIEW


def test_shipped_ontology_shapes_and_data_pass_the_lints():
    data = [triple_graph(api.convert([str(p)]).quads)
            for p in (REVIEW, FIXTURES / "curated" / "crohn-fistula-review.yaml")]
    assert lint(load_ontology(), load_shapes(), data) == []


def test_term_without_label_or_definition():
    onto = load_ontology() + Graph()
    onto.add((SSC.Undocumented, RDF.type, OWL.Class))
    problems = {str(p) for p in undocumented_terms(onto)}
    assert problems == {f"{SSC.Undocumented}: has no rdfs:label", f"{SSC.Undocumented}: has no skos:definition"}


def test_shape_naming_a_class_or_property_that_does_not_exist():
    shapes = load_shapes() + Graph()
    shape = URIRef("urn:test:shape")
    shapes.add((shape, SH.targetClass, SSC.Therapie))  # misspelt
    shapes.add((shape, SH.path, URIRef("http://purl.org/dc/terms/titel")))  # not in DCTERMS
    names = {p.subject for p in undeclared_in_shapes(shapes, load_ontology())}
    assert names == {str(SSC.Therapie), "http://purl.org/dc/terms/titel"}


def test_data_using_an_undeclared_term():
    data = Graph()
    data.add((URIRef("urn:x"), SSC.curesEverything, Literal("yes")))
    data.add((URIRef("urn:x"), RDFS.label, Literal("fine")))
    assert [p.subject for p in undeclared_in_data(data, load_ontology())] == [str(SSC.curesEverything)]
