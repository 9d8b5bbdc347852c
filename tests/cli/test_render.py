"""Terminal rendering: CURIEs people expect, and IRIs never cut into nonsense."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

from ssc_rdf.cli.render import curie, print_solutions

from ..conftest import REPO, REVIEW


def test_curies_are_obo_style_for_obo_terms_and_project_prefixes_otherwise():
    """Regression: tables showed ``obo:MONDO_0005100`` where bioinformaticians expect ``MONDO:0005100``."""
    assert curie("http://purl.obolibrary.org/obo/MONDO_0005100") == "MONDO:0005100"
    assert curie("http://purl.obolibrary.org/obo/CL_0000034") == "CL:0000034"
    assert curie("https://w3id.org/ssc-rdf/ontology#treats") == "ssc:treats"
    assert curie("http://id.nlm.nih.gov/mesh/D012595") == "mesh:D012595"
    assert curie("https://example.org/no/prefix/here") == "https://example.org/no/prefix/here"


def test_tables_wrap_long_iris_instead_of_cutting_them(capsys, monkeypatch):
    """Regression: IRIs were cut to ``https://w3id.org/ssc-rdf/ontolog…`` even at 160 columns."""
    monkeypatch.setenv("COLUMNS", "40")
    long_iri = "https://example.org/a/very/long/path/that/does/not/fit/in/forty/columns"
    data = json.dumps({"head": {"vars": ["x", "y"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "v"}, "y": {"type": "uri", "value": long_iri}}]}}).encode()
    print_solutions(data)
    out = capsys.readouterr().out
    assert "…" not in out
    assert "".join(out.split()).find(long_iri) >= 0  # all of it, wrapped over lines
    assert "1 result(s)" in out


def test_the_summary_counts_records_references_and_triples_by_kind_of_input(capsys):
    """Regression: the summary said "0 references" for imported records although their references
    were written, and called PubMed files "review files"."""
    from ssc_rdf import api
    from ssc_rdf.cli.render import print_summary
    from ssc_rdf.sources import curated_yaml, pubmed_xml

    from ..conftest import FIXTURES, REVIEW

    xml = FIXTURES / "corpus" / "pubmed_xml" / "metapub__39077977.xml"
    ris = FIXTURES / "corpus" / "ris" / "asreview__pubmed_zotero.ris"
    review = curated_yaml.read(REVIEW)
    statements = sum(len(s.claims) for s in review.statements)
    (record,) = pubmed_xml.read(xml)
    conversion = api.convert([REVIEW, xml, ris])
    print_summary(conversion, [])
    assert capsys.readouterr().err == (
        f"Converted 1 curated review ({statements} statements, {len(review.publication.references)} references), "
        f"1 PubMed XML record ({len(record.references)} references), 6 RIS records: "
        f"{conversion.triple_count:,} triples.\n")


ANSI = re.compile(rb"\x1b\[[0-9;]*m")


def _run(args: list[str], *, terminal: bool, **env: str) -> bytes:
    """``ssc-rdf ARGS`` as a user runs it, on a pseudo-terminal or into a pipe; all it wrote."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    environment |= {"TERM": "xterm-256color", "COLUMNS": "160", "LINES": "50", **env}
    command = [sys.executable, "-m", "ssc_rdf.cli", *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, env=environment, cwd=REPO, timeout=120)
        return done.stdout + done.stderr
    leader, follower = pty.openpty()
    child = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=environment, cwd=REPO)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    child.wait(timeout=120)
    os.close(leader)
    return out


def test_no_color_and_pipes_get_no_ansi_escapes(cli, tmp_path):
    """NO_COLOR (https://no-color.org) is honoured on a terminal; a pipe never gets colours."""
    data = tmp_path / "review.ttl"
    assert cli("convert", str(REVIEW), "-q", "-o", str(data)).exit_code == 0
    for args in (["validate", str(data)], ["vocabulary", "--kind", "route"]):
        coloured = _run(args, terminal=True)
        assert ANSI.search(coloured), args  # the check below can see colours
        plain = _run(args, terminal=True, NO_COLOR="1")
        assert b"Warning" in plain or b"intravenous" in plain
        assert not ANSI.search(plain), (args, plain[:300])
        assert not ANSI.search(_run(args, terminal=False)), args
