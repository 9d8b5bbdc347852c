"""Mentions of the ontology's entities in titles and abstracts."""

from __future__ import annotations

from rdflib import Namespace, URIRef

from ssc_rdf import api
from ssc_rdf.mapping import MentionFinder, Minter
from ssc_rdf.model import Entity
from ssc_rdf.rdf import DEFAULT_BASE, ONTOLOGY_NS
from ssc_rdf.sources import curated_yaml
from ssc_rdf.vocabulary import ontology_entities

from ..conftest import REVIEW, rdflib_graph

SSC = Namespace(ONTOLOGY_NS)

FINDER = MentionFinder(ontology_entities().values())


def test_review_abstract_mentions():
    abstract = curated_yaml.read(REVIEW).publication.abstract
    found = {(m.exact, m.entity) for m in FINDER.find("abstract", abstract)}
    for expected in [("Systemic sclerosis", "systemic-sclerosis"), ("SSc", "systemic-sclerosis"),
                     ("autologous hematopoietic stem cell transplantation", "autologous-hsct"),
                     ("mesenchymal stem cells", "mesenchymal-stromal-cell"),
                     ("adipose tissue", "adipose-tissue"), ("extracellular matrix", "extracellular-matrix")]:
        assert expected in found
    for m in FINDER.find("abstract", abstract):
        assert abstract[m.start:m.end] == m.exact


def test_whole_words_only_and_abbreviations_keep_their_case():
    text = "SScs and XSSc and ssc and msc and mesenchymal stem cellsX, but MSC and SSc-like do count? No: SSc."
    found = [(m.exact, m.start) for m in FINDER.find("abstract", text)]
    assert found == [("MSC", text.index("MSC")), ("SSc", text.rindex("SSc"))]


def test_longest_match_first_with_nested_entities():
    finder = MentionFinder([Entity("a", "disease", "stem cell"), Entity("b", "disease", "stem cell transplantation"),
                            Entity("c", "disease", "cell")])
    found = [(m.exact, m.entity) for m in finder.find("title", "A stem cell transplantation.")]
    assert ("stem cell transplantation", "b") in found
    assert found[0] == ("stem cell", "a")  # nested inside, starting at the same place


def test_mentions_in_rdf_slice_the_abstract():
    result = api.convert([str(REVIEW)])
    graph = rdflib_graph(result)
    abstract = result.reviews[0].publication.abstract
    rows = list(graph.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX ssc: <https://w3id.org/ssc-rdf/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?entity ?start ?end ?exact WHERE {
          ?m a ssc:Mention ; oa:hasBody ?entity ; oa:hasTarget ?t .
          ?t ssc:inText dcterms:abstract ; oa:hasSelector ?p, ?q .
          ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
          ?q a oa:TextQuoteSelector ; oa:exact ?exact }"""))
    assert len(rows) >= 20
    for row in rows:
        assert abstract[int(row.start):int(row.end)] == str(row.exact)
    review = URIRef(Minter(DEFAULT_BASE).publication(result.reviews[0].publication))
    assert (review, SSC.mentions, SSC["systemic-sclerosis"]) in graph
    assert (review, SSC.mentions, SSC["adipose-tissue"]) in graph
