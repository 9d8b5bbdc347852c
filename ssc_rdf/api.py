"""The Python API: the front door of every command. The CLI is a thin layer over it.

Every function reads its inputs through the one pipeline (sources -> mapping -> SHACL
check), so data that does not conform is never written, loaded, served or published
(``validate=False`` skips the check). Errors are ``ssc_rdf.errors.SscError`` subclasses:
``InputError`` (bad input), ``UsageError`` (impossible arguments), ``ValidationFailed``
(non-conforming data, with its report), ``RemoteError`` (a remote store failed).

    >>> from ssc_rdf import api
    >>> conversion = api.convert(["data/velier-2022.yaml"], base="https://example.org/ssc/")
    >>> files = api.write(conversion, "dist/", ["turtle", "json-ld"])
    >>> store = conversion.to_store()            # a pyoxigraph Store
    >>> dataset = conversion.to_dataset()        # an rdflib Dataset
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from . import pipeline
from .errors import UsageError
from .pipeline import Conversion
from .rdf import DEFAULT_BASE, FORMAT_NAMES
from .rdf.formats import extension, format_for_path, rdf_format
from .sinks import open_sink
from .sinks.files import WrittenFile

if TYPE_CHECKING:
    from .checks.report import Report
    from .model import Entity
    from .pipeline.corpus import BatchResult
    from .pipeline.corpus import Progress as CorpusProgress
    from .pipeline.streamed import Streamed
    from .sparql.params import Parameter
    from .sparql.prepare import Prepared
    from .sparql.run import Result as QueryResult

PathLike = str | Path
DEFAULT_DIRECTORY_FORMATS = ("turtle", "json-ld", "nt")


def _paths(inputs: Iterable[PathLike] | PathLike) -> list[str]:
    if isinstance(inputs, (str, Path)):
        return [os.fspath(inputs)]
    return [os.fspath(i) for i in inputs]


def convert(inputs: Iterable[PathLike] | PathLike, *, base: str = DEFAULT_BASE, input_format: str | None = None,
            keep_going: bool = False, validate: bool = True, shapes: PathLike | None = None,
            reason: bool = False, mentions: bool = True, graph: str | None = None) -> Conversion:
    """Read inputs of any kind (curated YAML, PubMed XML, MEDLINE, PubMed pages, RIS, BibTeX, RDF), map them,
    and (unless ``validate=False``) check them with SHACL.

    Raises ``ValidationFailed`` (with ``.report``) when the data does not conform; the
    report of data that conforms (its warnings) is ``Conversion.report``.
    """
    conversion = pipeline.convert(_paths(inputs), base=base, input_format=input_format, keep_going=keep_going,
                                  mentions=mentions, graph=graph)
    if reason:
        pipeline.add_inferred_types(conversion)
    if validate:
        conversion.report = pipeline.require_conforming(conversion, shapes)
    return conversion


def validate(inputs: Iterable[PathLike] | PathLike, *, shapes: PathLike | None = None,
             input_format: str | None = None, base: str = DEFAULT_BASE, engine: str = "auto") -> Report:
    """The SHACL report of the inputs (any kind; RDF files as they are).

    ``engine="pyshacl"`` forces pyshacl (the reference, and the only one whose report has a
    standard ``sh:ValidationReport`` graph); ``auto`` uses the fast validator on the shipped shapes.
    """
    return pipeline.check(pipeline.convert(_paths(inputs), base=base, input_format=input_format), shapes, engine)


def plan_outputs(out: PathLike, formats: Sequence[str], stem: str) -> list[tuple[str, ox.RdfFormat]]:
    """Where each format goes: ``-``, one file, or one file per format in a directory.

    ``out`` is a directory when it ends with ``/``, exists as one, or several formats are asked.
    """
    out = os.fspath(out)
    chosen = [rdf_format(f) for f in formats]
    if out == "-":
        if len(chosen) > 1:
            raise UsageError("only one format can be written to standard output")
        return [("-", chosen[0] if chosen else rdf_format("turtle"))]
    if out.endswith(("/", os.sep)) or Path(out).is_dir() or len(chosen) > 1:
        chosen = chosen or [rdf_format(f) for f in DEFAULT_DIRECTORY_FORMATS]
        return [(str(Path(out) / f"{stem}{extension(fmt)}"), fmt) for fmt in chosen]
    fmt = chosen[0] if chosen else format_for_path(out)
    if fmt is None:
        raise UsageError(f"cannot tell the format of {out!r} from its extension: give a format "
                         f"({', '.join(FORMAT_NAMES)})")
    return [(out, fmt)]


def write(conversion: Conversion, out: PathLike = "-", formats: Sequence[str] = ()) -> list[WrittenFile]:
    """Serialise and write; all files appear together or none does. ``-`` is standard output.

    In a directory, files are named after the conversion (``velier-2022.ttl``).
    """
    sink = open_sink("files", plan_outputs(out, formats, conversion.name))
    sink.add(conversion.quads())
    written: list[WrittenFile] = sink.close()  # type: ignore[assignment]
    return written


def convert_to_files(inputs: Iterable[PathLike] | PathLike, out: PathLike = "-", formats: Sequence[str] = (), *,
                     base: str = DEFAULT_BASE, input_format: str | None = None, keep_going: bool = False,
                     validate: bool = True, shapes: PathLike | None = None, reason: bool = False,
                     mentions: bool = True, graph: str | None = None,
                     batch_records: int = 500) -> tuple[Conversion | Streamed, list[WrittenFile]]:
    """``convert`` then ``write``, streamed when it can be: record files alone (PubMed XML,
    MEDLINE, PubMed pages) go through in batches of ``batch_records``, so memory does not grow
    with their number (``pipeline.streamed``); other inputs are converted in memory. The files
    are the same either way; nothing is written when any record is bad or does not conform."""
    from .pipeline.streamed import convert_streamed, streamable

    expanded = pipeline.expand(list[str | Path](_paths(inputs)), input_format)
    if not reason and streamable(expanded.inputs):
        streamed = convert_streamed(expanded, lambda name: plan_outputs(out, formats, name), base=base,
                                    keep_going=keep_going, validate=validate,
                                    shapes=os.fspath(shapes) if shapes else None, mentions=mentions, graph=graph,
                                    batch_records=batch_records)
        return streamed, streamed.written
    conversion = pipeline.convert(expanded, base=base, keep_going=keep_going, mentions=mentions, graph=graph)
    if reason:
        pipeline.add_inferred_types(conversion)
    if validate:
        conversion.report = pipeline.require_conforming(conversion, shapes)
    return conversion, write(conversion, out, formats)


def load(inputs: Iterable[PathLike] | PathLike, *, store: PathLike = "store", endpoint: str | None = None,
         query_endpoint: str | None = None, update_endpoint: str | None = None, graph: str | None = None,
         replace: bool = False, base: str = DEFAULT_BASE, input_format: str | None = None, validate: bool = True,
         shapes: PathLike | None = None, chunk: int = 1_000_000, timeout: float = 120.0, ontology: bool = True,
         bulk: PathLike | None = None, isql: str = "127.0.0.1:1111",
         log: Callable[[str], None] = lambda _: None) -> list[str]:
    """Load inputs (checked first: bad or non-conforming input stores nothing) into the embedded
    store in ``store`` or, with ``endpoint``, a remote store; return report lines. ``bulk``: a
    directory Virtuoso may read, to load through Virtuoso's bulk loader (``isql`` host:port)."""
    from .pipeline.stores import load_embedded, load_remote

    conversion = convert(inputs, base=base, input_format=input_format, validate=validate, shapes=shapes, graph=graph)
    if endpoint:
        return load_remote(conversion, endpoint, query_endpoint=query_endpoint, update_endpoint=update_endpoint,
                           replace=replace, chunk=chunk, timeout=timeout, ontology=ontology, bulk=bulk, isql=isql,
                           log=log)
    return load_embedded(conversion, store, replace=replace, ontology=ontology)


