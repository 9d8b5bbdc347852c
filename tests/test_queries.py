"""Competency questions: expected answers on the bundled review, from files, the
embedded store and a real Oxigraph server."""

from __future__ import annotations

import csv
import io

import pytest

from ssc_rdf import api
from ssc_rdf.sparql.catalogue import named, named_queries
from ssc_rdf.sparql.prepare import prepare
from ssc_rdf.sparql.run import run_local, run_remote

from .conftest import REVIEW
from .servers import OxigraphServer, VirtuosoServer

SSC = "https://w3id.org/ssc-rdf/ontology#"


def local(value: str) -> str:
    return value.rsplit("#", 1)[-1] if value.startswith(SSC) else value


# For each question: the columns compared, and the expected rows (as sets of tuples).
EXPECTED = {
    "therapies-by-route": (("therapy", "route", "routeKind"), {
        ("autologous-hsct", "systemic-administration", "SystemicRoute"),
        ("intravenous-msc-injection", "intravenous", "SystemicRoute"),
        ("adipose-derived-regenerative-cell-therapy", "local-administration", "LocalRoute")}),
    "therapies-by-cell-source": (("therapy", "cellType", "tissue"), {
        ("autologous-hsct", "hematopoietic-stem-cell", ""),
        ("intravenous-msc-injection", "mesenchymal-stromal-cell", ""),
        ("adipose-derived-regenerative-cell-therapy", "adipose-derived-regenerative-cell", "adipose-tissue")}),
    "adipose-tissue-therapies": (("therapy", "route"), {
        ("adipose-derived-regenerative-cell-therapy", "local-administration")}),
    "therapies-by-component": (("therapy", "component"), {
        ("cellular-therapy", "immune-system"), ("cellular-therapy", "vascular-system"),
        ("cellular-therapy", "extracellular-matrix")}),
    "therapies-by-mechanism": (("therapy", "mechanism"), {
        ("autologous-hsct", "immunomodulation"), ("autologous-hsct", "immune-system-resetting"),
        ("intravenous-msc-injection", "immunomodulation"), ("intravenous-msc-injection", "immune-system-resetting"),
        ("adipose-derived-regenerative-cell-therapy", "regeneration")}),
    "local-therapies-for-manifestation": (("therapy", "manifestation"), {
        ("adipose-derived-regenerative-cell-therapy", "hand-disability"),
        ("adipose-derived-regenerative-cell-therapy", "face-disability")}),
    "cited-publications": (("number", "year", "journal"), {
        ("1", "2015", "Best Pr Res Clin Rheumatol"), ("2", "2001", "Ann Rheum Dis"), ("3", "2005", "Autoimmun Rev"),
        ("4", "2018", "Biol Blood Marrow Transpl"), ("5", "2018", "Front Immunol")}),
    "disease-manifestations": (("manifestation",), {("fibrosis-lesions",), ("microvascular-alteration",)}),
    "entities-mentioned": (("entity", "mentions"), {
        ("systemic-sclerosis", "4"), ("cellular-therapy", "3"), ("immune-system", "2"), ("vascular-system", "1"),
        ("extracellular-matrix", "1"), ("autologous-hsct", "1"), ("hematopoietic-stem-cell", "1"),
        ("intravenous-msc-injection", "1"), ("mesenchymal-stromal-cell", "1"), ("intravenous", "1"),
        ("adipose-tissue", "1"), ("adipose-derived-regenerative-cell-therapy", "1"), ("local-administration", "2"),
        ("regeneration", "1"), ("face-disability", "1"), ("fibrosis-lesions", "1"),
        ("microvascular-alteration", "1"), ("immunomodulatory-drug-therapy", "1"), ("symptomatic-management", "1"),
        ("systemic-administration", "1"), ("immunomodulation", "1"), ("immune-system-resetting", "1")}),
}


def answer(output, columns) -> set[tuple[str, ...]]:
    text = output.data.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    return {tuple(local(row.get(c, "")) for c in columns) for row in rows}


def test_every_named_query_has_a_question_and_an_expected_answer():
    queries = named_queries()
    assert len(queries) >= 8
    assert all(q.question.endswith("?") for q in queries.values())
    assert set(EXPECTED) | {"statement-evidence"} == set(queries)


def check_all(run) -> None:
    for name, (columns, expected) in EXPECTED.items():
        assert answer(run(name), columns) == expected, name
    evidence = answer(run("statement-evidence"), ("subject", "predicate", "object", "evidence"))
    assert len(evidence) == 27
    assert all(row[3] for row in evidence)


def test_answers_from_files():
    store = api.dataset([REVIEW]).store
    check_all(lambda name: run_local(prepare(named(name).text), store, fmt="csv"))


def test_answers_from_the_embedded_store(tmp_path):
    store = tmp_path / "store"
    api.load([REVIEW], store=store)
    opened = api.dataset(store=store).store
    check_all(lambda name: run_local(prepare(named(name).text), opened, fmt="csv"))


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


def test_answers_from_an_oxigraph_server(oxigraph, tmp_path):
    nt = tmp_path / "velier-2022.nq"
    api.write(api.convert([str(REVIEW)]), str(nt))
    api.load([str(nt)], endpoint=oxigraph.store)
    check_all(lambda name: run_remote(prepare(named(name).text), oxigraph.query, fmt="csv"))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


def test_answers_from_virtuoso(virtuoso, tmp_path):
    nq = tmp_path / "velier-2022.nq"
    api.write(api.convert([str(REVIEW)]), str(nq))
    api.load([str(nq)], endpoint=virtuoso.store, timeout=30)
    check_all(lambda name: run_remote(prepare(named(name).text), virtuoso.query, fmt="csv", timeout=30))
