"""Lints over the ontology, the shapes and the data."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from ssc_rdf import api
from ssc_rdf.checks.lint import lint, undeclared_in_data, undeclared_in_shapes, undocumented_terms
from ssc_rdf.checks.reasoning import ontology_triples
from ssc_rdf.checks.shacl import load_shapes
from ssc_rdf.rdf.terms import OWL, RDF, RDFS, SSC

from ..conftest import FIXTURES, REVIEW


def ontology() -> ox.Store:
    """A fresh store with the shipped ontology (tests add to it)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ontology_triples())
    return store


def test_shipped_ontology_shapes_and_data_pass_the_lints():
    data = [api.convert([str(p)]).to_store() for p in (REVIEW, FIXTURES / "curated" / "crohn-fistula-review.yaml")]
    assert all(len(store) > 100 for store in data)  # the lints did see the data
    assert lint(ontology(), load_shapes(), data) == []


def test_term_without_label_or_definition():
    onto = ontology()
    onto.add(ox.Quad(SSC.Undocumented, RDF.type, OWL.Class))
    problems = {str(p) for p in undocumented_terms(onto)}
    iri = SSC.Undocumented.value
    assert problems == {f"{iri}: has no rdfs:label", f"{iri}: has no skos:definition"}


def test_shape_naming_a_class_or_property_that_does_not_exist():
    shapes = load_shapes() + Graph()
    shape = URIRef("urn:test:shape")
    shapes.add((shape, SH.targetClass, URIRef(SSC.Therapie.value)))  # misspelt
    shapes.add((shape, SH.path, URIRef("http://purl.org/dc/terms/titel")))  # not in DCTERMS
    names = {p.subject for p in undeclared_in_shapes(shapes, ontology())}
    assert names == {SSC.Therapie.value, "http://purl.org/dc/terms/titel"}


def test_data_using_an_undeclared_term():
    data = ox.Store()
    data.add(ox.Quad(ox.NamedNode("urn:x"), SSC.curesEverything, ox.Literal("yes")))
    data.add(ox.Quad(ox.NamedNode("urn:x"), RDFS.label, ox.Literal("fine")))
    assert [p.subject for p in undeclared_in_data(data, ontology())] == [SSC.curesEverything.value]