def query(text: str, *, data: Iterable[PathLike] | PathLike = (), store: PathLike | None = None,
          endpoint: str | None = None, format: str | None = None, limit: int | None = None,
          timeout: float = 60.0, base: str = DEFAULT_BASE, input_format: str | None = None, validate: bool = True,
          shapes: PathLike | None = None, table: bool = False, params: dict[str, str] | None = None) -> QueryResult:
    """Run a SPARQL query (its text; ``sparql.catalogue.named(name).text`` for a named question) on
    ``data`` (converted and checked like any input, with the ontology, in memory), on the embedded
    store in ``store`` (``./store`` by default), or on a remote ``endpoint``.

    The query is parsed first (kind, federation); the result format is chosen for its kind
    (``format`` a name or media type; by default TSV, or JSON when ``table`` rows are wanted,
    for SELECT/ASK, and Turtle for CONSTRUCT/DESCRIBE). ``limit`` cuts the results.
    ``params`` sets a question's parameters (``{"disease": "MONDO:0005100"}``, see
    ``sparql.params``); when a parameterised question finds nothing, ``hint`` says what the
    data is about instead.
    """
    from .sinks.embedded import EmbeddedStore, ontology_quads
    from .sparql.formats import choose_format
    from .sparql.params import bind, declared, parse_assignments
    from .sparql.prepare import prepare
    from .sparql.run import run_local, run_remote

    parameters = declared(text)
    given = parse_assignments([f"{k}={v}" for k, v in (params or {}).items()], parameters)
    prepared = prepare(bind(text, given, base))
    chosen = choose_format(prepared.kind, format, default_select="json" if table else "tsv")

    local: ox.Store | None = None
    if endpoint:
        pass
    elif _paths(data):  # in memory, as the embedded store keeps it: named graphs and their union
        conversion = convert(data, base=base, input_format=input_format, validate=validate, shapes=shapes)
        memory = EmbeddedStore(base=base)
        memory.add([*ontology_quads(), *conversion.quads()])
        local = memory.store
    else:
        local = EmbeddedStore(Path(store or "store"), read_only=True).store

    def run(query: Prepared, fmt: str) -> QueryResult:
        if local is None:
            return run_remote(query, endpoint or "", fmt=fmt, limit=limit, timeout=timeout)
        return run_local(query, local, fmt=fmt, limit=limit, timeout=timeout)

    result = run(prepared, chosen)
    if parameters and prepared.kind == "SELECT" and result.empty():
        hint = _nothing_found_hint(parameters, given, base, lambda q: run(prepare(q), "json").rows()[1])
        result = dataclasses.replace(result, hint=hint)
    return result


