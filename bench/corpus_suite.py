"""Corpus benchmark: our pipeline against the plain rdflib way, side by side, on generated
PubMed XML corpora (records with authors, MeSH headings, references, abstracts that
mention the ontology's entities).

    python bench/corpus_suite.py                                 # 1k and 10k records
    python bench/corpus_suite.py --sizes 1000 10000 100000

In fresh processes (so that peak memory is each run's own), for each size:
  pipeline  ours: ssc-rdf corpus mode (parse, map, validate per batch, write N-Triples and
            Turtle shards) with -j 1 and -j 2; baseline: the same records mapped (to pyoxigraph
            terms, converted to rdflib's as they come) and added with rdflib Graph.add, pyshacl
            on the whole graph, Graph.serialize to Turtle and N-Triples.
            The baseline is skipped above --baseline-max records (rdflib holds about 2 KB
            per triple: 100k records are ~40M triples, more than this machine's memory),
            -j 1 above --single-job-max (it only serves the -j 2 vs -j 1 ratio).
and, on --stage-records records, each stage on its own, ours against the baseline:
  convert    records to statements (ours: quads; baseline: Graph.add of the same, in rdflib terms)
  validate   ours: per record batch in 2 processes, the fast validator; baseline: pyshacl, whole graph
  serialise  each format (ours: pyoxigraph, JSON-LD compacted by pyld; baseline: Graph.serialize)
and, on --query-records records (default 10k, as much as rdflib holds in memory here) plus
one curated review (a copy of the bundled one) per ten records, so that the therapy
questions have answers:
  load       ours: the embedded store (pyoxigraph, on disk); baseline: rdflib Dataset.parse
  query      every competency question (ours: the store; baseline: rdflib's SPARQL)
It also times N-Triples writing from the mapping's output (``sinks.files.serialize_graphs``,
each of its steps, and ``serialize_all`` of the same statements as quads) against plain Python
writes of the same lines, on --nt-records generated records, and `ssc-rdf --help` against
`python -c "import click"`. Writes bench/results/corpus.md
and .json; each target line says whether it is met and by how much.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pubmed_gen import write  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"

PEAK = """
def peak_mb():
    import resource
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
"""

OURS = PEAK + """
import json, sys, time
from pathlib import Path
from ssc_rdf.api import convert_corpus
from ssc_rdf.rdf import DEFAULT_BASE
start = time.perf_counter()
r = convert_corpus([sys.argv[1]], Path(sys.argv[2]), formats=["nt", "turtle"], base=DEFAULT_BASE,
                   jobs=int(sys.argv[3]), batch_records=500, validate=True)
wall = time.perf_counter() - start
print(json.dumps({"records": r.records, "triples": r.triples, "seconds": wall, "peak_mb": peak_mb()}))
"""

# The floor: what the pipeline cannot go below, parsing the XML with lxml and writing the same
# N-Triples lines it wrote (read back from its shards first, untimed) with plain Python.
FLOOR = """
import gzip, json, sys, time
from pathlib import Path
from lxml import etree
start = time.perf_counter()
for _, element in etree.iterparse(sys.argv[1], tag="PubmedArticle"):
    element.clear()
parse_s = time.perf_counter() - start
lines = []
for shard in sorted(Path(sys.argv[2]).rglob("*.nt*")):
    data = gzip.decompress(shard.read_bytes()) if shard.suffix == ".gz" else shard.read_bytes()
    lines += data.splitlines(keepends=True)
start = time.perf_counter()
with open(sys.argv[3], "wb") as out:
    out.writelines(lines)
write_s = time.perf_counter() - start
print(json.dumps({"parse_s": parse_s, "write_s": write_s, "floor_s": parse_s + write_s, "lines": len(lines)}))
"""

# A plain conversion (no -j) of the whole corpus into one N-Triples and one Turtle file: streamed
# in batches in this one process (pipeline.streamed), its peak memory must not grow with the records.
PLAIN = PEAK + """
import json, sys, time
from ssc_rdf.api import convert_to_files
start = time.perf_counter()
result, written = convert_to_files([sys.argv[1]], sys.argv[2] + "/", ["nt", "turtle"])
wall = time.perf_counter() - start
records = sum(t.records for t in result.tally.values())
print(json.dumps({"records": records, "triples": result.triple_count, "seconds": wall, "peak_mb": peak_mb()}))
"""

# Corpus mode on a two-worker Dask LocalCluster on 127.0.0.1, against -j 2 on the same records.
DASK = PEAK + """
import json, sys, time
from pathlib import Path
from distributed import LocalCluster
from ssc_rdf.api import convert_corpus
from ssc_rdf.rdf import DEFAULT_BASE
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                  dashboard_address=None) as cluster:
    start = time.perf_counter()
    r = convert_corpus([sys.argv[1]], Path(sys.argv[2]), formats=["nt", "turtle"], base=DEFAULT_BASE,
                       batch_records=500, validate=True, scheduler=cluster.scheduler_address)
    wall = time.perf_counter() - start
