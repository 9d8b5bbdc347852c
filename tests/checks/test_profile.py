"""OWL 2 DL profile check with the OWL API (as ROBOT and Protégé run it)."""

from __future__ import annotations

import os

import pytest

from ssc_rdf.checks import profile
from ssc_rdf.checks.profile import OwlApiMissing, owlapi_classpath

from ..conftest import FIXTURES

PUNNING = FIXTURES / "ontology" / "punning.ttl"


@pytest.fixture(autouse=True)
def owlapi(request):
    """The check needs a JDK and the OWL API: CI must have them (failing, not skipping)."""
    if request.node.get_closest_marker("no_owlapi"):
        return
    try:
        owlapi_classpath()
    except OwlApiMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))


def test_the_shipped_ontology_is_owl2_dl(cli):
    result = cli("ontology", "check")
    assert result.exit_code == 0, result.output
    assert "profile: 0 OWL 2 DL violation(s)" in result.output
    assert "reasoner: consistent" in result.output and "lint: 0 problem(s)" in result.output


def test_punning_is_a_violation_named_on_one_line(cli):
    result = cli("ontology", "check", str(PUNNING))
    assert result.exit_code == 1, result.output
    violations = [line for line in result.output.splitlines() if line.startswith("profile: Cannot pun")]
    assert violations and all("<https://example.org/punning#creator>" in line for line in violations)
    assert f"profile: {len(violations)} OWL 2 DL violation(s)" in result.output


@pytest.mark.no_owlapi
def test_without_the_owlapi_the_message_says_how_to_install_it(cli, monkeypatch, tmp_path):
    monkeypatch.delenv("SSC_RDF_OWLAPI_CLASSPATH", raising=False)
    monkeypatch.setattr(profile, "_DEBIAN_JARS", tmp_path)
    result = cli("ontology", "check")
    assert result.exit_code == 2
    assert "lint: 0 problem(s)" in result.output  # the other checks still ran
    assert "needs the OWL API" in result.stderr and "apt-get install" in result.stderr
    assert "Traceback" not in result.stderr
