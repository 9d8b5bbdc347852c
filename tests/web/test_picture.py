"""The picture of the review: an SVG graph of its curated statements, drawn on the server."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from lxml import etree

from ssc_rdf import api
from ssc_rdf.rdf.typed import solutions, value
from ssc_rdf.web.dataset import Dataset
from ssc_rdf.web.pages import Pages, highlight

from ..conftest import REVIEW

BASE = "https://example.org/ssc/"
SVG = "{http://www.w3.org/2000/svg}"
REVIEW_IRI = BASE + "publication/doi/10.1038/s41409-021-01492-7"
THERAPY = "https://w3id.org/ssc-rdf/ontology#autologous-hsct"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return api.dataset([REVIEW], base=BASE)


def _svg(page: str) -> etree._Element:
    """The page's one picture, parsed as XML (lxml refuses anything that is not well-formed)."""
    found = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert len(found) == 1
    return etree.fromstring(found[0].encode("utf-8"))


def _curated(data: Dataset, where: str = "") -> set[tuple[str, str, str]]:
    """(subject, predicate, object) labels of the curated statements, straight from the data."""
    query = f"""SELECT DISTINCT ?s ?p ?o WHERE {{ ?st a <https://w3id.org/ssc-rdf/ontology#CuratedStatement> ;
                <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
                <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
                <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o . {where} }}"""
    return {tuple(data.label(ox.NamedNode(value(r[v]))) for v in "spo") for r in solutions(data.store, query)}


def _edges(svg: etree._Element) -> list[str]:
    return [g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g") if g.get("class") == "edge"]


def test_review_page_pictures_every_curated_statement_with_its_evidence(data):
    svg = _svg(Pages(data).resource(REVIEW_IRI))
    assert svg.tag == f"{SVG}svg" and svg.get("viewBox")
    edges = _edges(svg)
    statements = _curated(data, f"?st <http://www.w3.org/ns/prov#wasDerivedFrom> <{REVIEW_IRI}>")
    assert len(statements) >= 30 and len(edges) == len(statements)
    for s, p, o in statements:
        assert any(edge.startswith(f"{s} {p} {o}\n“") for edge in edges), (s, p, o)  # its evidence follows
    texts = {" ".join(t.text for t in text.iter(f"{SVG}tspan")) for text in svg.iter(f"{SVG}text")}
    for label in ("systemic sclerosis", "intravenous route", "mesenchymal stromal cell", "immunomodulation",
                  "hand disability", "vascular system"):
        assert label in texts, label
    links = {a.get("href") for a in svg.iter(f"{SVG}a")}
    assert "/ssc/ontology/autologous-hsct.html" in links
    assert any(edge.endswith(")") for edge in edges)  # a hedged statement says how the source puts it
    assert svg.xpath("//svg:path[@stroke-dasharray]", namespaces={"svg": SVG[1:-1]})


def test_home_page_shows_the_review_and_a_therapy_page_its_own_statements(data):
    pages = Pages(data)
    assert len(_edges(_svg(pages.home()))) == len(_edges(_svg(pages.resource(REVIEW_IRI))))
    edges = _edges(_svg(pages.resource(THERAPY)))
    label = "autologous haematopoietic stem cell transplantation"
    assert edges and all(label in edge for edge in edges)
    assert len(edges) == len(_curated(data, f"FILTER(?s = <{THERAPY}> || ?o = <{THERAPY}>)"))


def test_pages_without_statements_have_no_picture(data):
    page = Pages(data).resource(BASE + "journal/front-immunol")
    assert "<svg" not in page


def test_every_page_is_titled_by_its_label_not_its_path(data):
    """Mentions, citations and statements included: the title is a label, never the IRI's path."""
    pages = Pages(data)
    for iri in data.resources:
        title = re.search(r"<h1>(.*?)</h1>", pages.resource(iri), re.S).group(1)
        assert title and title != iri[len(BASE):] and "/" not in title.split()[0], (iri, title)


def test_linked_from_is_grouped_by_property_and_long_groups_folded(data):
    """The review's page was 9,660 px tall, mostly an unlabelled list of the mentions in it."""
    page = Pages(data).resource(REVIEW_IRI)
    linked = page.split("<h2>Linked from</h2>")[1]
    groups = re.findall(r'<details class="incoming"( open)?><summary><span title="([^"]+)">[^<]+</span> \((\d+)\)',
                        linked)
    assert len(groups) == len({iri for _, iri, _ in groups}) >= 2
    assert all(bool(is_open) == (int(count) <= 10) for is_open, _, count in groups)
    assert any(int(count) > 10 and not is_open for is_open, _, count in groups)


def test_evidence_marks_the_words_that_name_the_subject_or_object(data):
    page = Pages(data).resource("https://w3id.org/ssc-rdf/ontology#intravenous-msc-injection")
    assert "<mark>intravenous injection of mesenchymal stem cells</mark>" in page  # the mention's quote
    assert "<mark>SSc</mark>" in page  # systemic sclerosis, by its other name
    assert highlight("MSC in msc and MSCs <b>", ["msc", "MSC in"]) == [
        ("MSC in", True), (" ", False), ("msc", True), (" and MSCs <b>", False)]
    assert highlight("no names here", []) == [("no names here", False)]
