"""The static site on real web servers: nginx and Apache httpd, started on 127.0.0.1 with the
configurations ``publish`` writes, at the root of a host and under a path, and ``ssc-rdf serve``
the same two ways. Each answers the same negotiation suite: 303 by Accept with ``Vary: Accept``,
406, suffixes, the SPARQL page and the VoID, a percent-encoded IRI, the HTML 404 page, CORS, a
crawl of every link; the static site also keeps its configurations private."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from rdflib import Graph

from ssc_rdf import api

from ..conftest import FIXTURES, REVIEW
from ..servers import APACHE_MODULES, ApacheServer, NginxServer, ServeServer

SICI = FIXTURES / "sources" / "constructed-sici-doi.ris"
# a DOI with < and >: its IRI has %3C and %3E, its files are named with < and >
SICI_PATH = "publication/doi/10.1002/(sici)1097-0258(19980815/30)17:15/16%3C1661::aid-sim968%3E3.0.co;2-2"
REVIEW_PATH = "publication/doi/10.1038/s41409-021-01492-7"
ENTITY_PATH = "entity/combined-systemic-and-local-cell-therapy"
TERM_PATH = "ontology/systemic-sclerosis"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
NEGOTIATION = [
    (BROWSER, "html"), ("*/*", "html"), ("", "html"), ("text/turtle", "ttl"),
    ("text/turtle; charset=utf-8", "ttl"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"), ("text/turtle;q=0, text/html", "html"),
    ("application/n-triples, text/html;q=0.5", "nt"), ("text/turtle;q=0.5, application/ld+json", "jsonld"),
    ("application/rdf+xml, text/rdf+n3, text/turtle;q=0.9, */*;q=0.1", "rdf"),  # q=1 before q=0.9
]
MEDIA = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
         "rdf": "application/rdf+xml"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The site published for the root of a host and for a path on it."""
    out = {}
    for root in ("/", "/ssc/"):
        site = tmp_path_factory.mktemp("site")
        api.publish([REVIEW, SICI], site, base=f"https://example.org{root}")
        out[root] = site
    return out


@pytest.fixture(scope="module", ids=lambda p: f"{p[0]}{p[1].rstrip('/') or '-root'}",
                params=[(kind, root) for kind in ("serve", "nginx", "apache") for root in ("/", "/ssc/")])
