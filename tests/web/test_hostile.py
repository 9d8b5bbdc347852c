"""The server tried as an attacker would: huge bodies, floods of heavy queries, malformed
paths and bodies, literals made to break the page, queries that would call other servers."""

from __future__ import annotations

import glob
import json
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from starlette.testclient import TestClient

from ssc_rdf import api
from ssc_rdf.web.app import create_app
from ssc_rdf.web.dataset import Dataset
from ssc_rdf.web.guard import excerpt

from ..conftest import REPO, REVIEW
from ..servers import free_port, wait_until_up

BASE = "http://testserver/"
JSON = {"Accept": "application/sparql-results+json"}
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
HOSTILE_LABEL = "a <!--<script> b </script><p>c</p> & d"
SECURITY = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "same-origin"}


@pytest.fixture(scope="module")
def data() -> Dataset:
    return api.dataset([REVIEW], base=BASE)


@pytest.fixture(scope="module")
def client(data) -> TestClient:
    return TestClient(create_app(data, query_timeout=2, max_results=100))


@pytest.fixture(scope="module")
def small_body(data) -> TestClient:
    return TestClient(create_app(data, max_body=1000))


@pytest.fixture(scope="module")
def odd() -> TestClient:
    """IRIs with a percent-encoding and a non-ASCII character, a literal made to end the page."""
    store = ox.Store()
    for iri, label in ((BASE + "entity/a%20b", "with a space"), (BASE + "entity/é", "non-ASCII"),
                       (BASE + "entity/hostile", HOSTILE_LABEL)):
        store.add(ox.Quad(ox.NamedNode(iri), LABEL, ox.Literal(label)))
    return TestClient(create_app(Dataset(store, BASE)))


def assert_secure(response: httpx.Response) -> None:
    assert {name: response.headers.get(name) for name in SECURITY} == SECURITY, response.url
    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'" and "script-src" not in policy
    assert policy["frame-ancestors"] == "'none'" and policy["style-src"] == "'unsafe-inline'"


def test_every_response_has_the_security_headers(client, small_body):
    responses = [client.get("/"), client.get("/sparql"), client.get("/ontology/systemic-sclerosis.html"),
                 client.get("/ontology/systemic-sclerosis", follow_redirects=False),
                 client.get("/ontology/systemic-sclerosis.ttl"), client.get("/nothing-here"),
                 client.get("/ontology/systemic-sclerosis", headers={"Accept": "image/png"}),
                 client.put("/sparql"), client.get("/%FF"), client.get("/sparql", params={"query": "nonsense"}),
                 small_body.post("/sparql", content=b"x" * 1001, headers={"Content-Type": "application/sparql-query"})]
    assert [r.status_code for r in responses] == [200, 200, 200, 303, 200, 404, 406, 405, 400, 400, 413]
    for response in responses:
        assert_secure(response)


def test_a_server_error_has_the_security_headers_too(data):
    class Broken(Dataset):
        def dump(self, fmt: str) -> bytes:
            raise RuntimeError("a bug")

    response = TestClient(create_app(Broken(data.store, BASE)), raise_server_exceptions=False).get(
        "/download/dataset.ttl")
    assert response.status_code == 500 and "a bug" not in response.text
    assert_secure(response)


def test_a_body_beyond_the_limit_is_refused_as_it_arrives(small_body):
    client = small_body
    query = b"ASK {}" + b" " * 994
    assert client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query",
                                                          **JSON}).status_code == 200
    declared = client.post("/sparql", content=query + b" ", headers={"Content-Type": "application/sparql-query"})
    assert declared.status_code == 413 and declared.headers["connection"] == "close"
    assert declared.text == "Request body too large: the limit is 1000 bytes\n"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it arrives
        yield b"query=ASK+%7B%7D"
        for _ in range(100):
            yield b"+" * 100

    assert client.post("/sparql", content=chunks(),
                       headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 413


def test_a_huge_body_is_never_read_whole(data):
    """Straight to the ASGI app: it stops asking for the body once past the limit."""
    import asyncio

    app = create_app(data, max_body=100_000)
    asked, sent = 0, []

    async def receive() -> dict:
        nonlocal asked
        asked += 1
        return {"type": "http.request", "body": b"x" * 65_536, "more_body": asked < 1600}  # 100 MB in all

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/sparql", "raw_path": b"/sparql", "query_string": b"",
             "headers": [(b"content-type", b"application/sparql-query")], "root_path": "", "scheme": "http",
             "server": ("testserver", 80), "http_version": "1.1", "client": ("127.0.0.1", 1)}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413 and asked == 2


