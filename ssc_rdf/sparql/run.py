"""Run a prepared query: on a pyoxigraph store, or on a SPARQL 1.1 Protocol endpoint.

A local query runs in a child process (``children``), so that a time or memory limit can
really stop it. A limit never edits the query: answers are read lazily and cut after
``limit`` solutions or triples, which also stops the evaluation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from itertools import islice

import pyoxigraph as ox

from ..rdf.formats import BY_NAME, RESULT_FORMATS
from ..rdf.prefixes import prefix_map
from ..rdf.typed import parsed_solutions, results_bytes, to_bytes, value
from .children import QueryOutOfMemory, QueryTimeout, Zygote, in_child
from .formats import GRAPH_KINDS, bare, serialisation
from .prepare import MalformedQuery, Prepared, prepare

# What a query or an endpoint answers: solutions, a boolean, or a graph.
Answers = ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple] | Iterable[ox.Quad]


@dataclass(frozen=True)
class Result:
    kind: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    format: str  # a name from choose_format
    data: bytes
    truncated: bool = False  # there were more answers than the limit
    hint: str | None = None  # why a parameterised question found nothing, and what to ask instead

    @property
    def media_type(self) -> str:
        return serialisation(self.kind, self.format).media_type

    def empty(self) -> bool:
        """A SELECT answer without solutions (CSV counted by lines: pyoxigraph cannot read it)."""
        if self.format == "csv":
            return len(self.data.splitlines()) <= 1
        return not self.rows()[1]

    def rows(self) -> tuple[list[str], list[dict[str, str]]]:
        """Variables and rows (values as text, unbound ones left out) of a SELECT answer in
        JSON, XML or TSV (pyoxigraph cannot read CSV back)."""
        solutions = parsed_solutions(self.data, RESULT_FORMATS[self.format])
        names = [v.value for v in solutions.variables]
        return names, [{v.value: value(row[v]) for v in solutions.variables if row[v] is not None}
                       for row in solutions]

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Any answer as a table for a page: a SELECT's rows, an ASK's yes or no, a graph's
        triples; from JSON results or N-Triples."""
        if self.kind in GRAPH_KINDS:
            triples = ox.parse(self.data, format=BY_NAME[self.format])
            return ["subject", "predicate", "object"], [[_text(t.subject), t.predicate.value, _text(t.object)]
                                                         for t in triples]
        answers = ox.parse_query_results(self.data, format=RESULT_FORMATS[self.format])
        if isinstance(answers, ox.QueryBoolean):
            return ["answer"], [["yes" if answers else "no"]]
        names, rows = self.rows()
        return names, [[row.get(name, "") for name in names] for row in rows]


@dataclass(frozen=True)
class Graphs:
    """The RDF dataset a query runs on, as the SPARQL protocol names it (``default-graph-uri``,
    ``named-graph-uri``); None where the protocol names none, so that the query's own FROM and
    FROM NAMED, or the store's graphs, are used. Named graphs alone leave the default graph
    empty, as FROM NAMED alone does in a query."""

    default: tuple[str, ...] | None = None
    named: tuple[str, ...] | None = None

    def query_graphs(self) -> tuple[list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None,
                                    list[ox.NamedNode | ox.BlankNode] | None]:
        """``Store.query``'s ``default_graph`` and ``named_graphs``, which override FROM clauses."""
        if self.default is None and self.named is None:
            return None, None
        return [ox.NamedNode(iri) for iri in self.default or ()], [ox.NamedNode(iri) for iri in self.named or ()]


def run_local(prepared: Prepared, store: ox.Store, *, fmt: str, limit: int | None = None,
              timeout: float = 60.0, memory: int | None = None) -> Result:
    """Run on an open store, with the project's prefixes predeclared, stopped after ``timeout`` s
    or once it needs ``memory`` bytes more than the process held when the query started."""
    data, truncated = in_child(timeout, memory, _evaluate, store, prepared, fmt, limit)
    return Result(prepared.kind, fmt, data, truncated)


class LocalRunner:
    """Queries from anyone, on one store, each parsed and run in a child of a ``Zygote`` made now.

    Parsing runs there too, under the same limits: rdflib's parser can take minutes on a
    short query (a VALUES list of 1 MB: 7 minutes) and holds the interpreter meanwhile.
    """

    def __init__(self, store: ox.Store, *, memory: int | None = None) -> None:
        self.memory = memory
        prepare("ASK {}")  # import the parser once here, not in every child
        self._zygote = Zygote({"prepare": prepare, "run": partial(_evaluate, store)})

    def prepare(self, text: str, *, timeout: float) -> Prepared:
        prepared: Prepared = self._zygote.run(timeout, self.memory, "prepare", text)
        return prepared

    def run(self, prepared: Prepared, *, fmt: str, limit: int | None = None, timeout: float,
            graphs: Graphs = Graphs()) -> Result:
        data, truncated = self._zygote.run(timeout, self.memory, "run", prepared, fmt, limit, graphs)
        return Result(prepared.kind, fmt, data, truncated)

    def close(self) -> None:
        self._zygote.close()


