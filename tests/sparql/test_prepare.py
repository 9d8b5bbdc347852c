"""Parsing before running: kinds, SERVICE calls and prefixes from the parse tree, errors."""

from __future__ import annotations

import pytest

from ssc_rdf.sparql.prepare import MalformedQuery, ServiceRefused, UpdateRefused, prepare, refuse_services

from .cases import VALID


@pytest.mark.parametrize("query, kind", VALID)
def test_kind_comes_from_the_parse_tree(query, kind):
    assert prepare(query).kind == kind


def test_ask_in_a_prefix_iri_is_no_ask():
    query = "PREFIX ex: <http://example.org/ask#> CONSTRUCT { ?s ex:p ?o } WHERE { ?s ?p ?o }"
    assert prepare(query).kind == "CONSTRUCT"


def test_services_are_found_anywhere():
    query = """PREFIX ex: <http://example.org/>
    SELECT * WHERE {
      { SELECT ?s WHERE { SERVICE ex:a { ?s ?p ?o } } LIMIT 1 }
      OPTIONAL { SERVICE SILENT <http://example.org/b> { ?s ?p ?o } }
      MINUS { { SERVICE ?endpoint { ?s ?p ?o } } UNION { ?s ?p ?o } }
      FILTER EXISTS { SERVICE <http://example.org/c> { ?s ?p ?o } }
    }"""
    prepared = prepare(query)
    assert prepared.services == ("ex:a", "<http://example.org/b>", "?endpoint", "<http://example.org/c>")
    with pytest.raises(ServiceRefused, match="SERVICE ex:a"):
        refuse_services(prepared)
    refuse_services(prepare("SELECT * WHERE { ?s ?p ?o }"))  # nothing to refuse


def test_a_carriage_return_ends_a_comment_for_both_parsers():
    prepared = prepare("SELECT * WHERE { ?s ?p ?o #\rSERVICE <http://example.org/> { ?a ?b ?c }\n}")
    assert prepared.services == ("<http://example.org/>",)


def test_the_text_that_runs_is_the_text_parsed():
    query = 'SELECT * WHERE { FILTER("\\u0022") SERVICE <http://example.org/> { ?a ?b ?c } FILTER("\\u0022") }'
    prepared = prepare(query)
    assert prepared.services == () and prepared.text == query.replace("\\u0022", '"')
    twice = prepare(query.replace("\\u0022", "\\u005Cu0022"))  # an escape that makes an escape
    assert twice.text == prepared.text


def test_declared_prefixes():
    assert prepare("PREFIX : <http://e/> PREFIX ex: <http://x#>\nASK {}").prefixes == {"", "ex"}


def test_updates_are_refused():
    for update in ("INSERT DATA { <a:b> <a:c> <a:d> }", "PREFIX ex: <a:> DELETE WHERE { ?s ex:p ?o }", "DROP ALL"):
        with pytest.raises(UpdateRefused, match="updates are not run"):
            prepare(update)


def test_malformed_queries_say_where():
    with pytest.raises(MalformedQuery, match="line 3, column 12"):
        prepare("SELECT ?x\nWHERE {\n  ?x ?p ?o FILTER(?x = ) }")
    for text in ("", "# only a comment", "/etc/passwd", "therapies-by-route", "SELECT * { ?s ?p '\\uD800' }"):
        with pytest.raises(MalformedQuery):
            prepare(text)


def test_deep_nesting_is_a_malformed_query_not_a_crash():
    with pytest.raises(MalformedQuery, match="nested too deeply"):
        prepare("SELECT * WHERE { FILTER(" + "(" * 200 + "1" + ")" * 200 + ") }")


def test_queries_parse_correctly_from_many_threads_at_once():
    """Regression: two concurrent POST /sparql requests got 500s: rdflib's parser (pyparsing)
    is not thread-safe, and the server parses in a thread pool."""
    from concurrent.futures import ThreadPoolExecutor

    from ssc_rdf.sparql.prepare import prepare

    texts = [f"SELECT ?s WHERE {{ ?s ?p {i} }} LIMIT {i + 1}" for i in range(200)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        kinds = list(pool.map(lambda text: prepare(text).kind, texts))
    assert kinds == ["SELECT"] * 200
