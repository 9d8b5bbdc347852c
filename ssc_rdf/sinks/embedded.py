"""Sink: the embedded on-disk triple store (Oxigraph, through pyoxigraph).

Data lives in named graphs, one per source document. The default graph is kept as
the de-duplicated union of all named graphs, extended by every load and rebuilt after
a replacement: Oxigraph's union-default-graph mode returns a triple once per graph that
holds it, which makes path queries explode when many reviews restate the same fact.

Loads are idempotent (an RDF store is a set: the same quads twice count once), and
``replace`` swaps a graph atomically: the new data is parsed into a staging graph
first, then one SPARQL update drops the old graph and moves the new one in, so a
failed load leaves the old graph as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..formats import format_for_path
from ..namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from ..resources import ontology_path

OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Loaded:
    source: str
    graphs: tuple[str, ...]
    quads: int


def default_graph_for(path: str, base: str = DEFAULT_BASE) -> str:
    """One named graph per source document: ``{base}graph/{file stem}``."""
    return f"{base}graph/{Path(Path(path).name.removesuffix('.gz')).stem}"


def parse_file(path: str, graph: str | None, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Quads of an RDF file; triples go to ``graph`` or to the file's own graph.

    Quad formats keep their graphs unless ``graph`` is given.
    """
    fmt = format_for_path(path)
    if fmt is None:
        raise InputError("cannot tell the RDF format from the extension", path=path)
    target = ox.NamedNode(graph or default_graph_for(path, base))
    try:
        with open(path, "rb") as handle:
            parsed = list(ox.parse(handle, format=OX_FORMATS[fmt.name]))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=path) from None
    except SyntaxError as exc:
        raise InputError(f"cannot parse as {fmt.name}: {' '.join(str(exc).split())[:300]}", path=path) from None
    out = []
    for item in parsed:
        if isinstance(item, ox.Quad) and fmt.quads and graph is None:
            out.append(item)
        else:
            out.append(ox.Quad(item.subject, item.predicate, item.object, target))
    return out


def ontology_quads() -> list[ox.Quad]:
    graph = ox.NamedNode(ONTOLOGY_IRI)
    with open(ontology_path(), "rb") as handle:
        return [ox.Quad(t.subject, t.predicate, t.object, graph)
                for t in ox.parse(handle, format=ox.RdfFormat.TURTLE)]


UNION_REFRESH = (
    "DROP SILENT DEFAULT ;\n"
    "INSERT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
)


class EmbeddedStore:
    """An Oxigraph store in a directory (or in memory when ``path`` is None)."""

    def __init__(self, path: Path | None = None, read_only: bool = False, base: str = DEFAULT_BASE) -> None:
        self.path = path
        self.dataset_graph = f"{base}graph/dataset"  # where default-graph input goes
        if path is None:
            self.store = ox.Store()
        elif read_only:
            if not path.is_dir():
                raise InputError("no store here (create one with 'ssc-rdf load ... --store DIR')", path=str(path))
            self.store = ox.Store.read_only(str(path))
        else:
            self.store = ox.Store(str(path))

    def add(self, quads: Iterable[ox.Quad], replace: bool = False) -> tuple[str, ...]:
        """Add quads; with ``replace``, each graph they name is swapped for them atomically."""
        quads = [q if isinstance(q.graph_name, ox.NamedNode) else
                 ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(self.dataset_graph)) for q in quads]
        graphs = sorted({str(q.graph_name.value) for q in quads})
        if not replace:
            # Adding only adds: the union gains exactly these triples, no need to rebuild it.
            self.store.extend(quads + [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads])
            return tuple(graphs)
        staging = {g: ox.NamedNode(f"urn:ssc-rdf:staging:{uuid.uuid4()}") for g in graphs}
        try:
            self.store.extend(
                ox.Quad(q.subject, q.predicate, q.object, staging[str(q.graph_name.value)])
                if isinstance(q.graph_name, ox.NamedNode) else q
                for q in quads
            )
            swap = " ;\n".join(f"MOVE SILENT <{s.value}> TO <{g}>" for g, s in staging.items())
            if swap:
                self.store.update(swap + " ;\n" + UNION_REFRESH)
        finally:
            for name in staging.values():
                if self.store.contains_named_graph(name):
                    self.store.remove_graph(name)
        return tuple(graphs)

    def count(self, graph: str | None = None) -> int:
        """Quads in one named graph, or in all named graphs (not the derived default graph)."""
        if graph is None:
            return sum(1 for q in self.store if isinstance(q.graph_name, ox.NamedNode))
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def flush(self) -> None:
        if self.path is not None:
            self.store.flush()
