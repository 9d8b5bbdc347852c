"""Per-record validation gives the same results as whole-graph validation."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from bench.corpus import quads_for
from ssc_rdf import api
from ssc_rdf.checks.sharded import batches, validate_per_record, whole_graph_results
from ssc_rdf.rdf.terms import SSC

from ..conftest import FIXTURES


def _triples(batch: bytes) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(batch, format=ox.RdfFormat.N_TRIPLES)}


def test_batches_hold_whole_records():
    quads = quads_for(2700)  # three review copies, and their provenance graph
    records: dict[str, set[ox.Triple]] = defaultdict(set)
    for q in quads:
        records[str(q.graph_name)].add(q.triple)
    assert len(records) == 3 + 1
    one_each = batches(quads, 1)  # every record is a batch of its own
    assert sorted(map(_triples, one_each), key=len) == sorted(records.values(), key=len)
    assert sum(len(_triples(b)) for b in one_each) == len(set(quads))
    together = batches(quads, 10**6)  # every record in one batch
    assert len(together) == 1 and _triples(together[0]) == {q.triple for q in quads}


def test_per_record_equals_whole_graph_including_violations():
    crohn = api.convert([str(FIXTURES / "curated" / "crohn-fistula-review.yaml")], validate=False)
    quads = quads_for(2700) + list(crohn.quads())
    # break one record so that there is a violation to find, not only warnings
    statement = next(q for q in quads if q.predicate == SSC.evidence)
    quads.append(ox.Quad(statement.subject, SSC.evidence, ox.Literal("second evidence", language="en"),
                         statement.graph_name))
    whole = whole_graph_results(quads)
    assert any(r.severity == "Violation" for r in whole)
    assert validate_per_record(quads, workers=2, batch_triples=700) == whole
    assert validate_per_record(quads, workers=1, batch_triples=10**6) == whole
