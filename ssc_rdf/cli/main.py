"""The ``ssc-rdf`` command: each command parses its options, calls one ``ssc_rdf.api``
function and renders the result.

Exit codes: 0 ok, 1 validation failed, 2 usage or input error. Errors are one line
on standard error; ``-v`` adds the traceback. Every message that may come from a remote
store, and every traceback, is shown through ``credentials.scrub``: no password shows.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

import click

from .. import __version__
from ..credentials import scrub
from ..errors import InputError, SscError, ValidationFailed
from ..rdf import DEFAULT_BASE, FORMAT_NAMES

FORMAT_HELP = f"RDF format: a name ({', '.join(FORMAT_NAMES)}) or a media type (text/turtle)"
INPUT_FORMAT_HELP = ("Kind or RDF format of the inputs (e.g. turtle, text/turtle, pubmed-xml); "
                     "default: told by name and content")


def _verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.ensure_object(dict)[param.name] = True
    return value


def verbosity_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """-v/--verbose and -q/--quiet, accepted before the command and after it alike."""
    function = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_verbosity,
                            is_eager=True, help="Print no summary or progress.")(function)
    return click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_verbosity,
                        is_eager=True, help="Show tracebacks and more detail.")(function)


def quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().obj and ctx.find_root().obj.get("quiet"))


class _Command(click.Command):
    """Every command takes -v and -q too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        verbosity_options(self)


class _Group(click.Group):
    """Turns the errors users can fix into one line and an exit code; ends quietly on a closed pipe."""

    command_class = _Command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `ssc-rdf queries | head`: the reader has all it wants
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(141)
        except ValidationFailed as exc:
            _trace(ctx)
            if exc.report is not None:
                from .render import VIOLATIONS_HINT, print_report

                print_report(exc.report, stderr=True)  # type: ignore[arg-type]
                click.echo(VIOLATIONS_HINT, err=True)
            click.echo(f"ssc-rdf: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except SscError as exc:
            _trace(ctx)
            for line in exc.lines() if isinstance(exc, InputError) else [str(exc)]:
                click.echo(f"ssc-rdf: error: {' '.join(scrub(line).split())}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            _trace(ctx)
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(scrub(f"ssc-rdf: error: {where}{exc.strerror or exc}"), err=True)
            sys.exit(2)


def _trace(ctx: click.Context) -> None:
    if ctx.find_root().obj and ctx.find_root().obj.get("verbose"):
        click.echo(scrub(traceback.format_exc()), err=True, nl=False)


def _scrubbed_excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Python's report of an error nobody caught (a bug), without the secrets in play."""
    sys.stderr.write(scrub("".join(traceback.format_exception(kind, value, tb))))


def _not_validated(validate: bool) -> None:
    if not validate:
        click.echo("ssc-rdf: warning: the data was not validated (--no-validate)", err=True)


def validation_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--validate/--no-validate and --shapes, the same on every command that reads input."""
    function = click.option("--shapes", type=click.Path(dir_okay=False),
                            help="Validate with these shapes instead of the shipped ones.")(function)
    return click.option("--validate/--no-validate", default=True, show_default=True,
                        help="Check the data with the SHACL shapes first; refuse it (exit 1) if it "
                             "does not conform.")(function)


def input_format_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-i", "--input-format", help=INPUT_FORMAT_HELP)(function)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="ssc-rdf")
@verbosity_options
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn what a biomedical review says into FAIR linked data.

    \b
    Examples:
      ssc-rdf convert data/velier-2022.yaml -o dist/
      ssc-rdf convert data/ -f nt | wc -l
    """
    ctx.ensure_object(dict)
    sys.excepthook = _scrubbed_excepthook


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out", default="-", show_default=True,
              help="Output file, '-' for standard output, or a directory ending with '/'.")
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT",
              help=f"{FORMAT_HELP}. Repeat for several (with a directory). "
                   "Default: from the extension; turtle on stdout; for a directory turtle, json-ld and nt.")
