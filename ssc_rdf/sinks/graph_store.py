"""Sink: a remote triple store, through the SPARQL 1.1 Graph Store HTTP Protocol.

Each graph is sent in chunks of N-Triples (never one huge request body) to a staging
graph, which one SPARQL update then adds to the target (or, with ``replace``, moves over
it), so a failed or killed load leaves each graph as it was or whole. The first add
drops the staging graphs that killed loads left, so two loads into one store must not
run at once (the one whose staging graph went fails its check instead of swapping it in).
Before the update, a COUNT query checks that the staging graph holds the triples sent;
after it, that the graph does.

The competency questions read the default graph. Some stores show the union of all
graphs there (Virtuoso; Oxigraph with ``--union-default-graph``), others keep it a graph
of its own (Oxigraph as it comes, and most stores). A probe tells which, whatever the
product; in the second kind, each graph loaded is added to the default graph, and a
replacement mends it in the update that swaps the graph in, as in the embedded store.
In the first kind, the union shows staging graphs while they exist.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ..credentials import split
from ..http import RemoteError, redact, request
from ..rdf import DEFAULT_BASE
from . import dataset_upload
from .base import ADD, STAGING, STAGING_GRAPHS, SWAP, Added, count_query

NT = "application/n-triples"


@dataclass(frozen=True)
class Endpoints:
    store: str  # Graph Store Protocol
    query: str
    update: str

    @classmethod
    def derive(cls, store: str, query: str | None = None, update: str | None = None) -> Endpoints:
        """Query and update endpoints from the store's layout (Oxigraph, Virtuoso) unless given.
        Every URL is checked first, so that one that cannot be read stops a load before it starts."""
        for url in (store, query, update):
            if url:
                split(url)
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


def select(endpoints: Endpoints, query: str, timeout: float) -> dict:
    """A query's JSON results (SPARQL 1.1 Protocol, as a form POST)."""
    response = request("POST", endpoints.query, timeout=timeout, data={"query": query},
                       headers={"Accept": "application/sparql-results+json"})
    return response.json()


def count(endpoints: Endpoints, graph: str | None, timeout: float) -> int:
    """Triples in one named graph, or quads in all named graphs but staging ones."""
    bindings = select(endpoints, count_query(graph), timeout)["results"]["bindings"]
    return int(bindings[0]["n"]["value"]) if bindings else 0


def update(endpoints: Endpoints, text: str, timeout: float) -> None:
    request("POST", endpoints.update, timeout=timeout, data={"update": text})