print(json.dumps({"records": r.records, "triples": r.triples, "seconds": wall, "peak_mb": peak_mb()}))
"""

MAPPED = """
from ssc_rdf.mapping import Mapper, MentionFinder, Minter
from ssc_rdf.pipeline import record_key
from ssc_rdf.rdf import DEFAULT_BASE
from ssc_rdf.sources import pubmed_xml
from ssc_rdf.vocabulary import ontology_entities
entities = dict(ontology_entities())
mapper, finder = Mapper(Minter(DEFAULT_BASE), entities), MentionFinder(entities.values())
def statements(path):
    for record in pubmed_xml.read(path):
        yield from mapper.record(record_key(record), record, finder)
"""

BASELINE = PEAK + MAPPED + """
import json, sys, time
from rdflib import Graph
import pyshacl
from ssc_rdf.checks.rdflib_terms import to_rdflib
from ssc_rdf.checks.shacl import load_ontology, load_shapes
start = time.perf_counter()
def done(phase):  # what was done when, for a run stopped by the time limit
    print(json.dumps({"phase": phase, "at_s": time.perf_counter() - start}), flush=True)
graph = Graph()
for q in statements(sys.argv[1]):
    graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
done("Graph.add")
conforms, _, _ = pyshacl.validate(graph, shacl_graph=load_shapes(), ont_graph=load_ontology(), inference="none",
                                  allow_warnings=True, advanced=True)
done("pyshacl")
graph.serialize(sys.argv[2] + "/all.ttl", format="turtle")
done("Turtle")
graph.serialize(sys.argv[2] + "/all.nt", format="nt")
wall = time.perf_counter() - start
print(json.dumps({"records": int(sys.argv[3]), "triples": len(graph), "seconds": wall, "peak_mb": peak_mb()}))
"""

QUERY_NAMES = """
from bench.answers import PREFIXES, csv_rows, named_queries, with_prefixes  # counted outside the timing
QUERIES = named_queries()
"""

OURS_STAGES = PEAK + MAPPED + """
import json, sys, time
from pathlib import Path
from ssc_rdf.checks.sharded import validate_per_record
from ssc_rdf.rdf.formats import BY_NAME, extension
from ssc_rdf.sinks.files import serialize
out, times, sizes = Path(sys.argv[2]), {}, {}
def timed(name, fn):
    start = time.perf_counter(); value = fn(); times[name] = time.perf_counter() - start; return value
quads = timed("convert", lambda: list(statements(sys.argv[1])))
results = timed("validate", lambda: validate_per_record(quads, workers=2))
for name, fmt in BY_NAME.items():
    data = timed(f"serialise {name}", lambda: serialize(quads, fmt))
    (out / f"ours{extension(fmt)}").write_bytes(data)
from lxml import etree  # the floor of each stage: reading the XML, writing the N-Triples lines
start = time.perf_counter()
for _, element in etree.iterparse(sys.argv[1], tag="PubmedArticle"):
    element.clear()
floor = {"parse_s": time.perf_counter() - start}
lines = (out / "ours.nt").read_bytes().splitlines(keepends=True)
start = time.perf_counter()
with open(out / "floor.nt", "wb") as handle:
    handle.writelines(lines)
floor["write_s"] = time.perf_counter() - start
print(json.dumps({"triples": len({q.triple for q in quads}), "times": times, "floor": floor,
                  "violations": sum(r.severity == "Violation" for r in results), "peak_mb": peak_mb()}))
"""

QUERY_DATA = MAPPED + """
import sys
import pyoxigraph
from bench.corpus import review_copies
from ssc_rdf.sinks.files import serialize
quads = list(statements(sys.argv[1]))
for review in review_copies(int(sys.argv[3])):
    quads.extend(mapper.review(review, finder))
