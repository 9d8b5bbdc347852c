"""Sorted runs: an external merge sort of lines, with few files open whatever their number."""

from __future__ import annotations

import random

from ssc_rdf.sinks import sorted_runs
from ssc_rdf.sinks.sorted_runs import SortedRuns


def _runs(rng: random.Random, count: int) -> list[list[bytes]]:
    return [sorted({f"<s{rng.randrange(500)}> <p> \"{rng.randrange(50)}\" .\n".encode()
                    for _ in range(rng.randrange(0, 40))}) for _ in range(count)]


def test_merged_lines_are_the_sorted_distinct_lines_of_every_run(tmp_path):
    rng = random.Random(7)
    runs = _runs(rng, 9)
    spill = SortedRuns(tmp_path)
    for run in runs:
        spill.add(run)
    assert list(spill.merged()) == sorted({line for run in runs for line in run})


def test_past_the_fan_in_the_runs_are_merged_into_one(tmp_path, monkeypatch):
    monkeypatch.setattr(sorted_runs, "FAN_IN", 4)
    rng = random.Random(11)
    runs = _runs(rng, 23)
    spill = SortedRuns(tmp_path)
    for number, run in enumerate(runs, 1):
        spill.add(run)
        assert len(spill.runs) < 4
        assert len(list(tmp_path.iterdir())) == len(spill.runs), "merged runs are removed"
        expected = sorted({line for earlier in runs[:number] for line in earlier})
    assert list(spill.merged()) == expected
    spill.close()
    assert not list(tmp_path.iterdir())


def test_no_run_merges_to_nothing(tmp_path):
    assert list(SortedRuns(tmp_path).merged()) == []
