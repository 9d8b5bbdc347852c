"""Run a prepared query: on a pyoxigraph store, or on a SPARQL 1.1 Protocol endpoint.

A local query runs in a forked child process, so that a time limit can really stop it (a
thread inside Oxigraph cannot be interrupted). A limit never edits the query: answers are
read lazily and cut after ``limit`` solutions or triples, which also stops the evaluation.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from ..errors import InputError, SscError
from ..rdf.prefixes import prefix_map
from .formats import GRAPH_KINDS, bare, serialisation
from .prepare import MalformedQuery, Prepared


class QueryTimeout(SscError):
    """The query ran past its time limit and was stopped."""


@dataclass(frozen=True)
class Result:
    kind: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    format: str  # a name from choose_format
    data: bytes
    truncated: bool = False  # there were more answers than the limit

    @property
    def media_type(self) -> str:
        return serialisation(self.kind, self.format).media_type

    def rows(self) -> tuple[list[str], list[dict[str, str]]]:
        """Variables and rows (values as text, unbound ones left out) of a SELECT answer in
        JSON, XML or TSV (pyoxigraph cannot read CSV back)."""
        solutions = ox.parse_query_results(self.data, format=serialisation(self.kind, self.format))
        names = [v.value for v in solutions.variables]
        return names, [{v.value: row[v].value for v in solutions.variables if row[v] is not None}
                       for row in solutions]


def run_local(prepared: Prepared, store: ox.Store, *, fmt: str, limit: int | None = None,
              timeout: float = 60.0) -> Result:
    """Run on an open store, with the project's prefixes predeclared, stopped after ``timeout`` s."""
    data, truncated = _in_child(timeout, _evaluate, store, prepared, fmt, limit)
    return Result(prepared.kind, fmt, data, truncated)


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
        data, truncated = _serialise(_read(prepared.kind, response.content, answered), prepared.kind, fmt, limit)
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(f"the endpoint's answer ({answered}) cannot be read: {' '.join(str(exc).split())}") from None
    return Result(prepared.kind, fmt, data, truncated)


def _serialise(results, kind: str, fmt: str, limit: int | None) -> tuple[bytes, bool]:
    """Answers in format ``fmt``, cut after ``limit`` solutions or triples, and whether they were.

    Cut solutions are written as TSV (each cell a term in N-Triples syntax) and read back
    by pyoxigraph, whose serialisers then write the chosen format.
    """
    target = serialisation(kind, fmt)
    if kind == "ASK" or (kind == "SELECT" and limit is None):
        return results.serialize(format=target), False
    if limit is None:
        return ox.serialize(results, format=target, prefixes=prefix_map()), False
    kept = list(islice(results, limit + 1))
    if kind in GRAPH_KINDS:
        return ox.serialize(kept[:limit], format=target, prefixes=prefix_map()), len(kept) > limit
    lines = ["\t".join(map(str, results.variables))]  # a solution iterates in the variables' order
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in kept[:limit]]
    cut = ox.parse_query_results("\n".join(lines) + "\n", format=ox.QueryResultsFormat.TSV)
    return cut.serialize(format=target), len(kept) > limit


def _evaluate(store: ox.Store, prepared: Prepared, fmt: str, limit: int | None) -> tuple[bytes, bool]:
    try:
        results = store.query(prepared.text, prefixes=prefix_map())
    except SyntaxError as exc:
        raise MalformedQuery(f"malformed query: {' '.join(str(exc).split())}") from None
    return _serialise(results, prepared.kind, fmt, limit)


def _with_prefixes(prepared: Prepared) -> str:
    """The query with the project's prefixes it does not declare itself declared in front."""
    declarations = [f"PREFIX {p}: <{ns}>" for p, ns in prefix_map().items() if p not in prepared.prefixes]
    return "\n".join([*declarations, prepared.text])


def _read(kind: str, data: bytes, media_type: str):
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


def _in_child(timeout: float, function: Callable, *args):
    """``function(*args)`` in a forked process, killed after ``timeout`` seconds."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, function, *args), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryTimeout(f"the query was stopped after its time limit of {timeout:g} s (--timeout)")
        status, payload = parent.recv()
    except EOFError:
        raise InputError("the query process died (out of memory?)") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
    if status == "error":
        raise payload
    return payload


def _child(conn, function: Callable, *args) -> None:
    try:
        conn.send(("ok", function(*args)))
    except SscError as exc:
        conn.send(("error", exc))
    except Exception as exc:  # anything else: one line, not a traceback across processes
        conn.send(("error", SscError(f"query failed: {type(exc).__name__}: {exc}")))
    finally:
        conn.close()
