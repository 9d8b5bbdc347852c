"""The JSON Schema of curated files: generated from the models, kept in docs/, and checked by
an independent validator (check-jsonschema) against every curated file the project has."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from ssc_rdf import api
from ssc_rdf.sources.curated_schema import allowed_values, field_names

from ..conftest import FIXTURES, REPO, REVIEW

SCHEMA = REPO / "docs" / "curated-format.schema.json"
CURATED = sorted([*(REPO / "data").glob("*.yaml"), *(FIXTURES / "curated").glob("*.yaml")])
TEXT = REVIEW.read_text(encoding="utf-8")

# Mistakes of shape (what a schema can see): each file must be refused.
BROKEN = {
    "missing-required-field": ("  journal:\n    title: Bone Marrow Transplant\n", ""),
    "wrong-type": ("  et_al: true", "  et_al: [yes, no]"),
    "unknown-key": ("  language: en\n", "  language: en\n  colour: blue\n"),
    "misspelt-key": ("    modality: asserted\n", "    modalty: asserted\n"),
    "invalid-doi": ("doi: 10.1038/s41409-021-01492-7", "doi: 10.1038 s41409"),
    "enum-kind": ("entities:\n", "entities:\n  - id: marrow-cells\n    kind: cell_type\n    label: marrow cells\n"),
    "unknown-modality": ("    modality: mostly", "    modality: rumoured"),
    "malformed-key": ("route: intravenous", "route: Intra Venous"),
    "wrong-version": ("ssc-rdf: 1", "ssc-rdf: 2"),
    "bad-date": ("published: 2022-01", "published: January 2022"),
}


def _check_jsonschema(*files) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA), "-o", "json",
                           *map(str, files)], capture_output=True, text=True, timeout=120)


def test_the_committed_schema_is_the_generated_one():
    """docs/curated-format.schema.json is what `ssc-rdf schema` prints: regenerate it when the models change."""
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == api.curated_schema()


def test_schema_command(cli):
    result = cli("schema")
    assert result.exit_code == 0 and json.loads(result.stdout) == api.curated_schema()


def test_the_schema_offers_the_ontology_keys_and_modalities():
    schema = api.curated_schema()
    statement = schema["$defs"]["StatementIn"]["properties"]
    assert "intravenous" in statement["route"]["anyOf"][0]["anyOf"][0]["enum"]
    assert "asserted" in statement["modality"]["enum"]
    assert statement["route"]["description"]
    assert allowed_values(("entities", 0, "kind"))[0] == "disease"
    assert "modality" in field_names(("statements", 3))


def test_check_jsonschema_accepts_every_curated_file():
    assert len(CURATED) >= 3
    result = _check_jsonschema(*CURATED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_refuses_each_broken_file(tmp_path):
    files = []
    for case, (old, new) in sorted(BROKEN.items()):
        assert old in TEXT, case
        files.append(tmp_path / f"{case}.yaml")
        files[-1].write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    result = _check_jsonschema(*files)
    assert result.returncode == 1
    refused = {e["filename"] for e in json.loads(result.stdout)["errors"]}
    assert refused == {str(f) for f in files}


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.name)
def test_curated_files_name_the_schema_for_editors(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (path.parent / match.group(1)).resolve() == SCHEMA
