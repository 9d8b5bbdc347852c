"""A bounded load test of the live server on 127.0.0.1: requests per second and latency.

    python bench/web_load.py                       # 2000 page requests, 300 SPARQL queries
    python bench/web_load.py --requests 500 --concurrency 8

Starts ``ssc-rdf serve`` on a free loopback port, sends a fixed number of requests
(bounded in count and time), stops the server, and writes bench/results/web_load.md and
.json. Any error response or dropped connection is counted and reported.

No request warms the page up: the first clients find it cold and wait for its render,
and "first (ms)" reports their wait (the slowest of the first ``concurrency`` answers).

The clients are a plain HTTP/1.1 keep-alive loop on asyncio streams, not httpx: the server
and the clients share the machine's two cores, and httpx spent about 6 ms of CPU per page
(a quarter of it in a failing ``import sniffio``, which httpcore retries on every call when
sniffio is not installed), twice the server's, so that its own queue set the latencies it reported. The client's CPU per
request is reported, to show it is not the bottleneck.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.answers import named_queries  # noqa: E402
from tests.servers import free_port, wait_until_up  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
PAGE = "publication/doi/10.1038/s41409-021-01492-7.html"
QUERY = named_queries()["therapies-by-route"]  # the server declares the project's prefixes
HOST = "127.0.0.1"


def request(method: str, port: int, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> bytes:
    """The bytes of one HTTP/1.1 request, sent again and again on a kept-alive connection."""
    lines = [f"{method} /{path} HTTP/1.1", f"Host: {HOST}:{port}",
             *(f"{name}: {value}" for name, value in {"Accept": "*/*", **(headers or {})}.items())]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


async def response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """One whole response read (by Content-Length, chunks, or to the end): its status, and
    whether the connection stays open for the next request."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    fields = {name.strip().lower(): value.strip().lower()
              for name, _, value in (line.partition(":") for line in head[1:] if line)}
    if "content-length" in fields:
        await reader.readexactly(int(fields["content-length"]))
    elif fields.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")  # no trailers: the empty line that ends the body
    else:
        await reader.read()
        return status, False
    return status, fields.get("connection") != "close"


def machine_cpu() -> float:
    """Seconds of CPU every process together has used (Linux's /proc/stat: all but idle and waiting for IO)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """Seconds of CPU one process has used (its utime and stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def hammer(port: int, message: bytes, total: int, concurrency: int) -> dict:
    latencies: list[float] = []
    first: list[float] = []  # the first answer of each client: the page was cold for them
    errors = 0
    queue = iter(range(total))

    async def worker() -> None:
        nonlocal errors
        connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        for number in queue:
            start = time.perf_counter()
            try:
                if connection is None:
                    connection = await asyncio.open_connection(HOST, port)
                reader, writer = connection
                writer.write(message)
                status, open_ = await response(reader)
                errors += status >= 400
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError):
                errors += 1  # a dropped connection or a garbled answer is an error to count, not the end of the run
                open_ = False
            if not open_ and connection is not None:
                connection[1].close()
                connection = None
            latencies.append(time.perf_counter() - start)
            if number < concurrency:
                first.append(latencies[-1])
        if connection is not None:
            connection[1].close()

    cpu, start = time.process_time(), time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))), timeout=600)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    latencies.sort()
    return {"requests": total, "concurrency": concurrency, "seconds": round(wall, 2),
            "requests_per_s": round(total / wall, 1), "first_ms": round(max(first) * 1000, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
            "max_ms": round(latencies[-1] * 1000, 1), "errors": errors,
            "client_cpu_ms_per_request": round(cpu / total * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    load = os.getloadavg()[0]  # another process's work would show in the latencies
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "ssc_rdf.cli", "serve", "data/velier-2022.yaml",
                               "--port", str(port), "--max-queries", str(args.concurrency)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://{HOST}:{port}/", server, seconds=60)
        before = machine_cpu(), process_cpu(server.pid), time.process_time()
        page = asyncio.run(hammer(port, request("GET", port, PAGE), args.requests, args.concurrency))
        used = machine_cpu() - before[0], process_cpu(server.pid) - before[1], time.process_time() - before[2]
        page["server_cpu_ms_per_request"] = round(used[1] / args.requests * 1000, 2)
        # what the machine did besides this server and its clients: another engineer's work shows here
        page["other_processes_cores"] = round(max(used[0] - used[1] - used[2], 0.0) / page["seconds"], 2)
        form = urlencode({"query": QUERY}).encode("ascii")
        sparql = asyncio.run(hammer(port, request("POST", port, "sparql", {
            "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"}, form),
            args.queries, args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=10)
    rows = {"resource page": page, "SPARQL query (therapies-by-route)": sparql}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "web_load.json").write_text(json.dumps({"load_average_1min": round(load, 2), "cores": os.cpu_count(),
                                                      **rows}, indent=2) + "\n")
    lines = ["| endpoint | requests | concurrency | requests/s | first (ms) | p50 (ms) | p99 (ms) | max (ms) "
             "| errors |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {name} | {r['requests']} | {r['concurrency']} | {r['requests_per_s']} | {r['first_ms']} "
              f"| {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['errors']} |" for name, r in rows.items()]
    lines += ["", f"First (ms): the slowest of the first {args.concurrency} answers, which found the page cold "
              f"(no request warms it up). Load average (1 min) before the run: {load:.2f} on {os.cpu_count()} "
              f"cores; during the page requests, other processes used {page['other_processes_cores']} cores. CPU per "
              f"page: server {page['server_cpu_ms_per_request']} ms, clients {page['client_cpu_ms_per_request']} "
              f"ms (per query: clients {sparql['client_cpu_ms_per_request']} ms)."]
    (RESULTS / "web_load.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
