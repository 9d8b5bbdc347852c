"""Render a validation report: a table for people, Turtle or JSON for programs."""

from __future__ import annotations

import io
import json

from rich.console import Console
from rich.table import Table

from .checks.shacl import Report


def shorten(iri: str, base: str | None) -> str:
    return iri[len(base):] if base and iri.startswith(base) else iri


def print_report(report: Report, *, base: str | None = None, stderr: bool = False) -> None:
    render(report, Console(stderr=stderr, highlight=False), base)


def report_text(report: Report, base: str | None = None) -> str:
    buffer = io.StringIO()
    render(report, Console(file=buffer, width=200, no_color=True, highlight=False), base)
    return buffer.getvalue()


def render(report: Report, console: Console, base: str | None = None) -> None:
    """A table on a terminal; one tab-separated line per result otherwise (for grep)."""
    if report.results and not console.is_terminal:
        for r in report.results:
            console.print("\t".join((r.severity, shorten(r.focus, base), r.path, shorten(r.value, base), r.message)),
                          markup=False, soft_wrap=True)
    elif report.results:
        table = Table("severity", "focus node", "path", "value", "message", box=None, pad_edge=False)
        for r in report.results:
            style = "red" if r.severity == "Violation" else "yellow"
            table.add_row(f"[{style}]{r.severity}[/]", shorten(r.focus, base), r.path,
                          shorten(r.value, base)[:60], r.message)
        console.print(table)
    console.print(summary_line(report))


def summary_line(report: Report) -> str:
    verdict = "conforms" if report.conforms() else "does not conform"
    return f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)"


def report_bytes(report: Report, fmt: str) -> bytes:
    if fmt == "text":
        return report_text(report).encode("utf-8")
    if fmt == "json":
        return (json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return report.graph.serialize(format="turtle", encoding="utf-8")
