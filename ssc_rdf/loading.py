"""Load data into the embedded store or a remote one (the API behind ``ssc-rdf load``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from .namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from .sinks.base import QuadSink
from .sinks.embedded import EmbeddedStore, ontology_quads, parse_file


def source_quads(path: str, graph: str | None, base: str) -> Iterable[ox.Quad]:
    """Quads of one input: an RDF file (streamed), or a curated file converted on the fly."""
    if Path(path).suffix in (".yaml", ".yml"):
        from . import api
        from .formats import FORMATS
        from .sinks.files import serialize

        data = serialize(api.convert([path], base=base).quads, FORMATS["nquads"])
        quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        if graph:
            quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph)) for q in quads]
        return quads
    return parse_file(path, graph, base)


def checked_sources(data: list[str], graph: str | None, base: str) -> list[Callable[[], Iterable[ox.Quad]]]:
    """Read every input once before anything is written, so that bad input changes nothing.

    RDF files are parsed again, as a stream, for the load itself; converted curated files
    are kept, as they are small.
    """
    sources: list[Callable[[], Iterable[ox.Quad]]] = []
    for path in data:
        quads = source_quads(path, graph, base)
        if isinstance(quads, list):
            sources.append(lambda quads=quads: quads)
        else:
            for _ in quads:
                pass
            sources.append(partial(source_quads, path, graph, base))
    return sources


def load(data: list[str], *, store_dir: str = "store", endpoint: str | None = None,
         query_endpoint: str | None = None, update_endpoint: str | None = None, graph: str | None = None,
         replace: bool = False, base: str = DEFAULT_BASE, chunk: int = 50_000, timeout: float = 120.0,
         ontology: bool = True, log: Callable[[str], None] = lambda _: None) -> list[str]:
    """Load every input (all checked before anything is written); return report lines."""
    sources = checked_sources(data, graph, base)
    sink: QuadSink
    if endpoint:
        from .sinks.graph_store import RemoteStore  # httpx only for remote stores

        sink = RemoteStore(endpoint, query_endpoint, update_endpoint, base=base, chunk=chunk, timeout=timeout, log=log)
    else:
        sink = EmbeddedStore(Path(store_dir), base=base)
    ontology_graph = ox.NamedNode(ONTOLOGY_IRI)
    stated: list[ox.Quad] = []  # input quads in the ontology's graph go with the shipped ontology

    def stream() -> Iterator[ox.Quad]:
        for source in sources:
            for q in source():
                if ontology and q.graph_name == ontology_graph:
                    stated.append(q)
                else:
                    yield q

    added = sink.add(stream(), replace=replace)
    if ontology:
        sink.add([*stated, *ontology_quads()], replace=True)  # the shipped ontology always replaces the stored one
    sink.close()
    if endpoint:  # counting a big remote store can take long, and counts its own graphs too
        from .http import redact

        return [f"loaded {added.quads} quads into {len(added.graphs)} graph(s) of {redact(endpoint)}"]
    return [f"loaded {added.quads} quads into {len(added.graphs)} graph(s) of {store_dir}; "
            f"the store holds {sink.count()} quads"]
