"""The BibTeX importer on every real BibTeX/BibLaTeX file of the corpus, values checked by hand."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from ssc_rdf import api
from ssc_rdf.errors import InputError
from ssc_rdf.model import PartialDate
from ssc_rdf.sources import bibtex, detect

from ..conftest import FIXTURES, rdflib_graph

CORPUS = FIXTURES / "corpus" / "bibtex"


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_every_corpus_file_converts_on_the_command_line(cli, path):
    assert detect(path.read_bytes()[:65536], path.name) == ("bibtex", None)
    result = cli("convert", str(path), "-f", "nt")
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(data=result.stdout, format="nt")
    assert len(set(graph.objects(None, URIRef("http://purl.org/dc/terms/title")))) >= len(list(bibtex.read(path)))


def test_better_bibtex_latex_braces_month_macros_and_pubmed_fields():
    first, second = bibtex.read(CORPUS / "zotero-better-bibtex__date_not_always_parsed_properly_into_month_and_year_"
                                         "with_PubMed_1112.bibtex")
    assert first.title.startswith("RNA Helicase, DDX27 Regulates Skeletal Muscle Growth")
    assert (first.pmid, first.pmcid, first.doi) == ("29518074", "PMC5843160", "10.1371/journal.pgen.1007226")
    assert first.published == PartialDate(2018, 3) and second.published == PartialDate(2018, 1)
    assert [(a.family, a.given) for a in first.authors][:2] == [("Bennett", "Alexis H."),
                                                              ("O'Donohue", "Marie-Francoise")]
    assert first.keywords[:2] == ["Animals", "Animals Genetically Modified"] and first.language == "en"
    assert (first.volume, first.issue, first.page_start) == ("14", "3", "e1007226")
    assert (second.page_start, second.page_end) == ("1608", "1617")


def test_biblatex_eprint_pmid_date_journaltitle_and_language():
    (rec,) = bibtex.read(CORPUS / "zotero-better-bibtex__pmid_versus_pubmed_3146.biblatex")
    assert rec.pmid == "14758786" and rec.published == PartialDate(2003)
    assert rec.journal is not None and (rec.journal.title, rec.journal.issn) == ("Drugs", "0012-6667")
    assert rec.language == "fr" and rec.volume == "63 Spec No 2"
    assert [a.name for a in rec.authors] == ["Bernard Bannwarth", "Fabienne Péhourcq"]


def test_jabref_empty_keys_pmid_in_number_and_in_a_comment():
    (rec,) = bibtex.read(CORPUS / "jabref__RisImporterTestDOI.bib")
    assert (rec.pmid, rec.pmcid) == ("26957754", "PMC4756000")
    assert rec.issue is None  # "number" holds the PMID here, not the issue
    assert rec.published == PartialDate(2016, 1) and rec.keywords == ["Posture", "Respiratory function", "Smartphone"]
    (italics,) = bibtex.read(CORPUS / "jabref__MedlineImporterTestArticleItalics.bib")
    assert (italics.pmid, italics.pmcid, italics.issue) == ("29872490", "PMC5973862", "37")
    assert italics.journal is not None and italics.journal.nlm_id == "101532965"
    assert italics.keywords[-1] == "linkage disequilibrium" and len(italics.authors) == 24


def test_a_bibtex_and_a_pubmed_xml_record_of_one_article_are_one_publication():
    """A real pair: JabRef's BibTeX of PMID 29872490 and the PubMed XML it came from."""
    xml = FIXTURES / "corpus" / "pubmed_xml" / "jabref__MedlineImporterTestArticleItalics.xml"
    conversion = api.convert([CORPUS / "jabref__MedlineImporterTestArticleItalics.bib", xml])
    assert len(conversion.records) == 1
    graph = rdflib_graph(conversion)
    assert len(set(graph.subjects(URIRef("http://purl.org/spar/fabio/hasPubMedId"), Literal("29872490")))) == 1


def test_bad_entries_fail_one_by_one_naming_entry_and_field(tmp_path, cli):
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{notitle,\n  author = {Doe, Jane},\n  year = {2020},\n}\n\n"
                   "@article{good,\n  title = {A good one},\n  year = {2021},\n}\n\n"
                   "@article{badyear,\n  title = {Dated oddly},\n  year = {circa 1990},\n}\n")
    errors: list[InputError] = []
    assert [r.title for r in bibtex.read(bad, errors=errors)] == ["A good one"]
    assert [str(e) for e in errors] == [f"{bad}:1: record notitle: title: the entry has no title",
                                        f"{bad}:11: record badyear: year: not a year: 'circa 1990'"]
    with pytest.raises(InputError, match="record notitle: title"):
        list(bibtex.read(bad))
    result = cli("convert", str(bad), "-f", "nt", "--keep-going")
    assert result.exit_code == 0 and "A good one" in result.stdout and "record badyear: year" in result.stderr


def test_sniff_wants_an_entry_not_any_at_sign():
    assert bibtex.sniff(b"% Encoding: UTF-8\n\n@Article{,\n  title = {x},\n}\n")
    assert not bibtex.sniff(b"@dataclass(frozen=True)\nclass A:\n    pass\n")
    assert not bibtex.sniff(b"Write to me @article{ if you like\n")