@input_format_option
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the resources minted.")
@click.option("--reason", is_flag=True,
              help="Add the types the reasoner infers for every therapy (needs Java), in the graph "
                   "<BASE>graph/inferred; inconsistent data is exit 1 with the axioms involved, nothing written.")
@validation_options
@click.option("--keep-going", is_flag=True, help="Skip bad files and records (each reported) instead of stopping.")
@click.option("-j", "--jobs", type=click.IntRange(1), help="Corpus mode: convert records in N worker processes, "
              "writing shards into the output directory; re-runs skip unchanged inputs.")
@click.option("--batch", "batch_records", default=500, show_default=True, type=click.IntRange(1),
              help="Records per batch: memory holds one batch (in corpus mode, one shard per batch and format).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Corpus mode on a Dask cluster (e.g. tcp://10.0.0.5:8786): its workers convert the batches; "
                   "they must see the output directory and have ssc-rdf installed (pip install 'ssc-rdf[dask]').")
def convert(inputs: tuple[str, ...], out: str, formats: tuple[str, ...], input_format: str | None, base: str,
            reason: bool, validate: bool, shapes: str | None, keep_going: bool, jobs: int | None,
            batch_records: int, scheduler: str | None) -> None:
    """Convert curated reviews (YAML), PubMed records (XML, MEDLINE, saved pages), RIS and BibTeX
    exports and RDF files to RDF.

    INPUTS are files, directories (every file ssc-rdf can read in them) or '-' for
    standard input; the kind of each is told by its content. A PubMed record of a
    curated publication (same DOI or PMID) is merged into it. Output files in a
    directory are named after the input (one input) or the inputs (several).

    \b
    Examples:
      ssc-rdf convert data/velier-2022.yaml -o dist/
      ssc-rdf convert data/velier-2022.yaml -o dist/ -f turtle -f trig -f xml
      ssc-rdf convert data/velier-2022.yaml -o review.jsonld
      ssc-rdf convert - -f nt < data/velier-2022.yaml
      ssc-rdf convert data/ -o dist/ --base http://127.0.0.1:8000/
      ssc-rdf convert data/velier-2022.yaml -o dist/ --reason
      ssc-rdf convert data/velier-2022.yaml pubmed.xml export.nbib -o dist/ --keep-going
      ssc-rdf convert corpus/*.xml -o corpus-rdf/ -f nt -f turtle -j 2     # corpus mode, resumable
      ssc-rdf convert corpus/ -o /shared/corpus-rdf/ --scheduler tcp://10.0.0.5:8786   # on a Dask cluster
    """
    from .. import api

    _not_validated(validate)
    if jobs or scheduler:
        from .progress import convert_corpus

        convert_corpus(inputs, out, formats, base, jobs or 1, batch_records, validate, keep_going, quiet(),
                       scheduler)
        return
    result, written = api.convert_to_files(inputs, out, formats, base=base, input_format=input_format,
                                           keep_going=keep_going, validate=validate, shapes=shapes, reason=reason,
                                           batch_records=batch_records)
    for problem in result.skipped:
        for line in problem.lines():
            click.echo(f"ssc-rdf: skipped: {line}", err=True)
    for ignored in result.ignored:
        click.echo(f"ssc-rdf: skipped: {ignored}: not a kind of file ssc-rdf reads", err=True)
    for empty in result.empty:
        click.echo(f"ssc-rdf: warning: {empty}: the file holds no records", err=True)
    if result.report is not None and not quiet():
        from .render import print_warnings

        print_warnings(result.report, base, more=getattr(result, "more_warnings", 0))
    if not quiet():
        from .render import print_summary

        print_summary(result, written)


