"""The live linked-data server: dereferenceable IRIs, a SPARQL endpoint, the dataset's
description and downloads, the ontology's documentation (Starlette, served by Uvicorn)."""

from __future__ import annotations

import asyncio
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import lru_cache, partial
from typing import Generic, TypeVar
from urllib.parse import unquote

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import SscError, UsageError
from ..rdf import ONTOLOGY_IRI
from ..rdf.formats import BY_NAME
from ..rdf.prefixes import prefix_map
from ..rdf.typed import to_bytes
from ..sparql.formats import GRAPH_KINDS, choose_format, media_types
from ..sparql.prepare import UpdateRefused, refuse_services
from ..sparql.run import Graphs, LocalRunner, QueryOutOfMemory, QueryTimeout
from .caching import Tagged, validated
from .cors import Cors
from .dataset import DOCUMENTS, DOWNLOADS, Dataset
from .guard import SECURITY_HEADERS, BadRequest, Guard, excerpt, form_fields, read_body, request_path, utf8
from .negotiation import best
from .pages import Pages
from .search import label_search
from .service import PREFIXES as SD_PREFIXES
from .service import describe_service
from .void import describe

T = TypeVar("T")

HTML = "text/html"
RDF_OFFERS = [HTML] + [media for _, media in DOCUMENTS.values()]
EXT_FOR_MEDIA = {media: ext for ext, (_, media) in DOCUMENTS.items()} | {HTML: "html"}
GRAPH_OFFERS = [media for _, media in DOCUMENTS.values()]
MB = 2**20


