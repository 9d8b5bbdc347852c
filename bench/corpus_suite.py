"""Corpus benchmark: our pipeline against the plain rdflib way, side by side, on generated
PubMed XML corpora (records with authors, MeSH headings, references, abstracts that
mention the ontology's entities).

    python bench/corpus_suite.py                      # 1k and 10k records
    python bench/corpus_suite.py --sizes 1000 10000 100000

For each size, in fresh processes (so that peak memory is each run's own):
  ours      ssc-rdf corpus mode: parse, map, validate per batch, write N-Triples and Turtle, -j 1 and -j 2
  baseline  the same records added with rdflib Graph.add, pyshacl on the whole graph,
            Graph.serialize to Turtle and N-Triples
It also times N-Triples writing against writing the same lines with plain file writes,
and `ssc-rdf --help` against `python -c "import click"`. Writes bench/results/corpus.md
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

OURS = """
import json, resource, sys, time
from pathlib import Path
from ssc_rdf.batch import convert_corpus
from ssc_rdf.constants import DEFAULT_BASE
start = time.perf_counter()
r = convert_corpus([sys.argv[1]], Path(sys.argv[2]), formats=["nt", "turtle"], base=DEFAULT_BASE,
                   jobs=int(sys.argv[3]), batch_records=500, validate=True)
wall = time.perf_counter() - start
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"records": r.records, "triples": r.triples, "seconds": wall, "peak_mb": peak // 1024}))
"""

BASELINE = """
import json, resource, sys, time
from rdflib import Graph
import pyshacl
from ssc_rdf.api import record_key
from ssc_rdf.checks.shacl import load_ontology, load_shapes
from ssc_rdf.constants import DEFAULT_BASE
from ssc_rdf.iris import Minter
from ssc_rdf.mapping import Mapper
from ssc_rdf.mentions import MentionFinder
from ssc_rdf.sources import pubmed_xml
from ssc_rdf.vocabulary import ontology_entities
start = time.perf_counter()
entities = dict(ontology_entities())
mapper, finder = Mapper(Minter(DEFAULT_BASE), entities), MentionFinder(entities.values())
graph = Graph()
records = 0
for record in pubmed_xml.read(sys.argv[1]):
    records += 1
    for s, p, o, _ in mapper.record(record_key(record), record, finder):
        graph.add((s, p, o))
conforms, _, _ = pyshacl.validate(graph, shacl_graph=load_shapes(), ont_graph=load_ontology(), inference="none",
                                  allow_warnings=True, advanced=True)
graph.serialize(sys.argv[2] + "/all.ttl", format="turtle")
graph.serialize(sys.argv[2] + "/all.nt", format="nt")
wall = time.perf_counter() - start
print(json.dumps({"records": records, "triples": len(graph), "seconds": wall,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""

NT_WRITE = """
import json, sys, time
from rdflib import Graph
from ssc_rdf.formats import FORMATS
from ssc_rdf.sinks.files import serialize
from bench.corpus import quads_for
quads = quads_for(int(sys.argv[1]))
lines = sorted({f"{s.n3()} {p.n3()} {o.n3()} .\\n" for s, p, o, _ in quads})
start = time.perf_counter(); data = serialize(quads, FORMATS["nt"]); open(sys.argv[2] + "/ours.nt", "wb").write(data)
ours = time.perf_counter() - start
start = time.perf_counter()
with open(sys.argv[2] + "/plain.nt", "w") as out:
    for line in lines:
        out.write(line)
plain = time.perf_counter() - start
print(json.dumps({"triples": len(lines), "ours_s": ours, "plain_s": plain}))
"""


def run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, cwd=ROOT)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--baseline-max", type=int, default=10000, help="skip the baseline above this many records")
    args = parser.parse_args()
    report: dict = {"sizes": [], "startup": startup()}
    with tempfile.TemporaryDirectory(prefix="ssc-bench-") as tmp:
        work = Path(tmp)
        for size in args.sizes:
            xml = work / f"corpus-{size}.xml"
            write(xml, count=size)
            row: dict = {"records": size}
            for jobs in (1, 2):
                out = work / f"ours-{size}-j{jobs}"
                row[f"ours_j{jobs}"] = run(OURS, str(xml), str(out), str(jobs))
            if size <= args.baseline_max:
                out = work / f"baseline-{size}"
                out.mkdir()
                row["baseline"] = run(BASELINE, str(xml), str(out))
            report["sizes"].append(row)
            print(json.dumps(row), flush=True)
        report["nt_write"] = run(NT_WRITE, "200000", str(work))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "corpus.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = ["| records | triples | ours -j 1 (s) | ours -j 2 (s) | baseline (s) | speed-up vs baseline | "
             "-j 2 vs -j 1 | peak MB ours -j 2 | peak MB baseline |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in report["sizes"]:
        one, two, base = r["ours_j1"], r["ours_j2"], r.get("baseline")
        lines.append(f"| {r['records']:,} | {two['triples']:,} | {one['seconds']:.1f} | {two['seconds']:.1f} | "
                     f"{base['seconds']:.1f} | {base['seconds'] / two['seconds']:.1f}x | " if base else
                     f"| {r['records']:,} | {two['triples']:,} | {one['seconds']:.1f} | {two['seconds']:.1f} | "
                     f"skipped | - | ")
        lines[-1] += (f"{one['seconds'] / two['seconds']:.2f}x | {two['peak_mb']} | "
                      f"{base['peak_mb'] if base else '-'} |")
    nt = report["nt_write"]
    start = report["startup"]
    sizes = {r["records"]: r for r in report["sizes"]}
    targets = []
    biggest = max(sizes)
    if "baseline" in sizes[biggest]:
        ratio = sizes[biggest]["baseline"]["seconds"] / sizes[biggest]["ours_j2"]["seconds"]
        targets.append(f"- convert+validate+write, {biggest:,} records: {ratio:.1f}x the baseline "
                       f"(target 10x): {'met' if ratio >= 10 else f'missed by {10 / ratio:.1f}x'}")
    jobs_ratio = sizes[biggest]["ours_j1"]["seconds"] / sizes[biggest]["ours_j2"]["seconds"]
    targets.append(f"- -j 2 vs -j 1: {jobs_ratio:.2f}x (target 1.6x): {'met' if jobs_ratio >= 1.6 else 'missed'}")
    nt_ratio = nt["plain_s"] / nt["ours_s"]
    targets.append(f"- N-Triples writing: {nt_ratio:.2f} of plain file writes' speed (target 0.5): "
                   f"{'met' if nt_ratio >= 0.5 else 'missed'}")
    if len(sizes) > 1:
        small, big = min(sizes), max(sizes)
        mem = sizes[big]["ours_j2"]["peak_mb"] / sizes[small]["ours_j2"]["peak_mb"]
        targets.append(f"- peak memory {big:,} vs {small:,} records: {mem:.2f}x (target at most 1.2x): "
                       f"{'met' if mem <= 1.2 else 'missed'}")
    targets.append(f"- `ssc-rdf --help` {start['help_s']} s vs `import click` {start['import_click_s']} s: "
                   f"+{start['difference_s']} s (target within 0.25 s): "
                   f"{'met' if start['difference_s'] <= 0.25 else 'missed'}")
    text = "\n".join(lines) + "\n\nTargets:\n" + "\n".join(targets) + "\n"
    (RESULTS / "corpus.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
