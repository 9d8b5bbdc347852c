"""Competency questions: expected answers on the bundled review, from files, the
embedded store and a real Oxigraph server."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import rdflib

from ssc_rdf import api
from ssc_rdf.sparql.catalogue import named, named_queries

from .conftest import REPO, REVIEW, rdflib_graph
from .servers import OxigraphServer, VirtuosoServer, jena_classpath, jena_select

SSC = "https://w3id.org/ssc-rdf/ontology#"


def local(value: str) -> str:
    """Ontology terms and the review's own entities by key."""
    if value.startswith(SSC):
        return value.rsplit("#", 1)[-1]
    return value.removeprefix("https://w3id.org/ssc-rdf/id/entity/")


# For each question: the columns compared, and the expected rows (as sets of tuples).
A, M, P, AIM, INS = "asserted", "mostly", "proposed", "aimed", "reported-insufficient"
SYSTEMIC, CONVENTIONAL = "systemically-injected-therapies", "conventional-therapies"

# For each question: the columns compared, and the expected rows (as sets of tuples).
EXPECTED = {
    "therapies-by-route": (("therapy", "route", "routeKind", "modality"), {
        ("autologous-hsct", "systemic-administration", "SystemicRoute", A),
        ("intravenous-msc-injection", "intravenous", "SystemicRoute", A),
        ("adipose-derived-regenerative-cell-therapy", "local-administration", "LocalRoute", A)}),
    "therapies-by-cell-source": (("therapy", "cellType", "tissue", "modality"), {
        ("autologous-hsct", "hematopoietic-stem-cell", "", A),
        ("intravenous-msc-injection", "mesenchymal-stromal-cell", "", A),
        ("adipose-derived-regenerative-cell-therapy", "adipose-derived-regenerative-cell", "adipose-tissue", M)}),
    "adipose-tissue-therapies": (("therapy", "route", "modality"), {
        ("adipose-derived-regenerative-cell-therapy", "local-administration", M)}),
    "therapies-by-component": (("therapy", "component", "modality"), {
        ("cellular-therapy", "immune-system", AIM), ("cellular-therapy", "vascular-system", AIM),
        ("cellular-therapy", "extracellular-matrix", AIM)}),
    # Immune system resetting is said of the systemically injected therapies as a group; the rule
    # gives it only to the member that uses haematopoietic stem cells.
    "therapies-by-mechanism": (("therapy", "mechanism", "modality", "group"), {
        ("autologous-hsct", "immunomodulation", A, SYSTEMIC),
        ("autologous-hsct", "immune-system-resetting", A, SYSTEMIC),
        ("intravenous-msc-injection", "immunomodulation", A, SYSTEMIC),
        ("adipose-derived-regenerative-cell-therapy", "regeneration", A, "")}),
    "therapies-for-disease": (("therapy", "disease", "modality", "group"), {
        ("cellular-therapy", "systemic-sclerosis", A, ""), ("autologous-hsct", "systemic-sclerosis", A, ""),
        ("intravenous-msc-injection", "systemic-sclerosis", A, ""),
        ("combined-systemic-and-local-cell-therapy", "systemic-sclerosis", P, ""),
        *((therapy, disease, INS, group)
          for therapy, group in ((CONVENTIONAL, ""), ("immunomodulatory-drug-therapy", CONVENTIONAL),
                                 ("symptomatic-management", CONVENTIONAL))
          for disease in ("systemic-sclerosis", "severe-rapidly-progressive-ssc"))}),
    "local-therapies-for-manifestation": (("therapy", "manifestation", "modality"), {
        ("adipose-derived-regenerative-cell-therapy", "hand-disability", A),
        ("adipose-derived-regenerative-cell-therapy", "face-disability", A)}),
    "cited-publications": (("number", "year", "journal"), {
        ("1", "2015", "Best Pr Res Clin Rheumatol"), ("2", "2001", "Ann Rheum Dis"), ("3", "2005", "Autoimmun Rev"),
        ("4", "2018", "Biol Blood Marrow Transpl"), ("5", "2018", "Front Immunol")}),
    "disease-manifestations": (("manifestation",), {
        ("fibrosis-lesions",), ("microvascular-alteration",), ("hand-disability",), ("face-disability",)}),
    "entities-mentioned": (("entity", "mentions"), {
        ("systemic-sclerosis", "4"), ("cellular-therapy", "3"), ("immune-system", "2"), ("vascular-system", "1"),
        ("extracellular-matrix", "1"), ("autologous-hsct", "1"), ("hematopoietic-stem-cell", "1"),
        ("intravenous-msc-injection", "1"), ("mesenchymal-stromal-cell", "1"), ("intravenous", "1"),
        ("adipose-tissue", "1"), ("adipose-derived-regenerative-cell-therapy", "1"), ("local-administration", "2"),
        ("regeneration", "1"), ("hand-disability", "1"), ("face-disability", "1"), ("fibrosis-lesions", "1"),
        ("microvascular-alteration", "1"), ("immunomodulatory-drug-therapy", "1"), ("symptomatic-management", "1"),
        ("systemic-administration", "1"), ("immunomodulation", "1"), ("immune-system-resetting", "1"),
        ("autoimmune-disease", "1"), ("skin", "1"), ("viscera", "1"), (CONVENTIONAL, "1"), (SYSTEMIC, "1"),
        ("severe-rapidly-progressive-ssc", "1"), ("combined-systemic-and-local-cell-therapy", "1")}),
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
    evidence = answer(run("statement-evidence"), ("subject", "predicate", "object", "modality", "evidence"))
    assert len(evidence) == 37
    assert all(row[3] and row[4] for row in evidence)


def test_answers_from_files():
    check_all(lambda name: api.query(named(name).text, data=[REVIEW], format="csv"))


def test_answers_from_the_embedded_store(tmp_path):
    store = tmp_path / "store"
    api.load([REVIEW], store=store)
    check_all(lambda name: api.query(named(name).text, store=store, format="csv"))


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


def test_answers_from_an_oxigraph_server(oxigraph, tmp_path):
    api.load([REVIEW], endpoint=oxigraph.store, query_endpoint=oxigraph.query)
    check_all(lambda name: api.query(named(name).text, endpoint=oxigraph.query, format="csv"))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


def test_answers_from_virtuoso(virtuoso, tmp_path):
    api.load([REVIEW], endpoint=virtuoso.store, query_endpoint=virtuoso.query, timeout=30)
    check_all(lambda name: api.query(named(name).text, endpoint=virtuoso.query, format="csv", timeout=30))


# -- the shipped files are standalone SPARQL: another engine, no prefix predeclared, same rows --

QUERY_FILES = sorted((REPO / "queries").glob("*.rq"))


def rows_of(solutions: dict) -> list[tuple[tuple[str, str], ...]]:
    """SPARQL JSON results as sorted rows of (variable, value), unbound variables left out."""
    return sorted(tuple(sorted((var, cell["value"]) for var, cell in row.items()))
                  for row in solutions["results"]["bindings"])


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> tuple[Path, dict[str, list]]:
    """The review and the ontology as one N-Triples file (the union graph ssc-rdf queries), and
    ssc-rdf's answer to each question."""
    path = tmp_path_factory.mktemp("merged") / "review-and-ontology.nt"
    store = path.parent / "store"
    api.load([REVIEW], store=store)
    conversion = api.convert([REVIEW])
    graph = rdflib.Graph()
    graph.parse(REPO / "ontology" / "ssc.ttl")
    graph += rdflib_graph(conversion)
    graph.serialize(path, format="nt", encoding="utf-8")
    answers = {q.stem: rows_of(json.loads(api.query(q.read_text(encoding="utf-8"), store=store, format="json").data))
               for q in QUERY_FILES}
    return path, answers


def test_every_query_file_declares_its_prefixes():
    declared = re.compile(r"^PREFIX (\w*):", re.MULTILINE)
    for path in QUERY_FILES:
        text = path.read_text(encoding="utf-8")
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("#", "PREFIX")))
        used = set(re.findall(r"(?<![\w<?\"])([a-z]+):[\w-]", code))
        assert used <= set(declared.findall(text)), (path.name, used - set(declared.findall(text)))


