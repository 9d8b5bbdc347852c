"""What the CLI shows people: validation reports, conversion summaries (rich), and the same
as plain lines when the output is not a terminal."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from ..rdf.prefixes import shorten as shorten_iri

if TYPE_CHECKING:
    from ..api import WrittenFile
    from ..checks.report import Report
    from ..model import Entity
    from ..pipeline import Conversion
    from ..pipeline.streamed import Streamed


def make_console(**options: Any) -> Console:
    """A rich console that writes no escape sequence at all under NO_COLOR (https://no-color.org):
    rich alone drops the colours there but keeps bold and underline."""
    if os.environ.get("NO_COLOR"):
        options["color_system"] = None
    return Console(**options)


def shorten(iri: str, base: str | None) -> str:
    return iri[len(base):] if base and iri.startswith(base) else iri


def print_report(report: Report, *, base: str | None = None, stderr: bool = False) -> None:
    render(report, make_console(stderr=stderr, highlight=False), base)


def report_text(report: Report, base: str | None = None) -> str:
    buffer = io.StringIO()
    render(report, Console(file=buffer, width=200, no_color=True, highlight=False), base)
    return buffer.getvalue()


def render(report: Report, console: Console, base: str | None = None) -> None:
    """A table on a terminal; one tab-separated line per result otherwise (for grep)."""
    if report.results and not console.is_terminal:  # real tabs: rich would expand them
        for r in report.results:
            console.file.write("\t".join((r.severity, shorten(r.focus, base), r.path, shorten(r.value, base),
                                          r.message)) + "\n")
    elif report.results:
        table = Table("severity", "focus node", "path", "value", "message", box=None, pad_edge=False)
        for r in report.results:
            style = "red" if r.severity == "Violation" else "yellow"
            table.add_row(f"[{style}]{r.severity}[/]", shorten(r.focus, base), r.path,
                          shorten(r.value, base)[:60], r.message)
        console.print(table)
    console.print(summary_line(report))


WARNINGS_HINT = ("ssc-rdf: hint: warnings do not stop a conversion; `ssc-rdf validate FILE` shows the whole "
                 "report, and `--strict` there fails on warnings too")
VIOLATIONS_HINT = ("ssc-rdf: hint: fix the data (each line names the node, the property and why), or write it "
                   "anyway with --no-validate")


def print_warnings(report: Report, base: str | None = None, more: int = 0) -> None:
    """The warnings of data that conforms, one line each on stderr, and what they mean
    (``more``: warnings found beyond those in the report, only counted)."""
    for r in report.warnings:
        line = f"ssc-rdf: warning: {shorten(r.focus, base)} {r.path}: {r.message}"
        print(line, file=sys.stderr)
    if more:
        print(f"ssc-rdf: warning: and {more:,} more", file=sys.stderr)
    if report.warnings:
        print(WARNINGS_HINT, file=sys.stderr)


def summary_line(report: Report) -> str:
    verdict = "conforms" if report.conforms() else "does not conform"
    return f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)"


def report_bytes(report: Report, fmt: str) -> bytes:
    if fmt == "text":
        return report_text(report).encode("utf-8")
    if fmt == "json":
        return (json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    assert report.graph is not None, "a Turtle report comes from pyshacl"
    return report.graph.serialize(format="turtle", encoding="utf-8")


@cache
def _obo() -> Any:
    """OBO Foundry prefixes (MONDO:, CL:, UBERON:...) from prefixmaps, the maintained map."""
    from prefixmaps import load_converter

    return load_converter("obo")


def curie(iri: str) -> str:
    """An IRI as people write it: ``MONDO:0005100`` for OBO terms, ``ssc:treats`` for the
    project's prefixes, else the whole IRI (never cut)."""
    obo = _obo().compress(iri)
    if obo and not obo.startswith("obo:"):
        return str(obo)
    return shorten_iri(iri)


def print_solutions(data: bytes) -> None:
    """SELECT results (SPARQL JSON) as a table on a terminal: IRIs as CURIEs, long values
    wrapped rather than cut, then the number of rows."""
    import pyoxigraph as ox

    solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    grid = Table(*names, box=None, pad_edge=False)
    for column in grid.columns:
        column.overflow = "fold"
    count = 0
    for row in solutions:
        grid.add_row(*("" if term is None else curie(term.value) if isinstance(term, ox.NamedNode)
                       else str(term.value) if not isinstance(term, ox.Triple) else str(term) for term in row))
        count += 1
    out = make_console()
    out.print(grid)
    out.print(f"{count} result(s)")


def print_vocabulary(entities: Sequence[Entity]) -> None:
    """Keys, kinds, labels and definitions: a table on a terminal, tab-separated lines otherwise."""
    console = make_console(highlight=False)
    if not console.is_terminal:  # real tabs: rich would expand them
        for e in entities:
            console.file.write("\t".join((e.key, e.kind, e.label, e.definition or "")) + "\n")
        return
    table = Table("key", "kind", "label", "definition", box=None, pad_edge=False)
    for column in table.columns:
        column.overflow = "fold"
    for e in entities:
        table.add_row(e.key, e.kind, e.label, e.definition or "")
    console.print(table)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def summary(result: Conversion | Streamed) -> str:
    """What was read, by kind of input, with its statements and references, and the triples made.

    ``Converted 1 curated review (27 statements, 5 references), 3 PubMed XML records
    (152 references), 1 RIS record: 1,234 triples.``
    """
    from ..sources import KINDS

    parts = []
    for kind in KINDS.values():
        tally = result.tally.get(kind.name)
        if tally is None:
            continue
        details = [_count(n, noun) for n, noun in ((tally.statements, "statement"), (tally.references, "reference"))
                   if n]
        parts.append(_count(tally.records, kind.noun) + (f" ({', '.join(details)})" if details else ""))
    if result.rdf_inputs:
        parts.append(_count(len(result.rdf_inputs), "RDF file"))
    skipped = f", {len(result.skipped)} skipped" if result.skipped else ""
    return f"Converted {', '.join(parts) or 'no records'}{skipped}: {result.triple_count:,} triples."


def print_summary(result: Conversion | Streamed, written: Sequence[WrittenFile]) -> None:
    """One line on what was converted, and the files written (on stderr: stdout may hold data)."""
    console = make_console(stderr=True, highlight=False, soft_wrap=True)
    console.print(summary(result))
    if written and written[0].path != "-":
        table = Table(box=None, pad_edge=False)
        table.add_column("file", overflow="fold")
        table.add_column("format")
        table.add_column("bytes", justify="right")
        for item in written:
            table.add_row(item.path, item.format_name, f"{item.size:,}")
        console.print(table)
