"""The JSON-LD compaction that remembers IRIs (``sinks.jsonld_compaction``) gives pyld's own
output, on real data and on IRIs that take each of pyld's paths."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from pyld import jsonld

from ssc_rdf import api
from ssc_rdf.rdf.prefixes import jsonld_context
from ssc_rdf.rdf.typed import to_bytes
from ssc_rdf.sinks.jsonld_compaction import compact

from ..conftest import FIXTURES, REVIEW

OPTIONS = {"skipExpansion": True}


def _expanded(quads: list[ox.Quad]) -> list:
    return json.loads(to_bytes(quads, ox.RdfFormat.JSON_LD))


def _both(expanded: list, context: dict) -> tuple[object, object]:
    """(ours, pyld's) for one document: the compacted JSON, or the error pyld raises."""
    outcomes = []
    for run in (compact, jsonld.compact):
        try:
            outcomes.append(run(expanded, {"@context": context}, dict(OPTIONS)))
        except jsonld.JsonLdError as exc:
            outcomes.append(("error", exc.code))
    return outcomes[0], outcomes[1]


def test_the_review_and_real_records_compact_as_pyld_compacts_them():
    inputs = [str(REVIEW), *sorted(str(p) for p in (FIXTURES / "corpus" / "pubmed_xml").glob("*.xml"))]
    quads = list(api.convert(inputs, validate=False).quads())
    ours, theirs = _both(_expanded(quads), jsonld_context())
    assert ours == theirs
    assert isinstance(ours, dict) and len(ours["@graph"]) > 10  # a graph per record


EX = "http://example.org/"
FABIO = "http://purl.org/spar/fabio/"


@pytest.mark.parametrize("iri", [
    f"{EX}node",  # no prefix starts it: kept whole
    f"{FABIO}JournalArticle",  # a prefix starts it: a compact IRI
    FABIO,  # a prefix's own IRI
    "fabio:Journal",  # an absolute IRI that reads as a compact one: pyld's error
    "urn:x:y", "mailto:someone@example.org", "ssc-rdf:x",  # other schemes
])
@pytest.mark.parametrize("where", ["subject", "object", "predicate", "type", "datatype"])
def test_each_kind_of_iri_compacts_as_pyld_compacts_it(iri, where):
    subject, predicate, value = ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p"), ox.NamedNode(f"{EX}o")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    node = ox.NamedNode(iri)
    triple = {"subject": (node, predicate, value), "object": (subject, predicate, node),
              "predicate": (subject, node, value), "type": (subject, rdf_type, node),
              "datatype": (subject, predicate, ox.Literal("1", datatype=node))}[where]
    quads = [ox.Quad(*triple), ox.Quad(subject, ox.NamedNode(f"{FABIO}hasPubMedId"), ox.Literal("1"))]
    for context in (jsonld_context(), {**jsonld_context(), "@vocab": EX}, {"ex": EX}):
        ours, theirs = _both(_expanded(quads), context)
        assert ours == theirs, context
