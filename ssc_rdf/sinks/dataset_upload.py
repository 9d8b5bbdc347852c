"""Streamed loads into a store that takes N-Quads for a whole dataset in one POST (Oxigraph does).

The quads go in a few large requests (gzip compressed when the store accepts it), built
from the stream as it comes: nothing but one request body and a fingerprint of each
graph's distinct triples is held. Then one query checks every graph's count.

A replacement goes to staging graphs, which updates then swap in (as ``graph_store``
does one graph at a time), a few hundred graphs per request: each graph is replaced
whole or not at all. An addition goes straight to its graphs, and to the default graph
too when the store does not show the union there: copying staged triples with SPARQL
updates costs Oxigraph about ten times the upload, and adding is idempotent, so a load
that fails part-way is completed by running it again.
"""

from __future__ import annotations

import time
import uuid
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..http import RemoteError, request
from ..rdf.typed import to_bytes
from .base import STAGING, StagingTally

NQUADS = "application/n-quads"
COMMITS_PER_UPDATE = 200  # graph swaps per update request: one request per graph is slow at corpus scale


@dataclass(frozen=True)
class Capabilities:
    """What the store's Graph Store endpoint takes besides per-graph N-Triples."""

    nquads: bool  # a POST of N-Quads without ?graph= loads a dataset
    gzip: bool  # ... also with Content-Encoding: gzip


@dataclass
class Upload:
    """What was sent: each graph's staging graph and its number of distinct triples."""

    staged: dict[str, str]
    distinct: dict[str, int]
    quads: int
    requests: int
    seconds: float


class _Body:
    """One request body being built: N-Quads, compressed as it grows when gzip is on."""

    def __init__(self, compress: bool) -> None:
        self.parts: list[bytes] = []
        self.quads = 0
        self._zip = zlib.compressobj(1, zlib.DEFLATED, 31) if compress else None  # 31: gzip framing

    def write(self, data: bytes) -> None:
        self.parts.append(self._zip.compress(data) if self._zip else data)

    def finish(self) -> bytes:
        if self._zip:
            self.parts.append(self._zip.flush())
        return b"".join(self.parts)


def _post(store: str, body: bytes, compress: bool, timeout: float, log: Callable[[str], None]) -> None:
    headers = {"Content-Type": NQUADS, **({"Content-Encoding": "gzip"} if compress else {})}
    request("POST", store, content=body, headers=headers, timeout=timeout, on_retry=log)


def probe(store: str, count: Callable[[str], int], drop: Callable[[str], None], timeout: float,
          log: Callable[[str], None]) -> Capabilities:
    """Send one quad to a staging graph as N-Quads, plain then gzip; read back what arrived."""
    graph = f"{STAGING}probe-{uuid.uuid4()}"
    line = f"<{graph}> <{graph}> <{graph}> <{graph}> .\n".encode()
    try:
        try:
            _post(store, line, False, timeout, log)
        except RemoteError:
            return Capabilities(False, False)
        if count(graph) != 1:
            return Capabilities(False, False)
        drop(graph)
        try:
            zipper = zlib.compressobj(1, zlib.DEFLATED, 31)
            _post(store, zipper.compress(line) + zipper.flush(), True, timeout, log)
        except RemoteError:
            return Capabilities(True, False)
        return Capabilities(True, count(graph) == 1)
    finally:
        drop(graph)


def _nquads(triples: list[ox.Triple], graph: str, union_copy: bool) -> bytes:
    """N-Triples lines turned into N-Quads of ``graph`` (a line ends with `` .\\n``, which no
    term can hold: newlines in literals are escaped), and kept as they are for the default
    graph too with ``union_copy``."""
    lines = to_bytes(triples, ox.RdfFormat.N_TRIPLES)
    quads = lines.replace(b" .\n", f" <{graph}> .\n".encode())
    return quads + lines if union_copy else quads


def upload(quads: Iterable[ox.Quad], store: str, default_graph: str, capabilities: Capabilities, *,
           stage: bool, union_copy: bool, quads_per_request: int, timeout: float,
           log: Callable[[str], None]) -> Upload:
    """Send the stream in requests of about ``quads_per_request`` quads: to staging graphs
    with ``stage``, else to the graphs themselves (and the default graph with ``union_copy``)."""
    tally = StagingTally(stage, default_graph)
    batch: dict[str, list[ox.Triple]] = defaultdict(list)
    body = _Body(capabilities.gzip)
    total = requests = 0
    start = time.perf_counter()

    def flush_batch() -> None:
        for name, triples in batch.items():
            body.write(_nquads(triples, tally.staged[name], union_copy))
        batch.clear()

    for quad in quads:
        triple = quad.triple
        batch[tally.add(quad.graph_name, triple)].append(triple)
        body.quads += 1
        total += 1
        if body.quads % 50_000 == 0:
            flush_batch()
        if body.quads >= quads_per_request:
            flush_batch()
            _post(store, body.finish(), capabilities.gzip, timeout, log)
            requests += 1
            body = _Body(capabilities.gzip)
    flush_batch()
    if body.quads:
        _post(store, body.finish(), capabilities.gzip, timeout, log)
        requests += 1
    return Upload(tally.staged, tally.distinct, total, requests, time.perf_counter() - start)


def in_groups(items: list[str], size: int | None = None) -> Iterator[list[str]]:
    size = size or COMMITS_PER_UPDATE
    for start in range(0, len(items), size):
        yield items[start:start + size]
