"""ETag and Last-Modified, and 304 for a client whose copy is current."""

from __future__ import annotations

import datetime

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from ssc_rdf.web.caching import Tagged, validated

MODIFIED = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def client() -> TestClient:
    async def page(request):
        response = PlainTextResponse("hello", headers={"Vary": "Accept"})
        return validated(request, response, MODIFIED)

    async def kept(request):
        body = Tagged.of(b"hello")  # hashed once, when a page is cached
        return validated(request, PlainTextResponse(body.body, headers={"Vary": "Accept"}), MODIFIED, body.etag)

    return TestClient(Starlette(routes=[Route("/x", page), Route("/kept", kept)]))


def test_validators_and_304(client):
    first = client.get("/x")
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag.startswith('"') and first.headers["last-modified"] == \
        "Fri, 02 Jan 2026 03:04:05 GMT"
    again = client.get("/x", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["vary"] == "Accept"
    assert client.get("/x", headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get("/x", headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.head("/x", headers={"If-None-Match": etag}).status_code == 304


def test_if_modified_since(client):
    assert client.get("/x", headers={"If-Modified-Since": "Fri, 02 Jan 2026 03:04:05 GMT"}).status_code == 304
    assert client.get("/x", headers={"If-Modified-Since": "Fri, 02 Jan 2026 03:04:04 GMT"}).status_code == 200
    assert client.get("/x", headers={"If-Modified-Since": "not a date"}).status_code == 200
    # If-None-Match wins: a changed ETag is a change, whatever the date
    assert client.get("/x", headers={"If-None-Match": '"other"',
                                     "If-Modified-Since": "Fri, 02 Jan 2026 03:04:05 GMT"}).status_code == 200


def test_an_etag_hashed_with_its_body_is_the_same(client):
    """A cached page's ETag, hashed once with its body, is the one a hash per request gave."""
    etag = client.get("/x").headers["etag"]
    assert client.get("/kept").headers["etag"] == etag
    assert client.get("/kept", headers={"If-None-Match": etag}).status_code == 304
