"""Corpus mode on the command line: a progress bar on a terminal, a summary line after."""

from __future__ import annotations

from pathlib import Path

import click


def convert_corpus(inputs: tuple[str, ...], out: str, formats: tuple[str, ...], base: str, jobs: int,
                   batch_records: int, validate: bool, keep_going: bool, quiet: bool) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .. import api

    if out == "-" or not (out.endswith("/") or Path(out).is_dir()):
        raise click.UsageError("corpus mode (-j) writes shards: give a directory ending with '/' as -o")
    console = Console(stderr=True)
    progress = Progress(TextColumn("{task.fields[records]:,} records"), TextColumn("{task.fields[triples]:,} triples"),
                        TextColumn("{task.fields[rate]:,.0f} records/s"), BarColumn(), TimeElapsedColumn(),
                        console=console, disable=quiet or not console.is_terminal, transient=False)
    with progress:
        task = progress.add_task("convert", total=None, records=0, triples=0, rate=0.0)

        def advance(records: int, triples: int) -> None:
            state = progress.tasks[task]
            total = state.fields["records"] + records
            elapsed = state.elapsed or 1e-9
            progress.update(task, records=total, triples=state.fields["triples"] + triples, rate=total / elapsed)

        result = api.convert_corpus(inputs, out, formats=formats, base=base, jobs=jobs, batch_records=batch_records,
                                    validate=validate, keep_going=keep_going, progress=advance)
    for problem in result.problems:
        click.echo(f"ssc-rdf: skipped: {problem}", err=True)
    if not quiet:
        skipped = f", {len(result.skipped_inputs)} unchanged input(s) skipped" if result.skipped_inputs else ""
        click.echo(f"Converted {result.records:,} records into {len(result.shards)} shard(s), "
                   f"{result.triples:,} triples{skipped}.", err=True)
