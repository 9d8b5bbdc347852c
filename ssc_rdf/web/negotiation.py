"""Content negotiation on ``Accept`` (q-values, wildcards) with werkzeug's parser."""

from __future__ import annotations

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


def best(accept: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers; the first offer when it accepts anything; None for 406."""
    if not accept or not accept.strip():
        return offers[0]
    return parse_accept_header(accept, MIMEAccept).best_match(offers)
