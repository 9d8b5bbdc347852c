"""Sink: Virtuoso's own bulk loader, for a Virtuoso on the same host (``load --bulk DIR``).

The quads are written as gzip N-Quads files into ``DIR`` (a directory Virtuoso may read:
``DirsAllowed`` in virtuoso.ini), registered with ``ld_dir`` and loaded by
``rdf_loader_run()`` through Virtuoso's ``isql`` client, then the files are removed.
A replacement loads into staging graphs that one SPARQL ``MOVE`` per graph then puts in
place, so each graph is replaced whole; an addition loads straight into its graphs
(Virtuoso shows the union of all graphs in its default graph, so nothing else is kept).
Every graph's count is checked over SPARQL afterwards.

The isql credentials come from SSC_RDF_ISQL_USER and SSC_RDF_ISQL_PASSWORD (Virtuoso's
own default, dba/dba, otherwise). isql takes them as arguments, so other users of the
host can see them in the process list: use it on a host of your own.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from ..credentials import scrub
from ..http import RemoteError
from ..rdf import DEFAULT_BASE
from ..rdf.typed import to_bytes
from . import dataset_upload
from .base import Added, StagingTally
from .graph_store import Endpoints, count, counts, update

FILE_QUADS = 1_000_000  # quads per file: the loader runs files in parallel threads


class VirtuosoBulk:
    """Virtuoso's bulk loader as a ``QuadSink``."""

    def __init__(self, endpoint: str, directory: str | Path, isql: str = "127.0.0.1:1111",
                 query_endpoint: str | None = None, update_endpoint: str | None = None, *,
                 base: str = DEFAULT_BASE, timeout: float = 600.0, log: Callable[[str], None] = lambda _: None) -> None:
        self.endpoints = Endpoints.derive(endpoint, query_endpoint, update_endpoint)
        self.directory = Path(directory).resolve()
        if not self.directory.is_dir():
            raise RemoteError(f"--bulk {directory}: not a directory (it must be one Virtuoso may read: DirsAllowed)")
        self.isql, self.timeout, self.log = isql, timeout, log
        self.dataset_graph = f"{base}graph/dataset"
        self.binary = shutil.which("isql-vt") or shutil.which("isql")
        if not self.binary:
            raise RemoteError("--bulk needs Virtuoso's isql client (isql-vt) on this host")

    def _sql(self, script: str) -> str:
        """Run SQL through isql; an ``*** Error`` line from Virtuoso becomes a one-line error."""
        user = os.environ.get("SSC_RDF_ISQL_USER", "dba")
        password = os.environ.get("SSC_RDF_ISQL_PASSWORD", "dba")
        try:
            done = subprocess.run([self.binary or "isql-vt", self.isql, user, password, "VERBOSE=OFF", "BANNER=OFF"],
                                  input=script, capture_output=True, text=True, timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired:
            raise RemoteError(f"Virtuoso's bulk loader did not finish within {self.timeout:g} s") from None
        output = done.stdout + done.stderr
        for line in output.splitlines():
            if "*** Error" in line or "Connect failed" in line:
                raise RemoteError(f"Virtuoso isql at {self.isql}: {scrub(line.strip())[:200]}")
        if done.returncode != 0:
            raise RemoteError(f"Virtuoso isql at {self.isql} exited with code {done.returncode}")
        return output

    def _write(self, quads: Iterable[ox.Quad], tag: str, stage: bool) -> tuple[dict[str, str], dict[str, int], int]:
        """The stream as gzip N-Quads files named after ``tag``; graph names staged with ``stage``."""
        tally = StagingTally(stage, self.dataset_graph)
        nodes: dict[str, ox.NamedNode] = {}
        batch: list[ox.Quad] = []
        files = total = 0

        def flush() -> None:
            nonlocal files
            files += 1
            with gzip.open(self.directory / f"ssc-rdf-{tag}-{files}.nq.gz", "wb", compresslevel=1) as out:
                out.write(to_bytes(batch, ox.RdfFormat.N_QUADS))
            batch.clear()

        for quad in quads:
            name = tally.add(quad.graph_name, quad.triple)
            node = nodes.get(name) or nodes.setdefault(name, ox.NamedNode(tally.staged[name]))
            batch.append(ox.Quad(quad.subject, quad.predicate, quad.object, node))
            total += 1
            if len(batch) >= FILE_QUADS:
                flush()
        if batch:
            flush()
        return tally.staged, tally.distinct, total

    def add(self, quads: Iterable[ox.Quad], *, replace: bool = False) -> Added:
        tag = uuid.uuid4().hex
        start = time.perf_counter()
        staged: dict[str, str] = {}
        try:
            staged, distinct, total = self._write(quads, tag, replace)
            if not total:
                return Added((), 0)
            directory = str(self.directory).replace("'", "''")
            self._sql(f"ld_dir('{directory}', 'ssc-rdf-{tag}-*.nq.gz', '{self.dataset_graph}');\n"
                      "rdf_loader_run();\ncheckpoint;\n"
                      f"SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '%ssc-rdf-{tag}-%' "
                      "AND ll_error IS NOT NULL;\n")
            failed = self._sql(f"SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '%ssc-rdf-{tag}-%' "
                               "AND ll_error IS NOT NULL;\n")
            if any(line.strip().isdigit() and int(line) > 0 for line in failed.splitlines()):
                raise RemoteError("Virtuoso's bulk loader refused a file of this load (see DB.DBA.LOAD_LIST)")
            if replace:
                loaded = counts(self.endpoints, list(staged.values()), self.timeout)
                for name, staging in staged.items():
                    if loaded[staging] != distinct[name]:
                        raise RemoteError(f"the staging graph of <{name}> holds {loaded[staging]} triples, "
                                          f"not the {distinct[name]} loaded")
                for group in dataset_upload.in_groups(sorted(staged)):
                    update(self.endpoints, " ;\n".join(f"MOVE <{staged[g]}> TO <{g}>" for g in group), self.timeout)
        except BaseException:
            if replace:
                for staging in staged.values():
                    try:
                        update(self.endpoints, f"DROP SILENT GRAPH <{staging}>", self.timeout)
                    except RemoteError:
                        self.log(f"could not drop the staging graph <{staging}>")
            raise
        finally:
            for leftover in self.directory.glob(f"ssc-rdf-{tag}-*.nq.gz"):
                leftover.unlink()
            try:
                self._sql(f"DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '%ssc-rdf-{tag}-%';\n")
            except RemoteError:
                pass  # the load list only records what was loaded; a stale row does no harm
        after = counts(self.endpoints, sorted(staged), self.timeout)
        for name, expected in distinct.items():
            if (after[name] != expected) if replace else (after[name] < expected):
                raise RemoteError(f"graph <{name}> holds {after[name]} triples after loading {expected}")
        seconds = time.perf_counter() - start
        self.log(f"{total} quads of {len(staged)} graph(s) loaded by Virtuoso's bulk loader in {seconds:.2f} s "
                 f"({total / seconds if seconds else 0:,.0f} quads/s)")
        return Added(tuple(sorted(staged)), total)

    def count(self, graph: str | None = None) -> int:
        return count(self.endpoints, graph, self.timeout)

    def close(self) -> None:
        """Nothing to finish: the loader checkpointed what it loaded."""
