"""Peak memory of importing a large PubMed XML file: it must not grow with the file.

    python bench/import_memory.py            # 200 MB (and 20 MB, to compare)
    python bench/import_memory.py --mb 50

Each size is imported in a fresh process (records are streamed and dropped, as a
corpus conversion does) and its peak resident memory (ru_maxrss) reported. Target:
under 300 MB for 200 MB of XML. Writes bench/results/import_memory.md and .json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pubmed_gen import write  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
CHILD = """
import resource, sys, time
from ssc_rdf.sources import pubmed_xml
start = time.perf_counter()
n = sum(1 for _ in pubmed_xml.read(sys.argv[1]))
print(n, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def measure(mb: int, work: Path) -> dict:
    path = work / f"pubmed-{mb}mb.xml"
    records = write(path, size_bytes=mb * 1024 * 1024)
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True, text=True,
                         cwd=ROOT).stdout.split()
    count, seconds, peak = int(out[0]), float(out[1]), int(out[2])
    assert count == records
    return {"file_mb": round(path.stat().st_size / 2**20, 1), "records": count, "seconds": round(seconds, 1),
            "records_per_s": round(count / seconds), "peak_rss_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, nargs="+", default=[20, 200])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ssc-bench-") as tmp:
        rows = [measure(mb, Path(tmp)) for mb in args.mb]
    for row in rows:
        row["target_met"] = row["peak_rss_mb"] < 300
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import_memory.json").write_text(json.dumps(rows, indent=2) + "\n")
    lines = ["| XML (MB) | records | seconds | records/s | peak RSS (MB) | under 300 MB |",
             "|---:|---:|---:|---:|---:|:---:|"]
    lines += [f"| {r['file_mb']} | {r['records']:,} | {r['seconds']} | {r['records_per_s']:,} | {r['peak_rss_mb']} "
              f"| {r['target_met']} |" for r in rows]
    (RESULTS / "import_memory.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
