"""Content negotiation on ``Accept`` (q-values, wildcards) with werkzeug's parser."""

from __future__ import annotations

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


def best(accept: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers; the first offer when it accepts anything; None for 406.

    Media type parameters other than ``q`` are dropped before matching: every document here
    is UTF-8 (``charset=utf-8`` asks for what is sent) and a JSON-LD ``profile`` only says how
    a client would like the JSON shaped, which any JSON-LD processor reads either way. Left
    in, werkzeug would match ``text/turtle; charset=utf-8`` against no offer at all.
    """
    if not accept or not accept.strip():
        return offers[0]
    parsed = parse_accept_header(accept, MIMEAccept)
    return MIMEAccept([(value.split(";", 1)[0].strip(), q) for value, q in parsed]).best_match(offers)
