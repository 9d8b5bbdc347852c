"""Parameters of the competency questions: declared in the file, values parsed into RDF terms,
bound by the question's VALUES line (never pasted into the query as typed)."""

from __future__ import annotations

import pytest

from ssc_rdf.errors import UsageError
from ssc_rdf.sparql.catalogue import named_queries
from ssc_rdf.sparql.params import bind, declared, parse_assignments, term
from ssc_rdf.sparql.prepare import prepare

SSC = "https://w3id.org/ssc-rdf/ontology#"
DISEASE = declared(named_queries()["therapies-by-route"].text)[0]


def test_every_question_about_a_disease_takes_it_as_a_parameter():
    for name, question in named_queries().items():
        names = [p.name for p in declared(question.text)]
        assert ("systemic-sclerosis" in question.text) == ("disease" in names), name
        for parameter in declared(question.text):  # each default is the one VALUES line that binds it
            assert question.text.count(f"VALUES ?{parameter.variable} {{ {parameter.default} }}") == 1, name


@pytest.mark.parametrize("value, iri", [
    ("systemic-sclerosis", f"{SSC}systemic-sclerosis"),
    ("ssc:systemic-sclerosis", f"{SSC}systemic-sclerosis"),
    ("MONDO:0005100", f"{SSC}systemic-sclerosis"),  # an external identifier the ontology matches exactly
    ("http://purl.obolibrary.org/obo/MONDO_0005100", f"{SSC}systemic-sclerosis"),
    ("MONDO:0005011", "http://purl.obolibrary.org/obo/MONDO_0005011"),
    ("<http://example.org/d>", "http://example.org/d"),
    ("crohn-disease", "https://w3id.org/ssc-rdf/id/entity/crohn-disease"),
])
def test_values_name_iris(value, iri):
    assert term(DISEASE, value).value == iri


@pytest.mark.parametrize("value", ["two words", "http://example.org/a b", "NOPREFIX:1", "<http://x> } ?s ?p ?o {",
                                   "ssc:a>"])
def test_values_that_name_no_iri_are_refused(value):
    with pytest.raises(UsageError, match="--param disease"):
        term(DISEASE, value)


def test_bound_queries_parse_and_bind_the_term():
    text = named_queries()["therapies-by-route"].text
    bound = bind(text, {"disease": "MONDO:0005011"})
    assert "VALUES ?askedDisease { <http://purl.obolibrary.org/obo/MONDO_0005011> }" in bound
    assert bound.replace("<http://purl.obolibrary.org/obo/MONDO_0005011>", "ssc:systemic-sclerosis") == text
    assert prepare(bound).kind == "SELECT"


def test_a_doi_is_a_literal():
    doi = declared(named_queries()["cited-publications"].text)[0]
    assert str(term(doi, "https://doi.org/10.1000/xyz")) == '"10.1000/xyz"'
    with pytest.raises(UsageError, match="not a DOI"):
        term(doi, '10.1000/x" } ?s ?p ?o {')


def test_assignments_are_checked():
    assert parse_assignments(["disease=MONDO:0005011"], [DISEASE]) == {"disease": "MONDO:0005011"}
    with pytest.raises(UsageError, match=r"no such parameter .*disease"):
        parse_assignments(["colour=red"], [DISEASE])
    with pytest.raises(UsageError, match="NAME=VALUE"):
        parse_assignments(["disease"], [DISEASE])
