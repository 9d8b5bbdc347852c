"""The MEDLINE importer on every real file of the shared corpus, values checked by hand."""

from __future__ import annotations

import pytest

from ssc_rdf.errors import InputError
from ssc_rdf.model import PartialDate
from ssc_rdf.sources import medline

from ..conftest import FIXTURES

CORPUS = FIXTURES / "corpus" / "medline_nbib"


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_every_corpus_file_imports(path):
    recs = list(medline.read(path))
    assert recs and all(r.title and r.pmid for r in recs)


def test_leading_blank_line_and_major_mesh():
    (rec,) = medline.read(CORPUS / "biopython__pubmed_result1.txt")
    assert rec.pmid == "12230038" and rec.published == PartialDate(2002, 9)
    assert [a.name for a in rec.authors] == ["Harry Mangalam"]
    assert len(rec.mesh_headings) == 7
    assert [h.descriptor_name for h in rec.mesh_headings if h.major] == [
        "Computational Biology", "Programming Languages", "Software"]
    assert rec.abstract.startswith("Bioinformatics research is often difficult") and "  " not in rec.abstract


def test_four_records_with_continuation_lines_and_qualifiers():
    recs = list(medline.read(CORPUS / "biopython__pubmed_result2.txt"))
    assert len(recs) == 4
    second = recs[1]
    assert second.pmid == "16377612" and second.doi == "10.1093/bioinformatics/btk021"
    assert second.title == ("GenomeDiagram: a python package for the visualization of large-scale genomic "
                            "data.")
    assert [a.name for a in second.authors] == ["Leighton Pritchard", "Jennifer A White", "Paul R J Birch",
                                                "Ian K Toth"]
    assert len(second.mesh_headings) == 8
    chromosome = second.mesh_headings[0]
    assert chromosome.descriptor_name == "Chromosome Mapping" and not chromosome.major
    assert [(q.name, q.major) for q in chromosome.qualifiers] == [("methods", True)]
    assert second.published == PartialDate(2006, 3, 1)


def test_orcid_affiliations_and_raw_utf8():
    recs = list(medline.read(CORPUS / "rispy__example_pubmed.txt"))
    assert len(recs) == 10
    rec = recs[1]
    first, second = rec.authors[0], rec.authors[1]
    assert first.name == "Enrique Peñalver" and first.orcid == "0000-0001-8312-6087"
    assert first.affiliations[0].startswith("Centro Nacional Instituto Geológico y Minero de España")
    assert second.orcid == "0000-0003-4074-7400" and len(second.affiliations) == 3


def test_not_a_tag_line(tmp_path):
    bad = tmp_path / "bad.nbib"
    bad.write_text("PMID- 1\nTI  - A title\nthis line has no tag\n")
    with pytest.raises(InputError) as error:
        list(medline.read(bad))
    assert f"{bad}:3:" in str(error.value)
