"""The static site: no broken internal link, every page's JSON-LD is its resource's triples."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from rdflib import RDFS, Graph, Namespace
from rdflib.compare import isomorphic

from ssc_rdf import api
from ssc_rdf.errors import UsageError
from ssc_rdf.web.dataset import Dataset
from ssc_rdf.web.site import publish

from ..conftest import FIXTURES, REVIEW

BASE = "https://example.org/ssc/"
SICI = FIXTURES / "sources" / "constructed-sici-doi.ris"  # a DOI with < and >
VOID = Namespace("http://rdfs.org/ns/void#")
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
    relative = unquote(path[len(ROOT):])  # servers decode the path before they look for a file
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
        expected = Graph().parse(data=data.document(iri, "json-ld", "html"), format="json-ld")  # names the page
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


def test_static_void_advertises_no_sparql_endpoint(site):
    """The static site has a page that queries in the browser, not a protocol endpoint:
    ``void:sparqlEndpoint`` would send clients' protocol requests to an HTML page."""
    out, _ = site
    void = Graph().parse(out / "void.ttl", format="turtle")
    assert not list(void.triples((None, VOID.sparqlEndpoint, None)))
    comments = [str(o) for o in void.objects(None, RDFS.comment)]
    assert any("in the browser" in c and "no SPARQL protocol" in c for c in comments), comments


def test_sparql_page_runs_in_the_browser_with_oxigraph_shipped(site):
    out, _ = site
    page = (out / "sparql.html").read_text()
    assert 'src="/ssc/assets/sparql.js"' in page and 'data-dump="/ssc/download/dataset.nq"' in page
    assert 'method="post"' not in page  # no form posting to a server that cannot answer it
    wasm = (out / "assets" / "oxigraph" / "web_bg.wasm").read_bytes()
    assert wasm[:4] == b"\0asm"
    assert "MIT" in (out / "assets" / "oxigraph" / "LICENSE.md").read_text()
    assert "from \"./oxigraph/web.js\"" in (out / "assets" / "sparql.js").read_text()


def test_no_sparql_leaves_out_the_page_and_its_mention(tmp_path):
    api.publish([SICI], tmp_path, base=BASE, sparql=False)
    assert not (tmp_path / "sparql.html").exists() and not (tmp_path / "assets").exists()
    for page in tmp_path.rglob("*.html"):  # nor a link to it
        assert 'href="/ssc/sparql' not in page.read_text(encoding="utf-8"), page
    void = Graph().parse(tmp_path / "void.ttl", format="turtle")
    assert not list(void.triples((None, VOID.sparqlEndpoint, None)))
    assert not list(void.objects(None, RDFS.comment))


def test_files_are_named_by_the_decoded_path_of_their_iri(tmp_path):
    """A server decodes ``%3C`` in a request's path before looking for the file: a file named
    with ``%3C`` is never found (Apache answered 404 for a SICI DOI)."""
    api.publish([SICI], tmp_path, base=BASE)
    stem = tmp_path / "publication/doi/10.1002/(sici)1097-0258(19980815/30)17:15/16<1661::aid-sim968>3.0.co;2-2"
    for ext in ("html", "ttl", "jsonld", "nt", "rdf"):
        assert Path(f"{stem}.{ext}").is_file(), ext
    assert not list(tmp_path.rglob("*%3C*"))


def test_not_found_page_is_html_with_ways_back(site):
    out, _ = site
    page = (out / "404.html").read_text()
    assert "<h1>Not found</h1>" in page and 'href="/ssc/"' in page and "systemic sclerosis" in page


def test_w3id_entry_is_for_w3id_iris_and_the_path_the_pages_link_to(tmp_path):
    with pytest.raises(UsageError, match=r"w3id\.org/ssc-rdf/"):
        api.publish([SICI], tmp_path, base=BASE, w3id="https://example.org/ssc/")
    with pytest.raises(UsageError, match="http"):
        api.publish([SICI], tmp_path, w3id="https://example.github.io/ssc-rdf/id/ [R=301]")
    with pytest.raises(UsageError, match="host it there"):
        api.publish([SICI], tmp_path, w3id="https://example.github.io/elsewhere/")
    api.publish([SICI], tmp_path, w3id="https://example.github.io/ssc-rdf/id")
    entry = (tmp_path / "w3id.htaccess").read_text()
    assert "RewriteRule ^id/(.+)$ https://example.github.io/ssc-rdf/id/$1.ttl [R=303,L]" in entry
    assert "RewriteRule ^ontology$ https://example.github.io/ssc-rdf/id/ontology.ttl [R=303,L]" in entry


def test_cli_publish_passes_w3id_and_no_sparql(cli, tmp_path):
    result = cli("publish", str(SICI), "-o", str(tmp_path), "--no-sparql", "--w3id", "https://example.org/x/")
    assert result.exit_code != 0 and "host it there" in result.stderr
    result = cli("publish", str(SICI), "-o", str(tmp_path), "--no-sparql", "--w3id", "https://example.org/ssc-rdf/id/")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "w3id.htaccess").is_file() and not (tmp_path / "sparql.html").exists()
