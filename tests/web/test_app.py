"""The linked-data server over HTTP: negotiation, 303s, suffixes, errors, SPARQL, VoID."""

from __future__ import annotations

import json
import shutil
import socket
import time

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from starlette.testclient import TestClient

from ssc_rdf import api
from ssc_rdf.rdf.typed import to_bytes
from ssc_rdf.sparql.catalogue import named_queries
from ssc_rdf.web.app import create_app
from ssc_rdf.web.dataset import Dataset

from ..conftest import REVIEW
from ..servers import missing
from ..sparql.cases import VALID

BASE = "http://testserver/"
REVIEW_PATH = "/publication/doi/10.1038/s41409-021-01492-7"
FORMATS = {  # Accept -> (suffix, Content-Type, rdflib format)
    "text/turtle": ("ttl", "text/turtle; charset=utf-8", "turtle"),
    "application/ld+json": ("jsonld", "application/ld+json; charset=utf-8", "json-ld"),
    "application/n-triples": ("nt", "application/n-triples; charset=utf-8", "nt"),
    "application/rdf+xml": ("rdf", "application/rdf+xml", "xml"),
}


@pytest.fixture(scope="module")
def data() -> Dataset:
    return api.dataset([REVIEW], base=BASE)


@pytest.fixture(scope="module")
def client(data) -> TestClient:
    return TestClient(create_app(data, query_timeout=2, max_results=100))


def expected_graph(data: Dataset, path: str, ext: str = "nt") -> Graph:
    """The resource's document at suffix ``ext``, read as N-Triples (its metadata names the document's own URL)."""
    iri = BASE + path.lstrip("/")
    triples = [*data.description(iri), *data.metadata(iri, ext)]
    return Graph().parse(data=to_bytes(triples, ox.RdfFormat.N_TRIPLES), format="nt")


