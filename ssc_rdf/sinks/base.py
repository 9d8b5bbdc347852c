"""What every triple store sink offers, so that a load can go to any of them.

A sink takes a stream of quads and knows nothing of sources or mapping. Whatever the
store, the competency questions read its default graph, so a sink leaves that graph as
the de-duplicated union of the named graphs it holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

STAGING = "urn:ssc-rdf:staging:"  # graphs a replacement is written to before it is swapped in

# One graph's swap, in one transaction, for a store that keeps the union in its default
# graph: take from the union the triples that only the old graph held, move the staged
# graph in, add its triples to the union. The cost follows the size of that graph, not of
# the store.
SWAP = """DELETE {{ ?s ?p ?o }} WHERE {{
  GRAPH <{graph}> {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }}
                      FILTER(?other != <{graph}> && !STRSTARTS(STR(?other), "{staging}")) }}
}} ;
MOVE SILENT <{staged}> TO <{graph}> ;
INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"""


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
        and to the union in the default graph. Adding the same quads again changes nothing;
        ``replace`` swaps each graph named in ``quads`` for its new content, atomically per graph."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or quads in all named graphs (not the derived default graph)."""
        ...

    def close(self) -> None:
        """Finish: make what was added durable. Nothing may be added afterwards."""
        ...
