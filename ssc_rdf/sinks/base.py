"""What every triple store sink offers, so that a load can go to any of them.

A sink takes a stream of quads and knows nothing of sources or mapping. Whatever the
store, the competency questions read its default graph, so a sink leaves that graph as
the de-duplicated union of the named graphs it holds.

Every load, ``replace`` or not, first writes each graph's quads to a staging graph of its
own, then swaps (``SWAP``) or adds (``ADD``) it in with one SPARQL update per graph: a
load that is killed leaves each graph whole, old or new, and at worst staging graphs,
which no count sees and the next load removes.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

STAGING = "urn:ssc-rdf:staging:"  # graphs a load is written to before it is swapped or added in

# One graph's swap, in one transaction, for a store that keeps the union in its default
# graph: take from the union the triples that only the old graph held, move the staged
# graph in, add its triples to the union. The cost follows the size of that graph, not of
# the store.
SWAP = """DELETE {{ ?s ?p ?o }} WHERE {{
  GRAPH <{graph}> {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }}
                      FILTER(?other != <{graph}> && !STRSTARTS(STR(?other), "{staging}")) }}
}} ;
MOVE <{staged}> TO <{graph}> ;
INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"""

# One graph's addition, in one transaction, for the same kind of store: the staged triples
# join the graph and the union, and the staging graph goes.
ADD = """INSERT {{ GRAPH <{graph}> {{ ?s ?p ?o }} ?s ?p ?o }} WHERE {{ GRAPH <{staged}> {{ ?s ?p ?o }} }} ;
DROP SILENT GRAPH <{staged}>"""

# The staging graphs in a store: what loads that were killed (or are running) left. (Not
# ``GRAPH ?g {}``, which Virtuoso answers with nothing.)
STAGING_GRAPHS = f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING}")) }}"""


def count_query(graph: str | None) -> str:
    """A SELECT of ``?n``: the triples in one named graph, or the quads in all named graphs
    but staging ones, which hold no data yet (or the debris of a killed load)."""
    if graph:
        return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRSTARTS(STR(?g), "{STAGING}")) }}'


class StagingTally:
    """The graphs of one load as its quads stream by: each graph's staging name (a new one with
    ``stage``, else its own) and its distinct triples (counted by hash), which a replacement
    checks in the store before it swaps the staging graphs in. Quads of the default graph
    belong to ``default_graph``."""

    def __init__(self, stage: bool, default_graph: str) -> None:
        self.stage, self.default_graph = stage, default_graph
        self.staged: dict[str, str] = {}  # graph -> its staging graph (itself without staging)
        self._seen: dict[str, set[int]] = defaultdict(set)

    def add(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph, triple: ox.Triple) -> str:
        """Count a triple of ``graph``; return the graph's name (its staging name is given on
        first sight)."""
        name = graph.value if isinstance(graph, ox.NamedNode) else self.default_graph
        if name not in self.staged:
            self.staged[name] = f"{STAGING}{uuid.uuid4()}" if self.stage else name
        self._seen[name].add(hash(triple))
        return name

    @property
    def distinct(self) -> dict[str, int]:
        """Each graph's number of distinct triples."""
        return {name: len(hashes) for name, hashes in self._seen.items()}


@dataclass(frozen=True)
class Added:
    """What one ``add`` wrote: the named graphs it touched, and the quads it was given."""

    graphs: tuple[str, ...]
    quads: int


@runtime_checkable
class Sink(Protocol):
    """Where quads go: files, shards, a store. ``add`` takes a stream; ``close`` finishes and
    returns what the sink made (files written, a manifest...). Nothing is final before ``close``."""

    def add(self, quads: Iterable[ox.Quad]) -> object: ...

    def close(self) -> object: ...


@runtime_checkable
class QuadSink(Protocol):
    """A triple store that loads go to: the embedded store or a remote one."""

    def add(self, quads: Iterable[ox.Quad], *, replace: bool = False) -> Added:
        """Add quads to their named graphs (default-graph quads go to ``{base}graph/dataset``)
        and to the union in the default graph, atomically per graph. Adding the same quads
        again changes nothing; ``replace`` swaps each graph named in ``quads`` for its new
        content. Before its first add, a sink removes the staging graphs that killed loads left."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or quads in all named graphs (not the derived default graph,
        nor staging graphs)."""
        ...

    def close(self) -> None:
        """Finish: make what was added durable. Nothing may be added afterwards."""
        ...