def clear_staging(endpoints: Endpoints, timeout: float) -> int:
    """Drop every staging graph, in one update; return how many there were."""
    found = select(endpoints, STAGING_GRAPHS, timeout)["results"]["bindings"]
    names = [row["g"]["value"] for row in found]
    if names:
        update(endpoints, " ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in names), timeout)
    return len(names)


def _commit(graph: str, staged: str, *, replace: bool, keep_union: bool) -> str:
    """The update that takes the staged graph in, whole, in one request."""
    if keep_union:
        return (SWAP if replace else ADD).format(graph=graph, staged=staged, staging=STAGING)
    if replace:
        return f"MOVE GRAPH <{staged}> TO GRAPH <{graph}>"
    return f"ADD GRAPH <{staged}> TO GRAPH <{graph}> ;\nDROP SILENT GRAPH <{staged}>"


def default_graph_is_union(endpoints: Endpoints, timeout: float) -> bool:
    """Whether the default graph shows what the named graphs hold: asked of one triple put
    in a graph of its own, which is dropped again. (A SELECT, not an ASK: Virtuoso 7.2
    answers a POSTed ASK with a table of one binding.)"""
    probe = f"urn:ssc-rdf:probe:{uuid.uuid4()}"
    update(endpoints, f"INSERT DATA {{ GRAPH <{probe}> {{ <{probe}> <{probe}> <{probe}> }} }}", timeout)
    try:
        found = select(endpoints, f"SELECT ?o WHERE {{ <{probe}> <{probe}> ?o }}", timeout)
        return bool(found["results"]["bindings"])
    finally:
        update(endpoints, f"DROP SILENT GRAPH <{probe}>", timeout)


def load_graph(endpoints: Endpoints, graph: str, triples: Sequence[ox.Triple], *, replace: bool,
               keep_union: bool = False, chunk_size: int = 50_000, timeout: float = 120.0,
               log: Callable[[str], None] = lambda _: None) -> RemoteLoad:
    """Send one graph's triples to a staging graph, take it in; check the counts; return the throughput.

    ``keep_union``: the store's default graph is not the union of its graphs, so this load
    adds the graph's triples to it (and with ``replace`` takes out those only the old graph
    held), in the same update.
    """
    unique = sorted(set(triples), key=str)
    staged = f"{STAGING}{uuid.uuid4()}"
    start = time.perf_counter()
    try:
        for body in _chunks(unique, chunk_size):
            url, params = _graph_url(endpoints.store, staged)
            request("POST", url, params=params, content=body, headers={"Content-Type": NT},
                    timeout=timeout, on_retry=log)
        if count(endpoints, staged, timeout) != len(unique):
            raise RemoteError(f"the staging graph of <{graph}> does not hold the {len(unique)} triples sent "
                              "(did another load into this store remove it?)")
        update(endpoints, _commit(graph, staged, replace=replace, keep_union=keep_union), timeout)
    except BaseException:
        try:
            update(endpoints, f"DROP SILENT GRAPH <{staged}>", timeout)
        except RemoteError:
            log(f"could not drop the staging graph <{staged}>")
        raise
    seconds = time.perf_counter() - start
    after = count(endpoints, graph, timeout)
    expected_ok = after == len(unique) if replace else after >= len(unique)
    if not expected_ok:
        raise RemoteError(f"graph <{graph}> holds {after} triples after loading {len(unique)}")
    return RemoteLoad(graph, len(unique), seconds, after)


def counts(endpoints: Endpoints, graphs: Sequence[str], timeout: float) -> dict[str, int]:
    """Triples in each of several named graphs, in one query per few hundred graphs."""
    found: dict[str, int] = dict.fromkeys(graphs, 0)
    for group in dataset_upload.in_groups(list(graphs)):
        values = " ".join(f"<{g}>" for g in group)
        query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        for row in select(endpoints, query, timeout)["results"]["bindings"]:
            found[row["g"]["value"]] = int(row["n"]["value"])
    return found


class RemoteStore:
    """A remote store behind the Graph Store Protocol, as a ``QuadSink``.

    Query and update endpoints are guessed from ``endpoint`` for Oxigraph and Virtuoso
    unless given. Throughput goes to ``log``. A store that takes a dataset as N-Quads in
    one POST (Oxigraph) gets the stream in a few large requests, gzip-compressed if it
    accepts that (``chunk`` quads each; see ``dataset_upload``: there a replacement is
    atomic per graph, an addition is not, but running it again completes it); others get
    each graph in requests of ``chunk`` triples, the stream gathered by graph first.
    """

    def __init__(self, endpoint: str, query_endpoint: str | None = None, update_endpoint: str | None = None, *,
                 base: str = DEFAULT_BASE, chunk: int = 1_000_000, timeout: float = 120.0,
                 log: Callable[[str], None] = lambda _: None) -> None:
        self.endpoints = Endpoints.derive(endpoint, query_endpoint, update_endpoint)
        self.dataset_graph = f"{base}graph/dataset"  # where default-graph input goes
        self.chunk, self.timeout, self.log = chunk, timeout, log
        self._union: bool | None = None  # probed at the first load
        self._capabilities: dataset_upload.Capabilities | None = None

    def _probe(self) -> None:
        if self._union is not None:
            return
        self._union = default_graph_is_union(self.endpoints, self.timeout)
        if cleared := clear_staging(self.endpoints, self.timeout):
            self.log(f"dropped {cleared} staging graph(s) that loads which did not finish left")
        self._capabilities = dataset_upload.probe(
            self.endpoints.store, lambda g: count(self.endpoints, g, self.timeout),
            lambda g: update(self.endpoints, f"DROP SILENT GRAPH <{g}>", self.timeout), self.timeout, self.log)

    def add(self, quads: Iterable[ox.Quad], *, replace: bool = False) -> Added:
        """Send the quads to staging graphs, check their counts, take each graph in whole."""
        stream = iter(quads)
        first = next(stream, None)
        if first is None:
            return Added((), 0)
        self._probe()
        stream = itertools.chain([first], stream)
        if self._capabilities and self._capabilities.nquads:
            return self._add_streamed(stream, replace)
        return self._add_by_graph(stream, replace)

    def _add_streamed(self, quads: Iterable[ox.Quad], replace: bool) -> Added:
        """A replacement through staging graphs, swapped in whole; an addition straight in."""
        assert self._capabilities is not None
        sent = dataset_upload.Upload({}, {}, 0, 0, 0.0)
        try:
            sent = dataset_upload.upload(quads, self.endpoints.store, self.dataset_graph, self._capabilities,
                                         stage=replace, union_copy=not replace and not self._union,
                                         quads_per_request=self.chunk, timeout=self.timeout, log=self.log)
            if replace:
                staged = counts(self.endpoints, list(sent.staged.values()), self.timeout)
                for name, staging in sent.staged.items():
                    if staged[staging] != sent.distinct[name]:
                        raise RemoteError(f"the staging graph of <{name}> does not hold the {sent.distinct[name]} "
                                          "triples sent (did another load into this store remove it?)")
                for group in dataset_upload.in_groups(sorted(sent.staged)):
                    update(self.endpoints, " ;\n".join(_commit(name, sent.staged[name], replace=True,
                                                                keep_union=not self._union) for name in group),
                           self.timeout)
        except BaseException:
            if replace:
                self._drop(list(sent.staged.values()))
            raise
        after = counts(self.endpoints, sorted(sent.staged), self.timeout)
        for name, expected in sent.distinct.items():
            if (after[name] != expected) if replace else (after[name] < expected):
                raise RemoteError(f"graph <{name}> holds {after[name]} triples after loading {expected}")
        rate = sent.quads / sent.seconds if sent.seconds else float("inf")
        self.log(f"{sent.quads} quads of {len(sent.staged)} graph(s) sent in {sent.requests} request(s)"
                 f"{' (gzip)' if self._capabilities.gzip else ''} in {sent.seconds:.2f} s ({rate:,.0f} quads/s)")
        return Added(tuple(sorted(sent.staged)), sent.quads)

    def _drop(self, staging: list[str]) -> None:
        try:
            for group in dataset_upload.in_groups(staging):
                update(self.endpoints, " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in group), self.timeout)
        except RemoteError:
            self.log("could not drop the staging graphs of this load; the next load drops them")

    def _add_by_graph(self, quads: Iterable[ox.Quad], replace: bool) -> Added:
        """Graph by graph, each as ``load_graph`` does, for stores that take no N-Quads."""
        graphs: dict[str, list[ox.Triple]] = defaultdict(list)
        given = 0
        for q in quads:
            name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else self.dataset_graph
            graphs[name].append(q.triple)
            given += 1
        for name in sorted(graphs):
            result = load_graph(self.endpoints, name, graphs[name], replace=replace, keep_union=not self._union,
                                chunk_size=min(self.chunk, 100_000), timeout=self.timeout, log=self.log)
            rate = result.triples / result.seconds if result.seconds else float("inf")
            self.log(f"<{name}>: {result.triples} triples in {result.seconds:.2f} s ({rate:,.0f} triples/s); "
                     f"the graph holds {result.count_after}")
        return Added(tuple(sorted(graphs)), given)

    def count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or quads in all named graphs but staging ones (a store's
        own graphs too)."""
        return count(self.endpoints, graph, self.timeout)

    def close(self) -> None:
        """Nothing to finish: the store has kept each request once it answered."""
