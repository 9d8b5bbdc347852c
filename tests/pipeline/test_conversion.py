"""The conversion: names that keep conversions apart, RDF files read like any other input."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ssc_rdf import api
from ssc_rdf.pipeline import convert

from ..conftest import FIXTURES, REVIEW

XML = FIXTURES / "corpus" / "pubmed_xml"
RECORD_A = XML / "metapub__34843274.xml"
RECORD_B = XML / "metapub__38048813.xml"


def _pmids(store_dir) -> set[str]:
    store = ox.Store.read_only(str(store_dir))
    query = "SELECT ?id WHERE { GRAPH ?g { ?p <http://purl.org/spar/fabio/hasPubMedId> ?id } }"
    return {row["id"].value for row in store.query(query)}  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["nt", "nquads"])
def test_two_records_loaded_one_after_another_with_replace_are_both_kept(cli, tmp_path, fmt):
    """Regression: every conversion of imported records was named dataset.*, so the second
    --replace load replaced the first record (and a .nq load the first one's provenance)."""
    for record in (RECORD_A, RECORD_B):
        result = cli("convert", str(record), "-o", f"{tmp_path}/{record.stem}/", "-f", fmt, "-q")
        assert result.exit_code == 0, result.output
        written = next((tmp_path / record.stem).iterdir())
        assert written.stem == "metapub-" + record.stem.split("__")[1]
        assert cli("load", str(written), "--store", str(tmp_path / "store"), "--replace").exit_code == 0
    assert _pmids(tmp_path / "store") == {"34843274", "38048813"}
    if fmt == "nquads":
        store = ox.Store.read_only(str(tmp_path / "store"))
        graphs = {g.value for g in store.named_graphs()}
        assert {"https://w3id.org/ssc-rdf/id/graph/provenance/metapub-34843274",
                "https://w3id.org/ssc-rdf/id/graph/provenance/metapub-38048813"} <= graphs


def test_conversion_names_come_from_the_inputs():
    assert convert([REVIEW]).name == "velier-2022"
    assert convert([RECORD_A, RECORD_B]).name == "metapub-34843274+metapub-38048813"


def test_a_turtle_file_named_txt_is_read_by_every_command(cli, tmp_path):
    """Regression: validate accepted it (rdflib guessed Turtle) while load, query --data and
    export refused it (they went by the extension)."""
    api.write(api.convert(REVIEW), tmp_path / "x.ttl")
    turtle = tmp_path / "data.txt"
    turtle.write_bytes((tmp_path / "x.ttl").read_bytes())
    assert cli("validate", str(turtle)).exit_code == 0
    assert cli("load", str(turtle), "--store", str(tmp_path / "store")).exit_code == 0
    assert cli("export", str(turtle), "-o", str(tmp_path / "bulk")).exit_code == 0
    assert cli("convert", str(turtle), "-f", "nt").exit_code == 0


def test_n_quads_on_stdin_are_read_as_n_quads(cli, tmp_path):
    """Regression: ``validate -`` read N-Quads on standard input as Turtle and failed."""
    nquads = api.write(api.convert(REVIEW), tmp_path / "x.nq")
    data = (tmp_path / "x.nq").read_bytes()
    assert nquads[0].size == len(data)
    result = cli("validate", "-", input=data)
    assert result.exit_code == 0, result.output
    result = cli("convert", "-", "-f", "nquads", input=data)
    assert result.exit_code == 0
    assert sorted(result.stdout_bytes.splitlines()) == sorted(data.splitlines())


def test_input_format_overrides_detection(cli, tmp_path):
    nt = tmp_path / "x.data"
    api.write(api.convert(REVIEW), tmp_path / "x.nt")
    nt.write_bytes((tmp_path / "x.nt").read_bytes())
    assert cli("validate", str(nt), "-i", "application/n-triples").exit_code == 0
    result = cli("validate", str(nt), "-i", "rdf/xml")
    assert result.exit_code == 2 and "cannot parse as xml" in result.stderr


def test_keep_going_skips_bad_files_as_well_as_bad_records(cli, tmp_path):
    """Regression: --keep-going stopped at the first bad file (it only skipped bad records)."""
    bad = tmp_path / "broken.xml"
    bad.write_text("<PubmedArticleSet><PubmedArticle><MedlineCitation>", encoding="utf-8")
    result = cli("convert", str(bad), str(RECORD_A), "--keep-going", "-f", "nt", "-q")
    assert result.exit_code == 0, result.output
    assert f"skipped: {bad}" in result.stderr
    assert '"34843274"' in result.stdout


def test_files_of_unknown_kind_in_a_directory_are_listed_as_skipped(cli, tmp_path):
    """Regression: they were passed over silently."""
    (tmp_path / "notes.md").write_text("# Notes\n\nNothing to convert here.\n", encoding="utf-8")
    (tmp_path / "review.yaml").write_bytes(REVIEW.read_bytes())
    result = cli("convert", str(tmp_path), "-f", "nt", "-q")
    assert result.exit_code == 0, result.output
    assert f"skipped: {tmp_path / 'notes.md'}: not a kind of file ssc-rdf reads" in result.stderr


def test_a_file_with_no_records_is_a_warning_naming_it_not_a_file_of_provenance(cli):
    """Regression: an empty ``<PubmedArticleSet/>`` converted silently to a graph of provenance."""
    empty = FIXTURES / "corpus" / "pubmed_xml" / "metapub__37909814.xml"
    conversion = api.convert([empty])
    assert conversion.empty == [str(empty)] and conversion.files == [] and conversion.triple_count == 0
    result = cli("convert", str(empty), "-f", "nt")
    assert result.exit_code == 0 and result.stdout == ""
    assert f"ssc-rdf: warning: {empty}: the file holds no records" in result.stderr
