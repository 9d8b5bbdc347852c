"""What a shapes graph's SPARQL target can match: the predicates of its triple patterns and
property paths, read from the parsed query (rdflib's parser), never from its text."""

from __future__ import annotations

from ..rdf.parsing import SPARQL_PARSER


class MalformedTarget(ValueError):
    """A SPARQL target that does not parse."""


def target_predicates(text: str) -> frozenset[str] | None:
    """The IRIs the query can match as predicates, or None when a pattern's predicate is a
    variable or a negated path (it can match any)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    with SPARQL_PARSER:
        try:
            algebra = translateQuery(parseQuery(text)).algebra
        except (ParseException, ValueError, RecursionError) as exc:
            raise MalformedTarget(str(exc).splitlines()[0]) from None
    found: set[str] = set()
    stack: list = [algebra]
    while stack:  # the algebra's nodes, down to its basic graph patterns
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "BGP":
                for _, predicate, _ in dict.get(node, "triples", []):
                    named = _path_iris(predicate)
                    if named is None:
                        return None
                    found |= named
            stack.extend(v for v in dict.values(node) if isinstance(v, (CompValue, list)))
        elif isinstance(node, list):
            stack.extend(node)
    return frozenset(found)


def _path_iris(predicate) -> set[str] | None:
    """The IRIs of a predicate or property path; None for a variable or a negated path."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
    from rdflib.term import URIRef

    if isinstance(predicate, URIRef):
        return {str(predicate)}
    parts = (predicate.args if isinstance(predicate, (SequencePath, AlternativePath))
             else [predicate.path] if isinstance(predicate, MulPath)
             else [predicate.arg] if isinstance(predicate, InvPath) else None)
    if parts is None:
        return None
    found: set[str] = set()
    for part in parts:
        named = _path_iris(part)
        if named is None:
            return None
        found |= named
    return found
