"""A bounded load test of the live server on 127.0.0.1: requests per second and latency.

    python bench/web_load.py                       # 2000 page requests, 300 SPARQL queries
    python bench/web_load.py --requests 500 --concurrency 8

Starts ``ssc-rdf serve`` on a free loopback port, sends a fixed number of requests
with an async client (bounded in count and time), stops the server, and writes
bench/results/web_load.md and .json. Any error response or dropped connection is counted
and reported.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.answers import named_queries  # noqa: E402
from tests.servers import free_port, wait_until_up  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
PAGE = "publication/doi/10.1038/s41409-021-01492-7.html"
QUERY = named_queries()["therapies-by-route"]  # the server declares the project's prefixes


async def hammer(url: str, total: int, concurrency: int, **kwargs) -> dict:
    latencies: list[float] = []
    errors = 0
    queue = iter(range(total))

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for _ in queue:
            start = time.perf_counter()
            try:
                response = await client.request(url=url, **kwargs)
                errors += response.status_code >= 400
            except httpx.TransportError:  # a dropped connection is an error to count, not the end of the run
                errors += 1
            latencies.append(time.perf_counter() - start)

    async with httpx.AsyncClient(timeout=30) as client:
        start = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(worker(client) for _ in range(concurrency))), timeout=600)
        wall = time.perf_counter() - start
    latencies.sort()
    return {"requests": total, "concurrency": concurrency, "seconds": round(wall, 2),
            "requests_per_s": round(total / wall, 1), "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1), "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "ssc_rdf.cli", "serve", "data/velier-2022.yaml",
                               "--port", str(port), "--max-queries", str(args.concurrency)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(base, server, seconds=60)
        page = asyncio.run(hammer(base + PAGE, args.requests, args.concurrency, method="GET"))
        sparql = asyncio.run(hammer(base + "sparql", args.queries, args.concurrency, method="POST",
                                    data={"query": QUERY}, headers={"Accept": "application/sparql-results+json"}))
    finally:
        server.terminate()
        server.wait(timeout=10)
    rows = {"resource page": page, "SPARQL query (therapies-by-route)": sparql}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "web_load.json").write_text(json.dumps(rows, indent=2) + "\n")
    lines = ["| endpoint | requests | concurrency | requests/s | p50 (ms) | p99 (ms) | errors |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {name} | {r['requests']} | {r['concurrency']} | {r['requests_per_s']} | {r['p50_ms']} "
              f"| {r['p99_ms']} | {r['errors']} |" for name, r in rows.items()]
    (RESULTS / "web_load.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
