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
