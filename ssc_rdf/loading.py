"""Load data into the embedded store or a remote one (the API behind ``ssc-rdf load``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from .namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from .sinks.embedded import EmbeddedStore, ontology_quads, parse_file


def source_quads(path: str, graph: str | None, base: str) -> list[ox.Quad]:
    """Quads of one input: an RDF file, or a curated file converted on the fly."""
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


def load(data: list[str], *, store_dir: str = "store", endpoint: str | None = None,
         query_endpoint: str | None = None, update_endpoint: str | None = None, graph: str | None = None,
         replace: bool = False, base: str = DEFAULT_BASE, chunk: int = 50_000, timeout: float = 120.0,
         ontology: bool = True, log: Callable[[str], None] = lambda _: None) -> list[str]:
    """Load every input (all parsed before anything is written); return report lines."""
    quads = [q for path in data for q in source_quads(path, graph, base)]
    if ontology:
        quads += ontology_quads()
    if endpoint:
        return _load_remote(quads, endpoint, query_endpoint, update_endpoint, replace, chunk, timeout, base, log)
    store = EmbeddedStore(Path(store_dir))
    by_graph: dict[bool, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        by_graph[ontology and isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == ONTOLOGY_IRI].append(q)
    graphs = store.add(by_graph[False], replace=replace)
    if by_graph[True]:
        store.add(by_graph[True], replace=True)  # the shipped ontology always replaces the stored one
    store.flush()
    return [f"loaded {len(by_graph[False])} quads into {len(graphs)} graph(s) of {store_dir}; "
            f"the store holds {store.count()} quads"]


def _load_remote(quads, endpoint, query_endpoint, update_endpoint, replace, chunk, timeout, base, log) -> list[str]:
    """Remote stores get no default-graph triples (Virtuoso's default graph is the union of
    all graphs): those go to the graph ``{base}graph/dataset``."""
    from .sinks.graph_store import Endpoints, load_graph

    endpoints = Endpoints.derive(endpoint, query_endpoint, update_endpoint)
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in quads:
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else f"{base}graph/dataset"
        graphs[name].append(ox.Triple(q.subject, q.predicate, q.object))
    lines = []
    for name in sorted(graphs):
        result = load_graph(endpoints, name, graphs[name], replace=replace or name == ONTOLOGY_IRI,
                            chunk_size=chunk, timeout=timeout, log=log)
        rate = result.triples / result.seconds if result.seconds else float("inf")
        lines.append(f"<{name}>: {result.triples} triples in {result.seconds:.2f} s "
                     f"({rate:,.0f} triples/s); the graph holds {result.count_after}")
    return lines