def create_app(data: Dataset, *, query_timeout: float = 10.0, max_results: int = 10_000, max_body: int = MB,
               max_queries: int = 4, query_memory: int = 512 * MB) -> Starlette:
    """The server's ASGI application.

    At most ``max_queries`` SPARQL queries run at once (more are turned away: 503 and
    Retry-After), each in a child process stopped after ``query_timeout`` seconds or
    ``query_memory`` bytes, on threads of their own: pages never wait behind queries.
    Request bodies longer than ``max_body`` bytes are refused (413).
    """
    pages = Pages(data)
    pages.prepare()
    root = pages.root
    # the published data does not change while serving: render each page and document once
    resource_page = SingleFlight(lambda iri: Tagged.of(pages.resource(iri).encode()), 16_384)
    document = SingleFlight(lambda iri, fmt: Tagged.of(data.document(iri, fmt)), 16_384)
    home_page = SingleFlight(lambda: Tagged.of(pages.home().encode()), 1)
    ontology_page = SingleFlight(lambda: Tagged.of(pages.ontology().encode()), 1)
    service_description = lru_cache(maxsize=1)(partial(describe_service, data))

    def ontology_file(ext: str) -> Tagged:
        """The ontology file in a format; once, so that its blank nodes keep their names (and its ETag)."""
        from ..resources import ontology_path

        triples = list(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))
        return Tagged.of(to_bytes(triples, BY_NAME[DOCUMENTS[ext][0]], prefix_map()))
    ontology_document = SingleFlight(ontology_file, len(DOCUMENTS))
    query_threads = ThreadPoolExecutor(max_queries, thread_name_prefix="sparql")
    running = 0  # queries being answered; only the event loop's thread counts them
    runner = LocalRunner(data.store, memory=query_memory)

    def vary(response: Response) -> Response:
        response.headers["Vary"] = "Accept"
        return response

    def rdf(body: bytes, ext: str) -> Response:
        return vary(Response(body, media_type=DOCUMENTS[ext][1] + ("; charset=utf-8" if ext != "rdf" else "")))

    def fresh(request: Request, response: Response, etag: str | None = None) -> Response:
        return validated(request, response, data.modified, etag)

    async def rendered(flight: SingleFlight[Tagged], *args: str) -> Tagged:
        """A page or document from the cache, on the event loop (through a thread, a warm page cost
        0.3 ms more of CPU, and a third of the requests per second); a cold one rendered on a thread."""
        found = flight.ready(*args)
        return found if found is not None else await run_in_threadpool(flight, *args)

    async def home(request: Request) -> Response:
        page = await rendered(home_page)
        return fresh(request, vary(HTMLResponse(page.body)), page.etag)

    def existing(path: str) -> str | None:
        """The IRI of the resource a request path names: the path as sent (the IRIs minted here
        are percent-encoded), with its percent-encodings in upper case as minted (``%3c`` is
        ``%3C``) and the characters an IRI cannot hold encoded (``curl -g`` sends ``<`` as is), or
        with its non-ASCII characters decoded, as a browser encodes an IRI that has some."""
        upper = _NOT_IN_IRI.sub(lambda m: f"%{ord(m[0]):02X}", _ESCAPE.sub(lambda m: m[0].upper(), path))
        for candidate in dict.fromkeys((path, upper, _NON_ASCII.sub(lambda m: unquote(m[0], errors="strict"), upper))):
            if data.exists(data.iri_for(candidate)):
                return data.iri_for(candidate)
        return None

    async def resource(request: Request) -> Response:
        path = request_path(request.scope)[len(root):]
        iri = existing(path)
        if iri is None:
            stem, dot, ext = path.rpartition(".")
            owner = existing(stem) if dot and (ext in DOCUMENTS or ext == "html") else None
            if owner is None:
                return HTMLResponse(pages.not_found(excerpt(data.iri_for(path))), status_code=404)
            if ext == "html":
                page = await rendered(resource_page, owner)
                return fresh(request, vary(HTMLResponse(page.body)), page.etag)
            doc = await rendered(document, owner, DOCUMENTS[ext][0])
            return fresh(request, rdf(doc.body, ext), doc.etag)
        choice = best(request.headers.get("accept"), RDF_OFFERS)
        if choice is None:
            return vary(PlainTextResponse("Not acceptable: this resource is available as "
                                          + ", ".join(RDF_OFFERS) + "\n", status_code=406))
        return vary(RedirectResponse(f"{root}{path}.{EXT_FOR_MEDIA[choice]}", status_code=303))

    async def ontology(request: Request) -> Response:
        """The ontology, at its IRI and at its version IRI (the same ontology)."""
        ext = request.path_params.get("ext")
        if ext is None:
            choice = best(request.headers.get("accept"), RDF_OFFERS)
            if choice is None:
                return vary(PlainTextResponse("Not acceptable\n", status_code=406))
            ext = EXT_FOR_MEDIA[choice]
        if ext == "html":
            page = await rendered(ontology_page)
            return fresh(request, vary(HTMLResponse(page.body)), page.etag)
        if ext not in DOCUMENTS:
            return PlainTextResponse("Not found\n", status_code=404)
        doc = await rendered(ontology_document, ext)
        return fresh(request, rdf(doc.body, ext), doc.etag)

    async def void(request: Request) -> Response:
        choice = best(request.headers.get("accept"), [*GRAPH_OFFERS, HTML])
        if choice is None:
            return vary(PlainTextResponse("Not acceptable\n", status_code=406))
        ext = "ttl" if choice == HTML else EXT_FOR_MEDIA[choice]
        triples = await run_in_threadpool(describe, data)
        return fresh(request, rdf(to_bytes(triples, BY_NAME[DOCUMENTS[ext][0]],
                                           {**prefix_map(), "void": "http://rdfs.org/ns/void#",
                                            "dcat": "http://www.w3.org/ns/dcat#"}), ext))

    async def download(request: Request) -> Response:
        ext = request.path_params["ext"]
        if ext not in DOWNLOADS:
            return PlainTextResponse("Not found\n", status_code=404)
        fmt, media = DOWNLOADS[ext]
        dump = await run_in_threadpool(lambda: Tagged.of(data.dump(fmt)))  # hashed there too, not on the event loop
        return fresh(request, Response(dump.body, media_type=media,
                                       headers={"Content-Disposition": f'attachment; filename="dataset.{ext}"'}),
                     dump.etag)

    async def sparql(request: Request) -> Response:
        """The SPARQL 1.1 Protocol, read-only: GET, POST of a form, POST of the query itself.

        ``query`` is query text only: never a file name nor a question's name. It is parsed
        (in a child process, under the query's limits) before anything runs: an update is
        refused (403), and so is SERVICE anywhere in it (400), so this server never calls
        other servers; FROM and FROM NAMED only name graphs of the store, and
        ``default-graph-uri`` and ``named-graph-uri`` override them. The format is
        negotiated once the query's kind is known (406 when none fits). At most
        ``max_results`` solutions or triples are sent: the rest are not read, and
        ``X-SSC-RDF-Truncated: true`` says so (the answer is still a whole document).
        Without a query, the endpoint describes itself: its Service Description to a client
        asking for RDF, the query form to anyone else.
        """
        nonlocal running
        try:
            fields = form_fields(request.scope["query_string"], "the query string")
            if request.method == "POST":
                content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
                if content_type == "application/sparql-update":
                    return PlainTextResponse("This endpoint is read-only: updates are refused.\n", status_code=403)
                body = await read_body(request, max_body)
                if content_type == "application/sparql-query":
                    fields.append(("query", utf8(body, "the query")))
                elif content_type in ("application/x-www-form-urlencoded", ""):  # as HTML forms send
                    fields += form_fields(body, "the form")
                else:  # the query as text/plain, say: read as a form, it would be a form without a query
                    return PlainTextResponse("Unsupported media type: POST the query as "
                                             "application/sparql-query or application/x-www-form-urlencoded.\n",
                                             status_code=415)
            if any(name == "update" for name, _ in fields):
                return PlainTextResponse("This endpoint is read-only: updates are refused.\n", status_code=403)
            query, wanted, graphs = _protocol(fields)
            words = next((text for name, text in fields if name == "q"), None)
            if query is None and words and words.strip():  # the 404 page's search by name
                query, wanted = label_search(words), "html"
        except BadRequest as exc:
            return exc.response()
        if not query:
            return await endpoint(request)
        if running >= max_queries:
            return PlainTextResponse(f"Too many queries at once (at most {max_queries}): try again later.\n",
                                     status_code=503, headers={"Retry-After": str(math.ceil(query_timeout))})
        running += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(
                query_threads, answer, query, wanted, request.headers.get("accept"), graphs)
        finally:
            running -= 1

    async def endpoint(request: Request) -> Response:
        """The endpoint without a query: its Service Description in the RDF format asked for,
        else the query form."""
        choice = best(request.headers.get("accept"), [HTML, *GRAPH_OFFERS])
        if choice is None or choice == HTML:
            return vary(HTMLResponse(pages.sparql()))
        ext = EXT_FOR_MEDIA[choice]
        return rdf(to_bytes(await run_in_threadpool(service_description), BY_NAME[DOCUMENTS[ext][0]],
                            {**prefix_map(), **SD_PREFIXES}), ext)

    def answer(query: str, wanted: str | None, accept: str | None, graphs: Graphs) -> Response:
        """A query's answer, or why there is none; on a query thread, the work in child processes."""
        deadline = time.monotonic() + query_timeout
        try:
            prepared = runner.prepare(query, timeout=query_timeout)
            refuse_services(prepared)
            fmt = _negotiate(prepared.kind, wanted, accept)
            if fmt is None:
                return vary(PlainTextResponse(f"Not acceptable: a {prepared.kind} query's answer is available as "
                                              + ", ".join([*media_types(prepared.kind), HTML]) + "\n",
                                              status_code=406))
            page_format = "nt" if prepared.kind in GRAPH_KINDS else "json"
            result = runner.run(prepared, fmt=page_format if fmt == "html" else fmt, limit=max_results,
                                timeout=max(deadline - time.monotonic(), 0.0), graphs=graphs)
        except QueryTimeout:
            return PlainTextResponse(f"The query was stopped after the time limit of {query_timeout:g} s.\n",
                                     status_code=503)
        except QueryOutOfMemory:
            return PlainTextResponse(f"The query was stopped: it needed more than {query_memory / MB:g} MB.\n",
                                     status_code=503)
        except SscError as exc:
            return PlainTextResponse(f"Bad query: {excerpt(str(exc))}\n",
                                     status_code=403 if isinstance(exc, UpdateRefused) else 400)
        headers = {"X-SSC-RDF-Truncated": "true"} if result.truncated else {}
        if fmt == "html":
            names, rows = result.table()
            return vary(HTMLResponse(pages.sparql(query, {"vars": names, "rows": rows}), headers=headers))
        return vary(Response(result.data, media_type=result.media_type, headers=headers))

    routes = [
        Route(root, home),
        Route(root + "sparql", sparql, methods=["GET", "POST"]),
        Route(root + ".well-known/void", void),
        Route(root + "ontology", ontology),
        Route(root + "ontology.{ext}", ontology),
        *([Route(root + version.lstrip("/"), ontology), Route(root + version.lstrip("/") + ".{ext}", ontology)]
          if (version := data.local(data.version_iri or "")) else []),
        Route(root + "download/dataset.{ext}", download),
        Route(root + "{path:path}", resource),
    ]
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        runner.close()  # its zygote would end with this process anyway; this reaps it

    app = Starlette(routes=routes, middleware=[Middleware(Guard), Middleware(Cors)],
                    exception_handlers={Exception: _server_error}, lifespan=lifespan)
    app.state.ontology_iri = ONTOLOGY_IRI
    return app


