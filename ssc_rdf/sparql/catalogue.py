"""The competency questions shipped in ``queries/*.rq``, looked up by name only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UsageError
from ..resources import data_dir


@dataclass(frozen=True)
class NamedQuery:
    name: str  # the file's stem
    question: str  # from the first line, "# Question: ..."
    text: str


def named_queries() -> dict[str, NamedQuery]:
    """Every shipped question, by name, in name order."""
    out = {}
    for path in sorted(data_dir("queries").glob("*.rq")):
        text = read_query_file(path)
        first = text.splitlines()[0] if text else ""
        question = first.lstrip("#").strip().removeprefix("Question:").strip()
        out[path.stem] = NamedQuery(path.stem, question, text)
    return out


def named(name: str) -> NamedQuery:
    """One question by name; a usage error listing the known names otherwise."""
    queries = named_queries()
    if name not in queries:
        raise UsageError(f"unknown named query {name!r} (named queries: {', '.join(queries)})")
    return queries[name]


def read_query_file(path: Path) -> str:
    """A query file's text: one line naming the file when it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}); save the query as UTF-8", path=str(path)) from None
