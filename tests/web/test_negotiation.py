"""Content negotiation: q-values, wildcards, and media type parameters that must not get in the way."""

from __future__ import annotations

import pytest

from ssc_rdf.web.negotiation import best

OFFERS = ["text/html", "text/turtle", "application/ld+json"]


@pytest.mark.parametrize("accept, chosen", [
    ("text/turtle; charset=utf-8", "text/turtle"),
    ('application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"', "application/ld+json"),
    ('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded";q=0.9, text/turtle;q=0.5',
     "application/ld+json"),
    ("text/turtle;charset=utf-8;q=0.2, text/html;q=0.1", "text/turtle"),
    ("*/*", "text/html"),
    (None, "text/html"),
    ("text/turtle;q=0, text/*", "text/html"),
])
def test_parameters_do_not_stop_a_match(accept, chosen):
    assert best(accept, OFFERS) == chosen


def test_nothing_acceptable():
    assert best("image/png; q=1", OFFERS) is None
    assert best("text/turtle; charset=utf-8; q=0", OFFERS) is None
