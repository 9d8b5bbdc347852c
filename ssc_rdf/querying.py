"""The API behind ``ssc-rdf query``: resolve, prefix, limit, run, show."""

from __future__ import annotations

import json
import re
import sys

from .queries import resolve, with_prefixes
from .sparql_run import QueryOutput, run_local, run_remote

_HAS_LIMIT = re.compile(r"\bLIMIT\s+\d+\s*(OFFSET\s+\d+\s*)?$", re.IGNORECASE)


def prepare(query_or_file: str, limit: int | None = None) -> str:
    text = with_prefixes(resolve(query_or_file)).rstrip()
    if limit is not None and not _HAS_LIMIT.search(text):
        text += f"\nLIMIT {limit}"
    return text


def run(query_or_file: str, *, files: tuple[str, ...] = (), store_dir: str | None = None,
        endpoint: str | None = None, fmt: str | None = None, limit: int | None = None,
        timeout: float = 60.0) -> QueryOutput:
    text = prepare(query_or_file, limit)
    if endpoint:
        return run_remote(text, endpoint, fmt=fmt, timeout=timeout)
    if not files and store_dir is None:
        store_dir = "store"
    return run_local(text, store_dir=store_dir, files=files, fmt=fmt, timeout=timeout)


def rows(output: QueryOutput) -> tuple[list[str], list[dict[str, str]]]:
    """Variables and rows (values as text) of a JSON SELECT result."""
    doc = json.loads(output.data)
    variables = doc["head"].get("vars", [])
    return variables, [{v: b[v]["value"] for v in variables if v in b} for b in doc["results"]["bindings"]]


def show(output: QueryOutput, table: bool) -> None:
    """A table on a terminal; the serialised results otherwise (TSV when none was asked)."""
    if output.kind == "ASK" and output.format == "json":
        print("true" if json.loads(output.data)["boolean"] else "false")
        return
    if output.kind == "SELECT" and output.format == "json" and table:
        from rich.console import Console
        from rich.table import Table

        variables, values = rows(output)
        grid = Table(*variables, box=None, pad_edge=False)
        for row in values:
            grid.add_row(*(row.get(v, "") for v in variables))
        console = Console()
        console.print(grid)
        console.print(f"{len(values)} result(s)")
        return
    sys.stdout.buffer.write(output.data if output.data.endswith(b"\n") else output.data + b"\n")
    sys.stdout.buffer.flush()
