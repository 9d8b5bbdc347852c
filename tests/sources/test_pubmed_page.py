"""The PubMed page importer on the seed page, and its equality with the curated record."""

from __future__ import annotations

import pytest

from ssc_rdf.errors import InputError
from ssc_rdf.model import PartialDate
from ssc_rdf.sources import curated_yaml, pubmed_page

from ..conftest import FIXTURES, REVIEW

PAGE = FIXTURES / "sources" / "pubmed-page-velier-2022.txt"


@pytest.fixture(scope="module")
def page():
    return pubmed_page.read(PAGE)


def test_seed_page_bibliographic_record(page):
    assert page.title == ("Combining systemic and locally applied cellular therapies for the treatment of "
                          "systemic sclerosis")
    assert [a.name for a in page.authors] == ["Mélanie Velier"] and page.authors_complete is False
    assert page.journal.title == "Bone Marrow Transplant"
    assert page.published == PartialDate(2022, 1)
    assert (page.volume, page.issue, page.pages, page.page_start, page.page_end) == ("57", "1", "17-22", "17", "22")
    assert page.doi == "10.1038/s41409-021-01492-7"
    assert page.epublished == PartialDate(2021, 10, 18)
    assert page.publication_types == ["Review"]
    assert page.abstract.startswith("Systemic sclerosis (SSc) is a complex autoimmune disease")
    assert page.abstract.endswith("as hand and face disabilities.")
    assert page.mesh_headings == []


def test_seed_page_references(page):
    refs = page.references
    assert len(refs) == 5
    assert [a.name for a in refs[0].authors] == ["Del Papa N", "Zaccara E"]
    assert refs[1].authors_complete is False and len(refs[1].authors) == 6  # "..., et al."
    assert refs[0].title.startswith("From mechanisms of action to therapeutic application")
    assert [r.journal.title for r in refs] == ["Best Pr Res Clin Rheumatol", "Ann Rheum Dis", "Autoimmun Rev",
                                               "Biol Blood Marrow Transpl", "Front Immunol"]
    assert [r.published.year for r in refs] == [2015, 2001, 2005, 2018, 2018]
    assert [r.volume for r in refs] == ["29", "60", "4", "24", "9"]
    assert [(r.page_start, r.page_end) for r in refs] == [("756", "769"), ("577", "584"), ("442", "449"),
                                                           ("937", "944"), ("2390", None)]


def _bibliographic(pub):
    """What a PubMed page can say about a publication, for comparison."""
    return {
        "title": pub.title, "authors": [a.name for a in pub.authors], "et_al": not pub.authors_complete,
        "journal": pub.journal.title, "volume": pub.volume, "issue": pub.issue,
        "pages": (pub.page_start, pub.page_end), "published": pub.published, "epublished": pub.epublished,
        "doi": pub.doi, "abstract": pub.abstract, "types": pub.publication_types,
        "references": [(r.title, [a.name for a in r.authors], not r.authors_complete, r.journal.title,
                        r.published, r.volume, r.page_start, r.page_end) for r in pub.references],
    }


def test_page_equals_the_bibliographic_part_of_the_curated_file(page):
    curated = curated_yaml.read(REVIEW).publication
    assert _bibliographic(page) == _bibliographic(curated)


def test_a_page_without_its_citation_line_is_refused(tmp_path):
    bad = tmp_path / "page.txt"
    bad.write_text(PAGE.read_text().replace(". 2022 Jan;57(1):17-22.", ""))
    with pytest.raises(InputError) as error:
        pubmed_page.read(bad)
    assert "citation" in str(error.value) and str(bad) in str(error.value)
