"""The static site: no broken internal link, every page's JSON-LD is its resource's triples."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ssc_rdf import api
from ssc_rdf.web.dataset import Dataset
from ssc_rdf.web.site import publish

from ..conftest import REVIEW

BASE = "https://example.org/ssc/"
ROOT = "/ssc/"
SERVER_REWRITES = {"sparql": "sparql.html", ".well-known/void": "void.ttl", "": "index.html"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "action"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        self._in_jsonld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_jsonld = False


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Dataset]:
    out = tmp_path_factory.mktemp("site")
    data = api.dataset([REVIEW], base=BASE)
    publish(data, out)
    return out, data


def _target(out: Path, link: str) -> Path | None:
    """The file the site serves for an internal link, following the shipped server config."""
    path = link.split("#")[0].split("?")[0]
    assert path.startswith(ROOT), link
    relative = path[len(ROOT):]
    relative = SERVER_REWRITES.get(relative, relative)
    for candidate in (out / relative, out / f"{relative}.html"):
        if candidate.is_file():
            return candidate
    return None


def test_no_broken_internal_link(site):
    out, _ = site
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 100
    broken = []
    ids: dict[Path, set[str]] = {}
    parsed: dict[Path, _Links] = {}
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parsed[page] = parser
        ids[page] = parser.ids
    for page, parser in parsed.items():
        for link in parser.links:
            if link.startswith(("http://", "https://")):
                continue
            target = _target(out, link)
            if target is None or ("#" in link and target in ids and link.split("#")[1] not in ids[target]):
                broken.append((page.name, link))
    assert broken == []


def test_every_page_embeds_its_resources_triples(site):
    out, data = site
    checked = 0
    for iri in data.resources + data.ontology_terms:
        page = out / (data.local(iri).lstrip("/") + ".html")
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        # the resource's own triples; a publication or the dataset also has a schema.org item (test_pages)
        assert len(parser.scripts) == 1 or ('"https://schema.org"' in parser.scripts[1] and len(parser.scripts) == 2)
        embedded = Graph().parse(data=parser.scripts[0], format="json-ld")
        expected = Graph().parse(data=data.document(iri, "nt"), format="nt")
        assert isomorphic(embedded, expected), page
        checked += 1
    assert checked > 100


def test_documents_downloads_and_server_configs(site):
    out, _ = site
    review = out / "publication/doi/10.1038/s41409-021-01492-7"
    for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml")):
        graph = Graph().parse(Path(f"{review}.{ext}"), format=fmt)
        assert len(graph) > 30
    for ext in ("ttl", "jsonld", "nt", "rdf", "nq", "trig"):
        assert (out / "download" / f"dataset.{ext}").stat().st_size > 1000
    htaccess = (out / ".htaccess").read_text()
    assert "R=303" in htaccess and "RewriteBase /ssc/" in htaccess and "text/turtle" in htaccess
    assert "return 303" in (out / "nginx.conf.snippet").read_text()
    assert Graph().parse(out / "void.ttl", format="turtle")