@main.command("validate")
@click.argument("data", nargs=-1, required=True)
@click.option("--shapes", type=click.Path(dir_okay=False), help="Shapes file (default: the shipped shapes).")
@input_format_option
@click.option("--report-format", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True)
@click.option("-o", "--output", "out", help="Write the report to this file ('-' for standard output).")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option("--engine", type=click.Choice(["auto", "fast", "pyshacl"]), default="auto", show_default=True,
              help="auto: the fast validator for the shipped shapes, pyshacl (the reference) for --shapes "
                   "and for Turtle reports.")
def validate_command(data: tuple[str, ...], shapes: str | None, input_format: str | None, report_format: str,
                     out: str | None, strict: bool, engine: str) -> None:
    """Validate RDF files (any format) or curated files against the SHACL shapes.

    Exit code 0 when the data conforms (warnings allowed unless --strict),
    1 when it does not, 2 for unreadable input or shapes.

    \b
    Examples:
      ssc-rdf validate dist/velier-2022.ttl
      ssc-rdf validate dist/*.nt --report-format json -o report.json
      ssc-rdf validate data.trig --shapes my-shapes.ttl --strict
      ssc-rdf validate - -i nquads < dist/velier-2022.nq
    """
    from pathlib import Path

    from .. import api
    from ..sinks.files import write_all
    from .render import print_report, report_bytes, summary_line

    if report_format == "turtle" and engine == "fast":
        raise click.UsageError("a Turtle report (sh:ValidationReport) comes from pyshacl: use --engine pyshacl or auto")
    if report_format == "turtle":
        engine = "pyshacl"
    report = api.validate(data, shapes=shapes, input_format=input_format, engine=engine)
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
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of converted data and file graphs.")
@input_format_option
@validation_options
@click.option("--chunk", default=1_000_000, show_default=True,
              help="Quads per request to a remote store (at most 100,000 per graph request to a store "
                   "that takes no N-Quads).")
@click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait for each remote request.")
@click.option("--no-ontology", is_flag=True, help="Do not load the ontology into its own graph.")
@click.option("--bulk", type=click.Path(file_okay=False), metavar="DIR",
              help="With --endpoint of a Virtuoso on this host: load through its bulk loader, via files in DIR "
                   "(a directory in Virtuoso's DirsAllowed).")
@click.option("--isql", default="127.0.0.1:1111", show_default=True,
              help="Virtuoso's SQL port for --bulk (credentials: SSC_RDF_ISQL_USER/SSC_RDF_ISQL_PASSWORD).")
def load(data: tuple[str, ...], store_dir: str, endpoint: str | None, query_endpoint: str | None,
         update_endpoint: str | None, graph: str | None, replace: bool, base: str, input_format: str | None,
         validate: bool, shapes: str | None, chunk: int, timeout: float, no_ontology: bool, bulk: str | None,
         isql: str) -> None:
    """Load RDF files (or curated YAML, or PubMed records) into the embedded store or a remote one.

    Everything is read and checked first: bad or non-conforming input stores nothing.
    Each source document goes to its own named graph (N-Quads and TriG keep their
    graphs; triples of other RDF files go to {base}graph/{file stem}); the ontology
    goes to its own graph. Loading the same data twice leaves the same triples.
    Credentials for a remote store come from SSC_RDF_USER/SSC_RDF_PASSWORD or ~/.netrc.

    \b
    Examples:
      ssc-rdf load dist/velier-2022.nq
      ssc-rdf load dist/velier-2022.ttl --store /data/ssc-store --replace
      ssc-rdf load dist/velier-2022.nt --endpoint http://127.0.0.1:7878/store --replace
      ssc-rdf load shards/ --endpoint http://127.0.0.1:8890/sparql-graph-crud --bulk /var/lib/virtuoso/load
    """
    from .. import api

    if bulk and not endpoint:
        raise click.UsageError("--bulk needs --endpoint (the Virtuoso it loads into)")
    _not_validated(validate)
    lines = api.load(data, store=store_dir, endpoint=endpoint, query_endpoint=query_endpoint,
                     update_endpoint=update_endpoint, graph=graph, replace=replace, base=base,
                     input_format=input_format, validate=validate, shapes=shapes, chunk=chunk, timeout=timeout,
                     ontology=not no_ontology, bulk=bulk, isql=isql, log=lambda m: click.echo(scrub(m), err=True))
    for line in lines:
        click.echo(scrub(line), err=True)


