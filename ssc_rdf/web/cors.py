"""Cross-origin access: the data is public, so a browser application on any site may read the
documents and query the endpoint (GET, HEAD, POST), and is told so by a preflight.

Starlette's CORSMiddleware, with two changes: a preflight is answered ``204 No Content``, as
a preflight has nothing to say in a body; and every answer says ``Access-Control-Allow-Origin:
*``, whether the request named an origin or not, so that an answer is the same for everyone
and a cache needs no ``Vary: Origin``.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Send

METHODS = ["GET", "HEAD", "POST"]
# Accept and Content-Type are allowed anyway with safelisted values; named here for the others
# (application/sparql-query is not one); the conditional ones let a client revalidate.
HEADERS = ["Accept", "Content-Type", "If-None-Match", "If-Modified-Since"]
EXPOSED = ["ETag", "X-SSC-RDF-Truncated"]


class Cors(CORSMiddleware):
    """Any origin, no credentials (nothing here depends on who asks)."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app, allow_origins=["*"], allow_methods=METHODS, allow_headers=HEADERS,
                         expose_headers=EXPOSED, allow_private_network=True, max_age=86400)

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 200:  # a method or header not allowed: the 400 says which
            return response
        headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "content-type")}
        return Response(status_code=204, headers=headers)

    async def send(self, message: Message, send: Send, request_headers: Headers) -> None:
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message).update(self.simple_headers)
        await send(message)
