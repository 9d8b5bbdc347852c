"""Typed shims over pyoxigraph calls whose stubs return unions: writing to bytes, SELECT
solutions, a term's lexical value. They assert what the call's arguments guarantee."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def to_bytes(items: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: ox.RdfFormat,
             prefixes: dict[str, str] | None = None) -> bytes:
    """``pyoxigraph.serialize`` without an output: always bytes."""
    data = ox.serialize(items, format=fmt, prefixes=prefixes)
    assert data is not None
    return data


def solutions(store: ox.Store, query: str, **options: object) -> ox.QuerySolutions:
    """The solutions of a SELECT query on ``store``."""
    result = store.query(query, **options)  # type: ignore[arg-type]
    assert isinstance(result, ox.QuerySolutions), "a SELECT query"
    return result


def value(term: Term | None) -> str:
    """The lexical value of a term (an IRI, a blank node id, a literal's text)."""
    assert term is not None and not isinstance(term, ox.Triple)
    return term.value


__all__ = ["Term", "solutions", "to_bytes", "value"]
