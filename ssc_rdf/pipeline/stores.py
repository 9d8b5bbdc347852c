"""The last step of ``load``: a checked conversion into a store, through the ``QuadSink`` protocol."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from ..http import redact
from ..rdf import ONTOLOGY_IRI
from ..sinks import open_sink
from ..sinks.base import Added, QuadSink
from ..sinks.embedded import EmbeddedStore, ontology_quads
from .conversion import Conversion


def load(conversion: Conversion, sink: QuadSink, *, replace: bool = False, ontology: bool = True) -> Added:
    """Stream the conversion's quads into ``sink``, then the shipped ontology into its own graph
    (it always replaces the stored one); return what was added."""
    ontology_graph = ox.NamedNode(ONTOLOGY_IRI)
    stated: list[ox.Quad] = []  # input quads in the ontology's graph go with the shipped ontology

    def stream() -> Iterator[ox.Quad]:
        for quad in conversion.quads():
            if ontology and quad.graph_name == ontology_graph:
                stated.append(quad)
            else:
                yield quad

    added = sink.add(stream(), replace=replace)
    if ontology:
        sink.add([*stated, *ontology_quads()], replace=True)
    sink.close()
    return added


def load_embedded(conversion: Conversion, store_dir: str | Path, *, replace: bool = False,
                  ontology: bool = True) -> list[str]:
    """Into the embedded store in ``store_dir``; return report lines."""
    store = cast(EmbeddedStore, open_sink("store", Path(store_dir), base=conversion.base))
    added = load(conversion, store, replace=replace, ontology=ontology)
    lines = [f"dropped {store.cleared} staging graph(s) that loads which did not finish left"] if store.cleared else []
    return [*lines, f"loaded {added.quads} quads into {len(added.graphs)} graph(s) of {store_dir}; "
                    f"the store holds {store.count()} quads"]


def load_remote(conversion: Conversion, endpoint: str, *, query_endpoint: str | None = None,
                update_endpoint: str | None = None, replace: bool = False, chunk: int = 1_000_000,
                timeout: float = 120.0, ontology: bool = True, bulk: str | Path | None = None,
                isql: str = "127.0.0.1:1111", log: Callable[[str], None] = lambda _: None) -> list[str]:
    """Into a remote store (Graph Store Protocol), or with ``bulk`` through Virtuoso's bulk
    loader on this host; return report lines. Counting a big remote store can take long, so
    only what was loaded is reported."""
    sink: QuadSink
    if bulk is not None:
        sink = open_sink("virtuoso-bulk", endpoint, bulk, isql, query_endpoint,  # type: ignore[assignment]
                         update_endpoint, base=conversion.base, timeout=max(timeout, 600.0), log=log)
    else:
        sink = open_sink("remote", endpoint, query_endpoint, update_endpoint,  # type: ignore[assignment]
                         base=conversion.base, chunk=chunk, timeout=timeout, log=log)
    added = load(conversion, sink, replace=replace, ontology=ontology)
    return [f"loaded {added.quads} quads into {len(added.graphs)} graph(s) of {redact(endpoint)}"]


__all__ = ["load", "load_embedded", "load_remote"]