def _nothing_found_hint(parameters: list[Parameter], given: dict[str, str], base: str,
                        ask: Callable[[str], list[dict[str, str]]]) -> str | None:
    """When a question finds nothing: the first parameter whose value the data's curated statements
    never name, with the values of its kind they do name, to ask about instead."""
    from .sparql.params import candidates_query, term

    for parameter in parameters:
        query = candidates_query(parameter)
        if query is None:
            continue
        value = given.get(parameter.name, parameter.default)
        found = ask(query)
        if any(row["value"] == term(parameter, value, base).value for row in found):
            continue
        asked = f"--param {parameter.name}={value}"
        if not found:
            return f"no rows: the question asks about {asked}, and the data's statements name no {parameter.kind}"
        keys = [row["value"].rsplit("/", 1)[-1].rsplit("#", 1)[-1] for row in found]
        named = ", ".join(f"{key} ({row['label']})" if row.get("label") else key
                          for key, row in zip(keys, found, strict=True))
        return (f"no rows: the question asks about {asked}, which the data's statements never name; they name "
                f"the {parameter.kind}(s) {named}: try --param {parameter.name}={keys[0]}")
    return None


def export(inputs: Iterable[PathLike] | PathLike, out: PathLike, *, split: int = 1_000_000,
           base: str = DEFAULT_BASE, input_format: str | None = None, validate: bool = True,
           shapes: PathLike | None = None) -> dict[str, Any]:
    """gzip N-Quads shards and a manifest, for the native bulk loaders of big stores."""
    if split < 1:
        raise UsageError("split must be at least 1")
    conversion = convert(inputs, base=base, input_format=input_format, validate=validate, shapes=shapes)
    sink = open_sink("bulk", Path(out), split)
    sink.add(conversion.quads())
    manifest: dict[str, Any] = sink.close()  # type: ignore[assignment]
    return manifest


