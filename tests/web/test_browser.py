"""A real browser (Debian's Chromium driven by Playwright) walks the live site:
home page -> systemic sclerosis -> a therapy -> its evidence. Screenshots are saved."""

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
    assert sorted(p.name for p in shots.iterdir()) == ["1-home.png", "2-systemic-sclerosis.png",
                                                       "3-therapy-evidence.png"]
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
