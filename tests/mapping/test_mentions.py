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
    record = f"{text} Systemic sclerosis and mesenchymal stromal cells, named in full."  # abbreviations need it
    found = [(m.exact, m.start) for m in FINDER.find("abstract", text, context=record)]
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


def found(text: str, field: str = "abstract", context: str | None = None) -> set[tuple[str, str]]:
    return {(m.exact, m.entity) for m in FINDER.find(field, text, context=context)}


def test_coordination_names_each_conjunct():
    text = "developed for the management of local complications as hand and face disabilities."
    assert {("hand and face disabilities", "hand-disability"), ("face disabilities", "face-disability")} <= found(text)


def test_abbreviation_defined_otherwise_is_not_our_entity():
    text = ("Activation of hepatic stellate cells (HSC) drives liver fibrosis. "
            "HSC proliferation was reduced, and HSC apoptosis increased.")
    assert not {entity for _, entity in found(text)} & {"hematopoietic-stem-cell", "fibrosis-lesions"}


def test_abbreviation_defined_as_our_entity_counts_also_in_the_title():
    abstract = ("Haematopoietic stem cells (HSC) were mobilised. HSC were collected from peripheral blood. "
                "Patients with systemic sclerosis (SSc) then received autologous haematopoietic stem cell "
                "transplantation (AHSCT).")
    title = "AHSCT in SSc: HSC mobilisation"
    record = f"{title}\n{abstract}"
    assert [m.exact for m in FINDER.find("abstract", abstract, context=record)
            if m.entity == "hematopoietic-stem-cell"].count("HSC") == 2
    assert {("AHSCT", "autologous-hsct"), ("SSc", "systemic-sclerosis"), ("HSC", "hematopoietic-stem-cell")} \
        <= found(title, "title", context=record)


def test_undefined_abbreviation_needs_its_entity_named_in_full():
    assert ("HSC", "hematopoietic-stem-cell") not in found("HSC activation promotes liver disease.")
    assert ("HSC", "hematopoietic-stem-cell") in found("Aged hematopoietic stem cells differ: HSC numbers rise.")


def test_fibrosis_only_when_the_record_is_about_systemic_sclerosis():
    for text in ["Cystic fibrosis is caused by CFTR mutations.", "Idiopathic pulmonary fibrosis progresses.",
                 "Liver fibrosis lesions regress after therapy."]:
        assert not any(entity == "fibrosis-lesions" for _, entity in found(text)), text
    ssc = "In systemic sclerosis, skin fibrosis and fibrosis lesions of the lung follow vascular injury."
    assert {("fibrosis", "fibrosis-lesions"), ("fibrosis lesions", "fibrosis-lesions")} <= found(ssc)
    assert ("fibrosis", "fibrosis-lesions") not in found("In SSc patients with cystic fibrosis, ...")


def test_regenerative_cell_therapies_only_in_the_context_of_systemic_sclerosis():
    heart = "Regenerative cell therapies for heart failure have been tested in randomised trials."
    assert not any(entity == "adipose-derived-regenerative-cell-therapy" for _, entity in found(heart))
    ssc = "In systemic sclerosis, locally administered regenerative cell therapies treat hand disabilities."
    assert ("locally administered regenerative cell therapies", "adipose-derived-regenerative-cell-therapy") \
        in found(ssc)


def test_mapper_gives_the_finder_the_whole_record():
    from ssc_rdf.mapping import Mapper
    from ssc_rdf.model import Publication

    pub = Publication(title="HSC in liver fibrosis", pmid="1",
                      abstract="Hepatic stellate cells (HSC) are activated in chronic liver injury.")
    triples = Mapper(Minter(DEFAULT_BASE), dict(ontology_entities())).mentions(pub, FINDER)
    assert not [t for t in triples if str(t[2].value).endswith("#hematopoietic-stem-cell")]