@main.command()
@click.argument("query")
@click.option("--data", "files", multiple=True, help="Query these files (any kind ssc-rdf reads), with the ontology.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Query the embedded store in DIR.")
@click.option("--endpoint", help="Query a SPARQL 1.1 Protocol endpoint.")
@click.option("-f", "--format", "fmt", help="csv, tsv, json, xml for SELECT/ASK (default: a table on a terminal, "
              "tsv otherwise); an RDF format for CONSTRUCT/DESCRIBE (default turtle). Media types work too.")
@click.option("--limit", type=click.IntRange(0), help="At most this many results (the rest are not read).")
@click.option("--timeout", default=60.0, show_default=True, help="Stop the query after this many seconds.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Set a question's parameter (ssc-rdf queries lists them): a key, a CURIE (MONDO:0005100) "
                   "or an IRI. Repeatable.")
@input_format_option
@validation_options
def query(query: str, files: tuple[str, ...], store_dir: str | None, endpoint: str | None, fmt: str | None,
          limit: int | None, timeout: float, params: tuple[str, ...], input_format: str | None, validate: bool,
          shapes: str | None) -> None:
    """Run a SPARQL query: QUERY is a named question, a .rq file or the query text.

    The ontology's prefixes (ssc:, dcterms:, prov:, skos:, ...) are predeclared.
    Without --data, --store or --endpoint the embedded store ./store is queried.
    --data files are read and checked like every input (--no-validate skips the check).

    \b
    Examples:
      ssc-rdf query therapies-by-route
      ssc-rdf query adipose-tissue-therapies --data dist/velier-2022.ttl -f csv
      ssc-rdf query 'SELECT ?t WHERE { ?t ssc:hasRoute ssc:intravenous }' --store store
      ssc-rdf query 'CONSTRUCT WHERE { ?t ssc:hasRoute ?r }' --data dist/velier-2022.ttl -f nt
      ssc-rdf query cited-publications --endpoint http://127.0.0.1:7878/query -f json
      ssc-rdf query therapies-by-route --data crohn.yaml --param disease=MONDO:0005011
      ssc-rdf queries
    """
    import os
    from pathlib import Path

    from .. import api
    from ..sparql import catalogue
    from ..sparql.params import declared, parse_assignments

    if sum(bool(x) for x in (files, store_dir, endpoint)) > 1:
        raise click.UsageError("give only one of --data, --store and --endpoint")
    if files:
        _not_validated(validate)
    names = catalogue.named_queries()
    if query in names:
        text = names[query].text
    elif query.endswith((".rq", ".sparql")) or os.path.isfile(query):
        text = catalogue.read_query_file(Path(query))
    elif len(query.split()) == 1:  # one word was meant as a question's name
        catalogue.named(query)  # raises, listing the known names
        text = query
    else:
        text = query
    table = fmt is None and sys.stdout.isatty()
    result = api.query(text, data=files, store=store_dir, endpoint=endpoint, format=fmt, limit=limit,
                       timeout=timeout, input_format=input_format, validate=validate, shapes=shapes,
                       table=table, params=parse_assignments(params, declared(text)))
    if result.hint:
        click.echo(f"ssc-rdf: hint: {result.hint}", err=True)
    if table and result.kind == "SELECT":
        from .render import print_solutions

        print_solutions(result.data)
        return
    sys.stdout.buffer.write(result.data if result.data.endswith(b"\n") else result.data + b"\n")
    sys.stdout.buffer.flush()


@main.command()
@click.argument("data", nargs=-1, required=True)
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False), help="Output directory.")
@click.option("--split", default=1_000_000, show_default=True, type=click.IntRange(1),
              help="At most this many quads per shard.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of converted data and file graphs.")
