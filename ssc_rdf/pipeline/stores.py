"""The last step of ``load``: a checked conversion into the embedded store or a remote one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..rdf import ONTOLOGY_IRI
from ..sinks.embedded import EmbeddedStore, ontology_quads
from .conversion import Conversion

COMPACT_AFTER = 100_000  # quads: smaller loads are not worth compacting the whole store for


def load_embedded(conversion: Conversion, store_dir: str | Path, *, replace: bool = False,
                  ontology: bool = True) -> list[str]:
    """Stream the conversion's quads into the store in ``store_dir``; return report lines."""
    store = EmbeddedStore(Path(store_dir), base=conversion.base)
    ontology_graph = ox.NamedNode(ONTOLOGY_IRI)
    stated: list[ox.Quad] = []  # input quads in the ontology's graph go with the shipped ontology

    def stream() -> Iterator[ox.Quad]:
        for quad in conversion.quads():
            if ontology and quad.graph_name == ontology_graph:
                stated.append(quad)
            else:
                yield quad

    added = store.add(stream(), replace=replace)
    if ontology:
        store.add([*stated, *ontology_quads()], replace=True)  # the shipped ontology always replaces the stored one
    store.flush(compact=added.quads >= COMPACT_AFTER)
    return [f"loaded {added.quads} quads into {len(added.graphs)} graph(s) of {store_dir}; "
            f"the store holds {store.count()} quads"]


def load_remote(conversion: Conversion, endpoint: str, *, query_endpoint: str | None = None,
                update_endpoint: str | None = None, replace: bool = False, chunk: int = 50_000,
                timeout: float = 120.0, ontology: bool = True,
                log: Callable[[str], None] = lambda _: None) -> list[str]:
    """Send each graph through the Graph Store Protocol. Remote stores get no default-graph
    triples (Virtuoso's default graph is the union of all graphs): those go to ``{base}graph/dataset``."""
    from ..sinks.graph_store import Endpoints, load_graph

    endpoints = Endpoints.derive(endpoint, query_endpoint, update_endpoint)
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    quads = list(conversion.quads()) + (ontology_quads() if ontology else [])
    for q in quads:
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else f"{conversion.base}graph/dataset"
        graphs[name].append(q.triple)
    lines = []
    for name in sorted(graphs):
        result = load_graph(endpoints, name, graphs[name], replace=replace or name == ONTOLOGY_IRI,
                            chunk_size=chunk, timeout=timeout, log=log)
        rate = result.triples / result.seconds if result.seconds else float("inf")
        lines.append(f"<{name}>: {result.triples} triples in {result.seconds:.2f} s "
                     f"({rate:,.0f} triples/s); the graph holds {result.count_after}")
    return lines


__all__ = ["load_embedded", "load_remote"]
