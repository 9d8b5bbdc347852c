"""One pipeline: every command that reads input refuses non-conforming data the same way.

Regression: ``publish``, ``serve`` and ``load`` used to publish and store a curated file
that ``convert`` refused (an invalid ISSN), and ``load`` skipped SHACL altogether.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import REVIEW

BAD_ISSN = "    issn: 1234 567X\n"


def bad_review(tmp_path: Path) -> Path:
    """The bundled review with an ISSN the shapes refuse (a space, not a hyphen)."""
    text = REVIEW.read_text(encoding="utf-8").replace("    title: Bone Marrow Transplant\n",
                                                      "    title: Bone Marrow Transplant\n" + BAD_ISSN, 1)
    assert BAD_ISSN in text
    path = tmp_path / "bad-issn.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def bad_rdf(tmp_path: Path) -> Path:
    """An RDF file whose publication has a malformed DOI (a violation of shape:Publication-doi)."""
    path = tmp_path / "bad.ttl"
    path.write_text("""@prefix ssc: <https://w3id.org/ssc-rdf/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
<https://example.org/p/1> a ssc:Publication ; dcterms:title "A title" ; bibo:doi "https://doi.org/10.1/x" .
""", encoding="utf-8")
    return path


def _outputs(tmp_path: Path) -> list[str]:
    return sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "out").rglob("*")) \
        if (tmp_path / "out").exists() else []


COMMANDS = {
    "convert": lambda data, out: ["convert", str(data), "-o", f"{out}/"],
    "load": lambda data, out: ["load", str(data), "--store", str(out)],
    "export": lambda data, out: ["export", str(data), "-o", str(out)],
    "query": lambda data, out: ["query", "SELECT * WHERE { ?s ?p ?o }", "--data", str(data)],
    "publish": lambda data, out: ["publish", str(data), "-o", str(out)],
    "serve": lambda data, out: ["serve", str(data), "--port", "1"],  # refused before it would bind
}


@pytest.mark.parametrize("make", [bad_review, bad_rdf], ids=["curated-yaml", "rdf-file"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_refuses_non_conforming_input(cli, tmp_path, command, make):
    data = make(tmp_path)
    result = cli(*COMMANDS[command](data, tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "Violation" in result.stderr and "does not conform" in result.stderr
    assert "Traceback" not in result.stderr
    assert _outputs(tmp_path) == []  # nothing written or stored
    assert result.stdout == ""  # nothing answered either


@pytest.mark.parametrize("make", [bad_review, bad_rdf], ids=["curated-yaml", "rdf-file"])
def test_no_validate_skips_the_check_and_says_so(cli, tmp_path, make):
    data = make(tmp_path)
    result = cli("convert", str(data), "-o", f"{tmp_path}/out/", "--no-validate", "-q")
    assert result.exit_code == 0, result.output
    assert "not validated" in result.stderr
    assert _outputs(tmp_path)


def test_an_issn_with_a_space_is_escaped_in_the_journal_iri(cli, tmp_path):
    """Regression: the ISSN went into an IRI unescaped, a traceback with --no-validate."""
    result = cli("convert", str(bad_review(tmp_path)), "-f", "nt", "--no-validate")
    assert result.exit_code == 0, result.output
    assert "<https://w3id.org/ssc-rdf/id/journal/issn/1234%20567X>" in result.stdout
    assert '"1234 567X"' in result.stdout  # the literal keeps what the curator wrote, for the shapes to judge