@click.option("--nanopub", is_flag=True, help="Write each curated statement as a nanopublication (TriG, "
              "with a trusty URI) instead of shards.")
@input_format_option
@validation_options
def export(data: tuple[str, ...], out: str, split: int, base: str, nanopub: bool, input_format: str | None,
           validate: bool, shapes: str | None) -> None:
    """Write gzip N-Quads shards and a manifest, for the native bulk loaders of big stores,
    or (--nanopub) every curated statement as a nanopublication.

    \b
    Examples:
      ssc-rdf export dist/velier-2022.nq -o bulk/ --split 100000
      ssc-rdf export data/ -o bulk/      # curated files are converted first
      ssc-rdf export data/velier-2022.yaml --nanopub -o nanopubs/
    """
    from .. import api

    _not_validated(validate)
    if nanopub:
        files = api.export_nanopubs(data, out, base=base, input_format=input_format, validate=validate,
                                    shapes=shapes)
        click.echo(f"wrote {len(files)} nanopublication(s) to {out}", err=True)
        return
    manifest = api.export(data, out, split=split, base=base, input_format=input_format, validate=validate,
                          shapes=shapes)
    click.echo(f"wrote {len(manifest['files'])} shard(s), {manifest['quads']} quads, to {out}", err=True)


@main.command()
@click.argument("data", nargs=-1)
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Serve the embedded store in DIR.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--base", help="Base IRI of the data (default: http://HOST:PORT/, so every IRI resolves here).")
@validation_options
@click.option("--query-timeout", default=10.0, show_default=True, help="Seconds before a SPARQL query is stopped.")
@click.option("--max-results", default=10_000, show_default=True, help="Most results a SPARQL query may return.")
@click.option("--max-queries", default=4, show_default=True, type=click.IntRange(1),
              help="Most SPARQL queries run at once; more are answered 503 with Retry-After.")
@click.option("--query-memory", default=512, show_default=True, type=click.IntRange(1),
              help="Megabytes a SPARQL query may use before it is stopped.")
@click.option("--max-body", default=2**20, show_default=True, type=click.IntRange(1),
              help="Longest request body accepted, in bytes (413 beyond).")
def serve(data: tuple[str, ...], store_dir: str | None, host: str, port: int, base: str | None, validate: bool,
          shapes: str | None, query_timeout: float, max_results: int, max_queries: int, query_memory: int,
          max_body: int) -> None:
    """Publish the data as dereferenceable linked data, with a SPARQL endpoint.

    Resource IRIs answer 303 to their HTML page or RDF document by Accept; documents
    also answer to a suffix (.html, .ttl, .jsonld, .nt, .rdf). DATA files are
    converted with --base and checked first.

    \b
    Examples:
      ssc-rdf serve data/velier-2022.yaml --port 8000
      ssc-rdf serve --store store/ --base https://w3id.org/ssc-rdf/id/
    """
    from .. import api

    if not data and not store_dir:
        raise click.UsageError("give DATA files or --store DIR")
    _not_validated(validate)
    api.serve(data, store=store_dir, host=host, port=port, base=base, validate=validate, shapes=shapes,
              query_timeout=query_timeout, max_results=max_results, max_queries=max_queries,
              query_memory=query_memory * 2**20, max_body=max_body,
              ready=lambda url: click.echo(f"serving {url} (Ctrl-C to stop)", err=True))


@main.command()
@click.argument("data", nargs=-1, required=True)
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False), help="Output directory.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI the site will be hosted at.")
@click.option("--w3id", metavar="URL", help="Also write w3id.htaccess, the w3id.org registry's entry sending "
              "the (w3id.org) IRIs to the site hosted at URL.")
@click.option("--sparql/--no-sparql", default=True, show_default=True,
              help="The page that runs SPARQL in the browser (Oxigraph, WebAssembly).")
