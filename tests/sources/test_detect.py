"""The sources registry (ssc_rdf.sources.detect): what kind an input is, RDF files included."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ssc_rdf.errors import UsageError
from ssc_rdf.sources import detect

from ..conftest import REVIEW

NT = b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
NQ = b"<http://example.org/a> <http://example.org/b> <http://example.org/c> <http://example.org/g> .\n"
TTL = b"@prefix e: <http://example.org/> .\ne:a e:b e:c .\n"


@pytest.mark.parametrize(("head", "fmt"), [
    (NT, ox.RdfFormat.N_TRIPLES), (NQ, ox.RdfFormat.N_QUADS), (TTL, ox.RdfFormat.TRIG),  # TriG reads Turtle
    (b'{"@id": "http://example.org/a"}', ox.RdfFormat.JSON_LD),
    (b"<?xml version='1.0'?>\n<rdf:RDF/>", ox.RdfFormat.RDF_XML),
])
def test_rdf_by_content_when_the_name_says_nothing(head, fmt):
    assert detect(head, "data.bin", whole=True) == ("rdf", fmt)


def test_the_extension_names_the_rdf_format_and_content_names_other_kinds():
    assert detect(NT, "data.ttl") == ("rdf", ox.RdfFormat.TURTLE)
    assert detect(REVIEW.read_bytes(), "review.ttl") == ("curated-yaml", None)  # content first


def test_a_cut_line_is_not_taken_for_rdf():
    # not the whole input: its last line may be cut, so only complete lines are tried
    assert detect(NT, "data.bin", whole=False) is None
    assert detect(NT * 3, "data.bin", whole=False) == ("rdf", ox.RdfFormat.N_TRIPLES)


def test_input_format_overrides_and_unknown_input_is_none():
    assert detect(b"anything", "x", "text/turtle") == ("rdf", ox.RdfFormat.TURTLE)
    assert detect(b"anything", "x", "medline") == ("medline", None)
    assert detect(b"just some notes\n", "notes.txt", whole=True) is None
    with pytest.raises(UsageError, match="input format"):
        detect(b"anything", "x", "nonsense")
