"""The one boundary between pyoxigraph terms and rdflib, for the libraries that need rdflib
(pyshacl) and for users who ask for an rdflib ``Dataset``. Terms are converted directly,
never through serialised bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ..rdf.prefixes import prefix_map

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@lru_cache(maxsize=65536)
def _iri(value: str) -> URIRef:
    return URIRef(value)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A pyoxigraph term as the equal rdflib term (plain strings without a datatype, as rdflib parses them)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return _iri(term.value)
    if kind is ox.Literal:
        literal: ox.Literal = term  # type: ignore[assignment]
        if literal.language:
            return Literal(literal.value, lang=literal.language)
        datatype = literal.datatype.value
        return Literal(literal.value, datatype=None if datatype == _XSD_STRING else _iri(datatype))
    if kind is ox.BlankNode:
        return BNode(term.value)
    raise TypeError(f"no rdflib equivalent for {term!r}")


def to_graph(quads: Iterable[ox.Quad], graph: Graph | None = None) -> Graph:
    """The triples of all quads, merged into one rdflib graph."""
    graph = graph if graph is not None else Graph()
    add = graph.add
    for quad in quads:
        add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    return graph


def to_dataset(quads: Iterable[ox.Quad]) -> Dataset:
    """The quads as an rdflib Dataset, named graphs kept, with the project's prefixes bound."""
    dataset = Dataset(default_union=False)
    for prefix, ns in prefix_map().items():
        dataset.bind(prefix, ns)
    for quad in quads:
        graph = quad.graph_name
        target = (dataset.default_graph if isinstance(graph, ox.DefaultGraph)
                  else dataset.graph(to_rdflib(graph)))  # type: ignore[arg-type]
        target.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    return dataset


def from_rdflib(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (for reports that go back into the pipeline)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or _XSD_STRING)))
    raise TypeError(f"no pyoxigraph equivalent for {term!r}")


__all__ = ["from_rdflib", "to_dataset", "to_graph", "to_rdflib"]
