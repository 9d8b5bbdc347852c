"""A real browser (Debian's Chromium driven by Playwright) walks the live site:
home page -> systemic sclerosis -> a therapy -> its evidence, and runs the static site's SPARQL
page. Screenshots are saved (into $SSC_RDF_SCREENSHOTS when set, for CI to keep)."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import REPO, REVIEW
from ..servers import free_port, missing, wait_until_up

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ssc_rdf.cli", "serve", str(REVIEW), "--port", str(port)],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process, seconds=60)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_walk_from_home_to_evidence(server, tmp_path):
    if not Path(CHROMIUM).exists():
        missing("Chromium", "apt-get install chromium (.ci/run does it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright", "pip install playwright (no browser download needed)")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(server)
        page.screenshot(path=shots / "1-home.png", full_page=True)
        assert "as linked data" in page.title() or "linked data" in page.content()
        picture = page.locator("figure.picture svg")  # the review as a picture, drawn on the server
        assert picture.is_visible() and picture.locator("g.edge").count() >= 30
        picture.screenshot(path=shots / "0-review-picture.png")
        page.get_by_role("link", name="systemic sclerosis", exact=True).first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "systemic sclerosis"
        page.screenshot(path=shots / "2-systemic-sclerosis.png", full_page=True)
        page.get_by_role("link", name="intravenous injection of mesenchymal stromal cells", exact=True).first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "intravenous injection of mesenchymal stromal cells"
        evidence = page.locator("blockquote.evidence").first
        assert "systemically injected therapies" in evidence.inner_text()
        page.screenshot(path=shots / "3-therapy-evidence.png", full_page=True)
        # no horizontal scrolling on a phone
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        # the Content-Security-Policy lets the pages be, their style included
        page.goto(server + "sparql")
        page.get_by_role("link").filter(has_text="route").first.click()
        page.wait_for_load_state()
        assert page.locator("table td").count() > 0
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
        assert not [line for line in console if "Content Security Policy" in line], console
        browser.close()
    assert sorted(p.name for p in shots.iterdir()) == ["0-review-picture.png", "1-home.png", "2-systemic-sclerosis.png",
                                                       "3-therapy-evidence.png"]
    keep(shots)


def keep(shots: Path) -> None:
    """Copy the screenshots into $SSC_RDF_SCREENSHOTS when it is set (CI keeps that folder)."""
    if os.environ.get("SSC_RDF_SCREENSHOTS"):
        target = Path(os.environ["SSC_RDF_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        for shot in shots.iterdir():
            target.joinpath(shot.name).write_bytes(shot.read_bytes())


@pytest.fixture(scope="module")
def other_site() -> Iterator[str]:
    """Another origin (another port) serving an empty page: where a browser application would run.
    A real server on 127.0.0.1, so that Chromium sees both origins in the loopback address space
    (a page with no address, as Playwright's route.fulfill makes, may not reach the loopback)."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<!doctype html><title>a client on another site</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site.server_address[1]}/"
    site.shutdown()
    site.server_close()


def test_cross_origin_fetch(server, other_site):
    """An application on another site queries the endpoint and reads documents with fetch():
    CORS, preflights included."""
    if not Path(CHROMIUM).exists():
        missing("Chromium", "apt-get install chromium (.ci/run does it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright", "pip install playwright (no browser download needed)")
    assert other_site != server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(other_site)
        got = page.evaluate("""async (server) => {
            const results = "application/sparql-results+json";
            const query = "SELECT ?l WHERE { ?d a ssc:Disease ; rdfs:label ?l }";
            // POST of the query itself: not a simple request, so the browser sends a preflight
            const direct = await fetch(server + "sparql", {method: "POST", body: query,
                headers: {"Content-Type": "application/sparql-query", "Accept": results}});
            const form = await fetch(server + "sparql", {method: "POST",
                body: new URLSearchParams({query: "ASK {}"}), headers: {"Accept": results}});
            const get = await fetch(server + "sparql?query=" + encodeURIComponent(query),
                                    {headers: {"Accept": results}});
            // a document: the 303 is followed, the ETag is readable, and a revalidation is 304
            const doc = await fetch(server + "ontology/systemic-sclerosis", {headers: {"Accept": "text/turtle"}});
            const etag = doc.headers.get("ETag");
            const again = await fetch(doc.url, {headers: {"If-None-Match": etag}, cache: "no-store"});
            return {direct: (await direct.json()).results.bindings.map(b => b.l.value),
                    form: (await form.json()).boolean, get: (await get.json()).results.bindings.length,
                    doc: [doc.status, doc.url, doc.headers.get("Content-Type"), await doc.text()],
                    etag: etag, again: again.status};
        }""", server)
        browser.close()
    assert "systemic sclerosis" in got["direct"] and got["form"] is True and got["get"] == len(got["direct"])
    status, url, content_type, turtle = got["doc"]
    assert status == 200 and url.endswith("/ontology/systemic-sclerosis.ttl") and content_type.startswith("text/turtle")
    assert "foaf:primaryTopic" in turtle or "primaryTopic" in turtle
    assert got["etag"] and got["again"] == 304


@pytest.fixture(scope="module")
def static_site(tmp_path_factory):
    """The published static site on nginx under /ssc/, as it would be deployed."""
    from ssc_rdf import api

    from ..servers import NginxServer

    site = tmp_path_factory.mktemp("site")
    api.publish([REVIEW], site, base="https://example.org/ssc/")
    running = NginxServer(tmp_path_factory.mktemp("nginx"), site, "/ssc/")
    try:
        yield running.base + "/ssc/"
    finally:
        running.stop()


def _cli_rows(text: str) -> list[tuple[str, ...]]:
    """A question's rows as the CLI answers it (values as text), sorted."""
    from ssc_rdf import api

    names, rows = api.query(text, data=[REVIEW], table=True, base="https://example.org/ssc/", validate=False).rows()
    return sorted(tuple(row.get(n, "") for n in names) for row in rows)


def test_static_sparql_page_answers_every_question_in_the_browser(static_site, tmp_path):
    """The static site's SPARQL page runs each competency question with Oxigraph's WebAssembly
    build on the site's own dump: the same rows as the CLI, and our IRIs link to their pages."""
    from urllib.parse import quote

    from ssc_rdf.sparql.catalogue import named_queries

    if not Path(CHROMIUM).exists():
        missing("Chromium", "apt-get install chromium (.ci/run does it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright", "pip install playwright (no browser download needed)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(static_site + "sparql")
        links = page.locator("ul.cards a")
        assert links.count() == len(named_queries())
        links.first.click()  # one click from the list to the answer
        page.wait_for_selector("#status[data-state]", timeout=60_000)
        assert page.get_attribute("#status", "data-state") == "done", page.inner_text("#status")
        for name, question in named_queries().items():
            page.goto(f"{static_site}sparql?query={quote(question.text)}")
            page.wait_for_selector("#status[data-state]", timeout=60_000)
            assert page.get_attribute("#status", "data-state") == "done", (name, page.inner_text("#status"))
            shown = page.evaluate("""[...document.querySelectorAll('#answer tr')].slice(1)
                                     .map(tr => [...tr.cells].map(td => td.dataset.value ?? ""))""")
            assert sorted(tuple(row) for row in shown) == _cli_rows(question.text), name
        page.goto(f"{static_site}sparql?query={quote('SELECT ?t WHERE { ?t a ssc:Disease }')}")
        page.wait_for_selector("#status[data-state=done]", timeout=60_000)
        link = page.locator("#answer a").first  # a link to the page, named by its label
        href = link.get_attribute("href")
        assert href.startswith("/ssc/") and href.endswith(".html"), href
        assert link.inner_text() in ("systemic sclerosis", "autoimmune disease",
                                     "severe and rapidly progressive systemic sclerosis"), link.inner_text()
        assert page.goto(static_site.removesuffix("/ssc/") + href).status == 200
        page.goto(static_site + "no/such/page")  # the 404 page's search by name, run in the browser
        page.fill("#q", "systemic  SCLEROSIS")
        page.click("form[role=search] button")
        page.wait_for_selector("#status[data-state=done]", timeout=60_000)
        assert "systemic sclerosis" in page.locator("#answer a").all_inner_texts()
        page.screenshot(path=tmp_path / "4-static-sparql.png", full_page=True)
        assert errors == []
        browser.close()
    keep(tmp_path)
