"""Running prepared queries: on a store under a time limit, cut at a limit while reading,
and on a SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

import glob
import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from rdflib import Graph

from ssc_rdf import api
from ssc_rdf.rdf import DEFAULT_BASE
from ssc_rdf.sparql.formats import choose_format
from ssc_rdf.sparql.prepare import prepare
from ssc_rdf.sparql.run import Graphs, LocalRunner, QueryOutOfMemory, QueryTimeout, run_local, run_remote

from ..conftest import REVIEW
from .cases import VALID


@pytest.fixture(scope="module")
def store():
    return api.dataset([REVIEW]).store


def run(store, query: str, fmt: str | None = None, limit: int | None = None, **options):
    prepared = prepare(query)
    return run_local(prepared, store, fmt=choose_format(prepared.kind, fmt), limit=limit, **options)


@pytest.mark.parametrize("query, kind", VALID)
def test_valid_sparql_runs(store, query, kind):
    result = run(store, query, "json" if kind in ("SELECT", "ASK") else "nt")
    assert result.kind == kind
    if kind == "SELECT":
        assert result.rows()[1]
    elif kind == "ASK":
        assert result.data in (b'{"head":{},"boolean":true}', b'{"head":{},"boolean":false}')
    else:
        assert len(Graph().parse(data=result.data, format="nt")) > 0


def test_limit_cuts_while_reading_and_says_so(store):
    result = run(store, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 # comment", "csv", limit=1)
    assert len(result.data.decode().strip().splitlines()) == 1 + 1 and result.truncated
    result = run(store, "SELECT ?t WHERE { ?t ssc:hasRoute ?r } VALUES ?r { ssc:intravenous }", "json", limit=5)
    assert len(result.rows()[1]) == 1 and not result.truncated
    result = run(store, "CONSTRUCT WHERE { ?s ?p ?o }", "nt", limit=7)
    assert len(Graph().parse(data=result.data, format="nt")) == 7 and result.truncated


def test_cut_solutions_keep_their_terms(store):
    query = ('SELECT ?s ?o ?none WHERE { { SELECT ?s (42 AS ?o) WHERE { ?s ?p ?x FILTER(isBlank(?s)) } LIMIT 1 } '
             'UNION { VALUES (?s ?o) { (<http://e/a> "tab\\tand \\"quotes\\""@en) (<http://e/c> "x") } } '
             'OPTIONAL { ?s <http://e/nothing> ?none } } ORDER BY DESC(isBlank(?s)) ?s')
    whole, cut = run(store, query, "json"), run(store, query, "json", limit=2)
    bindings = json.loads(whole.data)["results"]["bindings"]
    assert len(bindings) == 3 and bindings[0]["s"]["type"] == "bnode" and bindings[1]["o"]["xml:lang"] == "en"
    assert json.loads(cut.data) == {"head": {"vars": ["s", "o", "none"]}, "results": {"bindings": bindings[:2]}}
    for fmt in ("xml", "tsv"):
        assert run(store, query, fmt, limit=2).rows() == cut.rows()


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_runaway_query_is_stopped(store):
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        run(store, HEAVY, timeout=1)


def test_a_query_beyond_its_memory_is_stopped(store):
    with pytest.raises(QueryOutOfMemory, match="memory limit of 64 MB"):
        run(store, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d", memory=64 * 2**20)


@pytest.fixture(scope="module")
def runner(store):
    runner = LocalRunner(store, memory=256 * 2**20)
    yield runner
    runner.close()


def children(pid: int) -> list[int]:
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(stat.split("/")[2]))
        except (OSError, IndexError, ValueError):
            pass
    return found


def test_the_runner_answers_as_run_local_without_forking_this_process(runner, store, monkeypatch):
    query = "SELECT ?t ?r WHERE { ?t ssc:hasRoute ?r } ORDER BY ?t ?r"
    expected = run(store, query, "csv", limit=3)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("the server's process forked"))
    prepared = runner.prepare(query, timeout=10)
    assert runner.run(prepared, fmt="csv", limit=3, timeout=10) == expected


def test_the_runner_queries_the_graphs_it_is_given(runner):
    """The protocol's dataset (default-graph-uri, named-graph-uri) overrides FROM; named graphs
    alone leave the default graph empty."""
    count = runner.prepare("SELECT (COUNT(*) AS ?n) FROM <urn:none> WHERE { ?s ?p ?o }", timeout=10)
    graph = f"{DEFAULT_BASE}graph/provenance/velier-2022"

    def n(graphs: Graphs) -> int:
        return int(runner.run(count, fmt="json", timeout=10, graphs=graphs).table()[1][0][0])

    assert n(Graphs()) == 0 and n(Graphs(default=(graph,))) > 0 and n(Graphs(named=(graph,))) == 0
    names = runner.prepare("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=10)
    assert runner.run(names, fmt="json", timeout=10, graphs=Graphs(named=(graph,))).table() == (["g"], [[graph]])


def test_every_kind_of_answer_as_a_table(store):
    assert run(store, "ASK {}", "json").table() == (["answer"], [["yes"]])
    names, rows = run(store, "CONSTRUCT WHERE { ?t ssc:hasRoute ?r }", "nt").table()
    assert names == ["subject", "predicate", "object"] and rows
    assert {row[1] for row in rows} == {"https://w3id.org/ssc-rdf/ontology#hasRoute"}


def test_the_runner_parses_under_the_time_limit_and_its_children_stop_themselves(runner):
    """rdflib needs tens of seconds to parse this VALUES list; the child's own alarm ends it."""
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        runner.prepare("ASK { VALUES ?x { " + "1 " * 100_000 + "} }", timeout=1)
    with pytest.raises(QueryTimeout):
        runner.run(runner.prepare(HEAVY, timeout=10), fmt="json", timeout=1)
    assert time.monotonic() - started < 5
    while children(runner._zygote.pid) and time.monotonic() - started < 10:
        time.sleep(0.1)
    assert not children(runner._zygote.pid)


