"""The ``ssc-rdf`` command: a thin layer over ``ssc_rdf.api``.

Exit codes: 0 ok, 1 validation failed, 2 usage or input error. Errors are one line
on standard error; ``-v`` adds the traceback.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import SscError
from .formats import FORMATS
from .constants import DEFAULT_BASE


class _Group(click.Group):
    """Turns the errors users can fix into one line and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SscError as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                traceback.print_exc()
            click.echo(f"ssc-rdf: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                traceback.print_exc()
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"ssc-rdf: error: {where}{exc.strerror or exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ssc-rdf")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks and more detail.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Turn what a biomedical review says into FAIR linked data.

    \b
    Examples:
      ssc-rdf convert data/velier-2022.yaml -o dist/
      ssc-rdf convert data/ -o - -f nt | wc -l
    """
    ctx.ensure_object(dict)["verbose"] = verbose


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out", required=True,
              help="Output file, '-' for standard output, or a directory ending with '/'.")
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT",
              help=f"RDF format: {', '.join(FORMATS)}. Repeat for several (with a directory). "
                   "Default: from the extension; for a directory turtle, json-ld and nt.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the resources minted.")
@click.option("--reason", is_flag=True,
              help="Add the types the reasoner infers (needs Java), in the graph <BASE>graph/inferred.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Check the result with the SHACL shapes; write nothing if it does not conform.")
@click.option("--shapes", type=click.Path(dir_okay=False), help="Validate with these shapes instead of the shipped ones.")
@click.option("--keep-going", is_flag=True, help="Skip bad records (each reported) instead of stopping.")
@click.option("-j", "--jobs", type=click.IntRange(1), help="Corpus mode: convert records in N worker processes, "
              "writing shards into the output directory; re-runs skip unchanged inputs.")
@click.option("--batch", "batch_records", default=500, show_default=True, type=click.IntRange(1),
              help="Corpus mode: records per batch (one shard per batch and format).")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the summary.")
def convert(inputs: tuple[str, ...], out: str, formats: tuple[str, ...], base: str, reason: bool,
            validate: bool, shapes: str | None, keep_going: bool, jobs: int | None, batch_records: int,
            quiet: bool) -> None:
    """Convert curated reviews (YAML) and PubMed records (XML, MEDLINE, saved pages) to RDF.

    INPUTS are files, directories (every file ssc-rdf can read in them) or '-' for
    standard input; the kind of each is told by its content. A PubMed record of a
    curated publication (same DOI or PMID) is merged into it.

    \b
    Examples:
      ssc-rdf convert data/velier-2022.yaml -o dist/
      ssc-rdf convert data/velier-2022.yaml -o dist/ -f turtle -f trig -f xml
      ssc-rdf convert data/velier-2022.yaml -o review.jsonld
      ssc-rdf convert - -o - -f nt < data/velier-2022.yaml
      ssc-rdf convert data/ -o dist/ --base http://127.0.0.1:8000/
      ssc-rdf convert data/velier-2022.yaml -o dist/ --reason
      ssc-rdf convert data/velier-2022.yaml pubmed.xml export.nbib -o dist/ --keep-going
      ssc-rdf convert corpus/*.xml -o corpus-rdf/ -f nt -f turtle -j 2     # corpus mode, resumable
    """
    if jobs:
        _convert_corpus(inputs, out, formats, base, jobs, batch_records, validate, keep_going, quiet)
        return
    from . import api
    from .summary import print_summary

    result = api.convert(list(inputs), base=base, keep_going=keep_going)
    for problem in result.skipped:
        click.echo(f"ssc-rdf: skipped: {problem}", err=True)
    if reason:
        api.add_inferred_types(result, base)
    if validate:
        from .report_view import print_report

        report = api.validate(result, shapes)
        if not report.conforms():
            print_report(report, base=base, stderr=True)
            click.echo("ssc-rdf: nothing written: the data does not conform (see above)", err=True)
            sys.exit(1)
    written = api.write(result, out, formats)
    if not quiet:
        print_summary(result, written)


def _convert_corpus(inputs, out, formats, base, jobs, batch_records, validate, keep_going, quiet) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .batch import convert_corpus

    if out == "-" or not (out.endswith("/") or Path(out).is_dir()):
        raise click.UsageError("corpus mode (-j) writes shards: give a directory ending with '/' as -o")
    console = Console(stderr=True)
    progress = Progress(TextColumn("{task.fields[records]:,} records"), TextColumn("{task.fields[triples]:,} triples"),
                        TextColumn("{task.fields[rate]:,.0f} records/s"), BarColumn(), TimeElapsedColumn(),
                        console=console, disable=quiet or not console.is_terminal, transient=False)
    with progress:
        task = progress.add_task("convert", total=None, records=0, triples=0, rate=0.0)

        def advance(records: int, triples: int) -> None:
            state = progress.tasks[task]
            total = state.fields["records"] + records
            elapsed = state.elapsed or 1e-9
            progress.update(task, records=total, triples=state.fields["triples"] + triples, rate=total / elapsed)

        result = convert_corpus(list(inputs), Path(out), formats=list(formats), base=base, jobs=jobs,
                                batch_records=batch_records, validate=validate, keep_going=keep_going,
                                progress=advance)
    for problem in result.problems:
        click.echo(f"ssc-rdf: skipped: {problem}", err=True)
    if not quiet:
        skipped = f", {len(result.skipped_inputs)} unchanged input(s) skipped" if result.skipped_inputs else ""
        click.echo(f"Converted {result.records:,} records into {len(result.shards)} shard(s), "
                   f"{result.triples:,} triples{skipped}.", err=True)


@main.command("validate")
@click.argument("data", nargs=-1, required=True)
@click.option("--shapes", type=click.Path(dir_okay=False), help="Shapes file (default: the shipped shapes).")
@click.option("--report-format", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True)
@click.option("-o", "--output", "out", help="Write the report to this file ('-' for standard output).")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
def validate_command(data: tuple[str, ...], shapes: str | None, report_format: str, out: str | None,
                     strict: bool) -> None:
    """Validate RDF files (any format) against the SHACL shapes.

    Exit code 0 when the data conforms (warnings allowed unless --strict),
    1 when it does not, 2 for unreadable input or shapes.

    \b
    Examples:
      ssc-rdf validate dist/velier-2022.ttl
      ssc-rdf validate dist/*.nt --report-format json -o report.json
      ssc-rdf validate data.trig --shapes my-shapes.ttl --strict
    """
    from pathlib import Path

    from .checks.shacl import load_shapes, validate
    from .rdfio import read_graph
    from .report_view import print_report, report_bytes, summary_line
    from .sinks.files import write_all

    shapes_graph = load_shapes(Path(shapes)) if shapes else None
    report = validate(read_graph(list(data)), shapes_graph, consume=True)
    if report_format == "text" and out in (None, "-"):
        print_report(report)
    elif out in (None, "-"):
        sys.stdout.buffer.write(report_bytes(report, report_format))
    else:
        write_all({Path(out): report_bytes(report, report_format)})
        click.echo(summary_line(report), err=True)
    sys.exit(0 if report.conforms(strict) else 1)


@main.command()
@click.argument("data", nargs=-1, required=True)
@click.option("--store", "store_dir", default="store", show_default=True, type=click.Path(file_okay=False),
              help="Directory of the embedded Oxigraph store.")
@click.option("--endpoint", help="Graph Store Protocol URL of a remote store instead (e.g. http://127.0.0.1:7878/store).")
@click.option("--query-endpoint", help="SPARQL query URL of the remote store (guessed for Oxigraph and Virtuoso).")
@click.option("--update-endpoint", help="SPARQL update URL of the remote store (guessed for Oxigraph and Virtuoso).")
@click.option("--graph", help="Load everything into this named graph (default: one graph per source document).")
@click.option("--replace", is_flag=True, help="Swap each graph loaded for the new data, atomically.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for default graph names.")
@click.option("--chunk", default=50_000, show_default=True, help="Triples per request to a remote store.")
@click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait for each remote request.")
@click.option("--no-ontology", is_flag=True, help="Do not load the ontology into its own graph.")
def load(data: tuple[str, ...], store_dir: str, endpoint: str | None, query_endpoint: str | None,
         update_endpoint: str | None, graph: str | None, replace: bool, base: str, chunk: int, timeout: float,
         no_ontology: bool) -> None:
    """Load RDF files (or curated YAML) into the embedded store or a remote one.

    Each source document goes to its own named graph ({base}graph/{file stem}; N-Quads
    and TriG keep their graphs); the ontology goes to its own graph. Loading the same
    data twice leaves the same triples. Credentials for a remote store come from
    SSC_RDF_USER/SSC_RDF_PASSWORD or ~/.netrc.

    \b
    Examples:
      ssc-rdf load dist/velier-2022.nq
      ssc-rdf load dist/velier-2022.ttl --store /data/ssc-store --replace
      ssc-rdf load dist/velier-2022.nt --endpoint http://127.0.0.1:7878/store --replace
    """
    from . import loading

    results = loading.load(list(data), store_dir=store_dir, endpoint=endpoint, query_endpoint=query_endpoint,
                           update_endpoint=update_endpoint, graph=graph, replace=replace, base=base,
                           chunk=chunk, timeout=timeout, ontology=not no_ontology,
                           log=lambda m: click.echo(m, err=True))
    for line in results:
        click.echo(line, err=True)


@main.command()
@click.argument("query")
@click.option("--data", "files", multiple=True, help="Query these files (RDF or curated YAML), with the ontology.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Query the embedded store in DIR.")
@click.option("--endpoint", help="Query a SPARQL 1.1 Protocol endpoint.")
@click.option("-f", "--format", "fmt", help="csv, tsv, json, xml for SELECT/ASK (default: a table on a terminal, "
              "tsv otherwise); an RDF format for CONSTRUCT/DESCRIBE (default turtle). Media types work too.")
@click.option("--limit", type=click.IntRange(0), help="At most this many results (the rest are not read).")
@click.option("--timeout", default=60.0, show_default=True, help="Stop the query after this many seconds.")
def query(query: str, files: tuple[str, ...], store_dir: str | None, endpoint: str | None, fmt: str | None,
          limit: int | None, timeout: float) -> None:
    """Run a SPARQL query: QUERY is a named question, a .rq file or the query text.

    The ontology's prefixes (ssc:, dcterms:, prov:, skos:, ...) are predeclared.
    Without --data, --store or --endpoint the embedded store ./store is queried.

    \b
    Examples:
      ssc-rdf query therapies-by-route
      ssc-rdf query adipose-tissue-therapies --data dist/velier-2022.ttl -f csv
      ssc-rdf query 'SELECT ?t WHERE { ?t ssc:hasRoute ssc:intravenous }' --store store
      ssc-rdf query 'CONSTRUCT WHERE { ?t ssc:hasRoute ?r }' --data dist/velier-2022.ttl -f nt
      ssc-rdf query cited-publications --endpoint http://127.0.0.1:7878/query -f json
      ssc-rdf queries
    """
    import os

    from .sparql import catalogue
    from .sparql.formats import choose_format
    from .sparql.prepare import MalformedQuery, prepare
    from .sparql.run import run_local, run_remote
    from .sparql.stores import open_store

    if sum(bool(x) for x in (files, store_dir, endpoint)) > 1:
        raise click.UsageError("give only one of --data, --store and --endpoint")
    names = catalogue.named_queries()
    if query in names:
        text = names[query].text
    elif query.endswith((".rq", ".sparql")) or os.path.isfile(query):
        text = catalogue.read_query_file(Path(query))
    else:
        text = query
    try:
        prepared = prepare(text)
    except MalformedQuery:
        if text == query and len(query.split()) == 1:  # one word was meant as a question's name
            catalogue.named(query)  # raises, listing the known names
        raise
    table = fmt is None and prepared.kind == "SELECT" and sys.stdout.isatty()
    chosen = choose_format(prepared.kind, fmt, default_select="json" if table else "tsv")
    if endpoint:
        result = run_remote(prepared, endpoint, fmt=chosen, limit=limit, timeout=timeout)
    else:
        result = run_local(prepared, open_store(files, store_dir or "store"), fmt=chosen, limit=limit,
                           timeout=timeout)
    if table:
        from rich.console import Console
        from rich.table import Table

        variables, rows = result.rows()
        grid = Table(*variables, box=None, pad_edge=False)
        for row in rows:
            grid.add_row(*(row.get(v, "") for v in variables))
        console = Console()
        console.print(grid)
        console.print(f"{len(rows)} result(s)")
        return
    sys.stdout.buffer.write(result.data if result.data.endswith(b"\n") else result.data + b"\n")
    sys.stdout.buffer.flush()


@main.command()
@click.argument("data", nargs=-1, required=True)
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False), help="Output directory.")
@click.option("--split", default=1_000_000, show_default=True, help="At most this many quads per shard.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for default graph names.")
def export(data: tuple[str, ...], out: str, split: int, base: str) -> None:
    """Write gzip N-Quads shards and a manifest, for the native bulk loaders of big stores.

    \b
    Examples:
      ssc-rdf export dist/velier-2022.nq -o bulk/ --split 100000
      ssc-rdf export data/ -o bulk/      # curated files are converted first
    """
    from pathlib import Path

    from .api import expand_inputs
    from .loading import source_quads
    from .sinks.bulk_export import export as export_quads

    if split < 1:
        raise click.BadParameter("must be at least 1", param_hint="--split")
    quads = (q for path in expand_inputs(list(data)) for q in source_quads(path, None, base))
    manifest = export_quads(quads, Path(out), split)
    click.echo(f"wrote {len(manifest['files'])} shard(s), {manifest['quads']} quads, to {out}", err=True)


@main.command()
@click.argument("data", nargs=-1)
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Serve the embedded store in DIR.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--base", help="Base IRI of the data (default: http://HOST:PORT/, so every IRI resolves here).")
@click.option("--query-timeout", default=10.0, show_default=True, help="Seconds before a SPARQL query is stopped.")
@click.option("--max-results", default=10_000, show_default=True, help="Most results a SPARQL SELECT may return.")
def serve(data: tuple[str, ...], store_dir: str | None, host: str, port: int, base: str | None,
          query_timeout: float, max_results: int) -> None:
    """Publish the data as dereferenceable linked data, with a SPARQL endpoint.

    Resource IRIs answer 303 to their HTML page or RDF document by Accept; documents
    also answer to a suffix (.html, .ttl, .jsonld, .nt, .rdf). Curated files given as
    DATA are converted with --base.

    \b
    Examples:
      ssc-rdf serve data/velier-2022.yaml --port 8000
      ssc-rdf serve --store store/ --base https://w3id.org/ssc-rdf/id/
    """
    import uvicorn

    from .web.app import create_app
    from .web.dataset import Dataset

    base = base or f"http://{host}:{port}/"
    if store_dir:
        dataset = Dataset.from_store(Path(store_dir), base)
    elif data:
        dataset = Dataset.from_files(list(data), base)
    else:
        raise click.UsageError("give DATA files or --store DIR")
    click.echo(f"serving {base} (Ctrl-C to stop)", err=True)
    uvicorn.run(create_app(dataset, query_timeout=query_timeout, max_results=max_results), host=host, port=port,
                log_level="warning")


@main.command()
@click.argument("data", nargs=-1, required=True)
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False), help="Output directory.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI the site will be hosted at.")
def publish(data: tuple[str, ...], out: str, base: str) -> None:
    """Write the linked data as a static site (pages, documents, VoID, downloads) with
    Apache (.htaccess) and nginx configurations for content negotiation and 303s.

    \b
    Examples:
      ssc-rdf publish data/velier-2022.yaml -o site/ --base https://example.org/ssc/
    """
    from .web.dataset import Dataset
    from .web.site import publish as publish_site

    count = publish_site(Dataset.from_files(list(data), base), Path(out))
    click.echo(f"wrote {count} files to {out}", err=True)


@main.command("queries")
def list_queries() -> None:
    """List the named competency questions."""
    from .sparql.catalogue import named_queries

    for name, q in named_queries().items():
        click.echo(f"{name}\t{q.question}")


@main.group()
def ontology() -> None:
    """Check the ontology."""


@ontology.command("check")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--data", multiple=True, help="Also lint these RDF files' terms (repeatable).")
@click.option("--shapes", type=click.Path(dir_okay=False), help="Shapes to lint (default: the shipped shapes).")
def ontology_check(file: str | None, data: tuple[str, ...], shapes: str | None) -> None:
    """Reason over the ontology (HermiT) and lint it, the shapes and the data.

    Reports consistency, unsatisfiable classes, terms without label or definition,
    and terms used by the shapes or data that nothing declares. Exit code 1 on any
    problem; without Java the lints still run and the missing reasoner is reported.

    \b
    Examples:
      ssc-rdf ontology check
      ssc-rdf ontology check ontology/ssc.ttl --data dist/velier-2022.ttl
    """
    from pathlib import Path

    from .checks.lint import lint
    from .checks.reasoning import JavaMissing, reason
    from .checks.shacl import load_ontology, load_shapes
    from .rdfio import read_graph

    onto = read_graph([file]) if file else load_ontology()
    problems = [str(p) for p in lint(onto, load_shapes(Path(shapes) if shapes else None),
                                     [read_graph([d]) for d in data])]
    for problem in problems:
        click.echo(f"lint: {problem}")
    click.echo(f"lint: {len(problems)} problem(s)")
    try:
        result = reason(onto)
    except JavaMissing as exc:
        click.echo(f"ssc-rdf: error: {exc}", err=True)
        sys.exit(2)
    click.echo("reasoner: consistent" if result.consistent else f"reasoner: {result.problem}")
    for iri in result.unsatisfiable:
        click.echo(f"reasoner: unsatisfiable class {iri}")
    sys.exit(1 if problems or not result.consistent or result.unsatisfiable else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
