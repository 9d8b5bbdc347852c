"""Validate record by record, in parallel: pyshacl's time grows faster than the graph.

The shapes are local to a record (a named graph: one source document), so validating
each record with the ontology gives the results of whole-graph validation, as long as
no record completes another one's description of a shared entity (the bench checks
the equality on its data). Results are de-duplicated: an ontology entity is seen by
every shard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor

from rdflib import Graph

from .shacl import Report, Result, validate

Quad = tuple


def shards(quads: Iterable[Quad]) -> list[Graph]:
    """One graph per named graph (the default graph is a shard of its own)."""
    groups: dict[object, Graph] = defaultdict(Graph)
    for s, p, o, g in quads:
        groups[g].add((s, p, o))
    return [groups[key] for key in sorted(groups, key=lambda k: str(k) if k is not None else "")]


def _validate_nt(data: bytes) -> list[Result]:
    return validate(Graph().parse(data=data, format="nt"), consume=True).results


def batches(quads: Iterable[Quad], batch_triples: int) -> list[bytes]:
    """Whole records packed into N-Triples batches of about ``batch_triples`` triples.

    A pyshacl call has a fixed cost (compiling the shapes, mixing in the ontology), so
    records are validated a batch at a time rather than one at a time. pyoxigraph
    writes the batches: rdflib would take longer than the validation saves.
    """
    import pyoxigraph

    from ..sinks.files import to_oxigraph

    by_record: dict[object, set] = defaultdict(set)
    for s, p, o, g in quads:
        by_record[g].add((s, p, o))
    out: list[bytes] = []
    current: list = []
    for key in sorted(by_record, key=lambda k: str(k) if k is not None else ""):
        current.extend(pyoxigraph.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in by_record[key])
        if len(current) >= batch_triples:
            out.append(pyoxigraph.serialize(current, format=pyoxigraph.RdfFormat.N_TRIPLES))
            current = []
    if current:
        out.append(pyoxigraph.serialize(current, format=pyoxigraph.RdfFormat.N_TRIPLES))
    return out


def validate_per_record(quads: Iterable[Quad], workers: int = 1, batch_triples: int = 20_000) -> list[Result]:
    """SHACL results of every record, validated separately, sorted and de-duplicated."""
    payloads = batches(quads, batch_triples)
    if workers <= 1:
        parts = map(_validate_nt, payloads)
        return sorted({r for part in parts for r in part})
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sorted({r for part in pool.map(_validate_nt, payloads) for r in part})


def whole_graph_results(quads: Iterable[Quad]) -> list[Result]:
    graph = Graph()
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    return sorted(set(validate(graph, consume=True).results))


__all__ = ["Report", "shards", "validate_per_record", "whole_graph_results"]
