"""``ssc-rdf query``: formats, limits, time limits and errors."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from .conftest import FIXTURES, REVIEW

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_named_query_to_json_with_prefixes_predeclared(cli):
    result = cli("query", "therapies-by-route", "--data", str(REVIEW), "-f", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 3


def test_inline_select_ask_construct_describe(cli):
    result = cli("query", "SELECT ?t WHERE { ?t ssc:hasRoute ssc:intravenous }", "--data", str(REVIEW))
    assert result.exit_code == 0 and "intravenous-msc-injection" in result.stdout  # TSV when not a terminal
    result = cli("query", "ASK { ssc:autologous-hsct ssc:treats ssc:systemic-sclerosis }", "--data", str(REVIEW))
    assert result.stdout.strip() == "true"
    result = cli("query", "CONSTRUCT { ?t ssc:hasRoute ?r } WHERE { ?t ssc:hasRoute ?r }", "--data", str(REVIEW),
                 "-f", "nt")
    assert result.exit_code == 0 and len(result.stdout.strip().splitlines()) == 3
    result = cli("query", "DESCRIBE ssc:intravenous-msc-injection", "--data", str(REVIEW), "-f", "turtle")
    assert result.exit_code == 0 and "hasRoute" in result.stdout


def test_limit(cli):
    result = cli("query", "statement-evidence", "--data", str(REVIEW), "-f", "csv", "--limit", "2")
    assert len(result.stdout.strip().splitlines()) == 1 + 2


def test_runaway_query_is_stopped_at_its_time_limit(cli):
    result = cli("query", RUNAWAY, "--data", str(REVIEW), "--timeout", "1")
    assert result.exit_code == 2 and "time limit of 1 s" in result.stderr


def test_errors_are_one_line_exit_2(cli, tmp_path):
    cases = {
        "malformed": (["query", "SELECT ?x WHERE { ?x ssc:treats }", "--data", str(REVIEW)], "malformed query"),
        "unknown-named": (["query", "no-such-question", "--data", str(REVIEW)], "unknown named query"),
        "update": (["query", "INSERT DATA { <a:b> <a:c> <a:d> }", "--data", str(REVIEW)], "updates are not run"),
        "no-store": (["query", "therapies-by-route", "--store", str(tmp_path / "none")], "no store here"),
        "bad-format": (["query", "therapies-by-route", "--data", str(REVIEW), "-f", "turtle"], "not a SPARQL results"),
    }
    for name, (args, message) in cases.items():
        result = cli(*args)
        assert result.exit_code == 2, name
        assert message in result.stderr, (name, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, name


def test_queries_lists_the_questions(cli):
    result = cli("queries")
    assert "therapies-by-route\tWhich therapies" in result.stdout


SMALL = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/a> rdfs:label "alpha" ; <http://example.org/p> <http://example.org/b> .
<http://example.org/b> rdfs:label "beta" .
"""


@pytest.fixture
def small(tmp_path) -> str:
    path = tmp_path / "x.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return str(path)


def test_construct_off_a_terminal_is_turtle(cli, small):
    result = cli("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2", "--data", small)
    assert result.exit_code == 0, result.stderr
    assert len(Graph().parse(data=result.stdout, format="turtle")) == 2


def test_one_line_query_with_hash_in_a_prefix_iri(cli, small):
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?s rdfs:label ?l }"
    result = cli("query", query, "--data", small)
    assert result.exit_code == 0, result.stderr
    assert {"\"alpha\"", "\"beta\""} <= set(result.stdout.split())


def test_ask_in_a_prefix_iri_does_not_make_an_ask(cli, small):
    query = "PREFIX ex: <http://example.org/ask#> CONSTRUCT { ?s ex:named ?l } WHERE { ?s rdfs:label ?l }"
    result = cli("query", query, "--data", small, "-f", "nt")
    assert result.exit_code == 0, result.stderr
    assert len(Graph().parse(data=result.stdout, format="nt")) >= 2


def test_limit_after_a_trailing_comment(cli, small):
    result = cli("query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 # comment", "--data", small, "--limit", "1",
                 "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 1 + 1


def test_limit_with_values_at_the_end(cli, small):
    result = cli("query", "SELECT ?s ?l WHERE { ?s rdfs:label ?l } VALUES ?l { \"alpha\" \"beta\" }", "--data", small,
                 "--limit", "1", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 1 + 1


def test_query_files_and_a_file_that_is_not_utf8(cli, small, tmp_path):
    good = tmp_path / "labels.rq"
    good.write_text("SELECT ?l WHERE { ?s rdfs:label ?l }", encoding="utf-8")
    result = cli("query", str(good), "--data", small, "-f", "csv")
    assert result.exit_code == 0 and "alpha" in result.stdout
    bad = tmp_path / "latin1.rq"
    bad.write_bytes('SELECT ?s WHERE { ?s rdfs:label "café" }'.encode("latin-1"))
    result = cli("query", str(bad), "--data", small)
    assert result.exit_code == 2 and str(bad) in result.stderr and "UTF-8" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


CROHN = FIXTURES / "curated" / "crohn-fistula-review.yaml"


def test_queries_lists_the_parameters_with_their_defaults(cli):
    lines = dict(line.split("\t", 1) for line in cli("queries").stdout.splitlines())
    assert lines["therapies-by-route"].endswith("\tdisease=ssc:systemic-sclerosis (a disease: key, CURIE or IRI)")
    assert "tissue=ssc:adipose-tissue" in lines["adipose-tissue-therapies"]


def test_a_question_about_another_disease_with_a_parameter(cli):
    result = cli("query", "therapies-by-route", "--data", str(CROHN), "-f", "csv", "--param", "disease=crohn-disease")
    assert result.exit_code == 0, result.output
    assert "adipose-derived-msc-injection" in result.stdout and "hint" not in result.stderr


def test_no_rows_for_another_disease_gives_a_hint(cli):
    result = cli("query", "therapies-by-route", "--data", str(CROHN), "-f", "csv")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    assert ("ssc-rdf: hint: no rows: the question asks about --param disease=ssc:systemic-sclerosis, which the "
            "data's statements never name; they name the disease(s) crohn-disease (Crohn's disease): "
            "try --param disease=crohn-disease") in result.stderr


def test_default_parameters_keep_the_answers(cli):
    default = cli("query", "therapies-by-route", "--data", str(REVIEW), "-f", "csv")
    given = cli("query", "therapies-by-route", "--data", str(REVIEW), "-f", "csv", "-p", "disease=MONDO:0005100")
    assert default.exit_code == given.exit_code == 0
    assert default.stdout == given.stdout and len(default.stdout.splitlines()) == 4


def test_a_bad_parameter_is_a_usage_error(cli):
    for args, message in [(("-p", "colour=red"), "no such parameter"), (("-p", "disease=two words"), "neither a key")]:
        result = cli("query", "therapies-by-route", "--data", str(REVIEW), *args)
        assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr
