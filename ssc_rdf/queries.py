"""SPARQL queries: named competency questions, predeclared prefixes, query kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .namespaces import PREFIXES
from .resources import data_dir

_PREFIX_RE = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w-]*)?:", re.IGNORECASE | re.MULTILINE)
_KIND_RE = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_UPDATE_RE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", re.IGNORECASE)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str
    text: str


def named_queries() -> dict[str, NamedQuery]:
    """The competency questions shipped in ``queries/``, by file stem."""
    out = {}
    for path in sorted(data_dir("queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        question = first.lstrip("#").strip().removeprefix("Question:").strip()
        out[path.stem] = NamedQuery(path.stem, question, text)
    return out


def resolve(query_or_file: str) -> str:
    """Query text from a named query, a file, or the argument itself."""
    named = named_queries()
    if query_or_file in named:
        return named[query_or_file].text
    path = Path(query_or_file)
    if path.suffix in (".rq", ".sparql") or (len(query_or_file) < 256 and "\n" not in query_or_file
                                             and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{query_or_file}: cannot read query file: {exc.strerror}") from None
    if not (_KIND_RE.search(query_or_file) or _UPDATE_RE.search(query_or_file)) or " " not in query_or_file.strip():
        known = ", ".join(named)
        raise UsageError(f"unknown named query or file {query_or_file!r} (named queries: {known})")
    return query_or_file


def with_prefixes(text: str) -> str:
    """Prepend the project's prefixes the query does not declare itself."""
    declared = {m.group(1) or "" for m in _PREFIX_RE.finditer(text)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join(lines) + "\n" + text


def kind(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query form keyword after the prologue."""
    body = re.sub(r"#[^\n]*", "", text)
    body = re.sub(r"(?is)^\s*((PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)
    match = _KIND_RE.search(body)
    if not match:
        if _UPDATE_RE.search(body):
            raise UsageError("updates are not run by 'ssc-rdf query'; load data with 'ssc-rdf load'")
        raise UsageError("not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return match.group(1).upper()
