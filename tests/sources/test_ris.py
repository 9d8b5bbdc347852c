"""The RIS importer on every real RIS file of the corpus, values checked by hand against the files."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from ssc_rdf import api
from ssc_rdf.errors import InputError
from ssc_rdf.model import PartialDate
from ssc_rdf.sources import detect, ris

from ..conftest import FIXTURES, rdflib_graph

CORPUS = FIXTURES / "corpus" / "ris"
BIBO_DOI = URIRef("http://purl.org/ontology/bibo/doi")


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_every_corpus_file_converts_on_the_command_line(cli, path):
    assert detect(path.read_bytes()[:65536], path.name) == ("ris", None)
    result = cli("convert", str(path), "-f", "nt")
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(data=result.stdout, format="nt")
    titles = set(graph.objects(None, URIRef("http://purl.org/dc/terms/title")))
    assert len(titles) >= len(list(ris.read(path)))


def test_pubmed_export_gives_pmid_pmcid_dates_and_journal():
    (rec,) = ris.read(CORPUS / "jabref__RisImporterTestDOI.ris")
    assert rec.title == "The effect of smartphone usage time on posture and respiratory function"
    assert (rec.pmid, rec.pmcid, rec.doi) == ("26957754", "PMC4756000", "10.1589/jpts.28.186")
    assert rec.published == PartialDate(2016, 1) and rec.epublished == PartialDate(2016, 1, 30)
    assert [(a.family, a.given) for a in rec.authors][:2] == [("Jung", "Sang In"), ("Lee", "Na Kyung")]
    assert rec.journal is not None
    assert (rec.journal.title, rec.journal.iso_abbreviation, rec.journal.issn) == (
        "Journal of physical therapy science", "J Phys Ther Sci", "0915-5287")
    assert (rec.volume, rec.issue, rec.page_start, rec.page_end) == ("28", "1", "186", "189")
    assert rec.language == "en" and rec.keywords == ["Posture", "Respiratory function", "Smartphone"]
    assert rec.publication_types == ["Journal Article"]


def test_endnote_untagged_continuation_lines_month_in_da_and_abbreviated_pages():
    recs = list(ris.read(CORPUS / "asreview__pubmed_endnote.txt"))
    assert len(recs) == 6
    first, second = recs[0], recs[1]
    assert first.pmid == "21553931"  # AN, with "DP  - NLM"
    assert first.keywords[:3] == ["Animals", "Anti-Inflammatory Agents/adverse effects/pharmacokinetics/*pharmacology",
                                  "Boswellia/*chemistry"]
    assert (first.pages, first.page_start, first.page_end) == ("349-69", "349", "369")
    assert first.published == PartialDate(2011, 6) and first.epublished == PartialDate(2011, 5, 11)
    assert second.published == PartialDate(2018, 3, 1)  # "PY  - 2018" and "DA  - Mar 1"


def test_embase_bom_a1_authors_n2_abstract_and_no_pmid_from_its_accession_number():
    recs = list(ris.read(CORPUS / "asreview__embase.ris"))
    assert len(recs) == 6
    rec = recs[0]
    assert [(a.family, a.given, a.initials) for a in rec.authors] == [("Liu", "R.", "R"), ("Adler", "D.G.", "DG")]
    assert rec.abstract is not None and rec.abstract.startswith("Gastrointestinal tract duplication cysts are rare")
    assert rec.pmid is None and rec.doi == "10.4103/2303-9027.138783"
    assert rec.publication_types == ["Journal Article", "Article"] and rec.language == "en"
    assert recs[3].publication_types == ["Journal Article", "Review"]


def test_zotero_two_issns_on_one_line_and_partial_dates():
    recs = list(ris.read(CORPUS / "asreview__pubmed_zotero.ris"))
    assert [r.published for r in recs[:2]] == [PartialDate(2019), PartialDate(2019, 10)]
    medicine = recs[2]
    assert medicine.journal is not None and medicine.journal.issn == "1536-5964"
    assert medicine.journal.iso_abbreviation == "Medicine (Baltimore)" and medicine.page_start == "e16881"
    assert all(r.pmid is None and r.doi for r in recs)


def test_empty_tag_doi_url_and_electronic_issn():
    (rec,) = ris.read(CORPUS / "rispy__example_empty_tag.ris")
    assert rec.doi == "10.1177/2325967120950040"
    assert rec.pages is None and rec.published == PartialDate(2020)
    assert rec.journal is not None and (rec.journal.issn, rec.journal.eissn) == (None, "2325-9671")
    assert rec.abstract is not None and rec.abstract.endswith("when determining an athlete's safe return to sport...")


def test_non_standard_type_short_title_only_and_cyrillic():
    (rec,) = ris.read(CORPUS / "rispy__example_utf_chars.ris")
    assert rec.title.startswith("Состояние рецепторного аппарата эндометрия")  # from ST: the record has no TI
    assert rec.publication_types == ["Journal Article"] and rec.volume == "8"  # VO
    assert rec.abstract is not None and rec.abstract.endswith("in the late reproductive period")
    assert rec.authors[0].family == "Dobrokhotova" and rec.authors[0].given == "Yu E."


def test_bad_records_fail_one_by_one_naming_record_and_field(tmp_path, cli):
    bad = tmp_path / "bad.ris"
    bad.write_text("TY  - JOUR\nID  - 7\nAU  - Doe, J.\nER  - \n\n"
                   "TY  - JOUR\nTI  - A good one\nER  - \n\n"
                   "TY  - JOUR\nTI  - Never ended\n")
    errors: list[InputError] = []
    assert [r.title for r in ris.read(bad, errors=errors)] == ["A good one"]
    assert [str(e) for e in errors] == [f"{bad}:1: record 7: TI: the record has no title",
                                        f"{bad}:10: record 3: ER: the record has no end line (ER)"]
    with pytest.raises(InputError, match="record 7: TI"):
        list(ris.read(bad))
    result = cli("convert", str(bad), "-f", "nt", "--keep-going")
    assert result.exit_code == 0 and "A good one" in result.stdout
    assert "skipped: " in result.stderr and "record 7: TI: the record has no title" in result.stderr


def test_a_record_without_end_line_does_not_swallow_the_next_silently(tmp_path):
    bad = tmp_path / "merged.ris"
    bad.write_text("TY  - JOUR\nTI  - First\nTY  - JOUR\nTI  - Second\nER  - \n")
    errors: list[InputError] = []
    assert list(ris.read(bad, errors=errors)) == []
    assert [(e.line, e.field) for e in errors] == [(1, "ER")]


def test_a_doi_in_a_ris_record_and_in_a_pubmed_record_is_one_publication():
    """The constructed RIS record (DOI as an upper-case URL, no PMID) of a real PubMed XML record."""
    pubmed = FIXTURES / "corpus" / "pubmed_xml" / "metapub__38914053.xml"
    constructed = FIXTURES / "sources" / "constructed-zotero-38914053.ris"
    conversion = api.convert([pubmed, constructed])
    assert len(conversion.records) == 1 and conversion.records[0].pmid == "38914053"
    graph = rdflib_graph(conversion)
    dois = {str(d).lower() for d in graph.objects(None, BIBO_DOI)}
    assert dois == {"10.1088/1361-6528/ad5afd"} and len(set(graph.subjects(BIBO_DOI, None))) == 1


def test_a_real_ris_and_bibtex_pair_is_one_publication():
    conversion = api.convert([CORPUS / "jabref__RisImporterTestDOI.ris",
                              FIXTURES / "corpus" / "bibtex" / "jabref__RisImporterTestDOI.bib"])
    graph = rdflib_graph(conversion)
    assert len(conversion.records) == 1
    assert set(graph.subjects(BIBO_DOI, Literal("10.1589/jpts.28.186"))) == {
        URIRef("https://w3id.org/ssc-rdf/id/publication/doi/10.1589/jpts.28.186")}


def test_sniff_wants_a_type_line_first():
    assert ris.sniff(b"\r\nTY  - JOUR\r\n") and not ris.sniff(b"Some notes\nTY  - JOUR\n")