async def _server_error(request: Request, exc: Exception) -> Response:
    """A bug's 500, with the headers every response has (Guard sits inside Starlette's error handler)."""
    return PlainTextResponse("Internal server error\n", status_code=500, headers=SECURITY_HEADERS)


_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_NOT_IN_IRI = re.compile(r'[<>"{}|\\^` ]')
# Percent-encoded bytes of non-ASCII characters, which a browser sends for an IRI's characters.
_NON_ASCII = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


class SingleFlight(Generic[T]):
    """``fn``'s results, the last ``maxsize`` kept, each computed once when many requests ask for
    it at once: the first computes, the others wait for it (16 clients asking for a cold page
    made 16 renders, one after another on the GIL, and a p99 of 650 ms)."""

    def __init__(self, fn: Callable[..., T], maxsize: int) -> None:
        self.fn = fn
        self.maxsize = maxsize
        self.done: OrderedDict[tuple, T] = OrderedDict()
        self.computing: dict[tuple, threading.Lock] = {}  # only while computing: no lock kept per page ever asked for
        self.guard = threading.Lock()

    def ready(self, *args: object) -> T | None:
        """The result if it is there, without waiting for anything but a dictionary's lookup."""
        with self.guard:
            found = self.done.get(args)
            if found is not None:
                self.done.move_to_end(args)
            return found

    def __call__(self, *args: object) -> T:
        with self.guard:
            lock = self.computing.setdefault(args, threading.Lock())
        with lock:
            try:
                found = self.ready(*args)
                if found is None:
                    found = self.fn(*args)
                    with self.guard:
                        self.done[args] = found
                        if len(self.done) > self.maxsize:
                            self.done.popitem(last=False)
                return found
            finally:
                with self.guard:
                    if self.computing.get(args) is lock:
                        del self.computing[args]


