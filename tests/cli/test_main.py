"""The ``ssc-rdf convert`` command: outputs, determinism, atomic writes, bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ssc_rdf import __version__

from ..conftest import REPO, REVIEW


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_help_has_examples(cli):
    result = cli("convert", "--help")
    assert result.exit_code == 0 and "Examples:" in result.output and "ssc-rdf convert" in result.output


def test_directory_output_writes_one_file_per_format(cli, tmp_path):
    out = tmp_path / "dist"
    result = cli("convert", str(REVIEW), "-o", f"{out}/", "-f", "turtle", "-f", "json-ld", "-f", "nt",
                 "-f", "nquads", "-f", "trig", "-f", "xml")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"velier-2022{e}" for e in (".ttl", ".jsonld", ".nt", ".nq", ".trig", ".rdf"))
    assert "triples" in result.stderr and "velier-2022.ttl" in result.stderr


def test_default_directory_formats_and_extension_guess(cli, tmp_path):
    assert cli("convert", str(REVIEW), "-o", f"{tmp_path}/").exit_code == 0
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".jsonld", ".nt", ".ttl"]
    assert cli("convert", str(REVIEW), "-o", str(tmp_path / "x.trig")).exit_code == 0
    assert (tmp_path / "x.trig").read_text().count("{") >= 1


def test_stdout_and_stdin(cli):
    result = cli("convert", "-", "-o", "-", "-f", "nt", input=REVIEW.read_bytes())
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) > 200 and all(line.endswith(" .") for line in lines)
    assert "Converted" not in result.stdout  # the summary goes to stderr


def _convert_in_subprocess(out: Path, seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run(
        [sys.executable, "-m", "ssc_rdf.cli", "convert", str(REVIEW), "-o", f"{out}/", "-q",
         "-f", "turtle", "-f", "json-ld", "-f", "nt", "-f", "nquads", "-f", "trig", "-f", "xml"],
        check=True, env=env, cwd=REPO,
    )


def test_two_runs_give_byte_identical_files(tmp_path):
    _convert_in_subprocess(tmp_path / "a", "1")
    _convert_in_subprocess(tmp_path / "b", "2")
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(files) == 6
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_failed_run_keeps_the_older_file_and_leaves_no_partial(cli, tmp_path):
    target = tmp_path / "out.ttl"
    target.write_text("old content\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text(REVIEW.read_text().replace("doi: 10.1038/s41409-021-01492-7", "doi: not-a-doi"))
    result = cli("convert", str(bad), "-o", str(target))
    assert result.exit_code == 2
    assert target.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "out.ttl"]


def test_unknown_format_is_a_usage_error(cli, tmp_path):
    result = cli("convert", str(REVIEW), "-o", str(tmp_path / "x"), "-f", "n3000")
    assert result.exit_code == 2 and "unknown RDF format" in result.stderr
    result = cli("convert", str(REVIEW), "-o", str(tmp_path / "x.unknown"))
    assert result.exit_code == 2 and "give a format" in result.stderr


# -- bad curated input: one line naming file, line and field; exit 2; no output ----------

REVIEW_TEXT = REVIEW.read_text(encoding="utf-8")


def _replace(old: str, new: str) -> str:
    assert old in REVIEW_TEXT, old
    return REVIEW_TEXT.replace(old, new, 1)


APPENDED_ANCHOR = "    evidence: *title\n"


def _statement(subject: str, claim: str, evidence: str) -> str:
    """One more statement, appended after the last one of the review."""
    return f"\n  - subject: {subject}\n    {claim}\n    modality: asserted\n    evidence: {evidence}\n"


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


BAD_INPUTS = {
    "malformed-yaml": (_replace("  volume: \"57\"\n", "  volume: [57\n"), "malformed YAML", None),
    "missing-required-field": (_replace("  journal:\n    title: Bone Marrow Transplant\n", ""),
                               "missing required field", "publication.journal"),
    "wrong-type": (_replace("  et_al: true", "  et_al: [yes, no]"), "valid boolean", "publication.et_al"),
    "unknown-route": (_replace("route: intravenous", "route: intraocular"),
                      "unknown route 'intraocular'", "statements[12].route[0]"),
    "unknown-cell-source": (_replace("cell_type: mesenchymal-stromal-cell", "cell_type: stem-cell-of-mars"),
                            "unknown cell type 'stem-cell-of-mars'", "statements[12].cell_source[0].cell_type"),
    "invalid-doi": (_replace("doi: 10.1038/s41409-021-01492-7", "doi: 10.1038 s41409"),
                    "not a valid DOI", "publication.doi"),
    "duplicate-identifier": (_replace(
        "entities:\n", "entities:\n  - id: intravenous\n    kind: systemic-route\n    label: again\n"),
        "duplicate identifier 'intravenous'", "entities[0].id"),
    "unknown-key": (_replace("  language: en\n", "  language: en\n  colour: blue\n"),
                    "unknown key", "publication.colour"),
    "undefined-entity": (_replace("subject: cellular-therapy", "subject: acupuncture"),
                         "undefined entity 'acupuncture'", "statements[7].subject"),
    "evidence-not-in-source": (_replace("    evidence: *conventional", "    evidence: It cures everything."),
                               "not a verbatim sentence", "statements[4].evidence"),
    # Acceptance (issue 13): a fragment, or a whole sentence about something else, is not evidence.
    "evidence-fragment": (_replace(APPENDED_ANCHOR, APPENDED_ANCHOR + _statement(
        "autologous-hsct", "route: intra-arterial", "mesenchymal stem")),
        "part of a sentence", "statements[20].evidence"),
    "evidence-unrelated-sentence": (_replace(APPENDED_ANCHOR, APPENDED_ANCHOR + _statement(
        "autologous-hsct", "route: intra-arterial",
        "The purpose of this review is to provide an overview of the cellular therapies available for the"
        " management of SSc.")),
        "names neither the subject (autologous-hsct) nor an object (intra-arterial)", "statements[20].evidence"),
    "implicit-phrase-not-in-evidence": (_replace(
        'implicit: {"local complications": systemic-sclerosis}', 'implicit: {"the illness": systemic-sclerosis}'),
        "the phrase 'the illness' is not in the evidence", "statements[17].implicit"),
    "missing-modality": (_replace("    broader: autoimmune-disease\n    modality: asserted\n",
                                  "    broader: autoimmune-disease\n"),
                         "missing required field", "statements[0].modality"),
    "unknown-modality": (_replace("    modality: mostly", "    modality: rumoured"),
                         "unknown modality 'rumoured'", "statements[16].modality"),
    "duplicate-yaml-key": (_replace("  issue: \"1\"\n", "  issue: \"1\"\n  issue: \"2\"\n"),
                           "duplicate key", "publication.issue"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_curated_input(cli, tmp_path, case):
    text, message, field = BAD_INPUTS[case]
    bad = tmp_path / f"{case}.yaml"
    bad.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = cli("convert", str(bad), "-o", f"{out}/")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert "Traceback" not in result.stderr
    assert line.startswith(f"ssc-rdf: error: {bad}:"), line
    assert message in line
    if field:
        assert f": {field}:" in line, line
    line_number = int(line.split(f"{bad}:")[1].split(":")[0])
    assert 1 <= line_number <= text.count("\n") + 1
    assert not out.exists()


def test_bad_input_line_numbers_point_at_the_field(cli, tmp_path):
    text = _replace("doi: 10.1038/s41409-021-01492-7", "doi: 10.1038 s41409")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = cli("convert", str(bad), "-o", str(tmp_path / "o.ttl"))
    assert f"{bad}:{_line_of(text, 'doi: 10.1038 s41409')}: publication.doi:" in result.stderr


def test_non_utf8_file(cli, tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(REVIEW_TEXT.encode("utf-8").replace("Mélanie".encode(), "Mélanie".encode("latin-1")))
    result = cli("convert", str(bad), "-o", str(tmp_path / "o.ttl"))
    assert result.exit_code == 2
    expected_line = _line_of(REVIEW_TEXT, "Mélanie")
    assert f"{bad}:{expected_line}: not UTF-8 text" in result.stderr
    assert not (tmp_path / "o.ttl").exists()


@pytest.mark.parametrize("content", [b"", b"\n  \n", b"# only a comment\n"])
def test_empty_file(cli, tmp_path, content):
    bad = tmp_path / "empty.yaml"
    bad.write_bytes(content)
    result = cli("convert", str(bad), "-o", str(tmp_path / "o.ttl"))
    assert result.exit_code == 2
    assert f"{bad}:1:" in result.stderr and ("empty" in result.stderr or "no YAML document" in result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_input_file(cli, tmp_path):
    result = cli("convert", str(tmp_path / "nope.yaml"), "-o", "-")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_verbose_shows_the_traceback(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(_replace("doi: 10.1038/s41409-021-01492-7", "doi: nope"))
    result = cli("-v", "convert", str(bad), "-o", "-")
    assert result.exit_code == 2 and "Traceback" in result.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_and_verbose_are_accepted_on_every_command_before_or_after_it(cli, tmp_path, where):
    for command in ("convert", "validate", "load", "query", "export", "serve", "publish", "queries"):
        args = ["-q", "-v", command, "--help"] if where == "before" else [command, "-q", "-v", "--help"]
        assert cli(*args).exit_code == 0, command
    quiet = ["-q", "convert"] if where == "before" else ["convert"]
    result = cli(*quiet, str(REVIEW), "-o", f"{tmp_path}/", *([] if where == "before" else ["-q"]))
    assert result.exit_code == 0 and result.stderr == ""
    missing = ["convert", str(tmp_path / "missing.yaml")]
    verbose = cli("-v", *missing) if where == "before" else cli(*missing, "-v")
    assert verbose.exit_code == 2 and "Traceback" in verbose.stderr


def test_a_closed_pipe_ends_quietly():
    """Regression: ``ssc-rdf queries | head`` printed "error: Broken pipe"."""
    command = f"{sys.executable} -m ssc_rdf.cli convert {REVIEW} -f nt -q | head -1"
    done = subprocess.run(["bash", "-c", command], cwd=REPO, capture_output=True, text=True)
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""


def test_vocabulary_lists_the_keys_of_a_kind_with_labels_and_definitions(cli):
    result = cli("vocabulary", "--kind", "route")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert {row[1] for row in rows} == {"route", "systemic-route", "local-route"}
    assert ["intravenous", "systemic-route"] in [row[:2] for row in rows]
    assert all(len(row) == 4 and row[2] for row in rows)  # every key has a label
    everything = cli("vocabulary").stdout.splitlines()
    assert len(everything) > len(rows)
    unknown = cli("vocabulary", "--kind", "nonsense")
    assert unknown.exit_code == 2 and "kinds: disease" in unknown.stderr


def test_convert_prints_shacl_warnings_with_a_hint(cli, tmp_path):
    """Data that conforms may still be incomplete: the warnings are told, not swallowed."""
    text = _replace("  doi: 10.1038/s41409-021-01492-7\n", "")
    path = tmp_path / "no-doi.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("convert", str(path), "-o", str(tmp_path / "out.ttl"))
    assert result.exit_code == 0 and (tmp_path / "out.ttl").exists()
    assert "ssc-rdf: warning: publication/pmid/34663928 bibo:doi: The review has no DOI" in result.stderr
    assert "ssc-rdf: hint: warnings do not stop a conversion" in result.stderr
    quiet = cli("convert", str(path), "-q", "-o", str(tmp_path / "out.ttl"))
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr
