"""The files sink: written files get the mode the umask gives (regression: always 0600); N-Triples
are the distinct triples of all graphs, sorted."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pyoxigraph as ox
import pytest

from ssc_rdf.sinks.files import serialize

from ..conftest import REPO, REVIEW


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_written_files_have_the_mode_the_umask_gives(tmp_path, umask, mode):
    # a fresh process: the mode is read from the umask once per process
    code = ("import os, sys; os.umask(int(sys.argv[1])); from ssc_rdf.cli import main; "
            "main(['convert', sys.argv[2], '-o', sys.argv[3], '-f', 'nt', '-f', 'trig', '-q'])")
    done = subprocess.run([sys.executable, "-c", code, str(umask), str(REVIEW), f"{tmp_path}/dist/"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    files = list((tmp_path / "dist").iterdir())
    assert len(files) == 2
    for path in files:
        assert stat.S_IMODE(os.stat(path).st_mode) == mode, path


def test_published_site_is_readable_by_the_web_server_user(tmp_path):
    code = ("import os, sys; os.umask(0o022); from ssc_rdf.cli import main; "
            "main(['publish', sys.argv[1], '-o', sys.argv[2]])")
    done = subprocess.run([sys.executable, "-c", code, str(REVIEW), str(tmp_path / "site")],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    modes = {stat.S_IMODE(os.stat(p).st_mode) for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert modes == {0o644}


def test_a_killed_run_leaves_part_files_that_the_next_run_removes(cli, tmp_path):
    """Regression: hidden ``.NAME.*.part`` files of a killed convert stayed for good."""
    out = tmp_path / "dist"
    out.mkdir()
    leftover = out / ".velier-2022.nt.abc123.part"  # what mkstemp leaves when the process is killed
    leftover.write_bytes(b"half a file")
    assert cli("convert", str(REVIEW), "-o", f"{out}/", "-f", "nt", "-q").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["velier-2022.nt"]


def test_n_triples_are_the_distinct_triples_of_every_graph_sorted():
    """N-Triples are written from N-Quads with the graph cut off: a literal holding a graph's
    N-Quads ending, an object equal to the graph, blank-node and default graphs change nothing."""
    s, p, g = ox.NamedNode("http://ex.org/s"), ox.NamedNode("http://ex.org/p"), ox.NamedNode("http://ex.org/g")
    quads = [ox.Quad(s, p, ox.Literal("two\nlines <http://ex.org/g> .")), ox.Quad(s, p, g, g),
             ox.Quad(s, p, g, ox.BlankNode("b")), ox.Quad(s, p, ox.Literal("x", language="en"), g),
             ox.Quad(ox.BlankNode("n"), p, ox.Literal("\r\t\\"), g), ox.Quad(s, p, g)]
    expected = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    assert expected is not None
    lines = sorted(set(expected.splitlines(keepends=True)))
    assert serialize(quads, ox.RdfFormat.N_TRIPLES) == b"".join(lines)
    assert len(lines) == 4


ALL_FORMATS = [ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS, ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG,
               ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD]


@pytest.mark.parametrize("batches", [1, 3, 17])
def test_the_sink_writes_from_batches_the_bytes_of_all_quads_at_once(tmp_path, batches):
    """The sink spills each batch sorted and merges at the end: the files are those of
    ``serialize_all`` on every quad, whatever the batches (shared nodes, repeated quads, all
    graphs and the default graph spread over them)."""
    from ssc_rdf import api
    from ssc_rdf.sinks.files import FileSink, serialize_all

    quads = list(api.convert([str(REVIEW)], validate=False).quads())
    quads += [ox.Quad(q.subject, q.predicate, q.object) for q in quads[:200]]  # some in the default graph
    expected = serialize_all(quads, ALL_FORMATS)
    sink = FileSink([(str(tmp_path / f"out-{n}"), fmt) for n, fmt in enumerate(ALL_FORMATS)])
    for start in range(batches):
        sink.add(quads[start::batches] + quads[:50])  # the first quads in every batch again
    written = sink.close()
    for n, fmt in enumerate(ALL_FORMATS):
        data = (tmp_path / f"out-{n}").read_bytes()
        assert data == expected[fmt], fmt
        assert written[n].size == len(data)
    assert sink.triple_count == len({q.triple for q in quads})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"out-{n}" for n in range(len(ALL_FORMATS)))


def test_a_discarded_sink_writes_nothing_and_leaves_no_spill(tmp_path):
    from ssc_rdf import api
    from ssc_rdf.sinks.files import FileSink

    sink = FileSink([(str(tmp_path / "out.nt"), ox.RdfFormat.N_TRIPLES)])
    sink.add(api.convert([str(REVIEW)], validate=False).quads())
    spill = sink._tmp.name
    sink.discard()
    assert not list(tmp_path.iterdir())
    assert not os.path.exists(spill)


# Literals and IRIs that writers must escape, or that look like the end of a line or a graph
_HOSTILE_OBJECTS = [ox.Literal(text) for text in (
    'say "no"', "back\\slash", "two\nlines", "tab\tand\rreturn", "\x00\x01\x07\x08\x0b\x0c\x1f\x7f",
    "é ü 中 😀", "\u2028\u2029\ufeff\x85", " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ",
    "end <http://ex.org/g> .\n<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .")] + [
    ox.Literal("x", language="en-GB"), ox.Literal("05", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("x", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")), ox.BlankNode("b1"),
    ox.NamedNode("http://ex.org/é?a=b#c"), ox.NamedNode("http://ex.org/%3C%3E")]


def test_a_term_is_written_as_pyoxigraph_writes_it():
    """``serialize_graphs`` writes each line from its terms' ``str``: it must be, byte for byte,
    what pyoxigraph's N-Triples and N-Quads writers write (a pyoxigraph upgrade that changed
    one of them fails here)."""
    s, p, g = ox.NamedNode("http://ex.org/s"), ox.NamedNode("http://ex.org/p"), ox.NamedNode("http://ex.org/g")
    for o in _HOSTILE_OBJECTS:
        assert f"{s} {p} {o} .\n".encode() == ox.serialize([ox.Triple(s, p, o)], format=ox.RdfFormat.N_TRIPLES), o
        assert f"{s} {p} {o} {g} .\n".encode() == ox.serialize([ox.Quad(s, p, o, g)], format=ox.RdfFormat.N_QUADS), o


def test_the_mappings_graphs_are_written_as_their_quads_are():
    """``serialize_graphs`` (the corpus batches' writer, no quads made) gives the bytes of
    ``serialize_all`` on the same statements as quads, in every format, and counts the distinct
    triples: hostile literals, a graph in two groups, the default graph, repeated statements."""
    from ssc_rdf.rdf.typed import GraphTriples
    from ssc_rdf.sinks.files import serialize_all, serialize_graphs

    s, p, q = ox.NamedNode("http://ex.org/s"), ox.NamedNode("http://ex.org/p"), ox.NamedNode("http://ex.org/q")
    t = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    g, h = ox.NamedNode("http://ex.org/g"), ox.NamedNode("http://ex.org/h")
    hostile = [(s, p, o) for o in _HOSTILE_OBJECTS] + [(s, t, q), (ox.BlankNode("n"), t, q), (q, p, s)]
    graphs = [GraphTriples(g, hostile), GraphTriples(h, hostile[::2] + hostile[:3]), GraphTriples(g, hostile[1::3]),
              GraphTriples(ox.DefaultGraph(), hostile[:5]), GraphTriples(h, [])]
    quads = [ox.Quad(*triple, graph.graph) for graph in graphs for triple in graph.triples]
    rendered, triples = serialize_graphs(graphs, ALL_FORMATS)
    assert rendered == serialize_all(quads, ALL_FORMATS)
    assert triples == len({quad.triple for quad in quads}) == len(hostile)
    assert serialize_graphs([], ALL_FORMATS) == (serialize_all([], ALL_FORMATS), 0)


def test_real_records_graphs_are_written_as_their_quads_are():
    """The same on every real PubMed XML record of the fixtures, as the mapping maps them."""
    from ssc_rdf import api
    from ssc_rdf.mapping import Minter
    from ssc_rdf.pipeline.conversion import Mapping
    from ssc_rdf.rdf import DEFAULT_BASE
    from ssc_rdf.sinks.files import serialize_all, serialize_graphs

    from ..conftest import FIXTURES

    inputs = sorted(str(path) for path in (FIXTURES / "corpus" / "pubmed_xml").glob("*.xml"))
    records = api.convert(inputs, validate=False).records
    mapping = Mapping(Minter(DEFAULT_BASE))
    graphs = mapping.record_graphs(records)
    quads = [ox.Quad(*triple, graph.graph) for graph in graphs for triple in graph.triples]
    assert len(records) > 10 and len(quads) > 1000
    rendered, triples = serialize_graphs(graphs, ALL_FORMATS)
    assert rendered == serialize_all(quads, ALL_FORMATS)
    assert triples == len({quad.triple for quad in quads})



def test_the_sink_takes_the_mappings_graphs_as_it_takes_quads(tmp_path):
    """``FileSink.add_graphs`` (streamed batches, no quads made) and ``add`` in one sink: the
    files are those of ``serialize_all`` on every statement, in every format."""
    from ssc_rdf.rdf.typed import GraphTriples
    from ssc_rdf.sinks.files import FileSink, serialize_all

    s, p, g = ox.NamedNode("http://ex.org/s"), ox.NamedNode("http://ex.org/p"), ox.NamedNode("http://ex.org/g")
    hostile = [(s, p, o) for o in _HOSTILE_OBJECTS]
    batches = [[GraphTriples(g, hostile[:6]), GraphTriples(ox.DefaultGraph(), hostile[3:])],
               [GraphTriples(ox.NamedNode("http://ex.org/a"), hostile[::2]), GraphTriples(g, hostile[5:])]]
    quads = [ox.Quad(*triple, graph.graph) for batch in batches for graph in batch for triple in graph.triples]
    extra = [ox.Quad(s, p, ox.Literal("added as quads"), g), *quads[:4]]
    sink = FileSink([(str(tmp_path / f"out-{n}"), fmt) for n, fmt in enumerate(ALL_FORMATS)])
    for batch in batches:
        sink.add_graphs(batch)
    sink.add(extra)
    sink.close()
    expected = serialize_all(quads + extra, ALL_FORMATS)
    for n, fmt in enumerate(ALL_FORMATS):
        assert (tmp_path / f"out-{n}").read_bytes() == expected[fmt], fmt
    assert sink.triple_count == len({quad.triple for quad in quads + extra})
