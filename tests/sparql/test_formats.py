"""The answer's format is chosen once the query's kind is known."""

from __future__ import annotations

import pytest

from ssc_rdf.errors import UsageError
from ssc_rdf.sparql.formats import choose_format, media_types


def test_defaults_by_kind():
    assert choose_format("SELECT", None) == choose_format("ASK", None) == "tsv"
    assert choose_format("SELECT", None, default_select="json") == "json"
    assert choose_format("CONSTRUCT", None) == choose_format("DESCRIBE", None) == "turtle"


def test_names_aliases_and_media_types():
    assert choose_format("SELECT", "application/sparql-results+json") == "json"
    assert choose_format("SELECT", "text/csv; charset=utf-8") == "csv"
    assert choose_format("CONSTRUCT", "text/turtle") == "turtle"
    assert choose_format("CONSTRUCT", "ttl") == "turtle"
    assert choose_format("SELECT", "xml") == "xml" and choose_format("CONSTRUCT", "xml") == "xml"  # either kind


def test_a_format_of_the_other_kind_is_a_usage_error():
    with pytest.raises(UsageError, match="not a SPARQL results format"):
        choose_format("SELECT", "turtle")
    with pytest.raises(UsageError, match="not a SPARQL results format"):
        choose_format("ASK", "application/ld+json")
    with pytest.raises(UsageError, match="not an RDF format"):
        choose_format("CONSTRUCT", "csv")


def test_offers_for_negotiation():
    assert media_types("SELECT")["text/csv"] == "csv"
    assert media_types("DESCRIBE")["application/n-triples"] == "nt"
    assert "text/turtle" not in media_types("ASK")