@pytest.mark.parametrize("accept", list(FORMATS))
def test_resource_negotiates_every_rdf_format(client, data, accept):
    suffix, content_type, fmt = FORMATS[accept]
    response = client.get(REVIEW_PATH, headers={"Accept": accept}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["vary"] == "Accept"
    assert response.headers["location"] == f"{REVIEW_PATH}.{suffix}"
    document = client.get(response.headers["location"])
    assert document.status_code == 200
    assert document.headers["content-type"] == content_type and document.headers["vary"] == "Accept"
    got = Graph().parse(data=document.content, format=fmt)
    assert isomorphic(got, expected_graph(data, REVIEW_PATH, suffix)) and len(got) > 30


def test_html_for_browsers_and_anything(client):
    for accept in ("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "*/*", None):
        headers = {"Accept": accept} if accept else {}
        response = client.get(REVIEW_PATH, headers=headers, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == f"{REVIEW_PATH}.html"
    page = client.get(f"{REVIEW_PATH}.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


def test_q_values_decide(client):
    response = client.get(REVIEW_PATH, headers={"Accept": "text/turtle;q=0.4, application/rdf+xml;q=0.9, "
                                                          "text/html;q=0.1"}, follow_redirects=False)
    assert response.headers["location"].endswith(".rdf")
    response = client.get(REVIEW_PATH, headers={"Accept": "application/ld+json, text/turtle;q=0.5"},
                          follow_redirects=False)
    assert response.headers["location"].endswith(".jsonld")


def test_unknown_is_404_and_unacceptable_is_406(client):
    assert client.get("/publication/doi/10.9999/none").status_code == 404
    assert client.get("/publication/doi/10.9999/none.ttl").status_code == 404
    response = client.get(REVIEW_PATH, headers={"Accept": "image/png"}, follow_redirects=False)
    assert response.status_code == 406 and response.headers["vary"] == "Accept"


def test_not_found_is_an_html_page_with_ways_back(client):
    response = client.get("/entity/no-such-entity", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in response.text and 'href="/sparql"' in response.text
    assert "http://testserver/entity/no-such-entity" in response.text


def test_every_resource_under_the_base_dereferences(client, data):
    for iri in data.resources[:60]:
        path = "/" + iri[len(BASE):]
        response = client.get(path, headers={"Accept": "text/turtle"}, follow_redirects=True)
        assert response.status_code == 200, path


def test_page_shows_labels_links_and_embedded_jsonld(client, data):
    html = client.get(f"{REVIEW_PATH}.html").text
    assert "Combining systemic and locally applied cellular therapies" in html
    assert 'href="https://doi.org/10.1038/s41409-021-01492-7"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/34663928/"' in html
    assert "Linked from" in html
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    embedded = Graph().parse(data=script, format="json-ld")
    assert isomorphic(embedded, expected_graph(data, REVIEW_PATH, "html"))


def test_evidence_sentence_beside_curated_statements(client):
    html = client.get("/ontology/intravenous-msc-injection.html").text
    row = html.split('title="https://w3id.org/ssc-rdf/ontology#hasRoute"')[1].split("</tr>")[0]
    assert "intravenous route" in row
    assert "Evidence: “The first part will focus on systemically injected therapies" in row
    disease = client.get("/ontology/systemic-sclerosis", headers={"Accept": "text/html"}, follow_redirects=True)
    assert disease.status_code == 200 and "Linked from" in disease.text
    ontology = client.get("/ontology", headers={"Accept": "text/html"}).text
    assert 'id="intravenous-msc-injection"' in ontology and "SystemicCellTherapy" in ontology
    assert "MONDO_0005100" in ontology


def test_a_hedged_statement_shows_its_modality(client):
    """ "with the goal to act on": no plain triple, but the therapy's page and the statement's page
    show the statement, its modality next to its evidence."""
    html = client.get("/ontology/cellular-therapy.html").text
    row = html.split('title="https://w3id.org/ssc-rdf/ontology#targetsComponent"')[1].split("</tr>")[0]
    assert "immune system" in row
    assert ('<span class="badge modality">aimed at</span> Evidence: “In this context, '
            '<mark>cellular therapy approaches</mark>') in row
    statement = client.get("/statement/velier-2022/cellular-therapy--targetsComponent--immune-system.html").text
    row = statement.split('title="https://w3id.org/ssc-rdf/ontology#modality"')[1].split("</tr>")[0]
    assert "aimed at" in row


def test_home_page_starts_from_disease_therapies_and_review(client):
    html = client.get("/", headers={"Accept": "text/html"}).text
    assert "systemic sclerosis" in html and "autologous haematopoietic stem cell transplantation" in html
    # also the therapies the review limits to manifestations, or reports as insufficient
    assert "adipose-derived regenerative cell therapy" in html and "conventional therapies" in html
    assert 'name="viewport"' in html and "<script src" not in html


def test_ontology_at_its_own_iri(client):
    response = client.get("/ontology", headers={"Accept": "text/turtle"}, follow_redirects=False)
    graph = Graph().parse(data=response.content, format="turtle")
    assert (URIRef("https://w3id.org/ssc-rdf/ontology"), None, None) in graph


def test_void_and_dcat_with_counts_and_partitions(client, data):
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.content, format="turtle")
    void = "http://rdfs.org/ns/void#"
    dataset = URIRef(BASE + "dataset")
    triples = int(graph.value(dataset, URIRef(void + "triples")))
    assert triples == len(data.store) - sum(1 for q in data.store if q.graph_name.__class__.__name__ == "NamedNode")
    assert len(list(graph.objects(dataset, URIRef(void + "classPartition")))) > 10
    assert len(list(graph.objects(dataset, URIRef("http://www.w3.org/ns/dcat#distribution")))) == 6
    for ext in ("ttl", "jsonld", "nt", "rdf", "nq", "trig"):
        download = client.get(f"/download/dataset.{ext}")
        assert download.status_code == 200 and len(download.content) > 1000


def test_sparql_refuses_updates(client):
    assert client.get("/sparql", params={"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}).status_code in (400, 403)
    assert client.post("/sparql", data={"update": "DROP ALL"}).status_code == 403
    assert client.post("/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"}
                       ).status_code == 403


def test_sparql_stops_a_runaway_query(client):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 503 and "time limit" in response.text


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_sparql_serves_the_competency_questions(client, name):
    text = named_queries()[name].text
    response = client.post("/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/sparql-results+json"
    rows = response.json()["results"]["bindings"]
    if name != "entities-mentioned":
        assert rows, name
    csv = client.get("/sparql", params={"query": text}, headers={"Accept": "text/csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")


def test_sparql_form_and_html_results(client):
    form = client.get("/sparql", headers={"Accept": "text/html"})
    assert "<form" in form.text and "therapies" in form.text
    html = client.post("/sparql", data={"query": "SELECT ?t WHERE { ?t ssc:hasRoute ?r }", "format": "html"})
    assert "intravenous-msc-injection" in html.text
    assert json.loads(client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                                 headers={"Accept": "application/sparql-results+json"}).text)["boolean"] is True


# The diseases' labels: all labels would pass the server's result limit (statements and mentions are named).
ONE_LINE = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX ssc: <https://w3id.org/ssc-rdf/ontology#> "
            "SELECT ?l WHERE { ?s a ssc:Disease ; rdfs:label ?l }")
ACCEPT = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
          "CONSTRUCT": "text/turtle", "DESCRIBE": "text/turtle"}


def labels(response) -> set[str]:
    return {row["l"]["value"] for row in response.json()["results"]["bindings"]}


def test_sparql_one_line_query_with_hash_in_a_prefix_iri(client):
    get = client.get("/sparql", params={"query": ONE_LINE}, headers={"Accept": ACCEPT["SELECT"]})
    post = client.post("/sparql", data={"query": ONE_LINE}, headers={"Accept": ACCEPT["SELECT"]})
    assert get.status_code == post.status_code == 200
    assert "systemic sclerosis" in labels(get) and labels(get) == labels(post)


@pytest.fixture(scope="module")
def live(data):
    """The app served by Uvicorn on 127.0.0.1, for real SPARQL clients."""
    import threading
    import time

    import uvicorn

    from ..servers import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(data, query_timeout=5, max_results=100), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


def test_rdflib_sparqlstore_uses_the_endpoint(live):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(SPARQLStore(query_endpoint=live + "sparql"))
    assert "systemic sclerosis" in {str(row[0]) for row in graph.query(ONE_LINE)}


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_every_kind_and_method(live, method):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    for fmt in ("xml", "json"):
        store = SPARQLStore(query_endpoint=live + "sparql", method=method, returnFormat=fmt)
        graph = Graph(store)
        assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
        # a graph with a name queries that graph only: default-graph-uri
        named = Graph(store, identifier=URIRef(PROVENANCE_GRAPH))
        sizes = [int(row[0]) for row in named.query(COUNT)]
        assert 0 < sizes[0] < int(next(iter(graph.query(COUNT)))[0])
    # the default, "xml", also accepts RDF/XML; "json" accepts results only, so a CONSTRUCT gets 406
    graph = Graph(SPARQLStore(query_endpoint=live + "sparql", method=method))
    constructed = graph.query("CONSTRUCT WHERE { ?t <https://w3id.org/ssc-rdf/ontology#hasRoute> ?r }").graph
    assert constructed is not None and len(constructed) >= 3


def sparqlwrapper(live: str, query: str, fmt: str, method: str = "GET", direct: bool = False):
    SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
    wrapper = SPARQLWrapper.SPARQLWrapper(live + "sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    wrapper.setMethod(method)
    if direct:
        wrapper.setRequestMethod(SPARQLWrapper.POSTDIRECTLY)
    return wrapper


@pytest.mark.parametrize("method, direct", [("GET", False), ("POST", False), ("POST", True)])
def test_sparqlwrapper_every_kind_and_format(live, method, direct):
    from SPARQLWrapper import JSON as SW_JSON
    from SPARQLWrapper import JSONLD, N3, RDFXML, TURTLE, XML

    rows = sparqlwrapper(live, ONE_LINE, SW_JSON, method, direct).queryAndConvert()
    assert "systemic sclerosis" in {row["l"]["value"] for row in rows["results"]["bindings"]}
    xml = sparqlwrapper(live, ONE_LINE, XML, method, direct).queryAndConvert()
    assert "systemic sclerosis" in xml.toxml()
    assert sparqlwrapper(live, "ASK {}", SW_JSON, method, direct).queryAndConvert()["boolean"] is True
    construct = "CONSTRUCT WHERE { ?t <https://w3id.org/ssc-rdf/ontology#hasRoute> ?r }"
    for fmt in (TURTLE, RDFXML, JSONLD, N3):
        converted = sparqlwrapper(live, construct, fmt, method, direct).queryAndConvert()
        graph = converted if isinstance(converted, Graph) else Graph().parse(
            data=converted, format={TURTLE: "turtle", N3: "turtle", JSONLD: "json-ld"}[fmt])
        assert len(graph) >= 3, fmt
    dataset = sparqlwrapper(live, COUNT, SW_JSON, method, direct)
    dataset.addDefaultGraph(PROVENANCE_GRAPH)
    everything = int(sparqlwrapper(live, COUNT, SW_JSON, method, direct).queryAndConvert()
                     ["results"]["bindings"][0]["n"]["value"])
    assert 0 < int(dataset.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) < everything


def test_sparql_format_parameter_of_another_kind_leaves_accept_to_decide(client):
    """SPARQLWrapper sends ``format=n3`` or ``format=rdf+xml`` beside a standard Accept."""
    construct = "CONSTRUCT WHERE { ?t ssc:hasRoute ?r }"
    for wanted in ("n3", "rdf+xml", "json"):
        response = client.get("/sparql", params={"query": construct, "format": wanted},
                              headers={"Accept": "application/turtle,text/turtle"})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle"), wanted
    response = client.get("/sparql", params={"query": construct, "format": "nt"}, headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("application/n-triples")


def curl(*args: str) -> tuple[dict[str, str], str]:
    """Status line and headers (lower-case names; ``status``), and the body, of one curl call."""
    import subprocess

    done = subprocess.run(["curl", "-s", "-S", "-g", "-D", "-", "--max-time", "30", *args],
                          capture_output=True, text=True, check=True)
    body = done.stdout.replace("\r\n", "\n")
    while body.startswith("HTTP/"):  # one head per response, the redirects' first (-L)
        head, _, body = body.partition("\n\n")
    lines = head.splitlines()
    headers = {"status": lines[0].split()[1]}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers, body


def test_curl(live):
    if not shutil.which("curl"):
        missing("curl", "apt-get install curl")
    endpoint = live + "sparql"
    headers, body = curl("-H", "Accept: application/sparql-results+json", "--get", "--data-urlencode",
                         f"query={ONE_LINE}", endpoint)
    assert headers["status"] == "200" and "systemic sclerosis" in body
    headers, body = curl("-H", "Accept: text/csv", "--data-urlencode", f"query={ONE_LINE}", endpoint)
    assert headers["status"] == "200" and headers["content-type"].startswith("text/csv")
    assert "systemic sclerosis" in body
    headers, body = curl("-H", "Content-Type: application/sparql-query", "-H", "Accept: text/turtle; charset=utf-8",
                         "--data-binary", "CONSTRUCT WHERE { ?t ssc:hasRoute ?r }",
                         f"{endpoint}?default-graph-uri={REVIEW_GRAPH}")
    assert headers["status"] == "200" and len(Graph().parse(data=body, format="turtle")) >= 3
    headers, body = curl("-H", "Accept: text/turtle", "--get", "--data-urlencode", "query=ASK {}", endpoint)
    assert headers["status"] == "406" and "application/sparql-results+json" in body
    headers, body = curl("-X", "OPTIONS", "-H", "Origin: https://app.example", "-H",
                         "Access-Control-Request-Method: POST", "-H",
                         "Access-Control-Request-Headers: content-type", endpoint)
    assert headers["status"] == "204" and headers["access-control-allow-origin"] == "*"
    headers, body = curl("-H", "Accept: text/turtle", endpoint)
    assert headers["status"] == "200" and "sd:Service" in body
    # a document: 303, then Turtle with validators; then 304
    headers, _ = curl("-H", "Accept: text/turtle", live + REVIEW_PATH.lstrip("/"))
    assert headers["status"] == "303" and headers["vary"] == "Accept"
    headers, body = curl("-L", "-H", "Accept: text/turtle", live + REVIEW_PATH.lstrip("/"))
    assert "primaryTopic" in body and headers["etag"]
    headers, _ = curl("-H", f"If-None-Match: {headers['etag']}", live + REVIEW_PATH.lstrip("/") + ".ttl")
    assert headers["status"] == "304"


def test_sparql_takes_query_text_never_a_file_or_a_name(client, tmp_path):
    runnable = tmp_path / "runnable.rq"
    runnable.write_text("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", encoding="utf-8")
    answers = {}
    for text in ("/etc/passwd", str(runnable), str(tmp_path / "missing.rq"), "therapies-by-route"):
        response = client.get("/sparql", params={"query": text}, headers={"Accept": ACCEPT["SELECT"]})
        assert response.status_code == 400 and "malformed query" in response.text, text
        assert "root:" not in response.text and "bindings" not in response.text
        answers[text] = response.text
    assert answers[str(runnable)] == answers[str(tmp_path / "missing.rq")] == answers["/etc/passwd"]


def test_sparql_refuses_service_before_any_connection(client):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        target = f"<http://127.0.0.1:{listener.getsockname()[1]}/>"
        refused = [f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
                   f"SELECT * WHERE {{ SERVICE SILENT {target} {{ ?s ?p ?o }} }}",
                   f"ASK {{ {{ SELECT * WHERE {{ SERVICE SILENT {target} {{ ?s ?p ?o }} }} LIMIT 1 }} }}",
                   f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ SERVICE SILENT {target} {{ ?s ?p ?o }} }} }}",
                   # Oxigraph ends a comment at a carriage return, rdflib only at a line feed
                   f"SELECT * WHERE {{ ?s ?p ?o #\rSERVICE SILENT {target} {{ ?a ?b ?c }}\n}}"]
        for query in refused:
            for response in (client.get("/sparql", params={"query": query}),
                             client.post("/sparql", data={"query": query}),
                             client.post("/sparql", content=query,
                                         headers={"Content-Type": "application/sparql-query"})):
                assert response.status_code == 400 and "SERVICE" in response.text, (query, response.text)
        # rdflib expands \u escapes before parsing, Oxigraph only inside strings: here rdflib reads one long
        # string where Oxigraph (given the raw text) would read a SERVICE between two FILTERs
        disguised = (f'SELECT * WHERE {{ ?s ?p ?o FILTER("\\u0022") SERVICE SILENT {target} {{ ?a ?b ?c }} '
                     'FILTER("\\u0022") }')
        client.get("/sparql", params={"query": disguised}, headers={"Accept": ACCEPT["SELECT"]})
        listener.setblocking(False)
        with pytest.raises(BlockingIOError):
            listener.accept()


def test_sparql_truncates_to_max_results_and_says_so(client):
    for query in ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o } LIMIT 1000"):
        response = client.get("/sparql", params={"query": query}, headers={"Accept": ACCEPT["SELECT"]})
        assert response.status_code == 200 and response.headers["x-ssc-rdf-truncated"] == "true"
        assert len(response.json()["results"]["bindings"]) == 100
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"},
                          headers={"Accept": ACCEPT["SELECT"]})
    assert len(response.json()["results"]["bindings"]) == 5 and "x-ssc-rdf-truncated" not in response.headers
    response = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                          headers={"Accept": "text/turtle"})
    assert response.headers["x-ssc-rdf-truncated"] == "true"
    assert len(Graph().parse(data=response.text, format="turtle")) == 100


def test_sparql_format_follows_the_kind(client):
    select = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
                        headers={"Accept": "text/turtle"})
    assert select.status_code == 406
    ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/ld+json"})
    assert ask.status_code == 406
    construct = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ssc:hasRoute ?o }"},
                           headers={"Accept": "application/n-triples"})
    assert construct.status_code == 200 and construct.headers["content-type"].startswith("application/n-triples")
    assert client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                      headers={"Accept": "text/csv"}).status_code == 406


@pytest.mark.parametrize("query, kind", VALID)
def test_sparql_runs_valid_sparql(client, query, kind):
    response = client.post("/sparql", data={"query": query}, headers={"Accept": ACCEPT[kind]})
    assert response.status_code == 200, response.text
    if kind in ("CONSTRUCT", "DESCRIBE"):
        assert len(Graph().parse(data=response.text, format="turtle")) > 0
    elif kind == "SELECT":
        assert response.json()["results"]["bindings"]


# -- the SPARQL 1.1 Protocol in full ------------------------------------------------------------
JSON = {"Accept": "application/sparql-results+json"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
REVIEW_GRAPH = BASE + "graph/velier-2022"
PROVENANCE_GRAPH = BASE + "graph/provenance/velier-2022"


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_sparql_accept_with_parameters(client):
    """``charset`` and the JSON-LD ``profile`` were matched against no offer: 406."""
    construct = "CONSTRUCT WHERE { ?s ssc:hasRoute ?o }"
    turtle = client.get("/sparql", params={"query": construct}, headers={"Accept": "text/turtle; charset=utf-8"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=turtle.text, format="turtle")) > 0
    profile = 'application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"'
    jsonld = client.get("/sparql", params={"query": construct}, headers={"Accept": profile})
    assert jsonld.status_code == 200 and jsonld.headers["content-type"].startswith("application/ld+json")
    select = client.get("/sparql", params={"query": "ASK {}"},
                        headers={"Accept": "application/sparql-results+json; charset=utf-8"})
    assert select.status_code == 200 and select.json()["boolean"] is True
    document = client.get(REVIEW_PATH, headers={"Accept": "text/turtle; charset=utf-8"}, follow_redirects=False)
    assert document.status_code == 303 and document.headers["location"].endswith(".ttl")
    document = client.get(REVIEW_PATH, headers={"Accept": profile}, follow_redirects=False)
    assert document.status_code == 303 and document.headers["location"].endswith(".jsonld")


def test_sparql_anything_accepted_gives_the_answer_and_a_browser_the_page(client):
    for query in ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "ASK {}"):
        answer = client.get("/sparql", params={"query": query}, headers={"Accept": "*/*"})
        assert answer.headers["content-type"] == "application/sparql-results+json", query
        answer = client.get("/sparql", params={"query": query}, headers={"Accept": "application/n-triples, */*;q=0.1"})
        assert answer.headers["content-type"] == "application/sparql-results+json", query
    construct = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ssc:hasRoute ?o }"},
                           headers={"Accept": "*/*"})
    assert construct.headers["content-type"].startswith("text/turtle")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": browser})
    assert page.headers["content-type"].startswith("text/html") and "<table>" in page.text


