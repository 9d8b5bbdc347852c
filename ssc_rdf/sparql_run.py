"""Run a SPARQL query on files, on the embedded store, or on a remote endpoint.

Local queries run in a child process so that a time limit can really stop them
(a thread running inside Oxigraph cannot be interrupted).
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, SscError, UsageError
from .formats import get_format
from .namespaces import DEFAULT_BASE
from .queries import kind as query_kind

RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


class QueryTimeout(SscError):
    exit_code = 2


@dataclass(frozen=True)
class QueryOutput:
    kind: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    format: str  # a result format name (json, csv, ...) or an RDF format name
    data: bytes


def output_format(kind: str, requested: str | None) -> str:
    """The serialisation to ask for: result formats for SELECT/ASK, RDF for graphs."""
    if kind in ("SELECT", "ASK"):
        fmt = requested or "json"
        if fmt not in RESULT_FORMATS:
            raise UsageError(f"--format {fmt} is not a SPARQL results format ({', '.join(RESULT_FORMATS)})")
        return fmt
    return get_format(requested or "turtle").name


def _execute(text: str, kind: str, fmt: str, store_dir: str | None, files: list[str]) -> bytes:
    from .loading import source_quads
    from .sinks.embedded import EmbeddedStore, ontology_quads

    if store_dir is not None:
        store = EmbeddedStore(Path(store_dir), read_only=True).store
    else:
        memory = EmbeddedStore()
        memory.add([*ontology_quads(), *(q for path in files for q in source_quads(path, None, DEFAULT_BASE))])
        store = memory.store
    return execute_on(store, text, kind, fmt)


def execute_on(store, text: str, kind: str, fmt: str) -> bytes:
    """Run a query on an open store and serialise its results."""
    import pyoxigraph as ox

    from .sinks.embedded import OX_FORMATS

    try:
        results = store.query(text)
    except SyntaxError as exc:
        raise UsageError(f"malformed query: {' '.join(str(exc).split())}") from None
    if kind in ("SELECT", "ASK"):
        qformat = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[fmt]
        return results.serialize(format=qformat)
    return results.serialize(format=OX_FORMATS[fmt])


def _child(conn, function, *args) -> None:
    try:
        conn.send(("ok", function(*args)))
    except SscError as exc:
        conn.send(("error", exc))
    except Exception as exc:  # anything else: one line, not a traceback across processes
        conn.send(("error", InputError(f"query failed: {type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def run_local(text: str, *, store_dir: str | None = None, files: tuple[str, ...] = (),
              fmt: str | None = None, timeout: float = 60.0) -> QueryOutput:
    kind = query_kind(text)
    fmt = output_format(kind, fmt)
    return QueryOutput(kind, fmt, in_child(timeout, _execute, text, kind, fmt, store_dir, list(files)))


def in_child(timeout: float, function, *args) -> bytes:
    """Run ``function(*args)`` in a forked process and kill it after ``timeout`` seconds."""
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


def run_remote(text: str, endpoint: str, *, fmt: str | None = None, timeout: float = 60.0) -> QueryOutput:
    """SPARQL 1.1 Protocol: a form POST (Virtuoso hangs on application/sparql-query bodies)."""
    from .http import request

    kind = query_kind(text)
    fmt = output_format(kind, fmt)
    accept = RESULT_FORMATS[fmt] if kind in ("SELECT", "ASK") else get_format(fmt).media_type
    if kind == "SELECT":  # JSON from every store, written here as for local queries: the same bytes everywhere
        accept = RESULT_FORMATS["json"]
    response = request("POST", endpoint, timeout=timeout, data={"query": text}, headers={"Accept": accept})
    data = response.content
    got = response.headers.get("content-type", "").split(";")[0].strip()
    if kind == "SELECT":
        data = _rewrite_solutions(data, fmt)
    if kind in ("CONSTRUCT", "DESCRIBE") and got and got != accept:
        data = _convert_rdf(data, got, fmt)
    return QueryOutput(kind, fmt, data)


def _rewrite_solutions(data: bytes, fmt: str) -> bytes:
    """Stores write results each their own way (Virtuoso's CSV quotes every value and ends
    lines with LF); pyoxigraph writes them as it does for the embedded store."""
    import pyoxigraph as ox

    solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return solutions.serialize(format=ox.QueryResultsFormat.from_media_type(RESULT_FORMATS[fmt]))


def _convert_rdf(data: bytes, media_type: str, fmt: str) -> bytes:
    import pyoxigraph as ox

    from .sinks.embedded import OX_FORMATS

    source = ox.RdfFormat.from_media_type(media_type)
    if source is None:
        raise InputError(f"the endpoint answered {media_type}, which is not an RDF format")
    return ox.serialize(ox.parse(data, format=source), format=OX_FORMATS[fmt])