with open(sys.argv[2], "wb") as out:
    out.write(serialize(quads, pyoxigraph.RdfFormat.N_QUADS))
print("{}")
"""

OURS_QUERIES = PEAK + QUERY_NAMES + """
import json, sys, time
import pyoxigraph
from pathlib import Path
from ssc_rdf.api import load
from ssc_rdf.sinks.embedded import EmbeddedStore
times = {}
def timed(name, fn):
    start = time.perf_counter(); value = fn(); times[name] = time.perf_counter() - start; return value
timed("load", lambda: load(sys.argv[1], store=sys.argv[2], validate=False))  # the load alone, as the baseline's
store = pyoxigraph.Store.read_only(sys.argv[2])
csv_out = lambda text: store.query(text, prefixes=PREFIXES).serialize(format=pyoxigraph.QueryResultsFormat.CSV)
rows = {name: csv_rows(timed(f"query {name}", lambda: csv_out(text))) for name, text in QUERIES.items()}
quads = EmbeddedStore(Path(sys.argv[2]), read_only=True).count()  # the named graphs, as in the baseline
print(json.dumps({"triples": quads, "times": times, "rows": rows, "peak_mb": peak_mb()}))
"""

BASELINE_STAGES = PEAK + MAPPED + """
import json, sys, time
from pathlib import Path
import pyshacl
import pyoxigraph
from rdflib import Dataset, Graph
from ssc_rdf.checks.rdflib_terms import to_rdflib
from ssc_rdf.checks.shacl import load_ontology, load_shapes
out, times = Path(sys.argv[2]), {}
def timed(name, fn):
    start = time.perf_counter(); value = fn(); times[name] = time.perf_counter() - start; return value
def rdflib_quad(q):
    graph = None if isinstance(q.graph_name, pyoxigraph.DefaultGraph) else to_rdflib(q.graph_name)
    return to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph
quads = [rdflib_quad(q) for q in statements(sys.argv[1])]  # in rdflib terms before the clock starts
graph = Graph()
def add():
    for s, p, o, _ in quads:
        graph.add((s, p, o))
timed("convert", add)
timed("validate", lambda: pyshacl.validate(graph, shacl_graph=load_shapes(), ont_graph=load_ontology(),
                                           inference="none", allow_warnings=True, advanced=True))
for name, ext in (("turtle", "ttl"), ("json-ld", "jsonld"), ("nt", "nt"), ("xml", "rdf")):
    timed(f"serialise {name}", lambda: graph.serialize(str(out / f"plain.{ext}"), format=name))
def dataset():
    ds = Dataset()
    for s, p, o, g in quads:
        ds.graph(g).add((s, p, o))
    return ds
for name, ext in (("nquads", "nq"), ("trig", "trig")):
    timed(f"serialise {name}", lambda: dataset().serialize(str(out / f"plain.{ext}"), format=name))
print(json.dumps({"times": times, "peak_mb": peak_mb()}))
"""

BASELINE_QUERIES = PEAK + QUERY_NAMES + """
import json, sys, time
from rdflib import Dataset
from ssc_rdf.resources import ontology_path
times = {}
def timed(name, fn):
    start = time.perf_counter(); value = fn(); times[name] = time.perf_counter() - start; return value
data = Dataset(default_union=True)
timed("load", lambda: (data.parse(sys.argv[1], format="nquads"), data.parse(ontology_path(), format="turtle")))
DECLARED = {name: with_prefixes(text) for name, text in QUERIES.items()}
rows = {name: csv_rows(timed(f"query {name}", lambda: data.query(text).serialize(format="csv")))
        for name, text in DECLARED.items()}