def test_the_runner_survives_a_child_out_of_memory(runner):
    with pytest.raises(QueryOutOfMemory):
        runner.run(runner.prepare("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d", timeout=10),
                   fmt="json", timeout=30)
    assert runner.run(runner.prepare("ASK { ?s ?p ?o }", timeout=10), fmt="json", timeout=10).data == (
        b'{"head":{},"boolean":true}')


def test_a_service_disguised_by_escapes_calls_nobody(store):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        target = f"<http://127.0.0.1:{listener.getsockname()[1]}/>"
        run(store, f'SELECT * WHERE {{ ?s ?p ?o FILTER("\\u0022") SERVICE SILENT {target} {{ ?a ?b ?c }} '
                   'FILTER("\\u0022") }', "json", timeout=5)
        listener.setblocking(False)
        with pytest.raises(BlockingIOError):
            listener.accept()


class Endpoint(BaseHTTPRequestHandler):
    """Answers every POST with ``answer`` as ``content_type``, whatever was asked; keeps the requests."""

    answer, content_type, requests = b"", "", []

    def do_POST(self) -> None:  # http.server's name
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        type(self).requests.append((self.headers["Accept"], form["query"][0]))
        self.send_response(200)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.answer)))
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Endpoint.requests = []
    yield Endpoint, f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    thread.join()


def test_remote_query_declares_the_project_prefixes_it_lacks(endpoint):
    handler, url = endpoint
    handler.answer = b'{"head":{"vars":["a","b"]},"results":{"bindings":[]}}'
    handler.content_type = "application/sparql-results+json"
    result = run_remote(prepare("PREFIX ssc: <http://other/> SELECT * WHERE { ?a ssc:p ?b }"), url, fmt="csv")
    assert result.data == b"a,b\r\n"  # a SELECT is asked as JSON and written again by pyoxigraph
    accept, sent = handler.requests[0]
    assert accept == "application/sparql-results+json" and prepare(sent).prefixes >= {"ssc", "rdfs", "dcterms"}
    assert "PREFIX ssc: <http://other/>" in sent and "PREFIX ssc: <https://" not in sent


def test_remote_csv_to_cut_is_asked_as_json(endpoint, store):
    handler, url = endpoint
    handler.answer = run(store, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", "json").data
    handler.content_type = "application/sparql-results+json"
    result = run_remote(prepare("SELECT ?s WHERE { ?s ?p ?o }"), url, fmt="csv", limit=2)
    assert handler.requests[0][0] == "application/sparql-results+json"
    assert len(result.data.decode().strip().splitlines()) == 1 + 2 and result.truncated


def test_remote_graph_in_another_rdf_format_is_converted(endpoint):
    handler, url = endpoint
    handler.answer = b"<http://e/a> <http://e/p> <http://e/b> .\n<http://e/b> <http://e/p> <http://e/c> .\n"
    handler.content_type = "application/n-triples"
    result = run_remote(prepare("CONSTRUCT WHERE { ?s ?p ?o }"), url, fmt="turtle")
    assert handler.requests[0][0] == "text/turtle" and result.media_type == "text/turtle"
    assert len(Graph().parse(data=result.data, format="turtle")) == 2
