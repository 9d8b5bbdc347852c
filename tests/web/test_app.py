"""The linked-data server over HTTP: negotiation, 303s, suffixes, errors, SPARQL, VoID."""

from __future__ import annotations

import json
import socket

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from starlette.testclient import TestClient

from ssc_rdf import api
from ssc_rdf.sparql.catalogue import named_queries
from ssc_rdf.web.app import create_app
from ssc_rdf.web.dataset import Dataset

from ..conftest import REVIEW
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


def expected_graph(data: Dataset, path: str) -> Graph:
    return Graph().parse(data=data.document(BASE + path.lstrip("/"), "nt"), format="nt")


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
    assert isomorphic(got, expected_graph(data, REVIEW_PATH)) and len(got) > 30


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
    assert isomorphic(embedded, expected_graph(data, REVIEW_PATH))


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
