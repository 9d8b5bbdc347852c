"""Credentials for remote stores, and keeping them out of everything ssc-rdf shows.

A user name and password come from the endpoint URL (``http://user:pass@host/...``, with
any character percent-encoded), from ``SSC_RDF_USER``/``SSC_RDF_PASSWORD`` or from
``~/.netrc``. Each secret in play is remembered here in every form it can take in a
message: the password as given and percent-encoded, ``user:password``, and its base64, which
a Basic ``Authorization`` header carries (and a careless server echoes in its error page).
``scrub`` takes them all out of a text; the command line passes every error, log line and
traceback through it, and URLs are shown through ``redact``, without their user information.

By RFC 3986 a raw ``/``, ``?`` or ``#`` ends the host part of a URL, and an ``@`` in a
password cannot be told from the one before the host: such a URL is refused, without
showing it, since where its password ends is anyone's guess.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, unquote, urlsplit, urlunsplit

from .errors import RemoteError

_remembered: set[str] = set()

UNREADABLE = ("cannot tell where the password ends in an endpoint URL (not shown): percent-encode any /, ?, # "
              "or @ in its user name and password (%2F, %3F, %23, %40), or set SSC_RDF_USER and SSC_RDF_PASSWORD")


@dataclass(frozen=True)
class Endpoint:
    """A URL as requests use it (no user information), and the user and password it held, decoded."""

    url: str
    user: str | None
    password: str | None


def split(url: str) -> Endpoint:
    """Take a URL apart; refuse one that cannot be read, or whose password cannot be told apart."""
    parts = _parts(url)
    userinfo, at, host = parts.netloc.rpartition("@")
    clean = urlunsplit(parts._replace(netloc=host))
    if not parts.hostname:
        raise RemoteError(f"not an http(s) URL: {clean}")
    if not at:
        return Endpoint(clean, None, None)
    user, colon, password = userinfo.partition(":")
    endpoint = Endpoint(clean, unquote(user), unquote(password) if colon else None)
    remember(endpoint.user or "", endpoint.password or "", written=password)
    return endpoint


def _authority(rest: str) -> str:
    """What follows ``scheme://`` up to the path, query or fragment."""
    for end in "/?#":
        rest = rest.split(end, 1)[0]
    return rest


def _parts(url: str) -> SplitResult:
    """The parts of an http(s) URL whose only ``@`` (if any) ends its user information: a raw
    ``/``, ``?``, ``#`` or ``@`` in a password puts one elsewhere."""
    scheme, found, rest = url.partition("://")
    if not found or scheme.lower() not in ("http", "https"):
        raise RemoteError(f"not an http(s) URL: {redact(url)}")
    if url.count("@") > 1 or url.count("@") != _authority(rest).count("@"):
        raise RemoteError(UNREADABLE)
    try:
        parts = urlsplit(url)
        _ = parts.port  # reading it checks it: a port out of range or not a number is a ValueError
    except ValueError as exc:
        raise RemoteError(f"the URL {redact(url)} cannot be read: {exc}") from None
    return parts


def redact(url: str) -> str:
    """The URL without its user information, for messages; not shown at all when an ``@``
    elsewhere may hold part of a password."""
    if "@" not in url:
        return url
    scheme, found, rest = url.partition("://")
    if found and url.count("@") == 1 and "@" in _authority(rest):
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return "(a URL that may hold a password, not shown)"


def remember(user: str, password: str, written: str | None = None) -> None:
    """Keep every form of a password (and of ``user:password``) that a message could show;
    ``written`` is the password as the URL spelled it (percent-encoded its own way)."""
    if not password:
        return
    pair = f"{user}:{password}"
    token = base64.b64encode(pair.encode()).decode()
    _remembered.update({password, quote(password, safe=""), written or password, pair, token,
                        token.replace("/", "\\/")})  # JSON may escape the slashes


def in_play() -> list[str]:
    """Every secret in play, longest first: those remembered, and those in the environment."""
    remember(os.environ.get("SSC_RDF_USER", ""), os.environ.get("SSC_RDF_PASSWORD", ""))
    return sorted(_remembered, key=len, reverse=True)


def scrub(text: str) -> str:
    """The text with every secret in play replaced by ``***``."""
    for secret in in_play():
        text = text.replace(secret, "***")
    return text