@pytest.mark.parametrize("query, shown", [("ASK{}", "yes"), ("ASK { ?s <urn:no:such> ?o }", "no"),
                                          ("CONSTRUCT WHERE { ?t ssc:hasRoute ?r }",
                                           "intravenous injection of mesenchymal stromal cells</a>")])
def test_sparql_page_for_every_kind_of_query(client, query, shown):
    """A valid ``ASK{}`` from the form (format=html) was refused with 406."""
    for response in (client.get("/sparql", params={"query": query, "format": "html"}),
                     client.post("/sparql", data={"query": query}, headers={"Accept": "text/html"})):
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        assert f"{shown}</td>" in response.text  # an IRI is a link named by its label


def test_sparql_406_lists_what_the_query_form_gives(client):
    for query in ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "ASK {}"):
        for accept in ("text/turtle", "application/rdf+xml", "application/ld+json; profile=x"):
            response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
            assert response.status_code == 406, (query, accept)
            assert "application/sparql-results+json" in response.text and "text/turtle" not in response.text
    response = client.post("/sparql", content="CONSTRUCT WHERE { ?s ?p ?o }",
                           headers={"Content-Type": "application/sparql-query",
                                    "Accept": "application/sparql-results+json"})
    assert response.status_code == 406 and "text/turtle" in response.text