def test_errors_quote_the_client_only_in_a_short_excerpt(client):
    long_iri = "<http://example.org/" + "x" * 5000 + ">"
    for response in (client.post("/sparql", data={"query": f"SELECT * WHERE {{ SERVICE {long_iri} {{ ?s ?p ?o }} }}"}),
                     client.get("/" + "y" * 5000)):
        assert response.status_code in (400, 404) and "x" * 201 not in response.text and "y" * 201 not in response.text
    assert excerpt("a\nb\x00c\u202e") == "a\\nb\\x00c\\u202e" and excerpt("x" * 300) == "x" * 200 + "…"


@pytest.mark.parametrize("path, status", [
    ("/%FF", 400), ("/%C3%28", 400), ("/publication/doi/%FF.ttl", 400), ("/a%00b", 400), ("/ontology/%00", 400),
    ("/%0A", 400), ("/a%7Fb", 400), ("/a%20b", 404), ("/a%3Cb", 404), ("/a^b", 404), ("/a%7Bb", 404),
    ("/a%22b.ttl", 404), ("/%25FF", 404), ("/ontology/a%5Cb", 404), ("/ontology/a|b.html", 404),
])
def test_malformed_paths_are_client_errors(client, path, status):
    response = client.get(path, follow_redirects=False)  # a 500 would raise here, with its traceback
    assert response.status_code == status, response.text


@pytest.mark.parametrize("content_type, body, complaint", [
    ("application/sparql-query", b"ASK { FILTER(\"\xff\") }", "the query is not UTF-8"),
    ("application/x-www-form-urlencoded", b"query=ASK+%7B\xff%7D", "the form is not percent-encoded UTF-8"),
    ("application/x-www-form-urlencoded", b"query=ASK+%7B%FF%7D", "the form is not percent-encoded UTF-8"),
    ("application/x-www-form-urlencoded", b"&".join([b"a=1"] * 101), "the form has more than 100 fields"),
])
def test_malformed_bodies_are_400(client, content_type, body, complaint):
    response = client.post("/sparql", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 400 and complaint in response.text


def test_a_query_string_that_is_not_utf8_is_400(client):
    response = client.get("/sparql?query=ASK%20%7B%FF%7D")
    assert response.status_code == 400 and "the query string is not percent-encoded UTF-8" in response.text


def test_iris_with_percent_encodings_or_non_ascii_dereference(odd):
    for path in ("/entity/a%20b", "/entity/%C3%A9"):
        response = odd.get(path, headers={"Accept": "text/turtle"}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == path + ".ttl"
        assert odd.get(path + ".ttl").status_code == odd.get(path + ".html").status_code == 200
    assert "with a space" in odd.get("/entity/a%20b.html").text


def test_embedded_jsonld_cannot_end_or_blank_the_page(odd):
    html = odd.get("/entity/hostile.html").text
    script = html.split('<script type="application/ld+json">', 1)[1]
    block, rest = script.split("</script>", 1)
    assert not set(block) & set("<>&")
    assert "a &lt;!--&lt;script&gt; b" in rest and "</table>" in rest and "</html>" in rest
    page, document = (Graph().parse(data=block, format="json-ld"),
                      Graph().parse(data=odd.get("/entity/hostile.nt").content, format="nt"))
    for graph, suffix in ((page, "html"), (document, "nt")):  # each document describes itself
        graph.remove((URIRef(f"{BASE}entity/hostile.{suffix}"), None, None))
    assert isomorphic(page, document)
    assert json.loads(block)["@graph"][0]["label"] == HOSTILE_LABEL


@pytest.fixture
def listener() -> Iterator[str]:
    """A listening socket: ``http://127.0.0.1:PORT/``; no connection may reach it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
        sock.setblocking(False)
        with pytest.raises(BlockingIOError):
            sock.accept()


def test_dataset_clauses_load_nothing(client, listener):
    for query in (f"SELECT * FROM <{listener}x> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{listener}x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ GRAPH <{listener}x> {{ ?s ?p ?o }} }}",
                  f"SELECT * FROM <{listener}x> FROM NAMED <{listener}y> WHERE {{ ?s ?p ?o }}"):
        response = client.get("/sparql", params={"query": query}, headers=JSON)
        assert response.status_code == 200 and response.json()["results"]["bindings"] == [], query
    describe = client.get("/sparql", params={"query": f"DESCRIBE <{listener}x>"}, headers={"Accept": "text/turtle"})
    assert describe.status_code == 200 and not Graph().parse(data=describe.text, format="turtle")
    assert client.post("/sparql", content=f"LOAD <{listener}x>",
                       headers={"Content-Type": "application/sparql-update"}).status_code == 403


def test_a_query_slow_to_parse_is_stopped_at_the_time_limit(client):
    """rdflib needs tens of seconds for this VALUES list, holding the interpreter: it parses in a child."""
    started = time.monotonic()
    response = client.post("/sparql", data={"query": "ASK { VALUES ?x { " + "1 " * 100_000 + "} }"}, headers=JSON)
    assert response.status_code == 503 and "time limit of 2 s" in response.text
    assert time.monotonic() - started < 5


def test_a_query_beyond_its_memory_is_stopped(data):
    small = TestClient(create_app(data, query_memory=64 * 2**20))
    response = small.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d"},
                         headers=JSON)
    assert response.status_code == 503 and "needed more than 64 MB" in response.text
    assert small.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON).json()["boolean"] is True


# 50 heavy queries at once, from a process of their own (its threads would slow the test's own requests)
FLOOD = """
import json, sys, threading, httpx
client = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=50))
answers = []
def ask():
    r = client.get(sys.argv[1], params={"query": sys.argv[2]}, headers={"Accept": "application/sparql-results+json"})
    answers.append((r.status_code, r.headers.get("retry-after"), r.text))