def run_remote(prepared: Prepared, endpoint: str, *, fmt: str, limit: int | None = None,
               timeout: float = 60.0) -> Result:
    """Run on an endpoint with a form POST (Virtuoso hangs on application/sparql-query bodies).

    The endpoint does not know the project's prefixes: those the query does not declare are
    declared in front of it. The answer passes through when it comes in the chosen format and
    nothing is cut (never for SELECT, see below); otherwise pyoxigraph reads it and writes it again.
    """
    from ..http import RemoteError, request

    target = serialisation(prepared.kind, fmt)
    # A SELECT is always asked as JSON and written again by pyoxigraph, as from the embedded
    # store: stores write CSV and TSV differently (Virtuoso quotes every CSV value, ends lines with LF).
    asked = ox.QueryResultsFormat.JSON if prepared.kind == "SELECT" else target
    response = request("POST", endpoint, timeout=timeout, data={"query": _with_prefixes(prepared)},
                       headers={"Accept": bare(asked.media_type)})
    answered = bare(response.headers.get("content-type", "")) or bare(asked.media_type)
    if limit is None and prepared.kind != "SELECT" and answered == bare(target.media_type):
        return Result(prepared.kind, fmt, response.content)
    try:
        data, truncated = _serialise(_read(prepared.kind, response.content, answered), fmt, limit)
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(f"the endpoint's answer ({answered}) cannot be read: {' '.join(str(exc).split())}") from None
    return Result(prepared.kind, fmt, data, truncated)


def _serialise(answers: Answers, fmt: str, limit: int | None) -> tuple[bytes, bool]:
    """Answers in format ``fmt``, cut after ``limit`` solutions or triples, and whether they were."""
    if isinstance(answers, (ox.QuerySolutions, ox.QueryBoolean)):
        return _results(answers, RESULT_FORMATS[fmt], limit)
    if limit is None:
        return to_bytes(answers, BY_NAME[fmt], prefix_map()), False
    kept = list(islice(answers, limit + 1))
    return to_bytes(kept[:limit], BY_NAME[fmt], prefix_map()), len(kept) > limit


def _results(results: ox.QuerySolutions | ox.QueryBoolean, target: ox.QueryResultsFormat,
             limit: int | None) -> tuple[bytes, bool]:
    """Cut solutions are written as TSV (each cell a term in N-Triples syntax) and read back
    by pyoxigraph, whose serialisers then write the chosen format."""
    if isinstance(results, ox.QueryBoolean) or limit is None:
        return results_bytes(results, target), False
    kept = list(islice(results, limit + 1))
    lines = ["\t".join(map(str, results.variables))]  # a solution iterates in the variables' order
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in kept[:limit]]
    cut = parsed_solutions("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
    return results_bytes(cut, target), len(kept) > limit


def _evaluate(store: ox.Store, prepared: Prepared, fmt: str, limit: int | None,
              graphs: Graphs = Graphs()) -> tuple[bytes, bool]:
    try:
        default, named = graphs.query_graphs()
        results = store.query(prepared.text, prefixes=prefix_map(), default_graph=default, named_graphs=named)
    except SyntaxError as exc:
        raise MalformedQuery(f"malformed query: {' '.join(str(exc).split())}") from None
    return _serialise(results, fmt, limit)


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term's value; a quoted triple in N-Triples syntax."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def _with_prefixes(prepared: Prepared) -> str:
    """The query with the project's prefixes it does not declare itself declared in front."""
    declarations = [f"PREFIX {p}: <{ns}>" for p, ns in prefix_map().items() if p not in prepared.prefixes]
    return "\n".join([*declarations, prepared.text])


def _read(kind: str, data: bytes, media_type: str) -> Answers:
    """An endpoint's answer as pyoxigraph's lazy results or quads."""
    if kind in GRAPH_KINDS:
        rdf = ox.RdfFormat.from_media_type(media_type)
        if rdf is None:
            raise ValueError("not an RDF format")
        return ox.parse(data, format=rdf)
    results = ox.QueryResultsFormat.from_media_type(media_type)
    if results is None or results == ox.QueryResultsFormat.CSV:
        raise ValueError("not a SPARQL results format pyoxigraph reads")
    return ox.parse_query_results(data, format=results)


__all__ = ["Graphs", "LocalRunner", "QueryOutOfMemory", "QueryTimeout", "Result", "run_local", "run_remote"]
