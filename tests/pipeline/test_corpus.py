"""Corpus mode of ``ssc-rdf convert``: worker processes, shards, skipping, resuming."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from bench.pubmed_gen import write
from ssc_rdf import api
from ssc_rdf.checks.rdflib_terms import to_rdflib
from ssc_rdf.mapping import Minter
from ssc_rdf.pipeline import record_key
from ssc_rdf.pipeline.corpus import Interrupted, convert_corpus, input_key, shard_stem
from ssc_rdf.rdf import DEFAULT_BASE


def records_triples(inputs: list[Path]) -> set:
    """The triples of the records' own graphs in a plain conversion (shards hold no provenance)."""
    conversion = api.convert(list(map(str, inputs)), validate=False)
    graphs = {ox.NamedNode(Minter(DEFAULT_BASE).graph(record_key(r))) for r in conversion.records}
    assert len(graphs) == len(conversion.records) > 0
    return {tuple(map(to_rdflib, q.triple)) for q in conversion.quads() if q.graph_name in graphs}


def stem(path: Path) -> str:
    """The stem of an input's shards: its name and a digest of its whole path."""
    return shard_stem(input_key(str(path)))


def test_shards_equal_a_plain_conversion(cli, corpus, tmp_path):
    out = tmp_path / "out"
    result = cli("convert", *map(str, corpus), "-o", f"{out}/", "-f", "nt", "-f", "turtle", "-j", "2",
                 "--batch", "20")
    assert result.exit_code == 0, result.stderr
    assert "Converted 55 records into 8 shard(s)" in result.stderr
    shards = sorted(p.name for p in out.glob("*.nt"))
    first, second = stem(corpus[0]), stem(corpus[1])
    assert first.startswith("first-") and second.startswith("second-")
    assert shards == [f"{first}-00001.nt", f"{first}-00002.nt", f"{first}-00003.nt", f"{second}-00001.nt"]
    merged = Graph()
    for shard in out.glob("*.nt"):
        merged.parse(shard, format="nt")
    for shard in out.glob("*.ttl"):
        assert len(Graph().parse(shard, format="turtle")) > 0
    assert set(merged) == records_triples(corpus)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["inputs"][input_key(str(corpus[0]))]["records"] == 45


def test_unchanged_inputs_are_skipped_and_changed_ones_redone(corpus, tmp_path):
    out = tmp_path / "out"
    options = dict(formats=["nt"], base=DEFAULT_BASE, jobs=2, batch_records=20, validate=False)
    convert_corpus(list(map(str, corpus)), out, **options)
    again = convert_corpus(list(map(str, corpus)), out, **options)
    keys = [input_key(str(path)) for path in corpus]
    assert again.skipped_inputs == keys and again.records == 0
    write(corpus[1], count=12)
    third = convert_corpus(list(map(str, corpus)), out, **options)
    assert third.skipped_inputs == keys[:1] and third.records == 12
    write(corpus[0], count=15)  # fewer batches than before: the old last shards go
    fourth = convert_corpus(list(map(str, corpus)), out, **options)
    assert fourth.records == 15
    assert sorted(p.name for p in out.glob("first-*")) == [f"{stem(corpus[0])}-00001.nt"]


def test_an_interrupted_run_leaves_no_partial_file_and_resumes(corpus, tmp_path):
    out = tmp_path / "out"
    options = dict(formats=["nt"], base=DEFAULT_BASE, jobs=2, batch_records=10, validate=False)
    seen = []

    def interrupt(state):
        seen.append(state.records)
        if len(seen) == 4:  # the start, then three batches: in the middle of the first input
            raise KeyboardInterrupt

    with pytest.raises(Interrupted) as stopped:
        convert_corpus(list(map(str, corpus)), out, progress=interrupt, **options)
    assert "run the same command again to resume" in str(stopped.value)
    assert not list(out.glob(".*.part"))
    manifest = json.loads((out / "manifest.json").read_text()) if (out / "manifest.json").exists() else {"inputs": {}}
    assert input_key(str(corpus[0])) not in manifest["inputs"]
    resumed = convert_corpus(list(map(str, corpus)), out, **options)
    assert resumed.records == 55


def test_corpus_mode_validates_batches(cli, corpus, tmp_path):
    out = tmp_path / "validated"
    result = cli("convert", str(corpus[1]), "-o", f"{out}/", "-j", "1", "--batch", "10")
    assert result.exit_code == 0, result.stderr
    assert (out / f"{stem(corpus[1])}-00001.nt").exists()


def test_corpus_mode_needs_a_directory(cli, corpus, tmp_path):
    result = cli("convert", str(corpus[1]), "-o", str(tmp_path / "x.nt"), "-j", "2")
    assert result.exit_code == 2 and "directory" in result.stderr


def test_a_killed_worker_stops_the_run_cleanly_and_it_resumes(corpus, tmp_path):
    out = tmp_path / "out"
    options = dict(formats=["nt", "turtle"], base=DEFAULT_BASE, jobs=2, batch_records=10, validate=False)
    killed = []

    def kill_a_worker(state):
        if not killed and state.records:  # after the first batch: the workers are running
            worker = multiprocessing.active_children()[0]
            os.kill(worker.pid, signal.SIGKILL)
            killed.append(worker.pid)

    with pytest.raises(Interrupted) as stopped:
        convert_corpus(list(map(str, corpus)), out, progress=kill_a_worker, **options)
    assert killed and "a worker process died" in str(stopped.value)
    assert "run the same command again to resume" in str(stopped.value)
    assert not list(out.glob(".*.part"))
    resumed = convert_corpus(list(map(str, corpus)), out, **options)
    assert resumed.records == 55 and not resumed.skipped_inputs
    merged = Graph()
    for shard in out.glob("*.nt"):
        merged.parse(shard, format="nt")
    assert set(merged) == records_triples(corpus)


def test_a_batch_is_checked_as_a_conversion_is():
    """Corpus batches validate the mapping's triples (no quads made): the report is the one
    ``pipeline.check`` gives the same records as a conversion, for conforming records and with
    broken statements added."""
    from ssc_rdf.checks.fast_shacl import validate_triples
    from ssc_rdf.pipeline import check
    from ssc_rdf.pipeline.conversion import Conversion, Mapping

    from ..conftest import FIXTURES

    inputs = sorted(str(path) for path in (FIXTURES / "corpus" / "pubmed_xml").glob("*.xml"))
    records = api.convert(inputs, validate=False).records
    mapping = Mapping(Minter(DEFAULT_BASE))
    graphs = mapping.record_graphs(records)
    conversion = mapping.map(Conversion(DEFAULT_BASE, "batch", records=records))
    assert validate_triples(t for g in graphs for t in g.triples).results == check(conversion).results
    title, doi = ox.NamedNode("http://purl.org/dc/terms/title"), ox.NamedNode("http://purl.org/ontology/bibo/doi")
    node = graphs[0].triples[0][0]
    broken = [(node, title, ox.Literal("A second title", language="en")), (node, doi, ox.Literal("not a DOI"))]
    graphs[0].triples.extend(broken)
    conversion.mapped.extend(ox.Quad(*triple, graphs[0].graph) for triple in broken)
    report = validate_triples(t for g in graphs for t in g.triples)
    assert report.violations and report.results == check(conversion).results
