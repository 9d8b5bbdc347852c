"""Per-record validation gives the same results as whole-graph validation."""

from __future__ import annotations

from rdflib import Literal

from bench.corpus import quads_for
from ssc_rdf import api
from ssc_rdf.checks.sharded import shards, validate_per_record, whole_graph_results
from ssc_rdf.namespaces import SSC

from ..conftest import FIXTURES


def test_shards_are_the_named_graphs_plus_the_default_graph():
    quads = quads_for(2700)  # three review copies
    graphs = shards(quads)
    assert len(graphs) == 3 + 1
    assert sum(len(g) for g in graphs) == len(set(quads))


def test_per_record_equals_whole_graph_including_violations():
    quads = quads_for(2700) + api.convert([str(FIXTURES / "curated" / "crohn-fistula-review.yaml")]).quads
    # break one record so that there is a violation to find, not only warnings
    statement = next(q for q in quads if q[1] == SSC.evidence)
    quads.append((statement[0], SSC.evidence, Literal("second evidence", lang="en"), statement[3]))
    whole = whole_graph_results(quads)
    assert any(r.severity == "Violation" for r in whole)
    assert validate_per_record(quads, workers=2, batch_triples=700) == whole
    assert validate_per_record(quads, workers=1, batch_triples=10**6) == whole
