"""Validators for what the server sends (ETag, Last-Modified) and ``304 Not Modified`` for a
client whose copy is still good: the data does not change while it is served, so a crawler
or a browser revalidating a document costs at most a hash, not a new download."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import Response

# What a 304 repeats of the 200 it stands for (RFC 9110, 15.4.5).
_KEPT = ("etag", "last-modified", "vary", "cache-control", "content-location")


@dataclass(frozen=True)
class Tagged:
    """A body kept to be served many times, and its ETag, hashed once with it (not for every request)."""

    body: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> Tagged:
        return cls(body, etag_of(body))


def etag_of(body: bytes | memoryview) -> str:
    """A strong ETag: a hash of the body."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def validated(request: Request, response: Response, modified: datetime.datetime, etag: str | None = None) -> Response:
    """``response`` (a whole 200) with a strong ETag (``etag``, the hash of its body, hashed here
    when not given) and Last-Modified, or 304 when the request's If-None-Match names that ETag
    or, without If-None-Match, its If-Modified-Since is not earlier than ``modified`` (RFC 9110, 13.2.2)."""
    etag = etag or etag_of(response.body)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = format_datetime(modified, usegmt=True)
    if request.method not in ("GET", "HEAD"):
        return response
    matches = request.headers.get("if-none-match")
    if matches is not None:
        current = matches.strip() == "*" or etag in {tag.strip().removeprefix("W/") for tag in matches.split(",")}
    else:
        since = _date(request.headers.get("if-modified-since"))
        current = since is not None and modified <= since
    if not current:
        return response
    return Response(status_code=304, headers={k: v for k, v in response.headers.items() if k in _KEPT})


def _date(text: str | None) -> datetime.datetime | None:
    """An HTTP date, or None for none or an invalid one (which the header's rules say to ignore)."""
    if not text:
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=datetime.UTC)