def test_query_files_give_the_same_rows_in_rdflib(merged, monkeypatch):
    """rdflib's engine, with its usual predeclared prefixes (rdf:, rdfs:, skos:...) taken away."""
    from rdflib.namespace import NamespaceManager
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql import sparql as rdflib_sparql

    monkeypatch.setattr(rdflib_sparql, "NamespaceManager", lambda g: NamespaceManager(g, bind_namespaces="none"))
    path, answers = merged
    graph = rdflib.Graph()
    graph.parse(path, format="nt")
    with pytest.raises(Exception, match="Unknown namespace prefix"):
        prepareQuery("SELECT * WHERE { ?s rdf:type ?o }")  # nothing predeclared
    for query in QUERY_FILES:
        result = graph.query(prepareQuery(query.read_text(encoding="utf-8")))
        found = json.loads(result.serialize(format="json"))
        assert rows_of(found) == answers[query.stem], query.name
        assert answers[query.stem], query.name


@pytest.mark.slow
def test_query_files_give_the_same_rows_in_jena_arq(merged, tmp_path):
    """Apache Jena's ARQ reads each file as shipped (it predeclares no prefix) and answers as ssc-rdf does."""
    from concurrent.futures import ThreadPoolExecutor

    classpath = jena_classpath(tmp_path)
    path, answers = merged
    with ThreadPoolExecutor(2) as pool:
        found = dict(zip(QUERY_FILES, pool.map(lambda q: jena_select(classpath, q, [path]), QUERY_FILES), strict=True))
    for query, solutions in found.items():
        assert rows_of(solutions) == answers[query.stem], query.name
