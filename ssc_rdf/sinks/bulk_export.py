"""Sink: gzip N-Quads shards for the native bulk loaders of big stores.

Virtuoso's ``ld_dir``, ``oxigraph load``, Jena's ``tdb2.xloader`` and QLever all read
gzip N-Quads. Shards hold at most N quads each; ``manifest.json`` lists every file
with its quad count and SHA-256. Shards are written under temporary names and renamed
only when all are complete, the manifest last.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .files import file_mode


class BulkExport:
    """Sink: gzip N-Quads shards of at most ``split`` quads, and their manifest at ``close``."""

    def __init__(self, out_dir: Path, split: int) -> None:
        self.out_dir, self.split = out_dir, split
        self.streams: list[Iterable[ox.Quad]] = []

    def add(self, quads: Iterable[ox.Quad]) -> None:
        self.streams.append(quads)

    def close(self) -> dict[str, Any]:
        return export(itertools.chain.from_iterable(self.streams), self.out_dir, self.split)


def export(quads: Iterable[ox.Quad], out_dir: Path, split: int) -> dict[str, Any]:
    """Write the shards as ``quads`` stream by, then the manifest; all appear together or none."""
    if split < 1:
        raise ValueError("split must be at least 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    for leftover in out_dir.glob(".*.part"):  # from a run that was killed while writing
        leftover.unlink(missing_ok=True)
    staged: list[tuple[Path, Path, int, str]] = []
    batch: list[ox.Quad] = []
    try:
        for quad in quads:
            batch.append(quad)
            if len(batch) == split:
                staged.append(_write_shard(batch, out_dir, len(staged) + 1))
                batch = []
        if batch or not staged:
            staged.append(_write_shard(batch, out_dir, len(staged) + 1))
        manifest = {
            "format": "application/n-quads+gzip",
            "quads": sum(n for _, _, n, _ in staged),
            "files": [{"file": final.name, "quads": n, "sha256": digest} for _, final, n, digest in staged],
        }
        for tmp, final, _, _ in staged:
            os.replace(tmp, final)
        manifest_tmp = out_dir / ".manifest.json.part"
        manifest_tmp.write_text(json.dumps(manifest, indent=2) + "\n")
        os.replace(manifest_tmp, out_dir / "manifest.json")
        return manifest
    except BaseException:
        for tmp, _, _, _ in staged:
            tmp.unlink(missing_ok=True)
        raise


def _write_shard(batch: list[ox.Quad], out_dir: Path, number: int) -> tuple[Path, Path, int, str]:
    final = out_dir / f"part-{number:05d}.nq.gz"
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=out_dir)
    tmp = Path(name)
    # mtime=0: the same quads give the same bytes
    with os.fdopen(fd, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
        ox.serialize(batch, handle, format=ox.RdfFormat.N_QUADS)  # type: ignore[arg-type]
        os.fchmod(raw.fileno(), file_mode())
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    return tmp, final, len(batch), digest
