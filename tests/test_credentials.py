"""Secrets never printed: a password (with every character a URL makes special) given in the
environment, in ~/.netrc or percent-encoded in the URL works, and neither it, nor
``user:password``, nor its base64 (a Basic ``Authorization`` header, echoed back by a server
in its error page) shows in any output, with or without ``-v``. Endpoint URLs that cannot be
read, or not told apart from their password, are one line without a traceback."""

from __future__ import annotations

import base64
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

import pytest

from .conftest import REVIEW

USER = "curator"
PASSWORD = "k3y?Z9q/xQ4#wR8@v7 ü"  # a raw ? / # or @ cuts a URL short; a space and a non-ASCII letter too
PIECES = ["k3y", "Z9q", "xQ4", "wR8", "v7 ü"]  # what a URL parser could cut out of it
ENCODED = quote(PASSWORD, safe="")
BASIC = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
SECRETS = [PASSWORD, f"{USER}:{PASSWORD}", BASIC, ENCODED, *PIECES]


class _Echo(http.server.BaseHTTPRequestHandler):
    """Asks for credentials; once given, answers 500 with the request line and every header,
    Authorization first, as a careless server's error page does. Keeps the Authorization
    headers it was sent."""

    authorizations: ClassVar[list[str]] = []

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        given = self.headers.get("Authorization")
        if given is None:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            body = b""
        else:
            type(self).authorizations.append(given)
            self.send_response(500)
            body = f"{self.command} {self.path}\nAuthorization: {given}\n{self.headers}".encode()
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo() -> Iterator[str]:
    """host:port of an echoing server on 127.0.0.1."""
    _Echo.authorizations = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def ssc_rdf(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ssc_rdf.cli", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment without credentials: an empty home, no ~/.netrc."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("SSC_RDF_USER", "SSC_RDF_PASSWORD", "NETRC")}
    env["HOME"] = str(tmp_path)
    return env


def leaked(result: subprocess.CompletedProcess) -> list[str]:
    return [secret for secret in SECRETS if secret in result.stdout + result.stderr]


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
@pytest.mark.parametrize("how", ["environment", "netrc", "url"])
def test_no_secret_shows_when_a_server_echoes_the_request(echo, tmp_path, how, verbose):
    env = clean_env(tmp_path)
    endpoint = f"http://{echo}/store"
    if how == "environment":
        env |= {"SSC_RDF_USER": USER, "SSC_RDF_PASSWORD": PASSWORD}
    elif how == "netrc":
        (tmp_path / ".netrc").write_text(f'machine 127.0.0.1 login {USER} password "{PASSWORD}"\n')
        (tmp_path / ".netrc").chmod(0o600)
    else:
        endpoint = f"http://{USER}:{ENCODED}@{echo}/store"
    result = ssc_rdf(*(["-v"] if verbose else []), "load", str(REVIEW), "--endpoint", endpoint, "--no-validate",
                     env=env)
    assert _Echo.authorizations == [f"Basic {BASIC}"]  # the password went through whole
    assert result.returncode == 2 and "answered 500" in result.stderr
    assert "Authorization: Basic ***" in result.stderr  # the server's page, the secret scrubbed
    assert leaked(result) == []
    assert ("Traceback" in result.stderr) == verbose
    if not verbose:
        assert len(result.stderr.strip().splitlines()) == 2  # the --no-validate warning, and the error


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
@pytest.mark.parametrize("raw", ["?", "/", "#", "@"])
def test_a_raw_special_character_in_a_url_password_is_refused_without_showing_it(echo, tmp_path, raw, verbose):
    endpoint = f"http://{USER}:k3y{raw}Z9q@{echo}/store"
    result = ssc_rdf(*(["-v"] if verbose else []), "load", str(REVIEW), "--endpoint", endpoint, "--no-validate",
                     env=clean_env(tmp_path))
    assert result.returncode == 2
    assert "percent-encode" in result.stderr and "SSC_RDF_PASSWORD" in result.stderr
    assert "k3y" not in result.stderr + result.stdout and "Z9q" not in result.stderr + result.stdout
    assert _Echo.authorizations == []
    if not verbose:
        assert len(result.stderr.strip().splitlines()) == 2 and "Traceback" not in result.stderr


@pytest.mark.parametrize("endpoint", ["http://[::1:7878/store", "http://127.0.0.1:99999/store",
                                      "http://127.0.0.1:port/store"])
def test_an_endpoint_url_that_cannot_be_read_is_one_line(tmp_path, endpoint):
    result = ssc_rdf("load", str(REVIEW), "--endpoint", endpoint, "--no-validate", env=clean_env(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2 and "URL" in result.stderr


def test_scrub_takes_out_every_form_of_a_secret():
    from ssc_rdf.credentials import remember, scrub

    remember("someone", "pa ss:wörd/")
    token = base64.b64encode("someone:pa ss:wörd/".encode()).decode()
    text = f"Authorization: Basic {token} or {quote('pa ss:wörd/', safe='')} or pa ss:wörd/ for someone"
    assert scrub(text) == "Authorization: Basic *** or *** or *** for someone"
