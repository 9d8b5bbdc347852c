"""Sink: a remote triple store, through the SPARQL 1.1 Graph Store HTTP Protocol.

Each graph is sent in chunks of N-Triples (never one huge request body). With
``replace`` the chunks go to a staging graph that one SPARQL update then moves over
the target, so a failed load leaves the old graph as it was. After loading, a COUNT
query checks that the graph holds the triples sent.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ..http import RemoteError, redact, request

NT = "application/n-triples"


@dataclass(frozen=True)
class Endpoints:
    store: str  # Graph Store Protocol
    query: str
    update: str

    @classmethod
    def derive(cls, store: str, query: str | None = None, update: str | None = None) -> Endpoints:
        """Query and update endpoints from the store's layout (Oxigraph, Virtuoso) unless given."""
        guesses = {"/store": ("/query", "/update"), "/sparql-graph-crud-auth": ("/sparql-auth", "/sparql-auth"),
                   "/sparql-graph-crud": ("/sparql", "/sparql")}
        head, _, _ = store.partition("?")
        for suffix, (q, u) in guesses.items():
            if head.endswith(suffix):
                root = head[: -len(suffix)]
                return cls(store, query or root + q, update or root + u)
        if query and update:
            return cls(store, query, update)
        raise RemoteError(f"cannot guess the query and update endpoints of {redact(store)}: "
                          "give --query-endpoint and --update-endpoint")


@dataclass(frozen=True)
class RemoteLoad:
    graph: str
    triples: int
    seconds: float
    count_after: int


def _chunks(triples: Sequence[ox.Triple], size: int):
    for start in range(0, len(triples), size):
        yield ox.serialize(triples[start:start + size], format=ox.RdfFormat.N_TRIPLES)


def _graph_url(store: str, graph: str) -> tuple[str, dict]:
    return store, {"graph": graph}


def count(endpoints: Endpoints, graph: str, timeout: float) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    response = request("POST", endpoints.query, timeout=timeout, data={"query": query},
                       headers={"Accept": "application/sparql-results+json"})
    bindings = response.json()["results"]["bindings"]
    return int(bindings[0]["n"]["value"]) if bindings else 0


def update(endpoints: Endpoints, text: str, timeout: float) -> None:
    request("POST", endpoints.update, timeout=timeout, data={"update": text})


def load_graph(endpoints: Endpoints, graph: str, triples: Sequence[ox.Triple], *, replace: bool,
               chunk_size: int = 50_000, timeout: float = 120.0,
               log: Callable[[str], None] = lambda _: None) -> RemoteLoad:
    """Send one graph's triples; check the count; return the throughput."""
    unique = sorted(set(triples), key=str)
    target = f"urn:ssc-rdf:staging:{uuid.uuid4()}" if replace else graph
    start = time.perf_counter()
    try:
        for body in _chunks(unique, chunk_size):
            url, params = _graph_url(endpoints.store, target)
            request("POST", url, params=params, content=body, headers={"Content-Type": NT},
                    timeout=timeout, on_retry=log)
        if replace:
            update(endpoints, f"MOVE SILENT GRAPH <{target}> TO GRAPH <{graph}>", timeout)
    except BaseException:
        if replace:
            try:
                update(endpoints, f"DROP SILENT GRAPH <{target}>", timeout)
            except RemoteError:
                log(f"could not drop the staging graph <{target}>")
        raise
    seconds = time.perf_counter() - start
    after = count(endpoints, graph, timeout)
    expected_ok = after == len(unique) if replace else after >= len(unique)
    if not expected_ok:
        raise RemoteError(f"graph <{graph}> holds {after} triples after loading {len(unique)}")
    return RemoteLoad(graph, len(unique), seconds, after)
