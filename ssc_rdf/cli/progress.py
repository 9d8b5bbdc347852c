"""Corpus mode on the command line: a progress bar on a terminal (total, percentage, ETA, from
the inputs' sizes), a one-line summary otherwise; what a resumed run skips is said first."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..pipeline.corpus import Interrupted

if TYPE_CHECKING:
    from ..pipeline.corpus import Progress as State


def convert_corpus(inputs: tuple[str, ...], out: str, formats: tuple[str, ...], base: str, jobs: int,
                   batch_records: int, validate: bool, keep_going: bool, quiet: bool,
                   scheduler: str | None = None) -> None:
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from .. import api
    from .render import make_console

    if out == "-" or not (out.endswith("/") or Path(out).is_dir()):
        raise click.UsageError("corpus mode (-j, --scheduler) writes shards: give a directory ending with '/' as -o")
    console = make_console(stderr=True)
    bar = Progress(TextColumn("{task.fields[records]:,} records"), BarColumn(), TaskProgressColumn(),
                   DownloadColumn(), TextColumn("{task.fields[rate]:,.0f} records/s"), TimeElapsedColumn(),
                   TextColumn("ETA"), TimeRemainingColumn(), console=console,
                   disable=quiet or not console.is_terminal, transient=False)
    told = False
    with bar:
        task = bar.add_task("convert", total=None, records=0, rate=0.0)

        def show(state: State) -> None:
            nonlocal told
            if not told:
                told = True
                if state.inputs_skipped and not quiet:
                    console.print(f"resuming: {state.inputs_skipped} of {state.inputs_total} input(s) already "
                                  "converted and unchanged, skipped")
            elapsed = bar.tasks[task].elapsed or 1e-9
            bar.update(task, total=state.bytes_total, completed=state.bytes_done, records=state.records,
                       rate=state.records / elapsed)

        try:
            result = api.convert_corpus(inputs, out, formats=formats, base=base, jobs=jobs,
                                        batch_records=batch_records, validate=validate, keep_going=keep_going,
                                        scheduler=scheduler, progress=show)
        except Interrupted as stopped:
            # Exit at once: the executor's threads, joined at interpreter exit, may wait on the
            # pipes of the killed workers. Every shard and the manifest are already on disk.
            bar.stop()
            click.echo(f"ssc-rdf: error: {stopped}", err=True)
            sys.stderr.flush()
            os._exit(stopped.exit_code)
    for problem in result.problems:
        click.echo(f"ssc-rdf: skipped: {problem}", err=True)
    if not quiet:
        skipped = f", {len(result.skipped_inputs)} unchanged input(s) skipped" if result.skipped_inputs else ""
        click.echo(f"Converted {result.records:,} records into {len(result.shards)} shard(s), "
                   f"{result.triples:,} triples{skipped}.", err=True)
