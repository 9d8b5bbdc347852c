"""Loading into a real Oxigraph server over the Graph Store Protocol, and what goes wrong."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from click.testing import CliRunner

from ssc_rdf import api
from ssc_rdf.cli import main
from ssc_rdf.sinks.base import QuadSink
from ssc_rdf.sinks.embedded import EmbeddedStore
from ssc_rdf.sinks.graph_store import Endpoints, RemoteStore, default_graph_is_union
from ssc_rdf.sparql.catalogue import named_queries

from ..conftest import REVIEW, review_counts
from ..servers import OxigraphServer, VirtuosoServer, free_port

TOTAL, _ = review_counts()

GRAPH = "https://w3id.org/ssc-rdf/id/graph/velier-2022"
SECRET = "s3cret-Pa55"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    oxigraph = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    yield oxigraph
    oxigraph.stop()


@pytest.fixture
def review_nt(tmp_path) -> Path:
    path = tmp_path / "velier-2022.nt"
    api.write(api.convert([str(REVIEW)]), str(path))
    return path


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


def count(server, graph: str | None = None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    response = httpx.post(server.query, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                          headers={"Accept": "application/sparql-results+json"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(params=["oxigraph", "virtuoso"])
def any_server(request):
    return request.getfixturevalue("server" if request.param == "oxigraph" else "virtuoso")


def test_load_twice_and_replace(cli, any_server, review_nt, tmp_path):
    server = any_server
    result = cli("load", str(review_nt), "--endpoint", server.store, "--chunk", "100")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"[0-9,]+ (quads|triples)/s", result.stderr)
    assert count(server, GRAPH) == TOTAL
    total = count(server)
    assert cli("load", str(review_nt), "--endpoint", server.store, "--chunk", "100").exit_code == 0
    assert count(server) == total
    changed = tmp_path / "velier-2022.ttl"
    changed.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    assert cli("load", str(changed), "--endpoint", server.store, "--replace").exit_code == 0
    assert count(server, GRAPH) == 1


class _Proxy(http.server.BaseHTTPRequestHandler):
    """Forwards to the real server, but answers 500 to the Nth POST to the store."""

    target = ""
    fail_on = 0
    posts = 0

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/store"):
            type(self).posts += 1
            if type(self).posts == type(self).fail_on:
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"injected failure")
                return
        response = httpx.post(self.target + self.path, content=body,
                              headers={k: v for k, v in self.headers.items() if k.lower() != "host"})
        self.send_response(response.status_code)
        for key, value in response.headers.items():
            if key.lower() not in ("transfer-encoding", "content-length", "connection"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(response.content)))
        self.end_headers()
        self.wfile.write(response.content)

    def log_message(self, *args):
        pass


def _serve(handler) -> tuple[http.server.HTTPServer, str]:
    httpd = http.server.HTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}"


def test_a_load_interrupted_by_a_server_error_leaves_the_old_graph(cli, server, review_nt):
    assert cli("load", str(review_nt), "--endpoint", server.store, "--replace").exit_code == 0
    before = count(server)
    _Proxy.target, _Proxy.fail_on, _Proxy.posts = server.base, 3, 0
    httpd, base = _serve(_Proxy)
    try:
        result = cli("load", str(review_nt), "--endpoint", f"{base}/store", "--replace", "--chunk", "50",
                     "--no-ontology")
    finally:
        httpd.shutdown()
    assert result.exit_code == 2
    assert "500" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert count(server) == before  # no partial graph, no staging graph left behind
    assert count(server, GRAPH) == TOTAL


class _Flaky(_Proxy):
    """Answers 503 Service Unavailable to the first POST to the store, then forwards."""

    def do_POST(self):
        if self.path.startswith("/store") and type(self).posts == 0:
            type(self).posts += 1
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_POST()


def test_transient_failures_are_retried_with_backoff(cli, server, review_nt):
    _Flaky.target, _Flaky.fail_on, _Flaky.posts = server.base, 0, 0
    httpd, base = _serve(_Flaky)
    try:
        result = cli("load", str(review_nt), "--endpoint", f"{base}/store", "--replace", "--no-ontology")
    finally:
        httpd.shutdown()
    assert result.exit_code == 0, result.stderr
    assert "503" in result.stderr and "retrying in 0.5 s" in result.stderr
    assert count(server, GRAPH) == TOTAL


class _Unauthorized(http.server.BaseHTTPRequestHandler):
    def _deny(self):
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="store"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = _deny

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("how", ["url", "environment"])
def test_401_is_one_line_and_the_password_never_shows(cli, review_nt, monkeypatch, how):
    httpd, base = _serve(_Unauthorized)
    try:
        if how == "url":
            endpoint = f"http://curator:{SECRET}@{base.removeprefix('http://')}/store"
        else:
            endpoint = f"{base}/store"
            monkeypatch.setenv("SSC_RDF_USER", "curator")
            monkeypatch.setenv("SSC_RDF_PASSWORD", SECRET)
        for args in (["load", str(review_nt), "--endpoint", endpoint],
                     ["-v", "load", str(review_nt), "--endpoint", endpoint],
                     ["query", "therapies-by-route", "--endpoint", endpoint.replace("/store", "/query")]):
            result = cli(*args)
            assert result.exit_code == 2
            assert "401" in result.stderr
            assert SECRET not in result.output and SECRET not in result.stderr
            if args[0] != "-v":
                assert len(result.stderr.strip().splitlines()) == 1
    finally:
        httpd.shutdown()


def test_refused_connection_and_wrong_endpoint(cli, server, review_nt):
    nobody = f"http://127.0.0.1:{free_port()}/store"
    result = cli("load", str(review_nt), "--endpoint", nobody, "--timeout", "2")
    assert result.exit_code == 2 and "cannot connect" in result.stderr and "Traceback" not in result.stderr
    result = cli("load", str(review_nt), "--endpoint", f"{server.base}/nothing/store")
    assert result.exit_code == 2 and "404" in result.stderr
    result = cli("load", str(review_nt), "--endpoint", f"{server.base}/elsewhere")
    assert result.exit_code == 2 and "--query-endpoint" in result.stderr



QUESTIONS = sorted(named_queries())


def _cli(*args: str):
    """``ssc-rdf`` in-process, for module-scoped fixtures (the ``cli`` fixture is per test)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result


