"""HTTP for remote stores: credentials from the environment or ~/.netrc, never shown.

A user name and password may come from ``SSC_RDF_USER``/``SSC_RDF_PASSWORD``, from the
endpoint URL itself (``http://user:pass@host/...``) or from ``~/.netrc``; every URL
printed or raised goes through ``redact`` first.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from .errors import SscError

RETRY_STATUSES = {429, 502, 503, 504}


class RemoteError(SscError):
    exit_code = 2


def redact(url: str) -> str:
    """The URL without its user information."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


def split_credentials(url: str) -> tuple[str, httpx.Auth | None]:
    """A URL without user information, and the auth to use with it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"not an http(s) URL: {redact(url)}")
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    clean = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    user, password = parts.username, parts.password
    if user is None and os.environ.get("SSC_RDF_USER"):
        user, password = os.environ["SSC_RDF_USER"], os.environ.get("SSC_RDF_PASSWORD", "")
    if user is not None:
        return clean, _BasicOrDigest(user, password or "")
    netrc = Path(os.environ.get("NETRC", Path.home() / ".netrc"))
    if netrc.is_file():
        return clean, httpx.NetRCAuth(str(netrc))
    return clean, None


class _BasicOrDigest(httpx.Auth):
    """Basic auth, or digest when the server asks for it (Virtuoso's -auth endpoints)."""

    def __init__(self, user: str, password: str) -> None:
        self.basic = httpx.BasicAuth(user, password)
        self.digest = httpx.DigestAuth(user, password)

    def auth_flow(self, request):
        response = yield request
        challenge = response.headers.get("www-authenticate", "")
        if response.status_code == 401 and challenge.lower().startswith("digest"):
            flow = self.digest.auth_flow(request)
            next(flow)
            yield flow.send(response)
        elif response.status_code == 401 and "authorization" not in request.headers:
            yield from self.basic.auth_flow(request)


def request(method: str, url: str, *, timeout: float, retries: int = 3,
            on_retry: Callable[[str], None] | None = None, **kwargs) -> httpx.Response:
    """One HTTP request with retries and backoff on transient failures; errors in one line."""
    clean, auth = split_credentials(url)
    delay = 0.5
    for attempt in range(retries + 1):
        try:
            response = httpx.request(method, clean, auth=auth, timeout=timeout, **kwargs)
        except httpx.TimeoutException:
            problem = f"no answer from {redact(url)} within {timeout:g} s"
        except httpx.ConnectError:
            problem = f"cannot connect to {redact(url)} (is the store running?)"
        except httpx.HTTPError as exc:
            problem = f"HTTP error with {redact(url)}: {type(exc).__name__}"
        else:
            if response.status_code not in RETRY_STATUSES:
                return _checked(response, url)
            problem = f"{redact(url)} answered {response.status_code} {response.reason_phrase}"
        if attempt == retries:
            raise RemoteError(problem)
        if on_retry:
            on_retry(f"{problem}; retrying in {delay:g} s")
        time.sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")


def _checked(response: httpx.Response, url: str) -> httpx.Response:
    if response.status_code in (401, 403):
        raise RemoteError(f"{redact(url)} refused the credentials ({response.status_code}): "
                          "set SSC_RDF_USER/SSC_RDF_PASSWORD or ~/.netrc")
    if response.status_code == 404:
        raise RemoteError(f"{redact(url)} answered 404: is this the store's endpoint?")
    if response.status_code >= 400:
        detail = " ".join(response.text.split())[:200]
        raise RemoteError(f"{redact(url)} answered {response.status_code}: {detail}")
    return response
