"""HermiT over the ontology and the bundled review: consistency and classification."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest

from ssc_rdf import api
from ssc_rdf.checks.reasoning import java_path, ontology_triples, reason
from ssc_rdf.rdf.terms import OWL, RDF, RDFS, SSC

from ..conftest import FIXTURES, REVIEW

CURATOR = FIXTURES / "reasoning" / "keloid-review.yaml"  # its own therapies and route, none in the ontology
CONFLICT = FIXTURES / "reasoning" / "conflicting-route.yaml"  # calls CURATOR's local route systemic


@pytest.fixture(autouse=True)
def java(request):
    """HermiT needs Java: CI must have it (failing, not skipping); locally it may be absent."""
    if request.node.get_closest_marker("no_java") or java_path() is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("Java is required in CI for the reasoner (apt-get install default-jre-headless)")
    pytest.skip("needs Java for HermiT (apt-get install default-jre-headless)")


@pytest.fixture(scope="module")
def data() -> list[ox.Quad]:
    return list(api.convert([str(REVIEW)]).quads())


def _with(*extra: ox.Triple) -> list[ox.Triple]:
    """The shipped ontology plus some triples."""
    return ontology_triples() + list(extra)


def test_ontology_is_consistent_without_unsatisfiable_classes():
    result = reason(ontology_triples())
    assert result.consistent and result.unsatisfiable == []


def test_reasoner_classifies_the_review_therapies(data):
    # the types are not asserted, neither in the data nor in the ontology
    merged = {q.triple for q in data} | set(ontology_triples())
    for therapy in ("intravenous-msc-injection", "autologous-hsct", "adipose-derived-regenerative-cell-therapy"):
        assert ox.Triple(SSC[therapy], RDF.type, SSC.SystemicCellTherapy) not in merged
        assert ox.Triple(SSC[therapy], RDF.type, SSC.LocalCellTherapy) not in merged
    inferred = reason(ontology_triples(), data).inferred_types

    def pair(therapy: str, cls: ox.NamedNode) -> tuple[str, str]:
        return SSC[therapy].value, cls.value

    assert pair("intravenous-msc-injection", SSC.SystemicCellTherapy) in inferred
    assert pair("autologous-hsct", SSC.SystemicCellTherapy) in inferred
    assert pair("adipose-derived-regenerative-cell-therapy", SSC.LocalCellTherapy) in inferred
    assert pair("adipose-derived-regenerative-cell-therapy", SSC.SystemicCellTherapy) not in inferred
    assert pair("intravenous-msc-injection", SSC.LocalCellTherapy) not in inferred


def test_convert_reason_adds_inferred_types_in_their_own_graph(cli, tmp_path):
    result = cli("convert", str(REVIEW), "-o", str(tmp_path / "out.nq"), "--reason")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out.nq").read_text()
    line = (f"<{SSC['intravenous-msc-injection'].value}> <{RDF.type.value}> <{SSC.SystemicCellTherapy.value}> "
            "<https://w3id.org/ssc-rdf/id/graph/inferred> .")
    assert line in text.splitlines()


def test_reason_classifies_a_curators_own_therapies(cli, tmp_path):
    result = cli("convert", str(CURATOR), "-o", str(tmp_path / "out.nq"), "--reason")
    assert result.exit_code == 0, result.output
    inferred = {line for line in (tmp_path / "out.nq").read_text().splitlines() if "/graph/inferred>" in line}

    def line(therapy: str, cls: ox.NamedNode) -> str:
        return (f"<https://w3id.org/ssc-rdf/id/entity/{therapy}> <{RDF.type.value}> <{cls.value}> "
                "<https://w3id.org/ssc-rdf/id/graph/inferred> .")

    assert line("msc-infusion", SSC.SystemicCellTherapy) in inferred  # by the ontology's intravenous route
    assert line("adipose-cell-microneedling", SSC.LocalCellTherapy) in inferred  # by the curator's own route
    assert line("msc-infusion", SSC.LocalCellTherapy) not in inferred
    assert line("adipose-cell-microneedling", SSC.SystemicCellTherapy) not in inferred


def test_a_path_alone_does_not_say_the_reach_the_stated_reach_does():
    therapy, regional = ox.NamedNode("urn:x:hand-injection"), ox.NamedNode("urn:x:regional-injection")
    data = [ox.Triple(t, RDF.type, SSC.CellTherapy) for t in (therapy, regional)]
    data += [ox.Triple(therapy, SSC.hasRoute, SSC.subcutaneous),
             ox.Triple(regional, SSC.hasRoute, SSC["intra-arterial"]),
             ox.Triple(regional, SSC.hasRoute, SSC["regional-administration"])]
    inferred = reason(data=data).inferred_types
    assert (therapy.value, SSC.LocalCellTherapy.value) not in inferred
    assert (therapy.value, SSC.SystemicCellTherapy.value) not in inferred
    assert (regional.value, SSC.LocalCellTherapy.value) in inferred


def test_conflicting_route_types_are_exit_1_with_the_explanation_and_no_output(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("convert", str(CURATOR), str(CONFLICT), "-o", f"{out}/", "--reason")
    assert result.exit_code == 1, result.output
    error = result.stderr.strip()
    assert "\n" not in error and "nothing was written" in error
    for axiom in ("microneedle-injection type LocalRoute", "microneedle-injection type SystemicRoute",
                  "LocalRoute disjointWith SystemicRoute"):
        assert axiom in error
    assert not out.exists()


def test_an_inconsistent_ontology_is_reported_with_its_axioms():
    # a route that is both systemic and local contradicts their disjointness
    broken = _with(ox.Triple(SSC.intravenous, RDF.type, SSC.LocalRoute))
    result = reason(broken)
    assert result.consistent is False
    assert result.problem is not None and "intravenous type LocalRoute" in result.problem


def test_an_unsatisfiable_class_is_reported():
    odd = SSC.SystemicLocalRoute
    broken = _with(ox.Triple(odd, RDF.type, OWL.Class), ox.Triple(odd, RDFS.subClassOf, SSC.SystemicRoute),
                   ox.Triple(odd, RDFS.subClassOf, SSC.LocalRoute))
    assert odd.value in reason(broken).unsatisfiable


@pytest.mark.no_java
def test_without_java_the_message_says_what_is_missing(cli, monkeypatch):
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    result = cli("ontology", "check")
    assert result.exit_code == 2
    assert "lint: 0 problem(s)" in result.output  # the lints still ran
    assert "needs Java" in result.stderr and "Traceback" not in result.stderr
