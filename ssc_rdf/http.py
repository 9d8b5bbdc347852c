"""HTTP for remote stores: credentials from the URL, the environment or ~/.netrc, never shown.

A user name and password may come from ``SSC_RDF_USER``/``SSC_RDF_PASSWORD``, from the
endpoint URL itself (``http://user:pass@host/...``, percent-encoded) or from ``~/.netrc``
(see ``credentials``); every URL printed or raised goes through ``redact`` first, and the
text of a server's error page through ``scrub``.
"""

from __future__ import annotations

import netrc
import os
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from .credentials import redact, remember, scrub, split
from .errors import RemoteError

RETRY_STATUSES = {429, 502, 503, 504}


def split_credentials(url: str) -> tuple[str, httpx.Auth | None]:
    """A URL without user information, and the auth to use with it: the URL's user, else
    the environment's, else the one ~/.netrc (or $NETRC) has for the host."""
    endpoint = split(url)
    user, password = endpoint.user, endpoint.password
    if user is None and os.environ.get("SSC_RDF_USER"):
        user, password = os.environ["SSC_RDF_USER"], os.environ.get("SSC_RDF_PASSWORD", "")
    if user is None:
        user, password = _from_netrc(urlsplit(endpoint.url).hostname or "")
    if user is None:
        return endpoint.url, None
    remember(user, password or "")
    return endpoint.url, _BasicOrDigest(user, password or "")


def _from_netrc(host: str) -> tuple[str | None, str | None]:
    """The login and password ~/.netrc (or $NETRC) has for ``host``."""
    path = Path(os.environ.get("NETRC", Path.home() / ".netrc"))
    if not path.is_file():
        return None, None
    try:
        found = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as exc:  # its message may quote a password
        raise RemoteError(f"{path}:{exc.lineno}: cannot read this netrc file") from None
    return (found[0], found[2]) if found else (None, None)


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
        detail = " ".join(scrub(response.text).split())[:200]  # scrubbed before it is cut
        raise RemoteError(f"{redact(url)} answered {response.status_code}: {detail}")
    return response
