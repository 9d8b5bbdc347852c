"""What the server checks before a handler trusts a request, and the headers every response
carries: request paths and bodies are decoded strictly (a client error is a 400, never a
500 with a traceback), bodies are read up to a limit and no further, and error messages
quote a client's text only as a short, escaped excerpt."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The pages need inline style only: the JSON-LD block is data, which no script-src governs.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
                           "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # GET URLs of the endpoint carry queries: keep them off other sites
}
MAX_FIELDS = 100
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1


class BadRequest(Exception):
    """A request the server will not read further: 400, or ``status`` (413 for a body too large)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status

    def response(self) -> PlainTextResponse:
        # the body may still be arriving: close the connection rather than read it to find the next request
        headers = {"Connection": "close"} if self.status == 413 else None
        return PlainTextResponse(f"{self}\n", status_code=self.status, headers=headers)


class Guard:
    """ASGI middleware: the security headers on every response, and 400 for a malformed path
    before any route sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        try:
            request_path(scope)
        except BadRequest as exc:
            await exc.response()(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def request_path(scope: Scope) -> str:
    """The path as the client sent it, percent-encodings kept (as in the IRIs published here).

    ASGI servers decode the path leniently (a byte that is not UTF-8 becomes U+FFFD), so it
    is checked here from the raw path: ASCII, percent-encodings of UTF-8, no control characters.
    """
    raw: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
    try:
        text = raw.decode("ascii")
        decoded = unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("Bad request: the path is not percent-encoded UTF-8") from None
    if _CONTROL.search(decoded):
        raise BadRequest("Bad request: the path contains control characters") from None
    return text


async def read_body(request: Request, limit: int) -> bytes:
    """The body, read as it arrives and refused (413) once longer than ``limit`` bytes: a huge
    body is never held whole, nor read at all when its declared length says it is too long."""
    too_large = BadRequest(f"Request body too large: the limit is {limit} bytes", status=413)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def form_fields(data: bytes, what: str) -> list[tuple[str, str]]:
    """Fields of a query string or ``application/x-www-form-urlencoded`` body, in order and
    repeats kept (the SPARQL protocol repeats ``default-graph-uri``), strictly UTF-8 (the
    lenient default would silently turn bytes of another encoding into U+FFFD)."""
    try:
        return list(parse_qsl(data.decode("utf-8"), encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS))
    except UnicodeDecodeError:
        raise BadRequest(f"Bad request: {what} is not percent-encoded UTF-8") from None
    except ValueError:  # more fields than MAX_FIELDS
        raise BadRequest(f"Bad request: {what} has more than {MAX_FIELDS} fields") from None


def utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"Bad request: {what} is not UTF-8 (byte {exc.start})") from None


def excerpt(text: str, size: int = 200) -> str:
    """``text`` on one line, control characters escaped, cut after ``size`` characters: what
    an error message may quote of a client's query or path."""
    escaped = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[:size])
    return escaped + "…" if len(text) > size else escaped