threads = [threading.Thread(target=ask) for _ in range(50)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(answers))
"""


def children(pid: int) -> list[int]:
    """The processes ``pid`` has started (Linux's /proc)."""
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(stat.split("/")[2]))
        except (OSError, IndexError, ValueError):
            pass
    return found


def test_serve_holds_against_an_attack(tmp_path, listener):
    """``ssc-rdf serve`` on 127.0.0.1: a SERVICE query, a file name as query, a 100 MB body and 50
    heavy queries at once; pages answer within a second throughout and nothing calls out."""
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "ssc_rdf.cli", "serve", str(REVIEW), "--port", str(port),
                                   "--query-timeout", "3", "--max-queries", "4"], cwd=REPO, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(base, server, seconds=60)
        pages = httpx.Client(base_url=base, timeout=10)
        page_times: list[float] = []

        def page() -> None:
            for path in ("", "ontology/systemic-sclerosis.html", "publication/doi/10.1038/s41409-021-01492-7.ttl"):
                started = time.monotonic()
                assert pages.get(path).status_code == 200
                page_times.append(time.monotonic() - started)

        page()  # rendered once and cached, as after any first visit
        page_times.clear()
        service = pages.get("sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{listener}> {{ ?s ?p ?o }} }}"})
        assert service.status_code == 400 and "SERVICE" in service.text
        assert pages.get("sparql", params={"query": "/etc/passwd"}).status_code == 400
        assert pages.get("sparql", params={"query": f"SELECT * FROM <{listener}g> WHERE {{ ?s ?p ?o }}"},
                         headers=JSON).status_code == 200

        def hundred_megabytes() -> Iterator[bytes]:
            for _ in range(100):
                page()
                yield b"#" * 2**20

        huge = httpx.post(base + "sparql", content=hundred_megabytes(),
                          headers={"Content-Type": "application/sparql-query"})
        assert huge.status_code == 413

        flood = subprocess.Popen([sys.executable, "-c", FLOOD, base + "sparql", HEAVY], stdout=subprocess.PIPE,
                                 text=True)
        most_queries = 0  # query processes: children of the server's zygote
        while flood.poll() is None:
            page()
            most_queries = max(most_queries, sum(len(children(zygote)) for zygote in children(server.pid)))
            time.sleep(0.05)
        answers = json.loads(flood.stdout.read())
        statuses = Counter((status, retry) for status, retry, _ in answers)
        assert set(statuses) == {(503, "3"), (503, None)}  # turned away, or stopped at the time limit
        assert statuses[503, "3"] >= 50 - 3 * 4 and 0 < statuses[503, None] <= 3 * 4, statuses
        assert "Too many queries at once" in next(text for _, retry, text in answers if retry)
        assert 0 < most_queries <= 4
        assert max(page_times) < 1.0, sorted(page_times)[-5:]
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not re.search("Traceback|Error", log.read_text()), log.read_text()[-2000:]
