"""The project as a newcomer meets it: a README that renders and tells the truth about the
layout, a Python section that runs, and the static checks (ruff, mypy, import-linter) green."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """(info string, body) of every fenced code block; fails on an unclosed fence."""
    blocks, info, body, inside = [], "", [], False
    for line in text.splitlines():
        if line.startswith("```"):
            if inside:
                blocks.append((info, "\n".join(body)))
                inside, body = False, []
            else:
                inside, info = True, line[3:].strip()
        elif inside:
            body.append(line)
    assert not inside, "a code fence is never closed"
    return blocks


def test_readme_fences_are_balanced_and_labelled():
    blocks = fenced_blocks(README)
    assert len(blocks) >= 4
    assert all(info in ("sh", "python") for info, _ in blocks), [info for info, _ in blocks]
    # no shell command outside a fence (the old README's broken fence left them as text)
    outside = re.sub(r"```.*?```", "", README, flags=re.S)
    assert ".venv/bin/ssc-rdf" not in outside


def test_readme_layout_names_every_package_folder():
    table = README[README.index("## Layout"):]
    folders = sorted(str(p.relative_to(REPO)) for p in (REPO / "ssc_rdf").iterdir()
                     if p.is_dir() and (p / "__init__.py").is_file())
    assert folders
    missing = [f for f in folders if f"`{f}/`" not in table]
    assert not missing, f"README's layout table does not name {missing}"


def test_readme_python_section_runs(tmp_path, monkeypatch):
    code = next(body for info, body in fenced_blocks(README) if info == "python")
    (tmp_path / "data").mkdir()
    shutil.copy(REPO / "data" / "velier-2022.yaml", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert (tmp_path / "dist" / "velier-2022.ttl").is_file()
    assert namespace["report"].conforms()


@pytest.mark.parametrize("command", [
    ["ruff", "check", "ssc_rdf", "tests", "bench"],
    ["mypy"],
    ["lint-imports"],
], ids=["ruff", "mypy", "import-linter"])
def test_static_checks_pass(command):
    tool = Path(sys.executable).parent / command[0]
    assert tool.exists(), f"{command[0]} is not installed in the test environment (pip install '.[test]')"
    done = subprocess.run([str(tool), *command[1:]], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


# Relative paths written in the shipped files' comments: the ontology, shapes, queries and data.
_PATH_IN_COMMENT = re.compile(r"(?<![\w/:.])((?:\.\./|[\w-]+/)[\w./-]*\.(?:tsv|ttl|md|txt|yaml|rq|json|jsonld|xml))")


@pytest.mark.parametrize("folder, pattern", [("ontology", "*.ttl"), ("shapes", "*.ttl"), ("queries", "*.rq"),
                                              ("data", "*.yaml")])
def test_shipped_files_name_only_paths_users_have(folder, pattern):
    """A comment pointing at the team's working files outside the repository sends users to nothing."""
    for path in sorted((REPO / folder).glob(pattern)):
        text = path.read_text(encoding="utf-8")
        for mentioned in _PATH_IN_COMMENT.findall(text):
            # ../x is relative to the file (a yaml-language-server schema), other paths to the repository
            target = ((path.parent if mentioned.startswith("../") else REPO) / mentioned).resolve()
            assert target.is_relative_to(REPO) and target.exists(), f"{path.name} names {mentioned}, not in a clone"
