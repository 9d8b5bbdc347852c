"""Load throughput and competency-question latency on a ~1M-triple corpus.

    python bench/store.py                 # 1M triples
    python bench/store.py --triples 100000

Measures, on the same data: loading into the embedded store (pyoxigraph, on disk)
and into an Oxigraph server over the Graph Store Protocol; then every competency
question on the embedded store (in process, answers written as CSV) against rdflib's
in-memory SPARQL (the same). Writes
bench/results/store.md and .json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.answers import PREFIXES, csv_rows, named_queries, with_prefixes
from bench.corpus import quads_for
from ssc_rdf import api
from ssc_rdf.resources import ontology_path
from ssc_rdf.sinks.files import serialize
from tests.servers import OxigraphServer

RESULTS = Path(__file__).resolve().parent / "results"


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ssc-bench-"))
    try:
        quads = quads_for(args.triples)
        data = work / "corpus.nq"
        data.write_bytes(serialize(quads, pyoxigraph.RdfFormat.N_QUADS))
        triples = len({q.triple for q in quads})
        report: dict = {"triples": triples, "quads": len(set(quads))}

        # the load alone (SHACL on the same data is validation.py's measure)
        seconds, _ = timed(lambda: api.load(data, store=work / "store", validate=False))
        report["embedded_load_s"] = round(seconds, 2)
        report["embedded_load_quads_per_s"] = round(report["quads"] / seconds)

        server = OxigraphServer(work / "server")
        try:
            seconds, _ = timed(lambda: api.load(data, endpoint=server.store, validate=False, timeout=600))
        finally:
            server.stop()
        report["server_load_s"] = round(seconds, 2)
        report["server_load_quads_per_s"] = round(report["quads"] / seconds)

        from rdflib import Dataset

        rdflib_data = Dataset(default_union=True)
        seconds, _ = timed(lambda: (rdflib_data.parse(data, format="nquads"),
                                    rdflib_data.parse(ontology_path(), format="turtle")))
        report["rdflib_parse_s"] = round(seconds, 2)
        report["queries"] = []
        store = pyoxigraph.Store.read_only(str(work / "store"))
        for name, text in named_queries().items():
            declared = with_prefixes(text)
            # both sides write the answers as `ssc-rdf query --format csv` does
            ours, output = timed(lambda text=text: store.query(text, prefixes=PREFIXES).serialize(
                format=pyoxigraph.QueryResultsFormat.CSV))
            theirs, result = timed(lambda declared=declared: rdflib_data.query(declared).serialize(format="csv"))
            report["queries"].append({"query": name, "rows": csv_rows(output), "rdflib_rows": csv_rows(result),
                                      "oxigraph_s": round(ours, 3), "rdflib_s": round(theirs, 3),
                                      "speedup": round(theirs / ours, 1)})
            print(json.dumps(report["queries"][-1]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "store.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"Corpus: {report['triples']:,} triples ({report['quads']:,} quads).", "",
             "| load into | seconds | quads/s |", "|---|---:|---:|",
             f"| embedded store (pyoxigraph, on disk) | {report['embedded_load_s']} "
             f"| {report['embedded_load_quads_per_s']:,} |",
             f"| Oxigraph server (Graph Store Protocol) | {report['server_load_s']} "
             f"| {report['server_load_quads_per_s']:,} |",
             "", "| competency question | rows | embedded store (s) | rdflib in memory (s) | speed-up |",
             "|---|---:|---:|---:|---:|"]
    for q in report["queries"]:
        lines.append(f"| {q['query']} | {q['rows']} | {q['oxigraph_s']} | {q['rdflib_s']} | {q['speedup']}x |")
    same = all(q["rows"] == q["rdflib_rows"] for q in report["queries"])
    lines.append(f"\nBoth return the same number of rows for every question: {same}.")
    (RESULTS / "store.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
