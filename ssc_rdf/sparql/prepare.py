"""Parse a SPARQL query before anything runs it, with rdflib's SPARQL 1.1 parser: its kind,
the SERVICE calls anywhere in it and the prefixes it declares come from the parse tree.

The text that was parsed is the text that runs. rdflib expands ``\\u`` escapes before
parsing (as SPARQL 1.1 says) and ends a comment at a line feed only, while Oxigraph expands
escapes inside strings and IRIs only and also ends a comment at a carriage return; given
the raw text, a SERVICE call could hide from one parser and not from the other. So escapes
are expanded and line ends made line feeds first, and that text is what runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SscError, UsageError
from ..rdf.parsing import SPARQL_PARSER

KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class MalformedQuery(UsageError):
    """Not a SPARQL 1.1 query."""


class UpdateRefused(UsageError):
    """A SPARQL update: ssc-rdf only reads with SPARQL."""


class ServiceRefused(SscError):
    """A federated query: the endpoint never calls other servers for its clients."""


@dataclass(frozen=True)
class Prepared:
    text: str  # as parsed, and as it runs
    kind: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    services: tuple[str, ...]  # each SERVICE's target as written: <iri>, prefixed name or ?variable
    prefixes: frozenset[str]  # the prefixes the query declares itself


def prepare(text: str) -> Prepared:
    """Parse a query; a usage error for an update or a malformed query, before anything runs.

    rdflib's parser (pyparsing) keeps state while it parses: two threads at once (the server
    answers requests in a thread pool) break each other's parse, so one parses at a time.
    """
    with _PARSING:
        return _prepare(text)


def _prepare(text: str) -> Prepared:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        text = _as_parsed(text)
        prologue, query = parseQuery(text)[:2]
    except ParseException as exc:
        if _is_update(text):
            raise UpdateRefused("updates are not run by ssc-rdf query; load data with ssc-rdf load") from None
        found = f", found {exc.found}" if exc.found else ""
        raise MalformedQuery(f"malformed query at line {exc.lineno}, column {exc.column}: {exc.msg}{found}") from None
    except RecursionError:
        raise MalformedQuery("malformed query: nested too deeply to parse") from None
    except ValueError as exc:  # an escape that is no Unicode character
        raise MalformedQuery(f"malformed query: {exc}") from None
    declared = frozenset(dict.get(decl, "prefix") or "" for decl in prologue if decl.name == "PrefixDecl")
    return Prepared(text, KINDS[query.name], _services(query), declared)


_PARSING = SPARQL_PARSER  # one parse at a time, in the whole process


def refuse_services(prepared: Prepared) -> None:
    """Refuse a federated query (SERVICE, anywhere in it) before it runs."""
    if prepared.services:
        raise ServiceRefused(f"federated queries are refused here (SERVICE {', '.join(prepared.services)})")


def _as_parsed(text: str) -> str:
    """The text with escapes expanded and line feeds for line ends, until nothing changes
    (an expansion can make a new escape, which rdflib would expand once more)."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    while True:
        done = expandUnicodeEscapes(text).replace("\r\n", "\n").replace("\r", "\n")
        if done == text:
            done.encode("utf-8")  # a lone surrogate from an escape raises here (ValueError)
            return done
        text = done


def _is_update(text: str) -> bool:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return "request" in parseUpdate(text)  # an empty update (only comments) has no request
    except (ParseException, RecursionError):
        return False


def _services(query) -> tuple[str, ...]:
    """Every SERVICE target in the parse tree, however deep (a loop, not recursion)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    found, stack = [], [query]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):  # dict's own methods: CompValue's resolve variables
            if node.name == "ServiceGraphPattern":
                found.append(_written(dict.get(node, "term")))
            stack.extend(reversed(list(dict.values(node))))
        elif isinstance(node, (list, ParseResults)):
            stack.extend(reversed(list(node)))
    return tuple(found)


def _written(term) -> str:
    """A SERVICE target as the query wrote it."""
    from rdflib.term import URIRef, Variable

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Variable):
        return f"?{term}"
    return f"{dict.get(term, 'prefix') or ''}:{dict.get(term, 'localname') or ''}"  # a prefixed name
