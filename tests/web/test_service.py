"""The endpoint's Service Description, as triples."""

from __future__ import annotations

import pyoxigraph as ox

from ssc_rdf.sinks.base import STAGING
from ssc_rdf.web.dataset import Dataset
from ssc_rdf.web.service import SD, describe_service

BASE = "http://example.org/"
P = ox.NamedNode("http://example.org/p")


def test_graphs_with_sizes_formats_by_their_w3c_iris_and_no_staging_graph():
    store = ox.Store()
    for graph, n in ((BASE + "graph/a", 2), (STAGING + "left-by-a-killed-load", 1)):
        for i in range(n):
            triple = (ox.NamedNode(f"{BASE}s{i}"), P, ox.Literal(str(i)))
            store.add(ox.Quad(*triple, ox.NamedNode(graph)))
            store.add(ox.Quad(*triple, ox.DefaultGraph()))
    triples = describe_service(Dataset(store, BASE))
    names = [t.object.value for t in triples if t.predicate.value == SD + "name"]
    assert names == [BASE + "graph/a"]
    formats = {t.object.value for t in triples if t.predicate.value == SD + "resultFormat"}
    assert "http://www.w3.org/ns/formats/JSON-LD" in formats and all(
        f.startswith("http://www.w3.org/ns/formats/") for f in formats)
    service = ox.NamedNode(BASE + "sparql")
    assert ox.Triple(service, ox.NamedNode(SD + "endpoint"), service) in triples
    assert ox.Triple(service, ox.NamedNode(SD + "feature"), ox.NamedNode(SD + "UnionDefaultGraph")) in triples
