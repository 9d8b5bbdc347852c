"""The PubMed XML importer on every real file of the shared corpus, values checked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssc_rdf.errors import InputError
from ssc_rdf.model import PartialDate
from ssc_rdf.sources import pubmed_xml

from ..conftest import FIXTURES

CORPUS = FIXTURES / "corpus" / "pubmed_xml"


def records(name: str):
    return list(pubmed_xml.read(CORPUS / name))


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.xml")), ids=lambda p: p.name)
def test_every_corpus_file_imports(path):
    recs = list(pubmed_xml.read(path))
    for rec in recs:
        assert rec.title and rec.pmid and rec.source_name == str(path)
    if path.name == "metapub__37909814.xml":
        assert recs == []  # an empty PubmedArticleSet: no record, no error
    else:
        assert recs


def test_structured_abstract_labels_differ_from_categories():
    (rec,) = records("metapub__38909159.xml")
    labels = [(s.label, s.category) for s in rec.abstract_sections]
    assert labels == [("BACKGROUND", "BACKGROUND"), ("METHODS", "METHODS"), ("RESULTS", "RESULTS"),
                      ("CONCLUSION", "CONCLUSIONS"), ("IMPACT", "CONCLUSIONS")]
    assert len(rec.authors) == 13 and rec.doi == "10.1038/s41390-024-03336-8"


def test_orcid_given_as_url_and_collective_author_and_references():
    (rec,) = records("biopython__pubmed7.xml")
    assert [a.orcid for a in rec.authors if a.orcid][:2] == ["0000-0002-4590-7461", "0000-0003-3525-2788"]
    collective = [a for a in rec.authors if a.collective]
    assert [a.name for a in collective] == ["Canadian Respiratory Research Network"]
    assert len(rec.references) == 49


def test_only_author_is_a_collective():
    (rec,) = records("metapub__34843274.xml")
    assert [(a.name, a.collective) for a in rec.authors] == [
        ("Guideline Development Panel for the Treatment of Depressive Disorders", True)]


def test_inline_markup_in_title_kept_readably_and_as_html():
    (rec,) = records("metapub__38914053.xml")
    assert rec.title.startswith("Doped SnO₂thin films")  # as the source writes it: no space after </sub>
    assert rec.title_html is not None and rec.title_html.startswith("Doped SnO<sub>2</sub>thin films")


def test_non_ascii_names_and_587_references():
    (rec,) = records("metapub__32935693.xml")
    assert any(a.family == "Montalbán-López" for a in rec.authors)
    assert len(rec.authors) == 36 and len(rec.references) == 587
    assert sum(1 for r in rec.references if r.pmcid) >= 300


def test_mesh_headings_with_qualifiers_and_major_topics():
    (rec,) = records("metapub__39382274.xml")
    assert len(rec.mesh_headings) == 24
    assert all(h.descriptor_ui and h.descriptor_ui.startswith("D") for h in rec.mesh_headings)
    assert any(q.ui and q.ui.startswith("Q") for h in rec.mesh_headings for q in h.qualifiers)
    assert len(rec.authors) == 18 and rec.authors[-1].collective  # 17 people and the study group


def test_dates_medline_date_and_epub():
    (rec,) = records("pymed__test_article.xml")
    assert rec.published == PartialDate(2019, 5)  # "2019 May/Jun"
    assert rec.doi == "10.5055/jem.2019.0419"
    (science,) = records("metapub__39236155.xml")
    assert science.epublished == PartialDate(2024, 10, 25)
    assert len(science.authors) == 39 and len(science.references) == 132


def test_season_gives_no_month_and_missing_abstract():
    first = records("biopython__pubmed1.xml")[0]
    assert first.pmid == "12091962" and first.abstract is None
    assert first.published is not None and first.published.month is None


def test_vernacular_title_and_language():
    (rec,) = records("metapub__38048813.xml")
    assert rec.language == "de" and rec.vernacular_title and rec.title.startswith("[")


def test_erratum_without_authors():
    (rec,) = records("metapub__38962805.xml")
    assert rec.authors == [] and rec.abstract is None and "Published Erratum" in rec.publication_types


def test_book_article_and_bare_root():
    recs = records("jabref__MedlineImporterTestNbib.xml")
    assert len(recs) == 2
    (bare,) = records("pymed__test_article.xml")  # <PubmedArticle> root, no declaration
    assert bare.pmid == "31245831" and len(bare.authors) == 7


def test_delete_citation_is_reported_not_imported():
    deleted: list[str] = []
    recs = list(pubmed_xml.read(FIXTURES / "xml" / "delete-citation.xml", deleted=deleted))
    assert [r.pmid for r in recs] == ["11111111"]
    assert deleted == ["22222222", "33333333"]


@pytest.mark.parametrize("name", ["billion-laughs.xml", "xxe.xml"])
def test_malicious_xml_is_refused(name):
    with pytest.raises(InputError) as error:
        list(pubmed_xml.read(FIXTURES / "xml" / name))
    assert "entities" in str(error.value)


def test_xxe_never_leaks_the_file(cli, tmp_path):
    secret = Path("/etc/hostname").read_text().strip()
    result = cli("convert", str(FIXTURES / "xml" / "xxe.xml"), "-o", "-", "-f", "nt", "--no-validate")
    assert result.exit_code == 2 and "entities" in result.stderr
    assert not secret or secret not in result.stdout


def test_bad_record_stops_or_is_skipped(cli, tmp_path):
    bad = FIXTURES / "xml" / "one-bad-record.xml"
    with pytest.raises(InputError) as error:
        list(pubmed_xml.read(bad))
    assert "record 55555555" in str(error.value) and "ArticleTitle" in str(error.value)
    errors: list[InputError] = []
    assert [r.pmid for r in pubmed_xml.read(bad, errors=errors)] == ["44444444", "66666666"]
    assert len(errors) == 1
    out = tmp_path / "o.nt"
    result = cli("convert", str(bad), "-o", str(out))
    assert result.exit_code == 2 and "55555555" in result.stderr and not out.exists()
    result = cli("convert", str(bad), "-o", str(out), "--keep-going")
    assert result.exit_code == 0 and "skipped" in result.stderr and "55555555" in result.stderr
    assert "44444444" in out.read_text() and "66666666" in out.read_text()


def test_malformed_xml_names_the_line(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<PubmedArticleSet>\n<PubmedArticle>\n<MedlineCitation>\n</PubmedArticleSet>\n")
    with pytest.raises(InputError) as error:
        list(pubmed_xml.read(bad))
    assert f"{bad}:" in str(error.value) and "malformed XML" in str(error.value)
