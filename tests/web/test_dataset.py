"""What a resource's document says: the symmetric concise bounded description, the labels of
its neighbours, the document's own metadata; and which IRIs the dataset holds."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from ssc_rdf import api
from ssc_rdf.web.dataset import LABELS, Dataset

from ..conftest import REVIEW

BASE = "http://testserver/"
REVIEW_IRI = BASE + "publication/doi/10.1038/s41409-021-01492-7"
FOAF = "http://xmlns.com/foaf/0.1/"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return api.dataset([REVIEW], base=BASE)


def test_every_document_has_its_backlinks_and_its_neighbours_labels(data):
    """A document held only the resource's outgoing triples."""
    for iri in data.resources:
        node = ox.NamedNode(iri)
        described = set(data.description(iri))
        incoming = {ox.Triple(q.subject, q.predicate, q.object)
                    for q in data.store.quads_for_pattern(None, None, node, ox.DefaultGraph())}
        assert incoming <= described, iri
        assert set(data.triples(iri)) <= described, iri
        neighbours = {t.subject for t in incoming} | {t.object for t in data.triples(iri)
                                                     if isinstance(t.object, ox.NamedNode)}
        for other in neighbours - {node}:
            labelled = any(True for label in LABELS
                           for _ in data.store.quads_for_pattern(other, label, None, ox.DefaultGraph()))
            if labelled:
                assert any(t.subject == other and t.predicate in LABELS for t in described), (iri, other)


def test_a_mention_document_has_its_quote_and_offsets(data):
    mention = next(iri for iri in data.resources if iri.endswith("/mention/abstract-0-18-systemic-sclerosis"))
    said = {(t.predicate.value, t.object.value) for t in data.description(mention) if isinstance(t.object, ox.Literal)}
    assert ("http://www.w3.org/ns/oa#exact", "Systemic sclerosis") in said
    assert {("http://www.w3.org/ns/oa#start", "0"), ("http://www.w3.org/ns/oa#end", "18")} <= said


def test_the_document_describes_itself(data):
    """No licence, no dataset, no primary topic: a document alone said nothing of where it came from."""
    triples = data.metadata(REVIEW_IRI, "ttl")
    doc = ox.NamedNode(REVIEW_IRI + ".ttl")
    said = {(t.predicate.value, t.object.value) for t in triples if t.subject == doc}
    assert {(FOAF + "primaryTopic", REVIEW_IRI), ("http://purl.org/dc/terms/license",
                                                  "https://creativecommons.org/licenses/by/4.0/"),
            ("http://rdfs.org/ns/void#inDataset", BASE + "dataset")} <= said
    document = {q.triple for q in ox.parse(data.document(REVIEW_IRI, "turtle"), format=ox.RdfFormat.TURTLE)}
    assert set(triples) <= document


def test_a_page_embeds_the_json_ld_document_of_its_own_iri(data):
    """The page's JSON-LD is read before it is text: the same as the document's, which names the page."""
    embedded = data.jsonld(REVIEW_IRI, "html")
    assert embedded == json.loads(data.document(REVIEW_IRI, "json-ld", "html"))
    assert any(node.get("id", node.get("@id")) == REVIEW_IRI + ".html" for node in embedded["@graph"])


def test_a_named_graph_document_holds_the_graph(data):
    graph = BASE + "graph/provenance/velier-2022"
    content = {ox.Triple(q.subject, q.predicate, q.object)
               for q in data.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
    assert content and content <= set(data.description(graph))


def test_resources_include_what_the_description_mints(data):
    """VoID partitions, distributions and graph names were no resources: 404."""
    resources = set(data.resources)
    assert BASE + "graph/provenance/velier-2022" in resources
    assert any(iri.startswith(BASE + "dataset/class/") for iri in resources)
    assert BASE + "dataset/distribution/ttl" in resources
    assert data.local(data.version_iri or "") == "/ontology/0.1.0"
