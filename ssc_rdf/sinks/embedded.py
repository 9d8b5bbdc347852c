"""Sink: the embedded on-disk triple store (Oxigraph, through pyoxigraph).

Data lives in named graphs, one per source document. The default graph is kept as
the de-duplicated union of all named graphs, extended by every load and mended graph by
graph after a replacement: Oxigraph's union-default-graph mode returns a triple once per
graph that holds it, which makes path queries explode when many reviews restate the same fact.

Loads go through Oxigraph's bulk loader in chunks, and are idempotent (an RDF store is a
set: the same quads twice count once). Every load on disk is atomic per graph: the data
goes into a staging graph first, then one SPARQL update per graph adds it in (or, with
``replace``, swaps it in) and mends the union, so every graph is whole, old or new,
whatever fails, even a ``kill -9``. What a killed load leaves is staging graphs only:
no count sees them, and opening the store for the next load removes them. That costs
time: Oxigraph's transactions are much slower than its bulk loader, and writing 100k
PubMed quads (2,000 graphs) this way takes about three times the CPU of bulk-loading
them straight into their graphs (13 s against 3.6 s), whatever the way to stage them.
"""

from __future__ import annotations

import itertools
import sys
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..rdf import DEFAULT_BASE, ONTOLOGY_IRI
from ..rdf.typed import solutions, value
from ..resources import ontology_path
from .base import ADD, STAGING, SWAP, Added, count_query


def ontology_quads() -> list[ox.Quad]:
    graph = ox.NamedNode(ONTOLOGY_IRI)
    with open(ontology_path(), "rb") as handle:
        return [ox.Quad(t.subject, t.predicate, t.object, graph)
                for t in ox.parse(handle, format=ox.RdfFormat.TURTLE)]


COMPACT_AFTER = 100_000  # quads: smaller loads are not worth compacting the whole store for


class EmbeddedStore:
    """An Oxigraph store in a directory (or in memory when ``path`` is None); a ``QuadSink``.

    Opened for writing, it removes the staging graphs that killed loads left: no other load
    can be running then, since a store on disk has one writer at a time.
    """

    def __init__(self, path: Path | None = None, read_only: bool = False, base: str = DEFAULT_BASE) -> None:
        self.path = path
        self.added = 0  # quads added since opening: is the store worth compacting on close?
        self.cleared = 0  # staging graphs of killed loads removed on opening
        self.dataset_graph = f"{base}graph/dataset"  # where default-graph input goes
        if path is None:
            self.store = ox.Store()
        elif read_only:
            if not path.is_dir():
                raise InputError("no store here (create one with 'ssc-rdf load ... --store DIR')", path=str(path))
            self.store = ox.Store.read_only(str(path))
        else:
            self.store = ox.Store(str(path))
            self.cleared = self.clear_staging()

    def add(self, quads: Iterable[ox.Quad], *, replace: bool = False, chunk: int = 250_000) -> Added:
        """Add a stream of quads with Oxigraph's bulk loader, ``chunk`` quads at a time.

        pyoxigraph's ``bulk_extend`` gathers its whole input before writing, hence the
        chunks. The bulk loader has no transaction, so the quads go to one staging graph
        per graph, each then added (or swapped) in by one update: a failure leaves each
        graph old or new. A store in memory, which dies with a killed load, takes the
        quads straight in unless they replace graphs.
        """
        staging: dict[str, ox.NamedNode] = {}
        graphs: set[str] = set()
        dataset = ox.NamedNode(self.dataset_graph)
        staged = replace or self.path is not None
        count = 0

        def rows() -> Iterator[ox.Quad]:
            nonlocal count
            for q in quads:
                graph = q.graph_name if isinstance(q.graph_name, ox.NamedNode) else dataset
                graphs.add(graph.value)
                count += 1
                if staged:
                    if graph.value not in staging:
                        staging[graph.value] = ox.NamedNode(f"{STAGING}{uuid.uuid4()}")
                    yield ox.Quad(q.subject, q.predicate, q.object, staging[graph.value])
                else:
                    yield ox.Quad(q.subject, q.predicate, q.object, graph)
                    yield ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())

        try:
            stream = rows()
            while batch := list(itertools.islice(stream, chunk)):
                self.store.bulk_extend(batch)
            for graph in sorted(staging):
                self.store.update((SWAP if replace else ADD).format(graph=graph, staged=staging[graph].value,
                                                                   staging=STAGING))
        finally:
            for name in staging.values():
                if self.store.contains_named_graph(name):
                    self.store.remove_graph(name)
            self.added += count
        return Added(tuple(sorted(graphs)), count)

    def count(self, graph: str | None = None) -> int:
        """Quads in one named graph, or in all named graphs (not the derived default graph,
        nor staging graphs)."""
        for row in solutions(self.store, count_query(graph)):
            return int(value(row["n"]))
        return 0

    def clear_staging(self) -> int:
        """Remove every staging graph; return how many there were."""
        left = [graph for graph in self.store.named_graphs() if graph.value.startswith(STAGING)]
        for graph in left:
            self.store.remove_graph(graph)
        return len(left)

    def close(self) -> None:
        """Write everything to disk, and compact the store after a big load: that merges the
        many files a bulk load leaves (on 10k records, queries then ran six times faster, for a
        fifth of the load's time). The store can still be read, not always written."""
        if self.path is not None and self.added:
            self.store.flush()
            if self.added >= COMPACT_AFTER:
                self.store.optimize()
            self._reopen(self.path)
            self.added = 0

    def _reopen(self, path: Path) -> None:
        """Close the store and open it again: RocksDB deletes the write-ahead logs of the load's
        commits (one transaction per graph) only when it opens a store. After a load of 1,000
        records they were 1.1 GB of its 1.4 GB, until whatever opened it next for writing.

        Not while a caller holds the store (the logs then go when it is next opened). Results of a
        query not read to the end hold it too, unseen: the store is then opened read-only."""
        if sys.getrefcount(self.store) > 2:  # this attribute and the call's argument
            return
        del self.store  # the files close with it, unless a query's results still hold them
        try:
            self.store = ox.Store(str(path))
        except OSError:  # they do: readable still, for the counts that follow a load
            self.store = ox.Store.read_only(str(path))
