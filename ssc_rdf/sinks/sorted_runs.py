"""Sorted lines too many to hold: each batch's lines are written to disk as one sorted run,
and the runs are merged back in order, duplicates dropped (an external merge sort).

Memory holds one batch while it is sorted, then one buffer per run while merging; never
the whole output. Past ``FAN_IN`` runs, the runs are merged into one, so that a corpus of
any size keeps few files open.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

FAN_IN = 64  # runs merged at once: open files, each with its read buffer
BUFFER = 1 << 16


class SortedRuns:
    """Lines (bytes, each ending with a line feed) added as sorted runs, read back merged."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.runs: list[Path] = []

    def add(self, lines: Iterable[bytes]) -> None:
        """Add one run: ``lines`` sorted and distinct, each ending with a line feed."""
        self.runs.append(self._write(lines))
        if len(self.runs) >= FAN_IN:
            compacted = self._write(self.merged())
            self.close()
            self.runs = [compacted]

    def merged(self) -> Iterator[bytes]:
        """Every distinct line of every run, in order."""
        with ExitStack() as stack:
            handles = [stack.enter_context(open(run, "rb", buffering=BUFFER)) for run in self.runs]
            previous = None
            for line in heapq.merge(*handles) if len(handles) > 1 else (handles[0] if handles else ()):
                if line != previous:
                    yield line
                    previous = line

    def close(self) -> None:
        """Remove the runs."""
        for run in self.runs:
            run.unlink(missing_ok=True)
        self.runs = []

    def _write(self, lines: Iterable[bytes]) -> Path:
        fd, name = tempfile.mkstemp(prefix="run-", suffix=".lines", dir=self.directory)
        with os.fdopen(fd, "wb", buffering=BUFFER) as handle:
            handle.writelines(lines)
        return Path(name)


__all__ = ["FAN_IN", "SortedRuns"]