def export_nanopubs(inputs: Iterable[PathLike] | PathLike, out: PathLike, *, base: str = DEFAULT_BASE,
                    input_format: str | None = None, validate: bool = True,
                    shapes: PathLike | None = None) -> list[Path]:
    """Each curated statement as a nanopublication (TriG, named by its trusty URI code) in ``out``."""
    conversion = convert(inputs, base=base, input_format=input_format, validate=validate, shapes=shapes)
    created = conversion.generated_at or pipeline.generation_time([])
    sink = open_sink("nanopub", Path(out), conversion.base, created)
    sink.add(conversion.quads())
    files: list[Path] = sink.close()  # type: ignore[assignment]
    return files


def dataset(inputs: Iterable[PathLike] | PathLike = (), *, store: PathLike | None = None, base: str = DEFAULT_BASE,
            validate: bool = True, shapes: PathLike | None = None):  # -> web.dataset.Dataset
    """The data to publish: converted inputs (checked) in memory, or an embedded store."""
    from .web.dataset import Dataset

    if store is not None:
        return Dataset.from_store(Path(store), base)
    conversion = convert(inputs, base=base, validate=validate, shapes=shapes)
    return Dataset.from_conversion(conversion)


def publish(inputs: Iterable[PathLike] | PathLike, out: PathLike, *, base: str = DEFAULT_BASE,
            validate: bool = True, shapes: PathLike | None = None, w3id: str | None = None,
            sparql: bool = True) -> int:
    """A static site (pages, documents, VoID, downloads, web server configs); returns the file count.

    ``w3id``: the URL the site is hosted at, for ``w3id.htaccess``, the w3id.org registry's entry
    for the IRIs (under ``https://w3id.org/ssc-rdf/``). ``sparql=False`` leaves out the page that
    runs SPARQL in the browser (and Oxigraph's 4 MB WebAssembly build).
    """
    from .web.site import publish as publish_site

    return publish_site(dataset(inputs, base=base, validate=validate, shapes=shapes), Path(out), w3id=w3id,
                        sparql=sparql)


def create_app(inputs: Iterable[PathLike] | PathLike = (), *, store: PathLike | None = None, base: str = DEFAULT_BASE,
               validate: bool = True, shapes: PathLike | None = None, query_timeout: float = 10.0,
               max_results: int = 10_000, max_body: int = 2**20, max_queries: int = 4,
               query_memory: int = 512 * 2**20):  # -> starlette.applications.Starlette
    """The linked-data server's ASGI application (run it with ``serve`` or any ASGI server).

    Untrusted clients are held to limits: request bodies of ``max_body`` bytes, ``max_queries``
    SPARQL queries at once (503 beyond), each stopped after ``query_timeout`` seconds or
    ``query_memory`` bytes, and ``max_results`` results.
    """
    from .web.app import create_app as make_app

    if store is None and not _paths(inputs):
        raise UsageError("give data files or a store")
    if min(max_body, max_queries, query_memory, max_results) < 1 or query_timeout <= 0:
        raise UsageError("the server's limits must be positive")
    data = dataset(inputs, store=store, base=base, validate=validate, shapes=shapes)
    return make_app(data, query_timeout=query_timeout, max_results=max_results, max_body=max_body,
                    max_queries=max_queries, query_memory=query_memory)


def serve(inputs: Iterable[PathLike] | PathLike = (), *, store: PathLike | None = None, host: str = "127.0.0.1",
          port: int = 8000, base: str | None = None, validate: bool = True, shapes: PathLike | None = None,
          query_timeout: float = 10.0, max_results: int = 10_000, max_body: int = 2**20, max_queries: int = 4,
          query_memory: int = 512 * 2**20, ready: Callable[[str], None] = lambda _: None) -> None:
    """Serve the data on ``host:port`` until interrupted (every IRI resolves there by default);
    the limits are those of ``create_app``."""
    import gc

    import uvicorn

    base = base or f"http://{host}:{port}/"
    app = create_app(inputs, store=store, base=base, validate=validate, shapes=shapes,
                     query_timeout=query_timeout, max_results=max_results, max_body=max_body,
                     max_queries=max_queries, query_memory=query_memory)
    # What is loaded now lives as long as the server: out of the collector's full passes, which
    # would otherwise walk it all (~0.4 s) while every request waits; forked queries copy less too.
    gc.collect()
    gc.freeze()
    ready(base)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def convert_corpus(inputs: Iterable[PathLike] | PathLike, out: PathLike, *, formats: Sequence[str] = (),
                   base: str = DEFAULT_BASE, jobs: int = 1, batch_records: int = 500, validate: bool = True,
                   keep_going: bool = False, scheduler: str | None = None,
                   progress: Callable[[CorpusProgress], None] = lambda state: None) -> BatchResult:
    """Corpus mode: records in batches on ``jobs`` worker processes (or on the Dask cluster whose
    scheduler is at ``scheduler``), written as shards, resumable.

    ``progress`` is called with a ``pipeline.corpus.Progress`` at the start and after each batch."""
    from .pipeline.corpus import convert_corpus as run

    return run(_paths(inputs), Path(out), formats=list(formats), base=base, jobs=jobs, batch_records=batch_records,
               validate=validate, keep_going=keep_going, scheduler=scheduler, progress=progress)


