"""Loads that leave no debris: a load killed at any moment (``kill -9``) leaves every graph
whole, old or new, and at worst staging graphs, which no count or listing sees and the next
load removes; for the embedded store and a remote one."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from bench.pubmed_gen import write
from ssc_rdf import api
from ssc_rdf.errors import InputError
from ssc_rdf.sinks.base import STAGING
from ssc_rdf.sinks.embedded import EmbeddedStore
from ssc_rdf.sinks.graph_store import RemoteStore
from ssc_rdf.web.dataset import Dataset
from ssc_rdf.web.void import VOID, describe

from ..servers import OxigraphServer

MARK = ox.Triple(ox.NamedNode("urn:test:data"), ox.NamedNode("urn:test:version"), ox.Literal("old"))
OTHER = "urn:test:other"  # a graph the loads do not touch
OTHER_TRIPLES = 3
PROBE = f"{STAGING}probe-"  # the staging graph of the capability probe (sinks/dataset_upload.py)


@dataclass(frozen=True)
class Corpus:
    data: Path  # N-Quads of the records
    old: Path  # what the store held before: MARK in each of the records' graphs, and OTHER
    triples: dict[str, int]  # per graph of the records


def generate(directory: Path, records: int) -> Corpus:
    """N-Quads of ``records`` generated PubMed records (about 500 triples each, in a graph of
    their own, and the provenance in one more), and the old data."""
    directory.mkdir()
    xml = directory / "records.xml"
    write(xml, count=records)
    data = directory / "records.nq"
    api.write(api.convert([str(xml)], validate=False), str(data))
    triples = Counter(q.graph_name.value for q in ox.parse(path=data, format=ox.RdfFormat.N_QUADS))
    old = [ox.Quad(*MARK, ox.NamedNode(graph)) for graph in triples]
    old += [ox.Quad(ox.NamedNode(f"urn:test:s{i}"), MARK.predicate, MARK.object, ox.NamedNode(OTHER))
            for i in range(OTHER_TRIPLES)]
    ox.serialize(old, output=directory / "old.nq", format=ox.RdfFormat.N_QUADS)
    return Corpus(data, directory / "old.nq", dict(triples))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    """Big enough for an embedded load of a few seconds, whose commits last long enough to be
    caught (at 30 records, 0.15 s: a check every 0.1 s missed them once)."""
    return generate(tmp_path_factory.mktemp("embedded") / "corpus", 45)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Corpus:
    """Big enough for a remote load of a few seconds (each request costs more than a graph of the embedded store)."""
    return generate(tmp_path_factory.mktemp("remote") / "corpus", 5)


@pytest.fixture(scope="module")
def load_cpu(corpus, tmp_path_factory) -> float:
    """The CPU time of a whole load of ``corpus`` over the old data, the faster kind of two
    (``--replace``) and the less of two runs. A moment in the middle of a load is a share of
    it: a fixed time was outrun by a fast machine, and a share of wall time by a load that ran
    while the other test worker rested."""
    times = []
    for _ in range(2):
        store = tmp_path_factory.mktemp("timed") / "store"
        assert ssc_rdf("load", corpus.old, "--store", store, "--no-ontology").returncode == 0
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert ssc_rdf("load", corpus.data, "--store", store, "--no-validate", "--no-ontology",
                       "--replace").returncode == 0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(times)


def cpu_seconds(pid: int) -> float:
    """The CPU time a running process has used so far (Linux's /proc; its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def ssc_rdf(*args: str | Path) -> subprocess.CompletedProcess:
    """``ssc-rdf`` in a process of its own, as users run it."""
    return subprocess.run([sys.executable, "-m", "ssc_rdf.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=600)


def killed(args: list[str | Path], moment: float | Callable[[int], bool]) -> None:
    """Start ``ssc-rdf args`` and kill it with SIGKILL after ``moment`` seconds, or once
    ``moment(pid)`` holds."""
    process = subprocess.Popen([sys.executable, "-m", "ssc_rdf.cli", *map(str, args)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    try:
        while process.poll() is None:
            if time.monotonic() - start >= moment if isinstance(moment, float) else moment(process.pid):
                break
            time.sleep(0.01)  # the commits of an embedded load last a tenth of a second or two
        process.kill()
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the load ended before it was killed: give it more records"


def whole(counts: dict[str, int], corpus: Corpus, replace: bool) -> set[str]:
    """Check that every graph is old or wholly new; return the graphs still old."""
    assert counts[OTHER] == OTHER_TRIPLES
    new = {graph: n if replace else n + 1 for graph, n in corpus.triples.items()}  # + 1: MARK stays
    assert {graph: counts[graph] for graph in new if counts[graph] not in (1, new[graph])} == {}
    return {graph for graph in new if counts[graph] == 1}


# -- the embedded store ---------------------------------------------------------------------


def embedded_state(store_dir: Path) -> tuple[dict[str, int], int, int]:
    """Triples per named graph (staging ones included), the store's count, and the triples
    that are in the default graph or in a named graph but not in both."""
    store = EmbeddedStore(store_dir, read_only=True)
    counts = Counter(q.graph_name.value for q in store.store if isinstance(q.graph_name, ox.NamedNode))
    named = {q.triple for q in store.store
             if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.startswith(STAGING)}
    default = {q.triple for q in store.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return dict(counts), store.count(), len(named ^ default)


def committing(store_dir: Path, corpus: Corpus, replace: bool) -> Callable[[int], bool]:
    """Whether the load is half way through taking its graphs in: staging graphs are left
    while some graph is already new. (The store is read while the load writes it, which
    RocksDB allows; a read caught mid-write fails and is tried again.)"""
    first = sorted(corpus.triples)[0]  # graphs are taken in in this order
    done = corpus.triples[first] if replace else corpus.triples[first] + 1

    def check(_: int) -> bool:
        try:
            store = ox.Store.read_only(str(store_dir))
            staging = any(graph.value.startswith(STAGING) for graph in store.named_graphs())
            return staging and sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(first))) == done
        except (OSError, RuntimeError):  # RocksDB: files gone or not yet there
            return False

    return check


@pytest.mark.slow
@pytest.mark.parametrize("replace", [True, False], ids=["replace", "add"])
@pytest.mark.parametrize("moment", ["early", "middle", "committing"])
def test_a_killed_load_leaves_every_graph_whole_and_the_next_load_no_debris(corpus, tmp_path, request, replace, moment):
    store = tmp_path / "store"
    assert ssc_rdf("load", corpus.old, "--store", store, "--no-ontology").returncode == 0
    load = ["load", corpus.data, "--store", store, "--no-validate", "--no-ontology", *(["--replace"] * replace)]
    if moment == "early":
        killed(load, 0.5)
    elif moment == "middle":
        share = 0.6 * request.getfixturevalue("load_cpu")
        killed(load, lambda pid: cpu_seconds(pid) >= share)
    else:
        killed(load, committing(store, corpus, replace))

    counts, total, mismatches = embedded_state(store)
    whole(counts, corpus, replace)
    assert total == sum(n for graph, n in counts.items() if not graph.startswith(STAGING))
    assert mismatches == 0  # the default graph is the union of the graphs, and shows no staging graph
    left = sum(graph.startswith(STAGING) for graph in counts)
    if moment == "committing":
        assert left

    rerun = ssc_rdf(*load)
    assert rerun.returncode == 0, rerun.stderr
    assert ("dropped" in rerun.stderr) == bool(left)
    counts, total, mismatches = embedded_state(store)
    assert not [graph for graph in counts if graph.startswith(STAGING)]
    assert whole(counts, corpus, replace) == set()
    expected = sum(corpus.triples.values()) + OTHER_TRIPLES + (0 if replace else len(corpus.triples))
    assert total == expected and mismatches == 0
    assert f"the store holds {expected} quads" in rerun.stderr


def test_an_add_that_fails_part_way_leaves_no_partial_graph(tmp_path):
    """Regression: without ``replace``, each chunk went straight into its graphs."""
    store = EmbeddedStore(tmp_path / "store")
    store.add([ox.Quad(*MARK, ox.NamedNode(OTHER))])
    graph = ox.NamedNode("urn:test:graph")

    def failing():
        for i in range(10):
            yield ox.Quad(ox.NamedNode(f"urn:test:s{i}"), MARK.predicate, MARK.object, graph)
        raise InputError("broken record", path="records.xml")

    with pytest.raises(InputError):
        store.add(failing(), chunk=4)  # two chunks written before the failure
    assert Counter(str(q.graph_name) for q in store.store) == {f"<{OTHER}>": 1, "DEFAULT": 1}  # MARK, and the union


def test_staging_graphs_are_in_no_count_or_listing_and_go_when_the_store_is_next_opened(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.add([ox.Quad(*MARK, ox.NamedNode(OTHER))])
    store.store.add(ox.Quad(*MARK, ox.NamedNode(f"{STAGING}left-by-a-killed-load")))  # what a kill leaves
    assert store.count() == 1
    data = Dataset(store.store)
    for fmt in ("nquads", "trig"):
        assert STAGING.encode() not in data.dump(fmt)
    triples = {t.predicate.value: t.object.value for t in describe(data)}[VOID + "triples"]
    assert triples == "1"
    del data, store
    reopened = EmbeddedStore(tmp_path / "store")
    assert reopened.cleared == 1
    assert [graph.value for graph in reopened.store.named_graphs()] == [OTHER]


# -- a remote store ---------------------------------------------------------------------------


@pytest.fixture
def server(tmp_path):
    """A stock Oxigraph server: its default graph is a graph of its own, which ssc-rdf keeps
    the union of the others (the harder case)."""
    oxigraph = OxigraphServer(tmp_path / "oxigraph")
    yield oxigraph
    oxigraph.stop()


def select(server: OxigraphServer, query: str) -> list[dict]:
    response = httpx.post(server.query, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    response.raise_for_status()
    return response.json()["results"]["bindings"]


def remote_state(server: OxigraphServer) -> tuple[dict[str, int], int]:
    """Triples per named graph (staging ones included), and the triples that are in the default
    graph or in a named graph (not a staging one) but not in both."""
    rows = select(server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts = {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
    named = f'GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRSTARTS(STR(?g), "{STAGING}"))'
    mismatches = sum(len(select(server, query)) for query in (
        f"SELECT * WHERE {{ {named} FILTER NOT EXISTS {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ {named} }} }}"))
    return counts, mismatches


@pytest.mark.slow
# A replacement only: a remote addition into a store that takes N-Quads goes straight in,
# without staging graphs (not atomic by design; running it again completes it).
@pytest.mark.parametrize("replace", [True], ids=["replace"])
def test_a_killed_remote_load_leaves_every_graph_whole_and_the_next_load_no_debris(small_corpus, server, replace):
    corpus = small_corpus

    assert ssc_rdf("load", corpus.old, "--endpoint", server.store, "--no-ontology").returncode == 0
    load = ["load", corpus.data, "--endpoint", server.store, "--no-validate", "--no-ontology", "--chunk", "100",
            *(["--replace"] * replace)]
    # killed once the records' staging graphs are arriving: not on the capability probe's
    # one-quad staging graph, which the load drops before it sends a record (killed there, it
    # leaves no staging graph at all)
    killed(load, lambda _: any(row["g"]["value"].startswith(STAGING) and not row["g"]["value"].startswith(PROBE)
                               for row in select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")))

    counts, mismatches = remote_state(server)
    assert any(graph.startswith(STAGING) for graph in counts)
    whole(counts, corpus, replace)
    assert mismatches == 0
    visible = sum(n for graph, n in counts.items() if not graph.startswith(STAGING))
    assert RemoteStore(server.store).count() == visible

    rerun = ssc_rdf(*load)
    assert rerun.returncode == 0, rerun.stderr
    # every staging graph the killed load left: one per graph it had streamed (a replacement
    # sends them all before it swaps any in), or the probe's
    assert re.search(r"dropped [1-9][0-9]* staging graph\(s\)", rerun.stderr), rerun.stderr
    counts, mismatches = remote_state(server)
    assert not [graph for graph in counts if graph.startswith(STAGING)]
    assert whole(counts, corpus, replace) == set() and mismatches == 0
    expected = sum(corpus.triples.values()) + OTHER_TRIPLES + (0 if replace else len(corpus.triples))
    assert RemoteStore(server.store).count() == expected


@pytest.mark.slow
def test_a_killed_remote_addition_is_completed_by_running_it_again(small_corpus, server):
    """A remote addition into a store that takes N-Quads goes straight into the graphs (not
    atomic, by design): killed part-way, it leaves some graphs partly added to, and running it
    again completes every graph, each triple once, the union kept."""
    corpus = small_corpus
    assert ssc_rdf("load", corpus.old, "--endpoint", server.store, "--no-ontology").returncode == 0
    load = ["load", corpus.data, "--endpoint", server.store, "--no-validate", "--no-ontology", "--chunk", "100"]

    def adding(_: int) -> bool:  # some graph of the records holds more than the old data's one triple
        rows = select(server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return any(row["g"]["value"] in corpus.triples and int(row["n"]["value"]) > 1 for row in rows)

    killed(load, adding)
    counts, _ = remote_state(server)
    assert sum(counts[graph] for graph in corpus.triples) < sum(corpus.triples.values()) + len(corpus.triples)

    rerun = ssc_rdf(*load)
    assert rerun.returncode == 0, rerun.stderr
    counts, mismatches = remote_state(server)
    assert whole(counts, corpus, replace=False) == set() and mismatches == 0
    assert not [graph for graph in counts if graph.startswith(STAGING)]
    expected = sum(corpus.triples.values()) + OTHER_TRIPLES + len(corpus.triples)
    assert RemoteStore(server.store).count() == expected