def test_sparql_dataset_parameters(client):
    """``default-graph-uri`` and ``named-graph-uri`` were ignored: every query read the whole store."""
    everything = count(client.get("/sparql", params={"query": COUNT}, headers=JSON))
    provenance = count(client.get("/sparql", params={"query": COUNT, "default-graph-uri": PROVENANCE_GRAPH},
                                  headers=JSON))
    both = count(client.post("/sparql", data={"query": COUNT, "default-graph-uri": [PROVENANCE_GRAPH, REVIEW_GRAPH]},
                             headers=JSON))
    direct = count(client.post(f"/sparql?default-graph-uri={PROVENANCE_GRAPH}", content=COUNT,
                               headers={**JSON, "Content-Type": "application/sparql-query"}))
    assert 0 < provenance == direct < both < everything
    # the protocol's dataset overrides the query's FROM
    overridden = count(client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) FROM <urn:none> "
                                                              "WHERE { ?s ?p ?o }",
                                                     "default-graph-uri": PROVENANCE_GRAPH}, headers=JSON))
    assert overridden == provenance
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = client.get("/sparql", params={"query": graphs, "named-graph-uri": REVIEW_GRAPH}, headers=JSON)
    assert [row["g"]["value"] for row in named.json()["results"]["bindings"]] == [REVIEW_GRAPH]
    # named graphs alone: the default graph is empty, as with FROM NAMED alone
    assert count(client.get("/sparql", params={"query": COUNT, "named-graph-uri": REVIEW_GRAPH}, headers=JSON)) == 0
    bad = client.get("/sparql", params={"query": COUNT, "default-graph-uri": "not an iri"}, headers=JSON)
    assert bad.status_code == 400 and "default-graph-uri" in bad.text


