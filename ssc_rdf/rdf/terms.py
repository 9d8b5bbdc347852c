"""Vocabulary terms as pyoxigraph ``NamedNode``s: the one term model of the mapping."""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from . import ONTOLOGY_NS


class Namespace:
    """``SSC.treats`` and ``SSC["has-part"]`` are ``NamedNode``s, created once each.

    Not a ``str`` subclass: ``DCTERMS.title`` must be the term, not ``str.title``.
    """

    def __init__(self, iri: str) -> None:
        self._iri = iri

    def __str__(self) -> str:
        return self._iri

    def __repr__(self) -> str:
        return f"Namespace({self._iri!r})"

    def __getattr__(self, name: str) -> ox.NamedNode:
        """Called only for a term not looked up before: kept as an attribute, so the mapping's
        hot loops read it like any attribute afterwards."""
        if name.startswith("__"):
            raise AttributeError(name)
        node = _node(self._iri + name)
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        return _node(self._iri + name)


@cache
def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


SSC = Namespace(ONTOLOGY_NS)
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SH = Namespace("http://www.w3.org/ns/shacl#")

RDF_TYPE = RDF.type
DEFAULT_GRAPH = ox.DefaultGraph()


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def literal(value: str, *, lang: str | None = None, datatype: ox.NamedNode | None = None) -> ox.Literal:
    """A literal: language-tagged, typed, or a plain string."""
    if lang:
        return ox.Literal(value, language=lang)
    if datatype is not None:
        return ox.Literal(value, datatype=datatype)
    return ox.Literal(value)


__all__ = ["BIBO", "CITO", "DCAT", "DCTERMS", "DEFAULT_GRAPH", "FABIO", "OA", "OWL", "PROV", "RDF", "RDFS",
           "RDF_TYPE", "SCHEMA", "SH", "SKOS", "SSC", "VOID", "XSD", "Namespace", "iri", "literal"]
