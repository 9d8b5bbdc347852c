"""The serialisation of a query's answer, chosen once the query's kind is known: SPARQL
results for SELECT and ASK, RDF for CONSTRUCT and DESCRIBE (``xml`` means either)."""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import UsageError
from ..rdf import FORMAT_NAMES, RESULT_FORMAT_NAMES
from ..rdf.formats import BY_NAME, RESULT_FORMATS, name_of, rdf_format, result_format, result_name

GRAPH_KINDS = ("CONSTRUCT", "DESCRIBE")


def choose_format(kind: str, requested: str | None, default_select: str = "tsv") -> str:
    """The format name for a ``kind`` of query, from a name, alias or media type, or the default
    (``default_select`` for SELECT and ASK, Turtle for graphs); a usage error when it does not fit."""
    if kind in GRAPH_KINDS:
        try:
            return name_of(rdf_format(requested or "turtle"))
        except UsageError:
            raise UsageError(f"{requested!r} is not an RDF format: a {kind} query gives a graph "
                             f"({', '.join(FORMAT_NAMES)})") from None
    try:
        return result_name(result_format(requested or default_select))
    except UsageError:
        raise UsageError(f"{requested!r} is not a SPARQL results format: a {kind} query gives results "
                         f"({', '.join(RESULT_FORMAT_NAMES)})") from None


def serialisation(kind: str, name: str) -> ox.QueryResultsFormat | ox.RdfFormat:
    """pyoxigraph's format for a name that ``choose_format`` gave."""
    return BY_NAME[name] if kind in GRAPH_KINDS else RESULT_FORMATS[name]


def media_types(kind: str) -> dict[str, str]:
    """Media type (without parameters) -> format name: what content negotiation offers for ``kind``."""
    formats = BY_NAME if kind in GRAPH_KINDS else RESULT_FORMATS
    return {bare(fmt.media_type): name for name, fmt in formats.items()}


def bare(media_type: str) -> str:
    """``text/csv; charset=utf-8`` -> ``text/csv``."""
    return media_type.split(";", 1)[0].strip().lower()
