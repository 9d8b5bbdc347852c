"""The curated review reader: every problem of a file at once, each on its own line, in a curator's words."""

from __future__ import annotations

import pytest

from ssc_rdf.errors import InputErrors
from ssc_rdf.sources import curated_yaml

from ..conftest import REVIEW

TEXT = REVIEW.read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _bad(tmp_path, *replacements: tuple[str, str]):
    text = TEXT
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _problems(path) -> list[str]:
    with pytest.raises(InputErrors) as caught:
        curated_yaml.read(path)
    return caught.value.lines()


def test_three_mistakes_give_three_messages_on_their_lines(cli, tmp_path):
    """A schema mistake does not hide the ontology's: an unknown key, a bad DOI and an unknown route."""
    path, text = _bad(tmp_path, ("  language: en\n", "  language: en\n  colour: blue\n"),
                      ("doi: 10.1038/s41409-021-01492-7", "doi: 10.1038 s41409"),
                      ("route: intravenous", "route: intraocular"))
    result = cli("convert", str(path), "-o", str(tmp_path / "out.ttl"))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, result.stderr
    assert lines[0] == (f"ssc-rdf: error: {path}:{_line_of(text, 'doi: 10.1038 s41409')}: publication.doi: "
                        "not a valid DOI (10.NNNN/suffix): '10.1038 s41409'")
    assert lines[1].startswith(f"ssc-rdf: error: {path}:{_line_of(text, 'colour: blue')}: publication.colour: "
                               "unknown key (keys here: title, authors, ")
    assert lines[2].startswith(f"ssc-rdf: error: {path}:{_line_of(text, 'route: intraocular')}: "
                               "statements[12].route[0]: unknown route 'intraocular'")
    assert "more problem" not in result.stderr and not (tmp_path / "out.ttl").exists()


def test_validate_lists_every_problem_too(cli, tmp_path):
    path, text = _bad(tmp_path, ("  et_al: true", "  et_all: true"), ("route: intravenous", "route: intravenus"))
    result = cli("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"ssc-rdf: error: {path}:{_line_of(text, 'et_all')}: publication.et_all: unknown key; did you mean `et_al`?",
        f"ssc-rdf: error: {path}:{_line_of(text, 'intravenus')}: statements[12].route[0]: unknown route 'intravenus'; "
        f"did you mean `intravenous`? (known: {result.stderr.split('(known: ')[1].splitlines()[0]}",
    ]


def test_a_misspelt_key_is_unknown_on_its_line_with_a_suggestion(tmp_path):
    path, text = _bad(tmp_path, ("    broader: autoimmune-disease\n    modality: asserted\n",
                                 "    broader: autoimmune-disease\n    modalty: asserted\n"))
    assert _problems(path) == [
        f"{path}:{_line_of(text, 'modalty')}: statements[0].modalty: unknown key; did you mean `modality`?"]


def test_a_misspelt_optional_key_gets_a_suggestion_too(tmp_path):
    path, text = _bad(tmp_path, ("  et_al: true", "  et_all: true"))
    assert _problems(path) == [f"{path}:{_line_of(text, 'et_all')}: publication.et_all: unknown key; "
                               "did you mean `et_al`?"]


def test_an_enum_mistake_lists_the_allowed_values_and_a_suggestion(tmp_path):
    path, text = _bad(tmp_path, ("entities:\n", "entities:\n  - id: marrow-cells\n    kind: cell_type\n"
                                                "    label: marrow cells\n"))
    [line] = _problems(path)
    assert line.startswith(f"{path}:{_line_of(text, 'kind: cell_type')}: entities[0].kind: unknown kind "
                           "'cell_type'; did you mean `cell-type`? (allowed: disease, cell-therapy,")
    assert "Input should be" not in line


def test_unknown_keys_of_the_ontology_get_a_suggestion(tmp_path):
    path, _ = _bad(tmp_path, ("route: intravenous", "route: intravenus"),
                   ("    modality: mostly", "    modality: mostyl"))
    problems = _problems(path)
    assert "unknown route 'intravenus'; did you mean `intravenous`?" in problems[0]
    assert "unknown modality 'mostyl'; did you mean `mostly`?" in problems[1]


def test_a_refused_entity_is_not_also_undefined_where_it_is_used(tmp_path):
    """An entity whose definition has a mistake is reported once, not at every use."""
    path, text = _bad(tmp_path, ("  - subject: systemic-sclerosis\n", "  - subject: my-disease\n"),
                      ("entities:\n", "entities:\n  - id: my-disease\n    kind: illness\n    label: SSc\n"))
    [line] = _problems(path)
    assert f":{_line_of(text, 'kind: illness')}: entities[0].kind: unknown kind 'illness'" in line


def test_problems_beyond_the_limit_are_counted(tmp_path, monkeypatch):
    monkeypatch.setattr(curated_yaml, "MAX_PROBLEMS", 2)
    path = tmp_path / "bad.yaml"
    path.write_text(TEXT.replace("    modality: asserted\n", "    modality: rumoured\n"), encoding="utf-8")
    lines = _problems(path)
    assert len(lines) == 3 and lines[2].startswith(f"{path}: and ") and lines[2].endswith("more problems")


def test_with_keep_going_each_problem_is_a_skipped_line(cli, tmp_path):
    path, _ = _bad(tmp_path, ("  et_al: true", "  et_all: true"), ("route: intravenous", "route: intravenus"))
    result = cli("convert", str(path), str(REVIEW), "--keep-going", "-o", str(tmp_path / "out.ttl"))
    assert result.exit_code == 0
    skipped = [line for line in result.stderr.splitlines() if line.startswith("ssc-rdf: skipped:")]
    assert len(skipped) == 2 and all(f"{path}:" in line for line in skipped)
