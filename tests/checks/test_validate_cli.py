"""``ssc-rdf validate`` and the validation step of ``ssc-rdf convert``."""

from __future__ import annotations

import json

from rdflib import Graph
from rdflib.namespace import SH

from ..conftest import REVIEW

STRICT_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ssc: <https://w3id.org/ssc-rdf/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:test:shape> a sh:NodeShape ; rdfs:label "needs an ORCID" ;
    sh:targetClass ssc:Author ;
    sh:property [ sh:path ssc:orcid ; sh:minCount 1 ; sh:name "ORCID" ;
                  sh:message "Every author needs an ORCID iD here" ] .
"""


def _converted(cli, tmp_path, fmt: str = "nt"):
    out = tmp_path / f"review.{fmt}"
    assert cli("convert", str(REVIEW), "-o", str(out), "-q").exit_code == 0
    return out


def test_validate_conforming_data_prints_table_and_summary(cli, tmp_path):
    data = _converted(cli, tmp_path, "ttl")
    result = cli("validate", str(data))
    assert result.exit_code == 0
    assert "conforms: 0 violation(s), 7 warning(s)" in result.stdout
    assert "Warning" in result.stdout and "No DOI, PMID or PMCID" in result.stdout


def test_strict_fails_on_warnings(cli, tmp_path):
    result = cli("validate", str(_converted(cli, tmp_path)), "--strict")
    assert result.exit_code == 1


def test_every_rdf_format_is_read(cli, tmp_path):
    for fmt in ("ttl", "jsonld", "nt", "nq", "trig", "rdf"):
        assert cli("validate", str(_converted(cli, tmp_path, fmt))).exit_code == 0, fmt


def test_format_by_content_when_the_extension_says_nothing(cli, tmp_path):
    data = _converted(cli, tmp_path, "rdf")
    renamed = tmp_path / "data.bin"
    renamed.write_bytes(data.read_bytes())
    assert cli("validate", str(renamed)).exit_code == 0


def test_violations_exit_1_with_json_and_turtle_reports(cli, tmp_path):
    data = _converted(cli, tmp_path)
    shapes = tmp_path / "strict.ttl"
    shapes.write_text(STRICT_SHAPES)
    result = cli("validate", str(data), "--shapes", str(shapes), "--report-format", "json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert len(rows) == 22  # one per author: 1 of the review, 2 + 6 + 3 + 5 + 5 of its references
    assert {r["severity"] for r in rows} == {"Violation"}
    assert all(r["path"] == "ssc:orcid" and r["message"] == "Every author needs an ORCID iD here" for r in rows)
    report_file = tmp_path / "report.ttl"
    result = cli("validate", str(data), "--shapes", str(shapes), "--report-format", "turtle", "-o", str(report_file))
    assert result.exit_code == 1
    report = Graph().parse(report_file)
    assert (None, SH.conforms, None) in report
    assert len(list(report.subjects(SH.resultPath, None))) == 22


def test_convert_writes_nothing_when_the_data_does_not_conform(cli, tmp_path):
    shapes = tmp_path / "strict.ttl"
    shapes.write_text(STRICT_SHAPES)
    out = tmp_path / "dist"
    result = cli("convert", str(REVIEW), "-o", f"{out}/", "--shapes", str(shapes))
    assert result.exit_code == 1
    assert "Every author needs an ORCID iD here" in result.stderr and "nothing was written" in result.stderr
    assert not out.exists()
    result = cli("convert", str(REVIEW), "-o", f"{out}/", "--shapes", str(shapes), "--no-validate")
    assert result.exit_code == 0 and len(list(out.iterdir())) == 3


def test_validate_engines_give_the_same_report(cli, tmp_path):
    """The fast validator (the default for the shipped shapes) and pyshacl report the same rows;
    a Turtle report is pyshacl's, which --engine fast cannot give."""
    data = tmp_path / "bad.ttl"
    data.write_text("@prefix ssc: <https://w3id.org/ssc-rdf/ontology#> .\n"
                    "@prefix bibo: <http://purl.org/ontology/bibo/> .\n"
                    '<https://example.org/p/1> a ssc:Publication ; bibo:doi "https://doi.org/10.1/x" .\n')
    reports = {engine: cli("validate", str(data), "--report-format", "json", "--engine", engine)
               for engine in ("auto", "fast", "pyshacl")}
    assert {r.exit_code for r in reports.values()} == {1}
    rows = [json.loads(r.stdout) for r in reports.values()]
    assert rows[0] == rows[1] == rows[2] and rows[0]
    assert cli("validate", str(data), "--report-format", "turtle").exit_code == 1
    refused = cli("validate", str(data), "--report-format", "turtle", "--engine", "fast")
    assert refused.exit_code == 2 and "pyshacl" in refused.stderr
