"""How SHACL validation scales: pyshacl on the whole graph vs per record in parallel.

    python bench/validation.py                  # 10k, 100k and 1M triples
    python bench/validation.py --sizes 10000    # one size

Writes bench/results/validation.md and .json. Whole-graph validation is skipped above
--whole-max triples (default 1M) when it would take too long to be useful; equality
of the two methods is checked at every size where both ran.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import quads_for
from ssc_rdf.checks.sharded import validate_per_record, whole_graph_results

RESULTS = Path(__file__).resolve().parent / "results"


def measure(size: int, workers: int, whole_max: int) -> dict:
    quads = quads_for(size)
    triples = len({q.triple for q in quads})
    row: dict = {"target": size, "triples": triples}
    start = time.perf_counter()
    sharded = validate_per_record(quads, workers=workers)
    row["per_record_s"] = round(time.perf_counter() - start, 2)
    row["per_record_triples_per_s"] = round(triples / row["per_record_s"])
    if triples <= whole_max:
        start = time.perf_counter()
        whole = whole_graph_results(quads)
        row["whole_graph_s"] = round(time.perf_counter() - start, 2)
        row["whole_graph_triples_per_s"] = round(triples / row["whole_graph_s"])
        row["results_equal"] = whole == sharded
        row["results"] = len(whole)
    else:
        row["whole_graph_s"] = None
        row["results_equal"] = None
        row["results"] = len(sharded)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--whole-max", type=int, default=1_000_000)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        rows.append(measure(size, args.workers, args.whole_max))
        print(json.dumps(rows[-1]), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "validation.json").write_text(json.dumps({"workers": args.workers, "rows": rows}, indent=2) + "\n")
    lines = [f"| triples | whole graph (s) | triples/s | per record, -j {args.workers} (s) | triples/s "
             "| equal results |",
             "|---:|---:|---:|---:|---:|:---:|"]
    for r in rows:
        lines.append(f"| {r['triples']:,} | {r['whole_graph_s'] or 'skipped'} "
                     f"| {r.get('whole_graph_triples_per_s', '')} | {r['per_record_s']} "
                     f"| {r['per_record_triples_per_s']} | {r['results_equal']} |")
    (RESULTS / "validation.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
