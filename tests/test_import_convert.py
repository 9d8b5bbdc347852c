"""``ssc-rdf convert`` on imported records: by content, directories, stdin, merging."""

from __future__ import annotations

import shutil

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from ssc_rdf import api
from ssc_rdf.sources import detect

from .conftest import FIXTURES, REVIEW, rdflib_graph

PAGE = FIXTURES / "sources" / "pubmed-page-velier-2022.txt"
CORPUS = FIXTURES / "corpus"
REVIEW_IRI = URIRef("https://w3id.org/ssc-rdf/id/publication/doi/10.1038/s41409-021-01492-7")


def test_kinds_are_told_by_content_not_extension(tmp_path):
    for source, kind in [(REVIEW, "curated-yaml"), (PAGE, "pubmed-page"),
                         (CORPUS / "pubmed_xml" / "pymed__test_article.xml", "pubmed-xml"),
                         (CORPUS / "medline_nbib" / "jabref__NbibImporterTest.nbib", "medline")]:
        renamed = tmp_path / f"input-{kind}.dat"
        shutil.copy(source, renamed)
        assert detect(renamed.read_bytes()[:8192], renamed.name) == (kind, None)
        conversion = api.convert([str(renamed)])
        assert len(conversion.reviews) + len(conversion.records) >= 1 and conversion.triple_count > 0


def test_curated_file_and_its_pubmed_page_make_one_resource():
    graph = rdflib_graph(api.convert([str(REVIEW), str(PAGE)]))
    assert len(list(graph.objects(REVIEW_IRI, DCTERMS.title))) == 1
    publications = {s for s in graph.subjects(URIRef("http://purl.org/ontology/bibo/doi"), None)
                    if "s41409-021-01492-7" in str(graph.value(s, URIRef("http://purl.org/ontology/bibo/doi")))}
    assert publications == {REVIEW_IRI}


def test_directory_stdin_and_whole_corpus(cli, tmp_path):
    out = tmp_path / "corpus.nt"
    result = cli("convert", str(CORPUS / "pubmed_xml"), str(CORPUS / "medline_nbib"), str(REVIEW), str(PAGE),
                 "-o", str(out))
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(out)
    assert len(set(graph.subjects(URIRef("http://purl.org/spar/fabio/hasPubMedId"), None))) > 300
    medline = (CORPUS / "medline_nbib" / "biopython__pubmed_result1.txt").read_bytes()
    result = cli("convert", "-", "-o", "-", "-f", "nt", input=medline)
    assert result.exit_code == 0 and "12230038" in result.stdout


def test_unknown_kind_is_refused(cli, tmp_path):
    odd = tmp_path / "notes.txt"
    odd.write_text("just some notes\n")
    result = cli("convert", str(odd), "-o", "-")
    assert result.exit_code == 2 and "cannot tell what this is" in result.stderr