print(json.dumps({"times": times, "rows": rows, "peak_mb": peak_mb()}))
"""

NT_WRITE = """
import json, sys, time
from itertools import pairwise
from pathlib import Path
import pyoxigraph
from bench.pubmed_gen import write
from ssc_rdf.mapping import Minter
from ssc_rdf.pipeline.conversion import Mapping
from ssc_rdf.rdf import DEFAULT_BASE
from ssc_rdf.sinks.files import serialize_all, serialize_graphs
from ssc_rdf.sources import pubmed_xml
NT = pyoxigraph.RdfFormat.N_TRIPLES
records, out, repeats = int(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
write(out / "nt-records.xml", count=records)
graphs = Mapping(Minter(DEFAULT_BASE)).record_graphs(pubmed_xml.read(out / "nt-records.xml"))  # as corpus batches
quads = [pyoxigraph.Quad(*triple, graph.graph) for graph in graphs for triple in graph.triples]  # as the API's
def best(fn):  # the best of a few runs
    times = []
    for _ in range(repeats):
        start = time.perf_counter(); value = fn(); times.append(time.perf_counter() - start)
    return min(times), value
expected = serialize_graphs(graphs, [NT])[0][NT]
assert expected == serialize_all(quads, [NT])[NT]
lines = expected.decode().splitlines(keepends=True)
def plain():
    with open(out / "plain.nt", "w") as handle:
        for line in lines:
            handle.write(line)
def from_graphs():
    with open(out / "graphs.nt", "wb") as handle:
        handle.write(serialize_graphs(graphs, [NT])[0][NT])
def from_quads():
    with open(out / "quads.nt", "wb") as handle:
        handle.write(serialize_all(quads, [NT])[NT])
# serialize_graphs' N-Triples path, step by step, each step on the one before's output
def sort(lines):
    lines = list(lines)  # a copy: each run sorts the same unsorted lines
    lines.sort()
    return lines
STEPS = (("lines from the terms", lambda graphs: [f"{s} {p} {o} .".encode() for g in graphs for s, p, o in g.triples]),
         ("sort", sort),
         ("de-duplicate (each line against the next)",
          lambda lines: [a for a, b in pairwise(lines) if a != b] + lines[-1:]),
         ("join", lambda lines: b"\\n".join(lines) + b"\\n" if lines else b""))
steps, value = {}, graphs
for name, step in STEPS:
    steps[name], value = best(lambda: step(value))
assert value == expected, "the steps no longer are serialize_graphs'"
print(json.dumps({"triples": len(lines), "statements": len(quads), "records": records, "repeats": repeats,
                  "plain_s": best(plain)[0], "from_mapping_s": best(from_graphs)[0],
                  "from_quads_s": best(from_quads)[0], "steps": steps}))
"""


def run(code: str, *args: str, limit: float | None = None) -> dict:
    """Run ``code`` in a fresh process; its last line of output is its result. Past ``limit``
    seconds it is stopped, and the result says so, with the phases it had finished."""
    try:
        out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True,
                             cwd=ROOT, timeout=limit)
    except subprocess.TimeoutExpired as stopped:
        partial = stopped.stdout.decode() if isinstance(stopped.stdout, bytes) else (stopped.stdout or "")
        phases = [json.loads(line) for line in partial.splitlines() if line.startswith("{")]
        return {"stopped_after_s": limit, "phases": {p["phase"]: round(p["at_s"], 1) for p in phases}}
    return json.loads(out.stdout.strip().splitlines()[-1])


def startup() -> dict:
    def best_of(cmd: list[str]) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        return min(times)

    help_s = best_of([sys.executable, "-m", "ssc_rdf.cli", "--help"])
    click_s = best_of([sys.executable, "-c", "import click"])
    return {"help_s": round(help_s, 3), "import_click_s": round(click_s, 3), "difference_s": round(help_s - click_s, 3)}


PARTS = ("startup", "pipeline", "plain", "stages", "queries", "nt_write", "dask")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS),
                        help="what to measure; the others keep their results from earlier runs")
    parser.add_argument("--baseline-max", type=int, default=10000, help="no baseline pipeline above this many records")
    parser.add_argument("--baseline-limit", type=float, default=1200,
                        help="stop a baseline pipeline run after this many seconds (its time is then a lower bound)")
    parser.add_argument("--single-job-max", type=int, default=10000, help="no -j 1 run above this many records")
    parser.add_argument("--stage-records", type=int, default=1000, help="records for the stage-by-stage runs")
    parser.add_argument("--query-records", type=int, default=10000,
                        help="records for the load and query runs (rdflib must hold them in memory)")
    parser.add_argument("--nt-records", type=int, default=400,
                        help="generated records for N-Triples writing (about 560 triples each)")
    parser.add_argument("--nt-repeats", type=int, default=3, help="N-Triples writing: the best of this many runs")
    parser.add_argument("--dask-records", type=int, default=10000,
                        help="records for Dask against -j 2 (fewer: the workers' start-up weighs more)")
    parser.add_argument("--plain-sizes", type=int, nargs="+", default=[1000, 10000],
                        help="records for the plain conversion (no -j) into one file each, for its peak memory")
    args = parser.parse_args()
    saved = RESULTS / "corpus.json"
    report: dict = json.loads(saved.read_text()) if saved.exists() and set(args.parts) != set(PARTS) else {}
    measured = report.setdefault("measured", {})

    def keep(part: str, value) -> None:  # saved at once, so a stopped run keeps what it finished
        report[part] = value
        measured[part] = time.strftime("%Y-%m-%d")
        save(report)

    with tempfile.TemporaryDirectory(prefix="ssc-bench-") as tmp:
        work = Path(tmp)
        if "startup" in args.parts:
            keep("startup", startup())
        if "pipeline" in args.parts:
            keep("sizes", pipeline(args, work, lambda rows: keep("sizes", rows), report.get("sizes", [])))
        if "plain" in args.parts:
            keep("plain", plain(args.plain_sizes, work, report.get("plain", [])))
        if "stages" in args.parts:
            keep("stages", stages(args.stage_records, work))
        if "queries" in args.parts:
            keep("queries", queries(args.query_records, work))
        if "nt_write" in args.parts:
            keep("nt_write", run(NT_WRITE, str(args.nt_records), str(work), str(args.nt_repeats)))
        if "dask" in args.parts:
            keep("dask", dask(args.dask_records, work))
    print((RESULTS / "corpus.md").read_text())


def pipeline(args, work: Path, progress, earlier: list[dict]) -> list[dict]:
    """A row per size; a size not measured this time keeps its earlier row (and its date)."""
    rows = {row["records"]: row for row in earlier}
    for size in sorted(set(args.sizes)):
        xml = work / f"corpus-{size}.xml"
        write(xml, count=size)
        row: dict = {"records": size, "measured": time.strftime("%Y-%m-%d")}
        for jobs in (1, 2):
            if jobs == 1 and size > args.single_job_max:
                continue
            row[f"ours_j{jobs}"] = run(OURS, str(xml), str(work / f"ours-{size}-j{jobs}"), str(jobs))
        row["floor"] = run(FLOOR, str(xml), str(work / f"ours-{size}-j2"), str(work / f"floor-{size}.nt"))
        if size <= args.baseline_max:
            out = work / f"baseline-{size}"
            out.mkdir()
            row["baseline"] = run(BASELINE, str(xml), str(out), str(size), limit=args.baseline_limit)
        rows[size] = row
        print(json.dumps(row), flush=True)
        progress(sorted(rows.values(), key=lambda r: r["records"]))
    return sorted(rows.values(), key=lambda r: r["records"])


def plain(sizes: list[int], work: Path, earlier: list[dict]) -> list[dict]:
    """A row per size; a size not measured this time keeps its earlier row (and its date)."""
    rows = {row["records"]: row for row in earlier}
    for size in sorted(set(sizes)):
        xml = work / f"plain-{size}.xml"
        write(xml, count=size)
        rows[size] = {**run(PLAIN, str(xml), str(work / f"plain-{size}")), "measured": time.strftime("%Y-%m-%d")}
        print(json.dumps(rows[size]), flush=True)
        xml.unlink()
        for path in (work / f"plain-{size}").iterdir():  # big: gone before the next size
            path.unlink()
    return sorted(rows.values(), key=lambda r: r["records"])


def plain_table(report: dict) -> list[str]:
    if "plain" not in report:
        return ["Plain conversion (no -j): not measured yet."]
    lines = ["Plain conversion (no -j) into one N-Triples and one Turtle file, streamed in batches in one process.",
             "", "| records | triples | seconds | records/s | peak MB | measured |", "|---:|---:|---:|---:|---:|---|"]
    lines += [f"| {r['records']:,} | {r['triples']:,} | {r['seconds']:.1f} | {_rate(r['records'], r['seconds'])} | "
              f"{r['peak_mb']} | {r.get('measured', '-')} |" for r in report["plain"]]
    return lines


def dask(records: int, work: Path) -> dict:
    """The same corpus with -j 2 and on a two-worker Dask cluster (started outside the timing)."""
    xml = work / "dask.xml"
    write(xml, count=records)
    return {"records": records, "j2": run(OURS, str(xml), str(work / "dask-j2"), "2"),
            "dask": run(DASK, str(xml), str(work / "dask-cluster"))}


def stages(records: int, work: Path) -> dict:
    xml = work / "stages.xml"
    write(xml, count=records)
    result: dict = {"records": records}
    for side, code in (("ours", OURS_STAGES), ("baseline", BASELINE_STAGES)):
        out = work / f"stages-{side}"
        out.mkdir()
        result[side] = run(code, str(xml), str(out))
        print(json.dumps({side: result[side]}), flush=True)
    return result


def queries(records: int, work: Path) -> dict:
    xml, nquads = work / "queries.xml", work / "queries.nq"
    write(xml, count=records)
    run(QUERY_DATA, str(xml), str(nquads), str(max(1, records // 10)))
    result = {"records": records, "ours": run(OURS_QUERIES, str(nquads), str(work / "queries-store"))}
    print(json.dumps(result), flush=True)
    result["baseline"] = run(BASELINE_QUERIES, str(nquads))
    print(json.dumps(result["baseline"]), flush=True)
    return result


def save(report: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "corpus.json").write_text(json.dumps(report, indent=2) + "\n")
    when = ", ".join(f"{part} {day}" for part, day in sorted(report.get("measured", {}).items()))
    text = "\n".join([*pipeline_table(report), "", *plain_table(report), "", *stage_table(report), "",
                      *query_table(report), "", *nt_table(report), "", "Targets:", *targets(report), "",
                      f"Measured on: {when}."]) + "\n"
    (RESULTS / "corpus.md").write_text(text)


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds else "-"


def pipeline_table(report: dict) -> list[str]:
    if "sizes" not in report:
        return ["Pipeline: not measured yet."]
    lines = ["Pipeline: convert + validate + write N-Triples and Turtle.", "",
             "| records | triples | ours -j 1 (s) | ours -j 2 (s) | records/s | triples/s | peak MB | "
             "baseline (s) | records/s | triples/s | peak MB | speed-up | -j 2 vs -j 1 | floor (s) | ours / floor | "
             "measured |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in report["sizes"]:
        one, two, base = r.get("ours_j1"), r["ours_j2"], r.get("baseline")
        cells = [f"{r['records']:,}", f"{two['triples']:,}", f"{one['seconds']:.1f}" if one else "not run",
                 f"{two['seconds']:.1f}", _rate(two["records"], two["seconds"]), _rate(two["triples"], two["seconds"]),
                 str(two["peak_mb"])]
        if base and "stopped_after_s" in base:
            limit = base["stopped_after_s"]
            finished = ", ".join(f"{k} done at {v:.0f} s" for k, v in base["phases"].items()) or "nothing done"
            cells += [f"stopped at {limit:.0f} ({finished})", f"< {two['records'] / limit:,.0f}",
                      f"< {two['triples'] / limit:,.0f}", "-", f"> {limit / two['seconds']:.1f}x"]
        elif base:
            cells += [f"{base['seconds']:.1f}", _rate(base["records"], base["seconds"]),
                      _rate(base["triples"], base["seconds"]), str(base["peak_mb"]),
                      f"{base['seconds'] / two['seconds']:.1f}x"]
        else:
            cells += ["not run", "-", "-", "-", "-"]
        cells.append(f"{one['seconds'] / two['seconds']:.2f}x" if one else "-")
        floor = r.get("floor")
        cells += [f"{floor['floor_s']:.2f}", f"{two['seconds'] / floor['floor_s']:.0f}x"] if floor else ["-", "-"]
        cells.append(r.get("measured", "-"))  # rows from before dates were kept per row: "-"
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("\nThe floor: lxml parsing the XML plus plain Python writing the N-Triples lines the pipeline "
                 "wrote; no pipeline can be faster.")
    return lines


def stage_table(report: dict) -> list[str]:
    if "stages" not in report:
        return ["Stages: not measured yet."]
    stages = report["stages"]
    ours, base = stages["ours"], stages["baseline"]
    triples = ours["triples"]
    floor = ours.get("floor")
    lines = [f"Stages, {stages['records']:,} records ({triples:,} triples); ours validates in 2 processes.", "",
             "| stage | ours (s) | triples/s | baseline (s) | triples/s | speed-up | floor (s) | ours / floor |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row, name in zip(_rows(ours["times"], base["times"], triples), ours["times"], strict=True):
        bound = None if floor is None else floor["parse_s"] if name == "convert" else \
            floor["write_s"] if name.startswith("serialise") else None
        lines.append(row + (f" {bound:.3f} | {ours['times'][name] / bound:.0f}x |" if bound else " - | - |"))
    lines.append(f"\nPeak memory: ours {ours['peak_mb']} MB, baseline {base['peak_mb']} MB. The floor of a stage: "
                 "for convert, lxml reading the XML; for writing, plain Python writing the same N-Triples lines "
                 "(for every format: the least any writer does); validation has none to compare with.")
    return lines


def _rows(ours: dict, theirs: dict, triples: int, rows: dict | None = None) -> list[str]:
    lines = []
    for name, seconds in ours.items():
        other = theirs[name]
        count = f" ({rows[name.removeprefix('query ')]} rows)" if rows and name.startswith("query ") else ""
        query = name.startswith("query ")  # a rate per statement would say nothing of a query
        lines.append(f"| {name}{count} | {seconds:.3f} | {'-' if query else _rate(triples, seconds)} | {other:.3f} | "
                     f"{'-' if query else _rate(triples, other)} | {other / seconds:.1f}x |")
    return lines


def query_table(report: dict) -> list[str]:
    if "baseline" not in report.get("queries", {}):
        return ["Load and competency questions: not measured yet."]
    queries = report["queries"]
    ours, base = queries["ours"], queries["baseline"]
    triples = ours["triples"]
    lines = [f"Load and competency questions, {queries['records']:,} records and {queries['records'] // 10:,} curated "
             f"reviews ({triples:,} quads with the ontology): "
             "ours in the embedded store (on disk), baseline in an rdflib Dataset (in memory).", "",
             "| step | ours (s) | quads/s | baseline (s) | quads/s | speed-up |", "|---|---:|---:|---:|---:|---:|"]
    lines += _rows(ours["times"], base["times"], triples, ours["rows"])
    lines.append(f"\nPeak memory: ours {ours['peak_mb']} MB, baseline {base['peak_mb']} MB. "
                 f"Both return the same number of rows for every question: {ours['rows'] == base['rows']}.")
    return lines


def nt_table(report: dict) -> list[str]:
    """Where the time of writing N-Triples from the mapping's output goes, step by step."""
    nt = report.get("nt_write", {})
    if "from_quads_s" not in nt:
        return ["N-Triples writing, step by step: not measured yet."]
    whole = nt["from_mapping_s"]
    lines = [f"N-Triples writing, {nt['triples']:,} triples from {nt['statements']:,} statements of "
             f"{nt['records']:,} generated records (best of {nt['repeats']}): the mapping's graphs written by "
             "`sinks.files.serialize_graphs` (as corpus batches write them), step by step, and the same "
             "statements as quads by `serialize_all` (as the API writes them), against plain Python writes "
             "of the same lines.", "",
             "| step | seconds | share of serialize and write |", "|---|---:|---:|"]
    lines += [f"| {name} | {seconds:.3f} | {seconds / whole:.0%} |" for name, seconds in nt["steps"].items()]
    lines += [f"| `serialize_graphs`, written to a file | {whole:.3f} | 100% |",
              f"| `serialize_all` of the quads, written to a file | {nt['from_quads_s']:.3f} | - |",
              f"| plain Python: the same lines written to a text file | {nt['plain_s']:.3f} | - |"]
    return lines


def _verdict(ok: bool, miss: str) -> str:
    return "met" if ok else f"missed, {miss}"


def targets(report: dict) -> list[str]:
    sizes = {r["records"]: r for r in report.get("sizes", [])}
    out = []
    with_baseline = [n for n, r in sizes.items() if "baseline" in r]
    if with_baseline:
        n = max(with_baseline)
        base = sizes[n]["baseline"]
        stopped = "stopped_after_s" in base
        ratio = (base["stopped_after_s"] if stopped else base["seconds"]) / sizes[n]["ours_j2"]["seconds"]
        note = "" if n == max(sizes) else f" (the baseline ran up to {n:,} records)"
        bound = f"more than {ratio:.1f}x (the baseline was stopped unfinished)" if stopped else f"{ratio:.1f}x"
        miss = "not shown: the baseline was stopped sooner" if stopped else f"missed, by a factor of {10 / ratio:.1f}"
        out.append(f"- convert + validate + write, {n:,} records{note}: {bound} the baseline (target 10x): "
                   + ("met" if ratio >= 10 else miss))
    if sizes:
        n = max(n for n in sizes if n <= 10_000) if any(n <= 10_000 for n in sizes) else min(sizes)
        two = sizes[n]["ours_j2"]
        rate = two["records"] / two["seconds"]
        out.append(f"- records per second at -j 2, {n:,} records: {rate:,.0f} (target at least 3 times 96, 288): "
                   + _verdict(rate >= 288, f"by a factor of {288 / rate:.1f}"))
    with_one = [n for n, r in sizes.items() if "ours_j1" in r]
    if with_one:
        n = max(with_one)
        ratio = sizes[n]["ours_j1"]["seconds"] / sizes[n]["ours_j2"]["seconds"]
        out.append(f"- -j 2 against -j 1, {n:,} records: {ratio:.2f}x (target 1.6x): "
                   + _verdict(ratio >= 1.6, f"by a factor of {1.6 / ratio:.2f}"))
    nt = report.get("nt_write")
    if nt:
        ratio = nt["plain_s"] / nt["from_mapping_s"]
        out.append(f"- N-Triples writing from the mapping's output, {nt['triples']:,} triples: {ratio:.2f} of the "
                   "speed of plain Python writes of the same pre-formatted lines (target 0.5): "
                   + _verdict(ratio >= 0.5, f"by a factor of {0.5 / ratio:.2f}"))
    if len(sizes) > 1:
        big = max(sizes)
        small = big // 10 if big // 10 in sizes else min(sizes)
        ratio = sizes[big]["ours_j2"]["peak_mb"] / sizes[small]["ours_j2"]["peak_mb"]
        out.append(f"- peak memory, {big:,} against {small:,} records: {ratio:.2f}x (target at most 1.2x): "
                   + _verdict(ratio <= 1.2, f"by a factor of {ratio / 1.2:.2f}"))
    plain_rows = report.get("plain", [])
    # rows of one run only (the same code): those measured when the largest was
    plain_rows = [r for r in plain_rows if plain_rows and r.get("measured") == plain_rows[-1].get("measured")]
    if len(plain_rows) > 1:
        small, big = plain_rows[0], plain_rows[-1]
        ratio = big["peak_mb"] / small["peak_mb"]
        out.append(f"- peak memory without -j into one file, {big['records']:,} against {small['records']:,} records: "
                   f"{ratio:.2f}x (target at most 1.2x): "
                   + _verdict(ratio <= 1.2, f"by a factor of {ratio / 1.2:.2f}"))
    if "baseline" not in report.get("queries", {}):
        out.append("- competency questions: not measured yet")
    else:
        queries = report["queries"]
        ours = sum(v for k, v in queries["ours"]["times"].items() if k.startswith("query "))
        theirs = sum(v for k, v in queries["baseline"]["times"].items() if k.startswith("query "))
        ratio = theirs / ours
        out.append(f"- competency questions, {queries['records']:,} records: {ratio:.1f}x "
                   f"rdflib's in-memory SPARQL, all questions together (target 20x): "
                   + _verdict(ratio >= 20, f"by a factor of {20 / ratio:.1f}"))
    dask = report.get("dask")
    if dask:
        ratio = dask["dask"]["seconds"] / dask["j2"]["seconds"]
        out.append(f"- Dask, a two-process LocalCluster, {dask['records']:,} records: {dask['dask']['seconds']:.1f} s "
                   f"against {dask['j2']['seconds']:.1f} s with -j 2, {ratio:.2f} times (target at most 1.3): "
                   + _verdict(ratio <= 1.3, f"by a factor of {ratio / 1.3:.2f}"))
    start = report.get("startup")
    if start:
        out.append(f"- `ssc-rdf --help` {start['help_s']} s against `import click` {start['import_click_s']} s: "
                   f"+{start['difference_s']} s (target within 0.25 s): "
                   + _verdict(start["difference_s"] <= 0.25, f"by {start['difference_s'] - 0.25:.2f} s"))
    return out


if __name__ == "__main__":
    main()
