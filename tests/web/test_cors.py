"""Cross-origin access to the endpoint and the documents: preflights and the headers of answers."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from ssc_rdf.web.cors import Cors

ORIGIN = {"Origin": "https://client.example"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    async def hello(request):
        return PlainTextResponse("hello", headers={"ETag": '"1"'})

    return TestClient(Starlette(routes=[Route("/x", hello, methods=["GET", "POST"])], middleware=[Middleware(Cors)]))


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
def test_preflight_is_204_for_any_origin(client, method):
    response = client.options("/x", headers={**ORIGIN, "Access-Control-Request-Method": method,
                                             "Access-Control-Request-Headers": "Content-Type, Accept"})
    assert response.status_code == 204 and response.content == b""
    assert response.headers["access-control-allow-origin"] == "*"
    assert {"GET", "HEAD", "POST"} <= {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    allowed = {h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")}
    assert {"content-type", "accept"} <= allowed


def test_refused_preflight_says_why(client):
    response = client.options("/x", headers={**ORIGIN, "Access-Control-Request-Method": "DELETE"})
    assert response.status_code == 400 and "method" in response.text


def test_answers_carry_the_origin_and_expose_etag(client):
    response = client.get("/x", headers=ORIGIN)
    assert response.headers["access-control-allow-origin"] == "*"
    assert "ETag" in response.headers["access-control-expose-headers"]


def test_the_same_answer_with_or_without_an_origin(client):
    """A cache may keep one copy: no ``Vary: Origin``."""
    assert client.get("/x").headers["access-control-allow-origin"] == "*"
    assert "origin" not in client.get("/x", headers=ORIGIN).headers.get("vary", "").lower()