def server(request, sites, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(URL of the site's root, which server) on a running server: ``ssc-rdf serve``, or nginx or
    Apache serving the published site."""
    kind, root = request.param
    if kind == "serve":
        running: ServeServer | NginxServer | ApacheServer = ServeServer([REVIEW, SICI], root)
    else:
        running = (NginxServer if kind == "nginx" else ApacheServer)(tmp_path_factory.mktemp(kind), sites[root], root)
    try:
        yield running.base + root, kind
    finally:
        running.stop()


def static(server: tuple[str, str]) -> None:
    """For what only the static site has."""
    if server[1] == "serve":
        pytest.skip("the static site's own: serve has a SPARQL endpoint and no files")


def get(url: str, accept: str | None = None) -> httpx.Response:
    return httpx.get(url, headers={} if accept is None else {"Accept": accept}, timeout=10)


@pytest.mark.parametrize(("accept", "ext"), NEGOTIATION, ids=[f"{a[:24]}->{e}" for a, e in NEGOTIATION])
@pytest.mark.parametrize("path", [ENTITY_PATH, TERM_PATH, REVIEW_PATH, SICI_PATH],
                         ids=["entity", "term", "review", "sici"])
def test_resource_iri_answers_303_by_accept_with_vary(server, path, accept, ext):
    site, _ = server
    response = get(site + path, accept)
    assert response.status_code == 303, (accept, response.status_code, response.text[:300])
    location = urlsplit(response.headers["location"]).path
    assert location.lower() == (urlsplit(site).path + path + "." + ext).lower(), (accept, location)
    assert "accept" in response.headers.get("vary", "").lower(), (accept, response.headers)
    document = httpx.get(httpx.URL(site).join(response.headers["location"]), timeout=10)
    assert document.status_code == 200, (accept, location)
    assert document.headers["content-type"].startswith(MEDIA[ext]), (accept, document.headers)


def test_not_acceptable_is_406(server):
    site, _ = server
    response = get(site + ENTITY_PATH, "image/png")
    assert response.status_code == 406
    assert "accept" in response.headers.get("vary", "").lower()


def test_percent_encoded_iri_document_holds_that_iri(server):
    site, _ = server
    turtle = get(site + SICI_PATH + ".ttl")
    assert turtle.status_code == 200, turtle.text[:300]
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert any(str(s).endswith(SICI_PATH) for s in graph.subjects())


@pytest.mark.parametrize("ext", sorted(MEDIA))
def test_suffix_urls_are_documents(server, ext):
    site, _ = server
    response = get(site + REVIEW_PATH + "." + ext)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(MEDIA[ext])
    if ext == "ttl":
        assert "charset=utf-8" in response.headers["content-type"].lower()


def test_navigation_targets_answer(server):
    """Every page links to the home page, the ontology, the SPARQL page and the description."""
    site, _ = server
    assert get(site).status_code == 200
    # a hash IRI's document: served at once (serve) or after a 303 (a static site)
    ontology = httpx.get(site + "ontology", headers={"Accept": "text/turtle"}, follow_redirects=True, timeout=10)
    assert ontology.status_code == 200 and ontology.headers["content-type"].startswith("text/turtle")
    sparql = get(site + "sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201", BROWSER)
    assert sparql.status_code == 200 and sparql.headers["content-type"].startswith("text/html")
    void = get(site + ".well-known/void")
    assert void.status_code == 200 and void.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=void.text, format="turtle")) > 100
    assert get(site + "download/dataset.nq").status_code == 200


def test_static_sparql_page_and_its_webassembly(server):
    static(server)
    site, _ = server
    # a page, no protocol endpoint: a SPARQL client is told, not given HTML as its results
    assert get(site + "sparql?query=ASK%7B%7D", "application/sparql-results+json").status_code == 406
    wasm = get(site + "assets/oxigraph/web_bg.wasm")
    assert wasm.status_code == 200 and wasm.headers["content-type"] == "application/wasm"


@pytest.mark.parametrize("path", ["no-such-thing", "entity/no-such-entity", "entity/no-such-entity.ttl"])
def test_not_found_is_the_html_404_page(server, path):
    site, _ = server
    response = get(site + path, BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in response.text


@pytest.mark.parametrize("path", [".htaccess", "nginx.conf.snippet", "w3id.htaccess", "entity/", "download/"])
def test_configurations_and_listings_are_not_served(server, path):
    site, _ = server
    response = get(site + path)
    assert response.status_code in (403, 404), (path, response.status_code)
    assert "RewriteRule" not in response.text and "location" not in response.text


@pytest.mark.parametrize("kind", [NginxServer, ApacheServer])
def test_a_missing_server_fails_in_ci_and_skips_elsewhere(kind, monkeypatch, tmp_path):
    from .. import servers

    monkeypatch.setattr(servers, "system_binary", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install"):
        kind(tmp_path, tmp_path)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        kind(tmp_path, tmp_path)


def test_documents_and_redirects_are_open_to_other_origins(server):
    """A page of another site may fetch the data: the 303 and the document both allow it (CORS)."""
    site, _ = server
    for url in (site + ENTITY_PATH, site + ENTITY_PATH + ".ttl", site + ".well-known/void"):
        response = httpx.get(url, headers={"Accept": "text/turtle", "Origin": "https://elsewhere.example"}, timeout=10)
        assert response.headers.get("access-control-allow-origin") == "*", url


def test_apache_without_mod_rewrite_serves_the_files(sites, tmp_path):
    """Without mod_rewrite nothing negotiates, but the .htaccess does not break the site (no 500)."""
    running = ApacheServer(tmp_path, sites["/ssc/"], "/ssc/", modules=tuple(m for m in APACHE_MODULES
                                                                            if m != "rewrite"))
    try:
        site = running.base + "/ssc/"
        assert get(site).status_code == 200
        assert get(site + ENTITY_PATH + ".ttl").headers["content-type"].startswith("text/turtle")
    finally:
        running.stop()


def test_apache_without_mod_headers_still_negotiates(sites, tmp_path):
    """mod_headers is optional: without it the site works, only 200s lack ``Vary``."""
    modules = tuple(m for m in APACHE_MODULES if m != "headers")
    running = ApacheServer(tmp_path, sites["/ssc/"], "/ssc/", modules=modules)
    try:
        site = running.base + "/ssc/"
        assert get(site).status_code == 200
        response = get(site + ENTITY_PATH, "text/turtle")
        assert response.status_code == 303
        assert get(site + ENTITY_PATH + ".ttl").status_code == 200
    finally:
        running.stop()



@pytest.fixture(scope="module")
def w3id(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(the w3id.org stand-in, the host): Apache with ``publish --w3id``'s entry at /ssc-rdf/,
    as the registry has it, and Apache with the site at /ssc-rdf/id/, where it says it is."""
    from ..servers import free_port

    port = free_port()
    site = tmp_path_factory.mktemp("w3id-site")
    host = f"http://127.0.0.1:{port}/ssc-rdf/id/"
    api.publish([REVIEW, SICI], site, w3id=host)  # the default base: https://w3id.org/ssc-rdf/id/
    hosting = ApacheServer(tmp_path_factory.mktemp("host"), site, "/ssc-rdf/id/", port=port)
    entry = tmp_path_factory.mktemp("w3id.org") / "ssc-rdf"  # the registry's directory, as a pull request adds it
    entry.mkdir()
    (entry / ".htaccess").write_bytes((site / "w3id.htaccess").read_bytes())
    registry = ApacheServer(tmp_path_factory.mktemp("registry"), entry, "/ssc-rdf/", override="All")
    try:
        yield registry.base + "/ssc-rdf/", host
    finally:
        registry.stop()
        hosting.stop()


@pytest.mark.parametrize(("path", "accept", "target"), [
    (f"id/{ENTITY_PATH}", "text/turtle", f"{ENTITY_PATH}.ttl"),
    (f"id/{ENTITY_PATH}", BROWSER, f"{ENTITY_PATH}.html"),
    (f"id/{SICI_PATH}", "application/ld+json", f"{SICI_PATH}.jsonld"),
    ("ontology", "application/rdf+xml", "ontology.rdf"),
    ("ontology", BROWSER, "ontology.html"),
    ("ontology.ttl", BROWSER, "ontology.ttl"),
    ("id/sparql", BROWSER, "sparql"),
    ("id/.well-known/void", "text/turtle", ".well-known/void"),
    ("id/download/dataset.nq", "*/*", "download/dataset.nq"),
    ("id/", BROWSER, ""),
])
def test_w3id_entry_redirects_by_accept_to_the_hosted_site(w3id, path, accept, target):
    registry, host = w3id
    response = get(registry + path, accept)
    assert response.status_code == 303, (path, response.status_code, response.text[:300])
    assert response.headers["location"].lower() == (host + target).lower()
    assert "accept" in response.headers.get("vary", "").lower()
    landed = httpx.get(response.headers["location"], headers={"Accept": accept}, follow_redirects=True, timeout=10)
    assert landed.status_code == 200, (path, landed.url)


def test_w3id_entry_refuses_what_it_cannot_give(w3id):
    registry, _ = w3id
    assert get(registry + f"id/{ENTITY_PATH}", "image/png").status_code == 406


@pytest.mark.slow
def test_every_link_of_every_page_answers(server, sites):
    """A crawl: each page of the site, and every link on it to the site, answers 200 (after
    the 303s), percent-encoded links included."""
    from html.parser import HTMLParser

    site, _ = server
    root = urlsplit(site).path

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: set[str] = set()

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in ("href", "src") and value and value.startswith(root):
                    self.found.add(value.split("#")[0])

    seen: set[str] = set()
    queue = [root]
    broken = []
    with httpx.Client(base_url=site, follow_redirects=True, timeout=10, headers={"Accept": BROWSER}) as client:
        while queue:
            path = queue.pop()
            if path in seen:
                continue
            seen.add(path)
            response = client.get(httpx.URL(site).join(path))
            if response.status_code != 200:
                broken.append((path, response.status_code))
            elif response.headers["content-type"].startswith("text/html"):
                parser = Links()
                parser.feed(response.text)
                queue += sorted(parser.found - seen)
    assert broken == [] and len(seen) > 300
