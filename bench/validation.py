"""SHACL validation speed: the fast validator against pyshacl, on the same batches, with equal rows.

    python bench/validation.py                       # 10k generated PubMed records, batches of 500
    python bench/validation.py --records 1000        # a shorter run

Generated PubMed records (bench/pubmed_gen.py) are converted batch by batch, as corpus mode
does, and each batch is validated by both validators in this one process: the CPU time of
each (``time.process_time``, so the other processes on the machine do not count) gives
triples per second per core. The rows of the two must be identical on every batch.
Writes bench/results/validation.md and .json; the target is 100k triples/s per core.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pubmed_gen import records
from ssc_rdf import api
from ssc_rdf.checks import fast_shacl, shacl

RESULTS = Path(__file__).resolve().parent / "results"
TARGET = 100_000  # triples/s per core


def _cpu(function):  # -> (seconds of CPU, value)
    start = time.process_time()
    value = function()
    return time.process_time() - start, value


def measure(total: int, batch: int, folder: Path) -> dict:
    generated = records(total)
    row = {"records": total, "batch_records": batch, "batches": 0, "triples": 0, "fast_cpu_s": 0.0,
           "pyshacl_cpu_s": 0.0, "results": 0, "violations": 0, "unequal_batches": 0}
    fast_shacl.compiled_shapes()
    shacl.validate([])  # both validators warmed up: imports, parsed shapes and ontology
    for number in itertools.count():
        chunk = list(itertools.islice(generated, batch))
        if not chunk:
            break
        path = folder / f"batch-{number:04d}.xml"
        path.write_text('<?xml version="1.0" ?>\n<PubmedArticleSet>\n' + "".join(chunk) + "</PubmedArticleSet>\n")
        quads = list(api.convert([str(path)], validate=False).quads())
        fast_s, fast = _cpu(lambda quads=quads: fast_shacl.validate(quads))
        pyshacl_s, reference = _cpu(lambda quads=quads: shacl.validate(quads))
        row["batches"] += 1
        row["triples"] += len({q.triple for q in quads})
        row["fast_cpu_s"] += fast_s
        row["pyshacl_cpu_s"] += pyshacl_s
        row["results"] += len(reference.results)
        row["violations"] += len(reference.violations)
        row["unequal_batches"] += fast.results != reference.results
        print(json.dumps({"batch": number, "fast_s": round(fast_s, 2), "pyshacl_s": round(pyshacl_s, 2),
                          "equal": fast.results == reference.results}), flush=True)
    row["fast_triples_per_s_per_core"] = round(row["triples"] / row["fast_cpu_s"])
    row["pyshacl_triples_per_s_per_core"] = round(row["triples"] / row["pyshacl_cpu_s"])
    row["speedup"] = round(row["pyshacl_cpu_s"] / row["fast_cpu_s"], 1)
    row["results_equal"] = row["unequal_batches"] == 0
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500, help="records per batch (corpus mode's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        row = measure(args.records, args.batch, Path(folder))
    print(json.dumps(row), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "validation.json").write_text(json.dumps(row, indent=2) + "\n")
    fast = row["fast_triples_per_s_per_core"]
    verdict = (f"met: {fast / TARGET:.2f} times the target" if fast >= TARGET
               else f"MISSED by {1 - fast / TARGET:.0%}")
    lines = [
        f"SHACL validation of {row['records']:,} generated PubMed records ({row['triples']:,} triples) in "
        f"{row['batches']} batches of {row['batch_records']}, CPU time of one process:",
        "",
        "| validator | CPU (s) | triples/s per core |",
        "|---|---:|---:|",
        f"| pyshacl (checks.shacl) | {row['pyshacl_cpu_s']:.1f} | {row['pyshacl_triples_per_s_per_core']:,} |",
        f"| fast (checks.fast_shacl) | {row['fast_cpu_s']:.1f} | {fast:,} |",
        "",
        f"Speed-up {row['speedup']} times. Target 100k triples/s per core: {verdict}. "
        f"Rows identical on every batch: {row['results_equal']} ({row['results']} rows, "
        f"{row['violations']} violations).",
    ]
    (RESULTS / "validation.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
