"""Terminal rendering: CURIEs people expect, and IRIs never cut into nonsense."""

from __future__ import annotations

import json

from ssc_rdf.cli.render import curie, print_solutions


def test_curies_are_obo_style_for_obo_terms_and_project_prefixes_otherwise():
    """Regression: tables showed ``obo:MONDO_0005100`` where bioinformaticians expect ``MONDO:0005100``."""
    assert curie("http://purl.obolibrary.org/obo/MONDO_0005100") == "MONDO:0005100"
    assert curie("http://purl.obolibrary.org/obo/CL_0000034") == "CL:0000034"
    assert curie("https://w3id.org/ssc-rdf/ontology#treats") == "ssc:treats"
    assert curie("http://id.nlm.nih.gov/mesh/D012595") == "mesh:D012595"
    assert curie("https://example.org/no/prefix/here") == "https://example.org/no/prefix/here"


def test_tables_wrap_long_iris_instead_of_cutting_them(capsys, monkeypatch):
    """Regression: IRIs were cut to ``https://w3id.org/ssc-rdf/ontolog…`` even at 160 columns."""
    monkeypatch.setenv("COLUMNS", "40")
    long_iri = "https://example.org/a/very/long/path/that/does/not/fit/in/forty/columns"
    data = json.dumps({"head": {"vars": ["x", "y"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "v"}, "y": {"type": "uri", "value": long_iri}}]}}).encode()
    print_solutions(data)
    out = capsys.readouterr().out
    assert "…" not in out
    assert "".join(out.split()).find(long_iri) >= 0  # all of it, wrapped over lines
    assert "1 result(s)" in out


def test_the_summary_counts_records_references_and_triples_by_kind_of_input(capsys):
    """Regression: the summary said "0 references" for imported records although their references
    were written, and called PubMed files "review files"."""
    from ssc_rdf import api
    from ssc_rdf.cli.render import print_summary
    from ssc_rdf.sources import curated_yaml, pubmed_xml

    from ..conftest import FIXTURES, REVIEW

    xml = FIXTURES / "corpus" / "pubmed_xml" / "metapub__39077977.xml"
    ris = FIXTURES / "corpus" / "ris" / "asreview__pubmed_zotero.ris"
    review = curated_yaml.read(REVIEW)
    statements = sum(len(s.claims) for s in review.statements)
    (record,) = pubmed_xml.read(xml)
    conversion = api.convert([REVIEW, xml, ris])
    print_summary(conversion, [])
    assert capsys.readouterr().err == (
        f"Converted 1 curated review ({statements} statements, {len(review.publication.references)} references), "
        f"1 PubMed XML record ({len(record.references)} references), 6 RIS records: "
        f"{conversion.triple_count:,} triples.\n")
