"""``ssc-rdf query``: formats, limits, time limits and errors."""

from __future__ import annotations

import json

from .conftest import REVIEW

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
