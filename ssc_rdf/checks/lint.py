"""Lints: every ontology term is documented, and data and shapes use only declared terms.

A term is "declared" when the ontology declares it (it also declares the external
terms it uses) or when it belongs to a closed standard vocabulary whose full term list
rdflib ships (RDF, RDFS, OWL, XSD, SKOS, PROV, DCTERMS, schema.org, SHACL...): only those
term lists are taken from rdflib here; the ontology and the data are pyoxigraph stores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, VOID, XSD, DefinedNamespace

from ..rdf import ONTOLOGY_NS
from ..rdf import terms as t

_CLOSED: tuple[type[DefinedNamespace], ...] = (RDF, RDFS, OWL, XSD, SKOS, PROV, DCTERMS, SDO, SH, DCAT, VOID)
_DECLARATIONS = (t.OWL.Class, t.OWL.ObjectProperty, t.OWL.DatatypeProperty, t.OWL.AnnotationProperty,
                 t.OWL.NamedIndividual, t.RDFS.Class, t.RDF.Property, t.OWL.Ontology)
_DOCUMENTED = (t.OWL.Class, t.OWL.ObjectProperty, t.OWL.DatatypeProperty, t.OWL.NamedIndividual)


@dataclass(frozen=True, order=True)
class Problem:
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


def _subjects(store: ox.Store, cls: ox.NamedNode) -> set[str]:
    return {q.subject.value for q in store.quads_for_pattern(None, t.RDF.type, cls)
            if isinstance(q.subject, ox.NamedNode)}


def declared_terms(ontology: ox.Store) -> set[str]:
    return {s for cls in _DECLARATIONS for s in _subjects(ontology, cls)}


def is_known(term: str, declared: set[str]) -> bool:
    if term in declared:
        return True
    for ns in _CLOSED:
        if term.startswith(str(ns)):
            return URIRef(term) in ns
    return False


def undocumented_terms(ontology: ox.Store) -> list[Problem]:
    """Every class, property and individual of our namespace has a label and a definition."""
    problems = []
    for kind in _DOCUMENTED:
        for term in _subjects(ontology, kind):
            if not term.startswith(ONTOLOGY_NS):
                continue
            node = ox.NamedNode(term)
            if not any(True for _ in ontology.quads_for_pattern(node, t.RDFS.label, None)):
                problems.append(Problem(term, "has no rdfs:label"))
            if not any(True for _ in ontology.quads_for_pattern(node, t.SKOS.definition, None)):
                problems.append(Problem(term, "has no skos:definition"))
    return sorted(set(problems))


def undeclared_in_data(data: ox.Store, ontology: ox.Store) -> list[Problem]:
    """Predicates and classes the data uses that neither the ontology nor a standard declares."""
    declared = declared_terms(ontology)
    used = {q.predicate.value for q in data}
    used |= {q.object.value for q in data.quads_for_pattern(None, t.RDF.type, None)
             if isinstance(q.object, ox.NamedNode)}
    return sorted(Problem(term, "is used by the data but declared nowhere") for term in used
                  if not is_known(term, declared))


def undeclared_in_shapes(shapes: Graph, ontology: ox.Store) -> list[Problem]:
    """Classes and properties the shapes name that do not exist."""
    declared = declared_terms(ontology)
    named: set[URIRef] = set()
    for prop in (SH.targetClass, SH["class"], SH.path, SH.targetSubjectsOf, SH.targetObjectsOf):
        named |= {o for o in shapes.objects(None, prop) if isinstance(o, URIRef)}
    for lst in shapes.objects(None, SH.alternativePath):
        named |= {o for o in shapes.items(lst) if isinstance(o, URIRef)}
    for lst in shapes.objects(None, SH["in"]):
        named |= {o for o in shapes.items(lst) if isinstance(o, URIRef)}
    return sorted(Problem(str(term), "is named by the shapes but declared nowhere") for term in named
                  if not is_known(str(term), declared))


def lint(ontology: ox.Store, shapes: Graph, data: Iterable[ox.Store] = ()) -> list[Problem]:
    problems = undocumented_terms(ontology) + undeclared_in_shapes(shapes, ontology)
    for store in data:
        problems += undeclared_in_data(store, ontology)
    return problems