def _protocol(fields: list[tuple[str, str]]) -> tuple[str | None, str | None, Graphs]:
    """The query, the ``format`` asked for and the RDF dataset named by a request's fields."""
    queries = [text for name, text in fields if name == "query"]
    if len(queries) > 1:
        raise BadRequest("Bad request: more than one query")
    wanted = next((text for name, text in reversed(fields) if name == "format"), None)
    named: dict[str, list[str]] = {"default-graph-uri": [], "named-graph-uri": []}
    for name, text in fields:
        if name in named:
            try:
                ox.NamedNode(text)
            except ValueError:
                raise BadRequest(f"Bad request: {name} is not an IRI: {excerpt(text)}") from None
            named[name].append(text)
    default, named_graphs = named["default-graph-uri"], named["named-graph-uri"]
    graphs = Graphs(tuple(default) if default or named_graphs else None,
                    tuple(named_graphs) if default or named_graphs else None)
    return (queries[0] if queries else None), wanted, graphs


def _negotiate(kind: str, wanted: str | None, accept: str | None) -> str | None:
    """``html`` (a page of the answer), a format name for ``kind``, or None (406): from the
    ``format`` parameter when it names a format of ``kind``, else from Accept. ``format`` is
    no part of the protocol, and clients fill it with names of their own (SPARQLWrapper
    sends ``format=n3`` or ``rdf+xml`` beside a standard Accept): a name that does not fit
    leaves the choice to Accept. The page is offered last, so that a client accepting
    anything (``*/*``) gets the answer itself, and a browser, which prefers text/html, the page."""
    if wanted == "html":
        return "html"
    if wanted:
        try:
            return choose_format(kind, wanted)
        except UsageError:
            pass
    offers = media_types(kind)
    choice = best(accept, [*offers, HTML])
    return None if choice is None else "html" if choice == HTML else offers[choice]
