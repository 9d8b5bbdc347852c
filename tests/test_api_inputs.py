"""The API is the front door: it takes str or Path, and its errors speak of arguments, not CLI flags."""

from __future__ import annotations

import inspect
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from ssc_rdf import api
from ssc_rdf.errors import InputError, UsageError, ValidationFailed

from .conftest import REVIEW


def test_convert_takes_paths_and_strings_alike():
    """Regression: ``api.convert([Path(...)])`` raised TypeError."""
    by_path, by_str = api.convert([REVIEW]), api.convert([str(REVIEW)])
    assert by_path.name == by_str.name == "velier-2022"
    assert set(by_path.quads()) == set(by_str.quads())
    assert set(api.convert(REVIEW).quads()) == set(by_path.quads())  # one input, not in a list


def test_the_docstring_example_runs(tmp_path, monkeypatch):
    """Regression: the module docstring's ``api.write(result, Path("dist"), [...])`` crashed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "velier-2022.yaml").write_bytes(REVIEW.read_bytes())
    example = [line.strip().removeprefix(">>> ") for line in inspect.getdoc(api).splitlines()
               if line.strip().startswith(">>> ")]
    assert any("api.write(" in line for line in example)
    namespace: dict = {}
    for line in example:
        exec(line, namespace)
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == ["velier-2022.jsonld", "velier-2022.ttl"]
    assert isinstance(namespace["store"], ox.Store) and len(namespace["store"]) > 900
    assert isinstance(namespace["dataset"], Dataset) and len(namespace["dataset"]) > 900
    files = api.write(namespace["conversion"], Path("dist2"), ["turtle", "nt"])  # a Path, several formats
    assert [Path(f.path).name for f in files] == ["velier-2022.ttl", "velier-2022.nt"]


def test_api_errors_name_arguments_not_command_line_flags(tmp_path):
    conversion = api.convert(REVIEW)
    with pytest.raises(UsageError) as unknown:
        api.write(conversion, tmp_path / "x.ttl", ["turtel"])
    with pytest.raises(UsageError) as no_extension:
        api.write(conversion, tmp_path / "output")
    with pytest.raises(UsageError) as bad_input_format:
        api.convert(REVIEW, input_format="turtel")
    with pytest.raises(UsageError) as split:
        api.export(REVIEW, tmp_path / "bulk", split=0)
    for error in (unknown, no_extension, bad_input_format, split):
        assert "--" not in str(error.value) and " -f" not in str(error.value) and " -o" not in str(error.value)


def test_documented_exceptions(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('<https://example.org/p> a <https://w3id.org/ssc-rdf/ontology#Publication> ; '
                   '<http://purl.org/ontology/bibo/doi> "not a doi" .\n')
    with pytest.raises(ValidationFailed) as failed:
        api.convert(bad)
    assert failed.value.exit_code == 1 and failed.value.report.violations
    assert api.convert(bad, validate=False).triple_count == 2
    with pytest.raises(InputError):
        api.convert(tmp_path / "missing.yaml")