@validation_options
def publish(data: tuple[str, ...], out: str, base: str, w3id: str | None, sparql: bool, validate: bool,
            shapes: str | None) -> None:
    """Write the linked data as a static site (pages, documents, VoID, downloads, SPARQL in the
    browser) with Apache (.htaccess) and nginx configurations for content negotiation and 303s.

    \b
    Examples:
      ssc-rdf publish data/velier-2022.yaml -o site/ --base https://example.org/ssc/
      ssc-rdf publish data/velier-2022.yaml -o site/ --w3id https://example.github.io/ssc-rdf/id/
    """
    from .. import api

    _not_validated(validate)
    count = api.publish(data, out, base=base, validate=validate, shapes=shapes, w3id=w3id, sparql=sparql)
    click.echo(f"wrote {count} files to {out}", err=True)


@main.command("queries")
def list_queries() -> None:
    """List the named competency questions: name, question, and the parameters each takes
    (ssc-rdf query NAME --param NAME=VALUE), with their defaults."""
    from ..sparql.catalogue import named_queries
    from ..sparql.params import declared

    for name, q in named_queries().items():
        parameters = "; ".join(p.describe() for p in declared(q.text))
        click.echo(f"{name}\t{q.question}\t{parameters}".rstrip("\t"))


@main.command("vocabulary")
@click.option("--kind", help="Only this kind (e.g. route, cell-type, disease, mechanism).")
def vocabulary_command(kind: str | None) -> None:
    """List the keys a curated file can use: the ontology's entities, with labels and definitions.

    \b
    Examples:
      ssc-rdf vocabulary --kind route
      ssc-rdf vocabulary | grep -i stem
    """
    from .. import api
    from .render import print_vocabulary

    print_vocabulary(api.vocabulary(kind))


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of curated review files, for editors and validators.

    A curated file whose first line is `# yaml-language-server: $schema=PATH-OR-URL` gets
    completion and checking of its keys and values in editors using the YAML language server.

    \b
    Examples:
      ssc-rdf schema > curated-format.schema.json
      check-jsonschema --schemafile curated-format.schema.json data/velier-2022.yaml
    """
    import json

    from .. import api

    click.echo(json.dumps(api.curated_schema(), indent=2, ensure_ascii=False))


@main.group()
def ontology() -> None:
    """Check the ontology."""


@ontology.command("check")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--data", multiple=True, help="Also lint these RDF files' terms (repeatable).")
@click.option("--shapes", type=click.Path(dir_okay=False), help="Shapes to lint (default: the shipped shapes).")
def ontology_check(file: str | None, data: tuple[str, ...], shapes: str | None) -> None:
    """Check the OWL 2 DL profile (OWL API), reason over the ontology (HermiT) and lint it, the shapes and the data.

    Reports each OWL 2 DL violation (as ROBOT and Protégé would), consistency,
    unsatisfiable classes, terms without label or definition, and terms used by the
    shapes or data that nothing declares. Exit code 1 on any problem; 2 when Java or
    the OWL API is missing (the other checks still run and are reported).

    \b
    Examples:
      ssc-rdf ontology check
      ssc-rdf ontology check ontology/ssc.ttl --data dist/velier-2022.ttl
    """
    from .. import api

    result = api.check_ontology(file, data=data, shapes=shapes)
    for problem in result.problems:
        click.echo(f"lint: {problem}")
    click.echo(f"lint: {len(result.problems)} problem(s)")
    if result.profile_violations is not None:
        for violation in result.profile_violations:
            click.echo(f"profile: {violation}")
        click.echo(f"profile: {len(result.profile_violations)} OWL 2 DL violation(s)")
    if result.consistent is not None:
        click.echo("reasoner: consistent" if result.consistent else f"reasoner: {result.reasoner_problem}")
        for iri in result.unsatisfiable:
            click.echo(f"reasoner: unsatisfiable class {iri}")
    for why in result.missing:
        click.echo(f"ssc-rdf: error: {why}", err=True)
    sys.exit(2 if result.missing else 0 if result.ok else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
