"""A plain conversion of record files streams: batches, one process, one set of files
(issue 17, part 5). The files are those of the in-memory conversion, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssc_rdf import api
from ssc_rdf.pipeline import conversion as conversion_module
from ssc_rdf.pipeline.streamed import Streamed

from ..conftest import FIXTURES, REVIEW

FORMATS = ["nt", "nquads", "turtle", "trig", "xml", "json-ld"]
# real records in XML and MEDLINE; some describe the same publication in two files (merged)
RECORDS = sorted([*(FIXTURES / "corpus" / "pubmed_xml").glob("*.xml"),
                  *(FIXTURES / "corpus" / "medline_nbib").glob("*.txt")])


def _files(written) -> dict[str, bytes]:
    return {item.format_name: Path(item.path).read_bytes() for item in written}


@pytest.mark.parametrize(("batch", "graph"), [(1, None), (7, None), (500, None), (7, "urn:test:one-graph")])
def test_streamed_files_are_the_in_memory_files(tmp_path, batch, graph):
    """Batches of the mapping's graphs (no quads made), and of quads when every statement goes
    into one ``graph``: the in-memory files either way."""
    conversion = api.convert(RECORDS, graph=graph)
    expected = _files(api.write(conversion, tmp_path / "memory/", FORMATS))
    result, written = api.convert_to_files(RECORDS, tmp_path / "streamed/", FORMATS, batch_records=batch,
                                           graph=graph)
    assert isinstance(result, Streamed)
    assert _files(written) == expected
    assert result.triple_count == conversion.triple_count
    assert {k: (t.records, t.references) for k, t in result.tally.items()} == \
        {k: (t.records, t.references) for k, t in conversion.tally.items()}
    assert conversion.report is not None
    assert sorted(map(repr, result.report.warnings)) == sorted(map(repr, conversion.report.warnings))


def test_records_are_mapped_a_batch_at_a_time(cli, corpus, tmp_path, monkeypatch):
    """Regression: without -j, every record was read and mapped at once (memory grew with the corpus)."""
    sizes: list[int] = []
    mapped = conversion_module.Mapping.record_graphs

    def spy(self, records):
        sizes.append(len(records))
        return mapped(self, records)

    monkeypatch.setattr(conversion_module.Mapping, "record_graphs", spy)
    result = cli("convert", *map(str, corpus), "-o", str(tmp_path / "all.nt"), "--batch", "10", "-q")
    assert result.exit_code == 0, result.output
    assert sum(sizes) == 45  # the second file's 10 records are the first ten again: merged into them
    assert max(sizes) == 10 and len(sizes) >= 5


def test_records_and_curated_reviews_together_are_converted_in_memory(tmp_path):
    result, _ = api.convert_to_files([REVIEW, RECORDS[0]], tmp_path / "out.nt")
    assert not isinstance(result, Streamed)


def test_a_bad_record_after_several_batches_leaves_no_file(cli, corpus, tmp_path):
    text = corpus[0].read_text(encoding="utf-8")
    last = text.rindex("<ArticleTitle>")  # the 45th record: after eight batches of five
    corpus[0].write_text(text[:last] + text[text.index("</ArticleTitle>", last) + len("</ArticleTitle>"):],
                         encoding="utf-8")
    out = tmp_path / "all.nt"
    out.write_bytes(b"old\n")
    result = cli("convert", *map(str, corpus), "-o", str(out), "--batch", "5")
    assert result.exit_code == 2, result.output
    assert str(corpus[0]) in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert out.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

    kept = cli("convert", *map(str, corpus), "-o", str(out), "--batch", "5", "--keep-going", "-q")
    assert kept.exit_code == 0, kept.output
    assert "skipped" in kept.stderr
    assert out.read_bytes().count(b"<http://purl.org/dc/terms/title>") >= 44


def test_a_violation_in_a_late_batch_leaves_no_file(cli, corpus, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<urn:x:shape> a sh:NodeShape ; sh:targetNode <https://w3id.org/ssc-rdf/id/publication/doi/10.5555/bench.40000040> ;
  sh:property [ sh:path dcterms:title ; sh:maxCount 0 ] .
""", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("convert", *map(str, corpus), "-o", f"{out}/", "-f", "nt", "-f", "turtle", "--batch", "10",
                 "--shapes", str(shapes))
    assert result.exit_code == 1, result.output
    assert "bench.40000040" in result.stderr
    assert not out.exists() or not list(out.iterdir())


def test_a_streamed_conversion_writes_to_standard_output(cli, corpus, tmp_path):
    result = cli("convert", str(corpus[1]), "-f", "nt", "--batch", "3")
    assert result.exit_code == 0, result.output
    _, written = api.convert_to_files([corpus[1]], tmp_path / "one.nt")
    assert result.stdout_bytes == Path(written[0].path).read_bytes()