def _rows(server, query: str) -> list[dict]:
    response = httpx.post(server.query, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return response.json()["results"]["bindings"]


def _union_mismatches(server) -> int:
    """Triples in a named graph but not in the default graph, and the other way round."""
    return sum(len(_rows(server, q)) for q in (
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"))


@pytest.fixture(scope="module")
def union_server(tmp_path_factory):
    oxigraph = OxigraphServer(tmp_path_factory.mktemp("oxigraph-union"), union_default_graph=True)
    yield oxigraph
    oxigraph.stop()


def test_the_embedded_and_the_remote_store_are_both_quad_sinks(server):
    assert isinstance(EmbeddedStore(), QuadSink) and isinstance(RemoteStore(server.store), QuadSink)


def test_the_probe_tells_a_union_default_graph_from_a_graph_of_its_own(server, union_server, virtuoso):
    found = [default_graph_is_union(Endpoints.derive(s.store), timeout=30) for s in (server, union_server, virtuoso)]
    assert found == [False, True, True]


def test_the_questions_find_a_review_loaded_into_a_stock_server(cli, server):
    """Regression: on a store whose default graph is not the union, every question found nothing."""
    assert cli("load", str(REVIEW), "--endpoint", server.store).exit_code == 0
    empty = [name for name in QUESTIONS
             if len(cli("query", name, "--endpoint", server.query, "-f", "csv").stdout_bytes.splitlines()) < 2]
    assert empty == []
    assert _union_mismatches(server) == 0


@pytest.fixture(scope="module")
def stores(server, union_server, virtuoso, tmp_path_factory) -> dict[str, list[str]]:
    """The bundled review loaded as ``ssc-rdf load`` does into every kind of store; for each,
    the arguments that point ``ssc-rdf query`` at it. ``--replace``: other tests share the servers."""
    store = tmp_path_factory.mktemp("embedded") / "store"
    _cli("load", str(REVIEW), "--store", str(store))
    for remote in (server, union_server, virtuoso):
        _cli("load", str(REVIEW), "--endpoint", remote.store, "--replace", "--timeout", "30")
    return {"files": ["--data", str(REVIEW)], "embedded store": ["--store", str(store)],
            "stock Oxigraph server": ["--endpoint", server.query],
            "Oxigraph server with --union-default-graph": ["--endpoint", union_server.query],
            "Virtuoso": ["--endpoint", virtuoso.query]}


@pytest.mark.parametrize("name", QUESTIONS)
def test_every_store_gives_the_same_answers_byte_for_byte(stores, name):
    answers = {where: _cli("query", name, *args, "-f", "csv", "--timeout", "30").stdout_bytes
               for where, args in stores.items()}
    assert len(answers["files"].splitlines()) > 1
    assert answers == dict.fromkeys(stores, answers["files"])


def test_replace_on_a_stock_server_mends_the_default_graph(cli, server, tmp_path):
    ex = "http://example.org/union/"
    shared, own = f"<{ex}a> <{ex}b> <{ex}shared> .\n", f"<{ex}a> <{ex}b> <{ex}only-one> .\n"
    (tmp_path / "union-one.nt").write_text(shared + own)
    (tmp_path / "union-two.nt").write_text(shared)
    for name in ("union-one.nt", "union-two.nt", "union-two.nt"):
        assert cli("load", str(tmp_path / name), "--endpoint", server.store, "--no-ontology").exit_code == 0

    def default_graph() -> list[str]:
        return [row["o"]["value"] for row in _rows(server, f"SELECT ?o WHERE {{ <{ex}a> <{ex}b> ?o }} ORDER BY ?o")]

    assert default_graph() == [f"{ex}only-one", f"{ex}shared"]  # each triple once
    (tmp_path / "union-one.nt").write_text(shared)  # a replacement takes away what only it said
    assert cli("load", str(tmp_path / "union-one.nt"), "--endpoint", server.store, "--replace",
               "--no-ontology").exit_code == 0
    assert default_graph() == [f"{ex}shared"]  # what the other graph also holds stays
    assert _union_mismatches(server) == 0
    staging = _rows(server, 'SELECT ?g WHERE { GRAPH ?g {} FILTER(STRSTARTS(STR(?g), "urn:ssc-rdf:")) }')
    assert staging == []


class _Recorder(_Proxy):
    """Forwards everything and records each POST to the store: its headers and size."""

    seen: ClassVar[list[tuple[str, str, int]]] = []

    def do_POST(self):
        if self.path.startswith("/store"):
            type(self).seen.append((self.headers.get("Content-Type", ""), self.headers.get("Content-Encoding", ""),
                                    int(self.headers.get("Content-Length", 0))))
        super().do_POST()


def test_a_store_that_takes_nquads_gets_the_load_in_one_gzip_request(cli, server, tmp_path):
    """Regression: 1M quads went as 20 requests of 50k N-Triples per graph (8,315 quads/s)."""
    records = tmp_path / "records.xml"
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "corpus" / "pubmed_xml" / "biopython__pubmed4.xml",
                records)
    _Recorder.target, _Recorder.fail_on, _Recorder.posts, _Recorder.seen = server.base, 0, 0, []
    httpd, base = _serve(_Recorder)
    try:
        result = cli("load", str(REVIEW), str(records), "--endpoint", f"{base}/store", "--replace", "--no-ontology")
    finally:
        httpd.shutdown()
    assert result.exit_code == 0, result.stderr
    data = [s for s in _Recorder.seen if s[2] > 1000]  # not the two one-quad probes
    assert [(kind, encoding) for kind, encoding, _ in data] == [("application/n-quads", "gzip")]
    expected: dict[str, set] = {}
    for quad in api.convert([str(REVIEW), str(records)]).quads():
        expected.setdefault(quad.graph_name.value, set()).add(quad.triple)
    assert len(expected) >= 3
    for name, triples in expected.items():
        assert count(server, name) == len(triples), name
    assert "graph(s) sent in 1 request(s) (gzip)" in result.stderr


def test_virtuoso_bulk_loader_adds_and_replaces(cli, virtuoso, review_nt):
    """``--bulk``: files in a directory Virtuoso may read, loaded by rdf_loader_run(), then removed."""
    result = cli("load", str(review_nt), "--endpoint", virtuoso.store, "--bulk", str(virtuoso.directory),
                 "--isql", virtuoso.sql, "--no-ontology")
    assert result.exit_code == 0, result.stderr
    assert "Virtuoso's bulk loader" in result.stderr
    assert count(virtuoso, GRAPH) == TOTAL
    assert not list(virtuoso.directory.glob("ssc-rdf-*.nq.gz"))
    result = cli("load", str(review_nt), "--endpoint", virtuoso.store, "--bulk", str(virtuoso.directory),
                 "--isql", virtuoso.sql, "--no-ontology", "--replace")
    assert result.exit_code == 0, result.stderr
    assert count(virtuoso, GRAPH) == TOTAL
    staging = httpx.post(virtuoso.query, data={"query": 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } '
                                                        'FILTER(STRSTARTS(STR(?g), "urn:ssc-rdf:staging:")) }'},
                         headers={"Accept": "application/sparql-results+json"})
    assert staging.json()["results"]["bindings"][0]["n"]["value"] == "0"


def test_virtuoso_bulk_loader_errors_are_one_line(cli, virtuoso, review_nt, tmp_path, monkeypatch):
    monkeypatch.setenv("SSC_RDF_ISQL_PASSWORD", SECRET)
    result = cli("load", str(review_nt), "--endpoint", virtuoso.store, "--bulk", str(virtuoso.directory),
                 "--isql", virtuoso.sql, "--no-ontology")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "isql" in result.stderr
    assert SECRET not in result.stderr
    assert not list(virtuoso.directory.glob("ssc-rdf-*.nq.gz"))
    result = cli("load", str(review_nt), "--bulk", str(tmp_path))
    assert result.exit_code == 2 and "--bulk needs --endpoint" in result.stderr
