"""The live linked-data server: dereferenceable IRIs, a SPARQL endpoint, the dataset's
description and downloads, the ontology's documentation (Starlette, served by Uvicorn)."""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import lru_cache
from urllib.parse import unquote

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
from ..sparql.formats import choose_format, media_types
from ..sparql.prepare import UpdateRefused, refuse_services
from ..sparql.run import LocalRunner, QueryOutOfMemory, QueryTimeout
from .dataset import DOCUMENTS, DOWNLOADS, Dataset
from .guard import SECURITY_HEADERS, BadRequest, Guard, excerpt, form_fields, read_body, request_path, utf8
from .negotiation import best
from .pages import Pages
from .void import describe

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
    root = pages.root
    # the published data does not change while serving: render each page and document once
    resource_page = lru_cache(maxsize=16_384)(pages.resource)
    document = lru_cache(maxsize=16_384)(data.document)
    home_page = lru_cache(maxsize=1)(pages.home)
    query_threads = ThreadPoolExecutor(max_queries, thread_name_prefix="sparql")
    running = 0  # queries being answered; only the event loop's thread counts them
    runner = LocalRunner(data.store, memory=query_memory)

    def vary(response: Response) -> Response:
        response.headers["Vary"] = "Accept"
        return response

    def rdf(body: bytes, ext: str) -> Response:
        return vary(Response(body, media_type=DOCUMENTS[ext][1] + ("; charset=utf-8" if ext != "rdf" else "")))

    async def home(request: Request) -> Response:
        return vary(HTMLResponse(await run_in_threadpool(home_page)))

    def existing(path: str) -> str | None:
        """The IRI of the resource a request path names: the path as sent (the IRIs minted here
        are percent-encoded), or with its non-ASCII characters decoded, as a browser encodes
        an IRI that has some."""
        for candidate in dict.fromkeys((path, _NON_ASCII.sub(lambda m: unquote(m[0], errors="strict"), path))):
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
                return vary(HTMLResponse(await run_in_threadpool(resource_page, owner)))
            return rdf(await run_in_threadpool(document, owner, DOCUMENTS[ext][0]), ext)
        choice = best(request.headers.get("accept"), RDF_OFFERS)
        if choice is None:
            return vary(PlainTextResponse("Not acceptable: this resource is available as "
                                          + ", ".join(RDF_OFFERS) + "\n", status_code=406))
        return vary(RedirectResponse(f"{root}{path}.{EXT_FOR_MEDIA[choice]}", status_code=303))
    async def ontology(request: Request) -> Response:
        ext = request.path_params.get("ext")
        if ext is None:
            choice = best(request.headers.get("accept"), RDF_OFFERS)
            if choice is None:
                return vary(PlainTextResponse("Not acceptable\n", status_code=406))
            ext = EXT_FOR_MEDIA[choice]
        if ext == "html":
            return vary(HTMLResponse(await run_in_threadpool(pages.ontology)))
        if ext not in DOCUMENTS:
            return PlainTextResponse("Not found\n", status_code=404)
        import pyoxigraph as ox

        from ..resources import ontology_path

        triples = list(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))
        return rdf(to_bytes(triples, BY_NAME[DOCUMENTS[ext][0]], prefix_map()), ext)

    async def void(request: Request) -> Response:
        choice = best(request.headers.get("accept"), [*GRAPH_OFFERS, HTML])
        if choice is None:
            return vary(PlainTextResponse("Not acceptable\n", status_code=406))
        ext = "ttl" if choice == HTML else EXT_FOR_MEDIA[choice]
        triples = await run_in_threadpool(describe, data)
        return rdf(to_bytes(triples, BY_NAME[DOCUMENTS[ext][0]],
                            {**prefix_map(), "void": "http://rdfs.org/ns/void#", "dcat": "http://www.w3.org/ns/dcat#"}),
                   ext)

    async def download(request: Request) -> Response:
        ext = request.path_params["ext"]
        if ext not in DOWNLOADS:
            return PlainTextResponse("Not found\n", status_code=404)
        fmt, media = DOWNLOADS[ext]
        body = await run_in_threadpool(data.dump, fmt)
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="dataset.{ext}"'})

    async def sparql(request: Request) -> Response:
        """The SPARQL 1.1 Protocol, read-only.

        ``query`` is query text only: never a file name nor a question's name. It is parsed
        (in a child process, under the query's limits) before anything runs: an update is
        refused (403), and so is SERVICE anywhere in it (400), so this server never calls
        other servers; FROM and FROM NAMED only name graphs of the store. The format is
        negotiated once the query's kind is known (406 when none fits). At most
        ``max_results`` solutions or triples are sent: the rest are not read, and
        ``X-SSC-RDF-Truncated: true`` says so (the answer is still a whole document).
        """
        nonlocal running
        try:
            params = form_fields(request.scope["query_string"], "the query string")
            if request.method == "POST":
                content_type = request.headers.get("content-type", "").split(";")[0].strip()
                if content_type == "application/sparql-update":
                    return PlainTextResponse("This endpoint is read-only: updates are refused.\n", status_code=403)
                body = await read_body(request, max_body)
                if content_type == "application/sparql-query":
                    params["query"] = utf8(body, "the query")
                else:  # application/x-www-form-urlencoded, as the SPARQL protocol and HTML forms send
                    params.update(form_fields(body, "the form"))
        except BadRequest as exc:
            return exc.response()
        if "update" in params:
            return PlainTextResponse("This endpoint is read-only: updates are refused.\n", status_code=403)
        query = params.get("query")
        if not query:
            return HTMLResponse(pages.sparql())
        if running >= max_queries:
            return PlainTextResponse(f"Too many queries at once (at most {max_queries}): try again later.\n",
                                     status_code=503, headers={"Retry-After": str(math.ceil(query_timeout))})
        running += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(
                query_threads, answer, query, params.get("format"), request.headers.get("accept"))
        finally:
            running -= 1

    def answer(query: str, wanted: str | None, accept: str | None) -> Response:
        """A query's answer, or why there is none; on a query thread, the work in child processes."""
        deadline = time.monotonic() + query_timeout
        try:
            prepared = runner.prepare(query, timeout=query_timeout)
            refuse_services(prepared)
            fmt = _negotiate(prepared.kind, wanted, accept)
            if fmt is None:
                return vary(PlainTextResponse(f"Not acceptable: a {prepared.kind} query's answer is available as "
                                              + ", ".join(media_types(prepared.kind)) + "\n", status_code=406))
            result = runner.run(prepared, fmt="json" if fmt == "html" else fmt, limit=max_results,
                                timeout=max(deadline - time.monotonic(), 0.0))
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
            names, rows = result.rows()
            table = {"vars": names, "rows": [[row.get(v, "") for v in names] for row in rows]}
            return vary(HTMLResponse(pages.sparql(query, table), headers=headers))
        return vary(Response(result.data, media_type=result.media_type, headers=headers))

    routes = [
        Route(root, home),
        Route(root + "sparql", sparql, methods=["GET", "POST"]),
        Route(root + ".well-known/void", void),
        Route(root + "ontology", ontology),
        Route(root + "ontology.{ext}", ontology),
        Route(root + "download/dataset.{ext}", download),
        Route(root + "{path:path}", resource),
    ]
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        runner.close()  # its zygote would end with this process anyway; this reaps it

    app = Starlette(routes=routes, middleware=[Middleware(Guard)], exception_handlers={Exception: _server_error},
                    lifespan=lifespan)
    app.state.ontology_iri = ONTOLOGY_IRI
    return app


async def _server_error(request: Request, exc: Exception) -> Response:
    """A bug's 500, with the headers every response has (Guard sits inside Starlette's error handler)."""
    return PlainTextResponse("Internal server error\n", status_code=500, headers=SECURITY_HEADERS)


# Percent-encoded bytes of non-ASCII characters, which a browser sends for an IRI's characters.
_NON_ASCII = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def _negotiate(kind: str, wanted: str | None, accept: str | None) -> str | None:
    """``html`` (a results page, for SELECT), a format name for ``kind``, or None (406): from the
    ``format`` parameter when given, else from Accept."""
    pages = [HTML] if kind == "SELECT" else []
    if wanted == "html":
        return "html" if pages else None
    if wanted:
        try:
            return choose_format(kind, wanted)
        except UsageError:
            return None
    offers = media_types(kind)
    choice = best(accept, pages + list(offers))
    return None if choice is None else "html" if choice == HTML else offers[choice]
