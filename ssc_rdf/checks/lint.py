"""Lints: every ontology term is documented, and data and shapes use only declared terms.

A term is "declared" when the ontology declares it (it also declares the external
terms it uses) or when it belongs to a closed standard vocabulary that rdflib ships
with its full term list (RDF, RDFS, OWL, XSD, SKOS, PROV, DCTERMS, schema.org, SHACL...).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, VOID, XSD, DefinedNamespace

from ..namespaces import SSC

_CLOSED: tuple[type[DefinedNamespace], ...] = (RDF, RDFS, OWL, XSD, SKOS, PROV, DCTERMS, SDO, SH, DCAT, VOID)
_DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                 OWL.NamedIndividual, RDFS.Class, RDF.Property, OWL.Ontology)
_DOCUMENTED = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


@dataclass(frozen=True, order=True)
class Problem:
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


def declared_terms(ontology: Graph) -> set[URIRef]:
    return {s for t in _DECLARATIONS for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef)}


def is_known(term: URIRef, declared: set[URIRef]) -> bool:
    if term in declared:
        return True
    for ns in _CLOSED:
        base = str(ns)
        if term.startswith(base):
            return term in ns
    return False


def undocumented_terms(ontology: Graph) -> list[Problem]:
    """Every class, property and individual of our namespace has a label and a definition."""
    problems = []
    for kind in _DOCUMENTED:
        for term in ontology.subjects(RDF.type, kind):
            if not str(term).startswith(str(SSC)):
                continue
            if ontology.value(term, RDFS.label) is None:
                problems.append(Problem(str(term), "has no rdfs:label"))
            if ontology.value(term, SKOS.definition) is None:
                problems.append(Problem(str(term), "has no skos:definition"))
    return sorted(set(problems))


def undeclared_in_data(data: Graph, ontology: Graph) -> list[Problem]:
    """Predicates and classes the data uses that neither the ontology nor a standard declares."""
    declared = declared_terms(ontology)
    used: set[URIRef] = set(data.predicates()) | {o for o in data.objects(None, RDF.type) if isinstance(o, URIRef)}
    return sorted(Problem(str(t), "is used by the data but declared nowhere") for t in used
                  if not is_known(t, declared))


def undeclared_in_shapes(shapes: Graph, ontology: Graph) -> list[Problem]:
    """Classes and properties the shapes name that do not exist."""
    declared = declared_terms(ontology)
    named: set[URIRef] = set()
    for prop in (SH.targetClass, SH["class"], SH.path, SH.targetSubjectsOf, SH.targetObjectsOf):
        named |= {o for o in shapes.objects(None, prop) if isinstance(o, URIRef)}
    for lst in shapes.objects(None, SH.alternativePath):
        named |= {o for o in shapes.items(lst) if isinstance(o, URIRef)}
    for lst in shapes.objects(None, SH["in"]):
        named |= {o for o in shapes.items(lst) if isinstance(o, URIRef)}
    return sorted(Problem(str(t), "is named by the shapes but declared nowhere") for t in named
                  if not is_known(t, declared))


def lint(ontology: Graph, shapes: Graph, data: Iterable[Graph] = ()) -> list[Problem]:
    problems = undocumented_terms(ontology) + undeclared_in_shapes(shapes, ontology)
    for graph in data:
        problems += undeclared_in_data(graph, ontology)
    return problems