def vocabulary(kind: str | None = None) -> list[Entity]:
    """The keys a curated file can use (the ontology's entities), by kind and key; ``kind`` is
    one of ``vocabulary.KIND_CLASSES`` (``route``, ``systemic-route``...: a prefix of kinds works)."""
    from .vocabulary import KIND_CLASSES, ontology_entities

    entities = sorted(ontology_entities().values(), key=lambda e: (e.kind, e.key))
    if kind is None:
        return entities
    kinds = [k for k in KIND_CLASSES if k == kind or k.endswith(f"-{kind}") or k.startswith(f"{kind}-")]
    if not kinds:
        raise UsageError(f"unknown kind {kind!r} (kinds: {', '.join(KIND_CLASSES)})")
    return [e for e in entities if e.kind in kinds]


def curated_schema() -> dict:
    """The curated file format as a JSON Schema (docs/curated-format.schema.json is a copy): editors
    that read it (the yaml-language-server comment of a curated file) complete keys and values."""
    from .sources.curated_schema import json_schema

    return json_schema()


@dataclass
class OntologyCheck:
    """What each check found; ``None`` where a check could not run, and ``missing`` says why."""

    problems: list[str]
    consistent: bool | None = None
    unsatisfiable: list[str] = field(default_factory=list)
    reasoner_problem: str | None = None
    profile_violations: list[str] | None = None  # OWL 2 DL, as the OWL API words them
    missing: list[str] = field(default_factory=list)  # no Java, no OWL API

    @property
    def ok(self) -> bool:
        return (not self.problems and self.consistent is True and not self.unsatisfiable
                and self.profile_violations == [] and not self.missing)


def check_ontology(file: PathLike | None = None, *, data: Iterable[PathLike] = (),
                   shapes: PathLike | None = None) -> OntologyCheck:
    """Lint the ontology, the shapes and data terms, check the OWL 2 DL profile (OWL API, needs a JDK)
    and reason over the ontology (HermiT, needs Java); a check whose tool is missing is reported in
    ``missing`` and the others still run."""
    from .checks.lint import lint
    from .checks.profile import OwlApiMissing, dl_profile_violations
    from .checks.reasoning import JavaMissing, ontology_triples, reason
    from .checks.shacl import load_shapes
    from .resources import ontology_path

    path = Path(file) if file else ontology_path()
    triples = ontology_triples(path)
    onto = ox.Store()
    onto.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    stores = [pipeline.convert([d], mentions=False).to_store() for d in _paths(data)]
    result = OntologyCheck([str(p) for p in lint(onto, load_shapes(Path(shapes) if shapes else None), stores)])
    try:
        result.profile_violations = dl_profile_violations(path)
    except OwlApiMissing as exc:
        result.missing.append(str(exc))
    try:
        reasoned = reason(triples)
    except JavaMissing as exc:
        result.missing.append(str(exc))
    else:
        result.consistent, result.unsatisfiable = reasoned.consistent, reasoned.unsatisfiable
        result.reasoner_problem = reasoned.problem
    return result


__all__ = ["Conversion", "OntologyCheck", "WrittenFile", "check_ontology", "convert", "convert_corpus",
           "convert_to_files", "create_app", "dataset", "export", "export_nanopubs", "load", "plan_outputs", "publish",
           "query", "serve", "validate", "vocabulary", "write"]
