"""Corpus conversion: records streamed through mapping, validation and serialisation in
worker processes, written as shards, resumable.

The main process reads records (PubMed XML is streamed) and hands batches to ``jobs``
worker processes, never more than a few batches ahead, so memory does not grow with
the corpus. Each batch becomes one shard per format, written atomically. A manifest
(``manifest.json``) records every finished input with its SHA-256 and shards: a re-run
skips unchanged inputs, and an interrupted run is resumed by running it again.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import io
import json
import os
import pickle
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from ..errors import InputError, SscError, UsageError, ValidationFailed
from ..mapping import slug
from ..model import Publication
from ..rdf.formats import extension, name_of, rdf_format
from .collector import collect_rarely, rare_collections
from .inputs import Input

MANIFEST = "manifest.json"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Interrupted(SscError):
    exit_code = 130


@dataclass
class BatchResult:
    records: int = 0
    triples: int = 0
    shards: list[str] = field(default_factory=list)
    skipped_inputs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Progress:
    """Where a corpus run is: what was converted, and how far through the inputs (in bytes,
    known from the start: the inputs' sizes)."""

    records: int = 0
    triples: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    inputs_total: int = 0
    inputs_skipped: int = 0  # unchanged since an earlier run: not converted again


@dataclass
class _Tally:
    bytes: int = 0  # read from the current input so far


class _Counting(io.RawIOBase):
    """A readable stream that counts the bytes read through it (for progress in bytes)."""

    def __init__(self, raw: BinaryIO, tally: _Tally) -> None:
        self.raw, self.tally = raw, tally

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.tally.bytes += len(data)
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


@dataclass(frozen=True)
class _Task:
    stem: str
    number: int
    records: list[Publication]


RECORD_KINDS = ("pubmed-xml", "medline", "pubmed-page")


def _read_records(item: Input, errors: list[InputError] | None, tally: _Tally) -> Iterator[Publication]:
    from ..sources import KINDS

    if item.kind not in RECORD_KINDS:
        raise InputError("not a PubMed XML, MEDLINE or PubMed page file (corpus mode converts records; "
                         "convert curated files without -j)", path=item.path, line=1)
    with item.open() as raw, io.BufferedReader(_Counting(raw, tally)) as handle:
        yield from KINDS[item.kind].read(handle, item.path, errors)


def input_key(path: str) -> str:
    """An input's key in the manifest: its whole path as given, normalised (``a/x.xml`` and
    ``b/x.xml`` are two inputs)."""
    return Path(os.path.normpath(path)).as_posix()


def shard_stem(key: str) -> str:
    """The stem of an input's shards: its file name, and a digest of its whole path, so that
    equal file names in different folders never share shards."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{slug(Path(key).name.removesuffix('.gz').rsplit('.', 1)[0], 12)}-{digest}"


# -- worker side ---------------------------------------------------------------------------
_WORKER: dict = {}


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies (kill -9 included), then make sure
    the parent did not die before the request took effect."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the check before each write still holds
        pass
    if os.getppid() != parent:
        os._exit(1)


def _configure(base: str, formats: list[str], out_dir: str, validate: bool, parent: int | None) -> None:
    from ..mapping import Minter
    from .conversion import Mapping

    _WORKER.update(mapping=Mapping(Minter(base)), base=base, formats=[rdf_format(f) for f in formats],
                   out=Path(out_dir), validate=validate, parent=parent)


def _worker_setup(base: str, formats: list[str], out_dir: str, validate: bool, parent: int) -> None:
    _die_with_parent(parent)
    collect_rarely()  # the batches are unpickled before any code of ours runs
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _configure(base, formats, out_dir, validate, parent)


def _dask_batch(settings: tuple[str, list[str], str, bool], task: bytes) -> tuple[int, int, list[str], list[str]]:
    """``_convert_batch`` on a Dask worker: set up once per worker process and settings (Dask
    has no pool initializer); the worker is not our child, so no parent check.

    The task comes pickled by us, as bytes: Dask's scheduler unpickles and pickles again the
    arguments of every task it is given, which for 500 records cost 1.2 to 1.6 s of CPU per
    batch, beside the workers on the same cores; bytes pass through it as they are."""
    if _WORKER.get("settings") != settings:
        _configure(*settings, parent=None)
        _WORKER["settings"] = settings
    with rare_collections():  # the worker is Dask's: its settings are put back
        return _convert_batch(pickle.loads(task))  # our own client's task, trusted as Dask trusts it


def _convert_batch(task: _Task) -> tuple[int, int, list[str], list[str]]:
    """Map, validate and write one batch; return (records, triples, shard names, violations).
    The shipped shapes, checked by the fast validator, as ``pipeline.check`` does by default."""
    from ..checks.fast_shacl import validate_triples
    from ..sinks.files import serialize_graphs, write_all

    graphs = _WORKER["mapping"].record_graphs(task.records)
    if _WORKER["validate"]:
        report = validate_triples(chain.from_iterable(graph.triples for graph in graphs))
        problems = [f"{r.focus} {r.path}: {r.message}" for r in report.violations]
        if problems:
            return len(task.records), 0, [], problems
    rendered, triples = serialize_graphs(graphs, _WORKER["formats"])
    outputs = {_WORKER["out"] / f"{task.stem}-{task.number:05d}{extension(fmt)}": rendered[fmt]
               for fmt in _WORKER["formats"]}
    if _WORKER["parent"] is not None and os.getppid() != _WORKER["parent"]:  # the run is over: nobody
        # would record these shards
        os._exit(1)
    write_all(outputs)
    return len(task.records), triples, sorted(p.name for p in outputs), []


# -- main side -----------------------------------------------------------------------------
@rare_collections()  # the main process reads the records and pickles them
def convert_corpus(inputs: list[str], out_dir: Path, *, formats: list[str], base: str, jobs: int = 1,
                   batch_records: int = 500, validate: bool = True, keep_going: bool = False,
                   scheduler: str | None = None,
                   progress: Callable[[Progress], None] = lambda state: None) -> BatchResult:
    """Convert the inputs' records in batches on ``jobs`` processes, or on the workers of the Dask
    cluster whose scheduler is at ``scheduler`` (they must see ``out_dir`` and have ssc-rdf
    installed); ``progress`` is called with the run's state at the start and after every batch."""
    from .inputs import expand

    out_dir.mkdir(parents=True, exist_ok=True)
    for leftover in out_dir.glob(".*.part"):  # from a run that was killed while writing
        leftover.unlink()
    chosen: list[ox.RdfFormat] = [rdf_format(f) for f in formats or ["nt"]]
    settings = {"base": base, "formats": [name_of(f) for f in chosen], "batch_records": batch_records,
                "validate": validate}
    manifest = _load_manifest(out_dir, settings)
    result = BatchResult()
    files = expand(list(inputs)).inputs
    errors: list[InputError] | None = [] if keep_going else None
    digests = {item.path: item.sha256() for item in files}
    sizes = {item.path: os.path.getsize(item.path) if item.path != "-" else len(item.data or b"") for item in files}
    for item in files:
        done = manifest["inputs"].get(input_key(item.path))
        if done and done["sha256"] == digests[item.path] and all((out_dir / s).exists() for s in done["shards"]):
            result.skipped_inputs.append(input_key(item.path))
    state = Progress(bytes_total=sum(sizes.values()), inputs_total=len(files),
                     inputs_skipped=len(result.skipped_inputs))
    state.bytes_done = sum(sizes[i.path] for i in files if input_key(i.path) in result.skipped_inputs)
    progress(state)
    settings_args = (base, [name_of(f) for f in chosen], str(out_dir.resolve()), validate)
    pool: Executor
    if scheduler:
        pool, jobs = _dask_executor(scheduler)
        remote = pool

        def submit(task: _Task) -> Future:
            return remote.submit(_dask_batch, settings_args, pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL))
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_setup, initargs=(*settings_args, os.getpid()))
        local = pool

        def submit(task: _Task) -> Future:
            return local.submit(_convert_batch, task)
    try:
        for item in files:
            name = input_key(item.path)
            if name in result.skipped_inputs:
                continue
            done = manifest["inputs"].get(name)
            start = state.bytes_done

            def advance(records: int, triples: int, read: int, start: int = start) -> None:
                _advance(state, progress, records, triples, start + read)

            entry = _run_input(submit, item, shard_stem(name), jobs, batch_records, errors, result, advance)
            state.bytes_done = start + sizes[item.path]
            entry["sha256"] = digests[item.path]
            for stale in set(done["shards"] if done else ()) - set(entry["shards"]):
                (out_dir / stale).unlink(missing_ok=True)  # the input shrank: fewer batches
            manifest["inputs"][name] = entry
            _save_manifest(out_dir, manifest)
    except KeyboardInterrupt:
        _stop(pool)
        raise Interrupted(_resume_message(len(manifest["inputs"]), len(files), out_dir)) from None
    except BrokenProcessPool:
        _stop(pool)
        raise Interrupted("a worker process died; " + _resume_message(len(manifest["inputs"]), len(files),
                                                                    out_dir)) from None
    except BaseException:
        _stop(pool)
        raise
    else:
        pool.shutdown()
    finally:
        for leftover in out_dir.glob(".*.part"):
            leftover.unlink(missing_ok=True)
    if errors:
        result.problems.extend(line for e in errors for line in e.lines())
    return result


