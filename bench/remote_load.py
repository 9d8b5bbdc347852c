"""Remote loads at the store's speed: ``load --endpoint`` against a plain ``curl --data-binary``.

Both send the same N-Quads (1M quads in 1,000 graphs by default) to a fresh local
Oxigraph server (``oxigraph serve`` from PyPI); the target is at least half of curl's
throughput. ssc-rdf also sends every triple a second time, to the default graph (a stock
Oxigraph does not show the union of its graphs there, and the competency questions read
it), and checks every graph's count, which curl does not: that is inside its time.
``--replace`` adds a row for an atomic replacement (staging graphs swapped in by SPARQL
updates, which Oxigraph runs far slower than its loader).

    python bench/remote_load.py [--quads 1000000] [--graphs 1000]   # writes bench/results/remote_load.md
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ssc_rdf.sinks.graph_store import RemoteStore  # noqa: E402
from tests.servers import OxigraphServer  # noqa: E402

OUT = ROOT / "bench" / "results"


def make_nquads(path: Path, quads: int, graphs: int) -> None:
    """Quads like the mapping's: IRIs under the base, typed and plain literals, many per subject."""
    base = "https://w3id.org/ssc-rdf/id/"
    with path.open("w", encoding="utf-8") as out:
        for i in range(quads):
            g, s = i % graphs, i // 8
            obj = f'"value {i} of the record"' if i % 3 else f"<{base}publication/pmid/{i % 50_000}>"
            out.write(f"<{base}publication/{s}> <{base}p{i % 8}> {obj} <{base}graph/record-{g}> .\n")


def timed_curl(server: OxigraphServer, path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["curl", "-sf", "-X", "POST", "-H", "Content-Type: application/n-quads", "--data-binary",
                    f"@{path}", server.store], check=True)
    return time.perf_counter() - start


def timed_ssc(server: OxigraphServer, path: Path, replace: bool = False) -> tuple[float, list[str]]:
    log: list[str] = []
    sink = RemoteStore(server.store, log=log.append, timeout=3600)
    start = time.perf_counter()
    with path.open("rb") as handle:
        sink.add(ox.parse(handle, format=ox.RdfFormat.N_QUADS), replace=replace)
    return time.perf_counter() - start, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--graphs", type=int, default=1_000)
    parser.add_argument("--replace", action="store_true", help="also time an atomic replacement")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ssc-remote-bench-"))
    try:
        data = work / "data.nq"
        make_nquads(data, args.quads, args.graphs)
        rows = {}
        runs = [("curl --data-binary", timed_curl), ("ssc-rdf load --endpoint", timed_ssc)]
        if args.replace:
            runs.append(("ssc-rdf load --endpoint --replace", lambda srv, p: timed_ssc(srv, p, replace=True)))
        for name, run in runs:
            server = OxigraphServer(work / name.split()[0])
            try:
                result = run(server, data)
                seconds, log = result if isinstance(result, tuple) else (result, [])
                rows[name] = {"seconds": round(seconds, 2), "quads_per_s": round(args.quads / seconds), "log": log}
            finally:
                server.stop()
        ratio = rows["ssc-rdf load --endpoint"]["quads_per_s"] / rows["curl --data-binary"]["quads_per_s"]
        verdict = "met" if ratio >= 0.5 else f"missed by {0.5 / ratio:.1f}x"
        lines = ["# Remote load into a local Oxigraph server", "",
                 f"{args.quads:,} quads in {args.graphs:,} graphs, N-Quads, a fresh server for each "
                 f"(`python bench/remote_load.py`, {time.strftime('%Y-%m-%d')}).", "",
                 "| how | seconds | quads/s |", "|---|---:|---:|"]
        lines += [f"| {name} | {row['seconds']} | {row['quads_per_s']:,} |" for name, row in rows.items()]
        lines += ["", f"ssc-rdf / curl: **{ratio:.2f}** (target at least 0.5: {verdict}). ssc-rdf's time includes "
                  "parsing the file, sending every triple to the default graph too and checking every graph's "
                  f"count. Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on "
                  f"{os.cpu_count()} cores.", "",
                  *(f"- {line}" for line in rows["ssc-rdf load --endpoint"]["log"])]
        OUT.mkdir(exist_ok=True)
        (OUT / "remote_load.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (OUT / "remote_load.json").write_text(json.dumps({"quads": args.quads, "graphs": args.graphs, "rows": rows,
                                                          "ratio": ratio}, indent=2) + "\n", encoding="utf-8")
        print("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