def test_sparql_post_of_another_media_type_is_415(client):
    """A query POSTed as text/plain was read as an empty form: the query form, 200."""
    response = client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain", **JSON})
    assert response.status_code == 415 and "application/sparql-query" in response.text
    assert client.post("/sparql?query=ASK%7B%7D", headers=JSON).json()["boolean"] is True  # no body, no type


def test_sparql_one_query_only(client):
    response = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D", headers=JSON)
    assert response.status_code == 400 and "more than one query" in response.text


@pytest.mark.parametrize("query, position", [
    ("PREFIX ex: <http://example.org/>\nSELECT ?s\nWHERE { ?s ?p ?o\n  FOO }", "line 4, column 3"),
    ("SELECT ?s WHERE {\n  ?s ?p ?o .\n  ?s nope:x ?o }", "at 3:12"),  # an unknown prefix: found by Oxigraph
])
def test_sparql_error_position_is_in_the_query_as_sent(client, query, position):
    """The position was off by the 16 prefix lines once declared in front of the query."""
    for response in (client.get("/sparql", params={"query": query}, headers=JSON),
                     client.post("/sparql", content=query,
                                 headers={**JSON, "Content-Type": "application/sparql-query"})):
        assert response.status_code == 400 and position in response.text, response.text


def test_service_description_at_the_endpoint(client, data):
    sd = "http://www.w3.org/ns/sparql-service-description#"
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    assert response.headers["vary"] == "Accept"
    graph = Graph().parse(data=response.text, format="turtle")
    endpoint = URIRef(BASE + "sparql")
    assert (endpoint, URIRef(sd + "endpoint"), endpoint) in graph
    assert (endpoint, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    formats = set(graph.objects(endpoint, URIRef(sd + "resultFormat")))
    assert {URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON"), URIRef("http://www.w3.org/ns/formats/Turtle"),
            URIRef("http://www.w3.org/ns/formats/JSON-LD")} <= formats
    names = {str(name) for name in graph.objects(None, URIRef(sd + "name"))}
    assert {REVIEW_GRAPH, PROVENANCE_GRAPH} <= names
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert isomorphic(Graph().parse(data=jsonld.text, format="json-ld"), graph)
    for accept in ("text/html", "*/*", None):
        page = client.get("/sparql", headers={"Accept": accept} if accept else {})
        assert page.headers["content-type"].startswith("text/html") and "<form" in page.text


@pytest.mark.parametrize("path", ["/sparql", REVIEW_PATH, REVIEW_PATH + ".ttl", "/.well-known/void", "/ontology"])
def test_cors_preflight_and_answers(client, path):
    """No CORS anywhere: a preflight was 405, and no answer named an allowed origin."""
    origin = {"Origin": "https://app.example"}
    preflight = client.options(path, headers={**origin, "Access-Control-Request-Method": "POST",
                                              "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 204 and preflight.headers["access-control-allow-origin"] == "*"
    response = client.get(path, headers={**origin, "Accept": "text/turtle"}, follow_redirects=False)
    assert response.headers["access-control-allow-origin"] == "*"


# -- documents: validators, and every IRI dereferences -------------------------------------------
def test_documents_and_pages_revalidate_with_304(client):
    """No ETag nor Last-Modified: a client could never revalidate, only download again."""
    for path in (f"{REVIEW_PATH}.ttl", f"{REVIEW_PATH}.html", "/", "/ontology.ttl", "/.well-known/void",
                 "/download/dataset.nt"):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["etag"] and first.headers["last-modified"], path
        again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == first.headers["etag"]
        since = client.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})
        assert since.status_code == 304, path
        head = client.head(path)
        assert head.status_code == 200 and head.headers["etag"] == first.headers["etag"] and head.content == b""
    other = client.get(f"{REVIEW_PATH}.nt", headers={"If-None-Match": client.get(f"{REVIEW_PATH}.ttl").headers["etag"]})
    assert other.status_code == 200  # another representation, another ETag


def minted(data: Dataset) -> set[str]:
    """Every IRI the data and its VoID description hold that this server publishes."""
    from ssc_rdf.web.void import describe

    terms = [t for q in data.store for t in (q.subject, q.predicate, q.object, q.graph_name)]
    terms += [t for triple in describe(data) for t in (triple.subject, triple.predicate, triple.object)]
    return {t.value for t in terms if isinstance(t, ox.NamedNode) and data.local(t.value) is not None}


def test_crawl_every_minted_iri_dereferences(client, data):
    """134 IRIs minted for VoID partitions, /graph/... and the ontology's version IRI were 404."""
    iris = minted(data)
    assert {BASE + "graph/provenance/velier-2022", BASE + "dataset/distribution/ttl",
            "https://w3id.org/ssc-rdf/ontology/0.1.0"} <= iris and len(iris) > 400
    failed = []
    for iri in sorted(iris):
        path = data.local(iri).split("#")[0]
        for accept in ("text/turtle", "text/html"):
            response = client.get(path, headers={"Accept": accept})
            if response.status_code != 200 or (accept not in response.headers["content-type"]
                                               and not path.startswith("/download/")):  # files, as they are
                failed.append((iri, accept, response.status_code))
    assert not failed, failed[:10]


def test_dataset_graph_of_default_graph_input_dereferences():
    """Quads loaded without a graph go to {base}graph/dataset, which was 404."""
    from ssc_rdf.sinks.embedded import EmbeddedStore

    memory = EmbeddedStore(base=BASE)
    memory.add([ox.Quad(ox.NamedNode(f"{BASE}entity/extra"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                        ox.Literal("extra"))])
    client = TestClient(create_app(Dataset(memory.store, BASE)))
    response = client.get("/graph/dataset", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert (URIRef(f"{BASE}entity/extra"), None, None) in Graph().parse(data=response.text, format="turtle")


def test_percent_encoded_iris_in_any_case(tmp_path):
    """A SICI DOI holds ``<`` and ``>``, minted as %3C and %3E: a client may send %3c or the raw character."""
    iri = f"{BASE}publication/doi/10.1002/(sici)1097-0258(19980430)17:8%3C857::aid-sim777%3E3.0.co;2-e"
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal("SICI")))
    client = TestClient(create_app(Dataset(store, BASE)))
    path = iri[len(BASE) - 1:]
    for sent in (path, path.replace("%3C", "%3c").replace("%3E", "%3e")):
        response = client.get(sent, headers={"Accept": "text/turtle"})
        assert response.status_code == 200 and "SICI" in response.text, sent


def test_the_404_page_searches_by_name(client):
    """The 404 page is a way back in: a search by name, answered as a page of links."""
    missing = client.get("/id/entity/no-such-thing", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and 'name="q"' in missing.text and 'action="/sparql"' in missing.text
    found = client.get("/sparql", params={"q": "  Systemic   SCLEROSIS "}, headers={"Accept": "text/html"})
    assert found.status_code == 200 and "text/html" in found.headers["content-type"]
    table = found.text.split("<table", 1)[1]
    assert '<a href="/ontology/systemic-sclerosis.html" title="https://w3id.org/ssc-rdf/ontology#systemic-sclerosis">' \
           'systemic sclerosis</a>' in table  # results are links named by their labels


@pytest.mark.parametrize("words", ['" } } DROP ALL ; SELECT * { "', "a\\\" ) } LIMIT 1 #", "\n} SERVICE <http://x/> {"])
def test_search_words_are_a_literal_never_sparql(client, words):
    response = client.get("/sparql", params={"q": words}, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text[:300]
    assert "systemic sclerosis" not in response.text.split("<table", 1)[-1]  # no row: nothing matched


def test_concurrent_requests_for_a_cold_page_render_it_once():
    """Regression: 16 clients asking for a page nobody had asked for rendered it 16 times."""
    import threading

    from ssc_rdf.web.app import SingleFlight

    calls = []

    def slow(key: str) -> str:
        calls.append(key)
        time.sleep(0.2)
        return key.upper()

    once = SingleFlight(slow, 16)
    threads = [threading.Thread(target=once, args=("page",)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["page"] and once("page") == "PAGE"
    assert not once.computing  # no lock left behind for each page ever asked for


def test_a_rendered_page_is_read_without_rendering_and_the_oldest_go():
    """A warm page is served from the event loop (``ready``); the cache keeps ``maxsize`` of them."""
    from ssc_rdf.web.app import SingleFlight

    calls = []

    def render(key: str) -> str:
        calls.append(key)
        return key.upper()

    pages = SingleFlight(render, 2)
    assert pages.ready("a") is None and calls == []
    assert pages("a") == "A" and pages.ready("a") == "A"
    pages("b")
    pages.ready("a")  # read: the most recent, so "b" is the oldest
    pages("c")
    assert pages.ready("b") is None and pages.ready("a") == "A" and pages.ready("c") == "C"
    assert calls == ["a", "b", "c"]


def test_a_render_that_fails_is_tried_again():
    from ssc_rdf.web.app import SingleFlight

    attempts = []

    def flaky(key: str) -> str:
        attempts.append(key)
        if len(attempts) == 1:
            raise RuntimeError("the store was busy")
        return key

    pages = SingleFlight(flaky, 4)
    with pytest.raises(RuntimeError):
        pages("a")
    assert pages.ready("a") is None and not pages.computing
    assert pages("a") == "a" and attempts == ["a", "a"]
