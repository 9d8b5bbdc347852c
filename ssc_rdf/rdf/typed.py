"""Typed shims over pyoxigraph calls whose stubs return unions: writing to bytes, SELECT
solutions, a term's lexical value. They assert what the call's arguments guarantee."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]


class GraphTriples(NamedTuple):
    """One graph's statements as the mapping makes them: (subject, predicate, object) tuples of
    pyoxigraph terms, each term made once and shared. The hot paths (corpus batches) check and
    write these without making quads: a ``Quad`` copies its four terms when made and again
    whenever one is read (about 3 µs a quad, more than writing it)."""

    graph: ox.NamedNode | ox.DefaultGraph
    triples: list[Triple]


def to_bytes(items: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: ox.RdfFormat,
             prefixes: dict[str, str] | None = None) -> bytes:
    """``pyoxigraph.serialize`` without an output: always bytes."""
    data = ox.serialize(items, format=fmt, prefixes=prefixes)
    assert data is not None
    return data


def results_bytes(results: ox.QuerySolutions | ox.QueryBoolean, fmt: ox.QueryResultsFormat) -> bytes:
    """Query results' ``serialize`` without an output: always bytes."""
    data = results.serialize(format=fmt)
    assert data is not None
    return data


def parsed_solutions(data: bytes | str, fmt: ox.QueryResultsFormat) -> ox.QuerySolutions:
    """SELECT results read back (``parse_query_results`` would also read a boolean)."""
    results = ox.parse_query_results(data, format=fmt)
    assert isinstance(results, ox.QuerySolutions), "SELECT results"
    return results


def solutions(store: ox.Store, query: str, **options: object) -> ox.QuerySolutions:
    """The solutions of a SELECT query on ``store``."""
    result = store.query(query, **options)  # type: ignore[arg-type]
    assert isinstance(result, ox.QuerySolutions), "a SELECT query"
    return result


def value(term: Term | None) -> str:
    """The lexical value of a term (an IRI, a blank node id, a literal's text)."""
    assert term is not None and not isinstance(term, ox.Triple)
    return term.value


__all__ = ["GraphTriples", "Term", "Triple", "parsed_solutions", "results_bytes", "solutions", "to_bytes", "value"]
