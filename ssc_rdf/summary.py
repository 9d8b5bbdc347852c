"""The short human summary printed after a conversion (on standard error, so that
``-o -`` output stays clean)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from .api import Conversion, WrittenFile


def print_summary(result: Conversion, written: Sequence[WrittenFile]) -> None:
    console = Console(stderr=True, highlight=False)
    statements = sum(len(s.claims) for r in result.reviews for s in r.statements)
    references = sum(len(r.publication.references) for r in result.reviews)
    imported = f", {len(result.records)} imported record(s)" if result.records else ""
    skipped = f", {len(result.skipped)} skipped" if result.skipped else ""
    console.print(
        f"Converted {len(result.reviews)} review file(s){imported}{skipped}: {statements} curated statements, "
        f"{references} references, {result.triple_count} triples."
    )
    table = Table(box=None, pad_edge=False)
    table.add_column("file", overflow="fold")
    table.add_column("format")
    table.add_column("bytes", justify="right")
    for item in written:
        table.add_row(item.path, item.format.name, f"{item.size:,}")
    console.print(table)
