"""Corpus mode under faults: workers die with their parent; equal file names in different
folders are different inputs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from ssc_rdf import api

from ..conftest import FIXTURES, REPO

XML = FIXTURES / "corpus" / "pubmed_xml"
PUBMED4_PMID = "27797938"


def test_equal_file_names_in_different_folders_are_both_converted(tmp_path):
    """Regression: inputs were keyed by file name, so b/x.xml replaced a/x.xml's shards and
    the summary counted records that were no longer on disk."""
    for folder, source in (("a", "biopython__pubmed4.xml"), ("b", "metapub__34843274.xml")):
        (tmp_path / folder).mkdir()
        shutil.copy(XML / source, tmp_path / folder / "x.xml")
    out = tmp_path / "out"
    result = api.convert_corpus([tmp_path / "a" / "x.xml", tmp_path / "b" / "x.xml"], f"{out}/", formats=["nt"])
    assert result.records == 2 and len(result.shards) == 2
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["inputs"]) == 2
    text = "".join((out / shard).read_text() for shard in result.shards)
    pmids = '<http://purl.org/spar/fabio/hasPubMedId> "{}"'
    assert pmids.format("34843274") in text and pmids.format(PUBMED4_PMID) in text
    again = api.convert_corpus([tmp_path / "a" / "x.xml", tmp_path / "b" / "x.xml"], f"{out}/", formats=["nt"])
    assert len(again.skipped_inputs) == 2  # both recognised on resume


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(c) for c in children]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a zombie has stopped running


def test_kill_9_of_the_main_process_leaves_no_worker_and_no_later_write(tmp_path):
    sys.path.insert(0, str(REPO))
    from bench.pubmed_gen import write

    corpus = tmp_path / "corpus.xml"
    write(corpus, count=3000)
    out = tmp_path / "out"
    main = subprocess.Popen([sys.executable, "-m", "ssc_rdf.cli", "convert", str(corpus), "-o", f"{out}/",
                             "-f", "nt", "-j", "2", "--batch", "50", "-q"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and not (len(workers) >= 2 and any(out.glob("*.nt"))):
        workers = _children(main.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the corpus run did not start its workers"
    os.kill(main.pid, signal.SIGKILL)
    main.wait()
    time.sleep(2)
    assert [pid for pid in workers if _alive(pid)] == []
    before = sorted((p.name, p.stat().st_mtime_ns) for p in out.iterdir())
    time.sleep(1)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in out.iterdir()) == before  # nothing written after


def test_progress_knows_the_total_from_the_start_and_reaches_it(tmp_path):
    sys.path.insert(0, str(REPO))
    from bench.pubmed_gen import write

    inputs = [tmp_path / "a.xml", tmp_path / "b.xml"]
    write(inputs[0], count=30)
    write(inputs[1], count=5)
    states = []
    api.convert_corpus(inputs, f"{tmp_path}/out/", formats=["nt"], batch_records=10,
                       progress=lambda state: states.append((state.bytes_done, state.bytes_total, state.records)))
    total = sum(p.stat().st_size for p in inputs)
    assert states[0] == (0, total, 0)  # the total is known before any record is read
    assert [done for done, _, _ in states] == sorted(done for done, _, _ in states)
    assert states[-1] == (total, total, 35)
    resumed = []
    api.convert_corpus(inputs, f"{tmp_path}/out/", formats=["nt"], batch_records=10,
                       progress=lambda state: resumed.append((state.inputs_skipped, state.bytes_done)))
    assert resumed == [(2, total)]


def test_ctrl_c_exits_within_two_seconds_and_leaves_a_resumable_run(tmp_path):
    """Regression: Ctrl-C took 16 to 36 s (the pool waited for the batches in the workers)."""
    sys.path.insert(0, str(REPO))
    from bench.pubmed_gen import write

    corpus = tmp_path / "corpus.xml"
    write(corpus, count=1200)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "ssc_rdf.cli", "convert", str(corpus), "-o", f"{out}/", "-f", "nt",
               "-j", "2", "--batch", "200", "-q"]
    # as from a terminal: SIGINT's default action (a test runner such as xdist may ignore it,
    # and an ignored signal stays ignored in its children)
    run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_children(run.pid)) < 2:
        time.sleep(0.05)
    time.sleep(1.0)  # batches are in the workers now
    workers = _children(run.pid)
    start = time.monotonic()
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground process group
    _, stderr = run.communicate(timeout=30)
    assert time.monotonic() - start < 2.0
    assert run.returncode == 130 and "run the same command again to resume" in stderr.decode()
    time.sleep(0.5)
    assert [pid for pid in workers if _alive(pid)] == []
    assert not list(out.glob(".*.part"))
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sum(1 for shard in out.glob("*.nt")) == 6
