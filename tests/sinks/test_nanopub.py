"""Curated statements as nanopublications, checked by the nanopub library (an independent
implementation of the trusty URI algorithm).

The library checks in a fresh interpreter: rdflib's literal handling is process-wide, and
pyshacl (run by every conversion) changes it, which would make the library hash some
literals differently from how the files write them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ssc_rdf import api

from ..conftest import REPO, REVIEW

CHECK = """
import json, sys
from pathlib import Path
from nanopub import Nanopub
out = {}
for name in sys.argv[1:]:
    try:
        np = Nanopub(rdf=Path(name))
        out[name] = {"valid": np.is_valid and np.has_valid_trusty, "uri": str(np.source_uri),
                     "sizes": [len(np.assertion), len(np.provenance), len(np.pubinfo)],
                     "provenance": sorted([str(p), str(o)] for _, p, o in np.provenance)}
    except Exception as exc:
        out[name] = {"valid": False, "error": f"{type(exc).__name__}: {exc}"}
print(json.dumps(out))
"""


def check(paths: list[Path]) -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-c", CHECK, *map(str, paths)], cwd=REPO, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def nanopubs(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("nanopubs")
    return api.export_nanopubs(REVIEW, out)


def test_one_nanopublication_per_curated_statement_each_valid_with_its_trusty_uri(nanopubs):
    statements = sum(len(s.claims) for s in api.convert(REVIEW).reviews[0].statements)
    assert len(nanopubs) == statements > 20
    results = check(nanopubs)
    for path in nanopubs:
        result = results[str(path)]
        assert result["valid"], result
        assert result["uri"].endswith(path.stem)  # the file is named by the artifact code
        assert all(size >= 1 for size in result["sizes"])


def test_the_provenance_carries_the_evidence_and_the_source(nanopubs):
    provenance = check(nanopubs[:1])[str(nanopubs[0])]["provenance"]
    predicates = {p for p, _ in provenance}
    assert {"https://w3id.org/ssc-rdf/ontology#evidence", "http://www.w3.org/ns/prov#wasDerivedFrom"} <= predicates
    assert ["http://www.w3.org/ns/prov#wasDerivedFrom",
            "https://w3id.org/ssc-rdf/id/publication/doi/10.1038/s41409-021-01492-7"] in provenance


def test_a_changed_nanopublication_fails_the_trusty_check(nanopubs, tmp_path):
    text = nanopubs[0].read_text(encoding="utf-8")
    changed = tmp_path / nanopubs[0].name
    changed.write_text(text.replace("@en", "@fr", 1), encoding="utf-8")
    assert changed.read_text(encoding="utf-8") != text
    result = check([changed])[str(changed)]
    assert not result["valid"] and "Trusty artefact" in result["error"]


def test_export_is_deterministic(nanopubs, tmp_path):
    again = api.export_nanopubs(REVIEW, tmp_path)
    assert [p.name for p in again] == [p.name for p in nanopubs]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(again, nanopubs, strict=True))
