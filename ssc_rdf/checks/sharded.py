"""Validate record by record, in parallel: each batch of records on its own, in a worker process.

The shapes are local to a record (a named graph: one source document), so validating
each record with the ontology gives the results of whole-graph validation, as long as
no record completes another one's description of a shared entity (the bench checks
the equality on its data). Results are de-duplicated: an ontology entity is seen by
every shard. Batches are validated by the fast validator (``fast_shacl``); the whole
graph by pyshacl, the reference, so that comparing the two checks both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor

import pyoxigraph as ox

from ..rdf.typed import to_bytes
from . import fast_shacl
from .report import Report, Result


def _validate_nt(data: bytes) -> list[Result]:
    return fast_shacl.validate(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)).results


def batches(quads: Iterable[ox.Quad], batch_triples: int) -> list[bytes]:
    """Whole records (named graphs) packed into N-Triples batches of about ``batch_triples`` triples.

    A validation has a fixed cost (the ontology is mixed in every time), so records are
    validated a batch at a time rather than one at a time; N-Triples carry the batches to
    the worker processes.
    """
    by_record: dict[str, set[ox.Triple]] = defaultdict(set)
    for quad in quads:
        by_record[str(quad.graph_name)].add(quad.triple)
    out: list[bytes] = []
    current: list[ox.Triple] = []
    for key in sorted(by_record):
        current.extend(by_record[key])
        if len(current) >= batch_triples:
            out.append(to_bytes(current, ox.RdfFormat.N_TRIPLES))
            current = []
    if current:
        out.append(to_bytes(current, ox.RdfFormat.N_TRIPLES))
    return out


def validate_per_record(quads: Iterable[ox.Quad], workers: int = 1, batch_triples: int = 20_000) -> list[Result]:
    """SHACL results of every record, validated separately, sorted and de-duplicated."""
    payloads = batches(quads, batch_triples)
    if workers <= 1:
        return sorted({r for part in map(_validate_nt, payloads) for r in part})
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sorted({r for part in pool.map(_validate_nt, payloads) for r in part})


def whole_graph_results(quads: Iterable[ox.Quad]) -> list[Result]:
    """pyshacl's results on all the quads at once: the reference."""
    from .shacl import validate

    return sorted(set(validate(quads).results))


__all__ = ["Report", "validate_per_record", "whole_graph_results"]