def _dask_executor(address: str) -> tuple[Executor, int]:
    """A ``concurrent.futures`` executor on an existing Dask cluster, and its number of threads."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'ssc-rdf[dask]'") from None
    try:
        client = Client(address, timeout=10)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    return client.get_executor(), max(1, sum(client.nthreads().values()))


def _stop(pool: Executor) -> None:
    """Stop now: kill the workers (a batch can take seconds to finish) and
    drop the queued batches. Shards are written atomically, so nothing partial is left."""
    if not isinstance(pool, ProcessPoolExecutor):  # Dask: cancel what is queued, let the cluster be
        pool.shutdown(wait=False)
        return
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    # not wait=True: with its workers killed, the pool's feeder may block on a pipe nobody reads
    pool.shutdown(wait=False, cancel_futures=True)


def _advance(state: Progress, progress: Callable[[Progress], None], records: int, triples: int,
             done: int) -> None:
    state.records += records
    state.triples += triples
    state.bytes_done = max(state.bytes_done, done)
    progress(state)


def _run_input(submit: Callable[[_Task], Future], item: Input, stem: str, jobs: int, batch_records: int,
               errors: list[InputError] | None, result: BatchResult,
               progress: Callable[[int, int, int], None]) -> dict[str, Any]:
    entry: dict[str, Any] = {"records": 0, "triples": 0, "shards": []}
    pending: dict[Future, int] = {}  # each batch, and the input's bytes read when it was complete
    tally = _Tally()

    def collect(done: set[Future]) -> None:
        for future in done:
            read = pending.pop(future)
            records, triples, shards, problems = future.result()
            if problems:
                raise ValidationFailed(f"{item.path}: {len(problems)} SHACL violation(s) in a batch, "
                                       f"e.g. {problems[0]}; its shards were not written")
            entry["records"] += records
            entry["triples"] += triples
            entry["shards"] += shards
            result.records += records
            result.triples += triples
            result.shards += shards
            progress(records, triples, read)

    batch: list[Publication] = []
    number = 0
    for record in _read_records(item, errors, tally):
        batch.append(record)
        if len(batch) == batch_records:
            number += 1
            pending[submit(_Task(stem, number, batch))] = tally.bytes
            batch = []
            if len(pending) >= 2 * jobs:  # bounded: memory does not grow with the corpus
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                collect(done)
    if batch:
        number += 1
        pending[submit(_Task(stem, number, batch))] = tally.bytes
    done, _ = wait(pending)
    collect(done)
    entry["shards"].sort()
    return entry


def _resume_message(finished: int, total: int, out_dir: Path) -> str:
    return (f"interrupted: {finished} of {total} input(s) finished (listed in {out_dir / MANIFEST}); "
            "run the same command again to resume: finished inputs are skipped, no partial file was left")


def _load_manifest(out_dir: Path, settings: dict) -> dict:
    path = out_dir / MANIFEST
    if path.exists():
        try:
            manifest = json.loads(path.read_text())
        except json.JSONDecodeError:
            manifest = {}
        if manifest.get("settings") == settings:
            return manifest
    return {"settings": settings, "inputs": {}}


def _save_manifest(out_dir: Path, manifest: dict) -> None:
    tmp = out_dir / f".{MANIFEST}.part"
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, out_dir / MANIFEST)
