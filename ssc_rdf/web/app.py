"""The live linked-data server: dereferenceable IRIs, a SPARQL endpoint, the dataset's
description and downloads, the ontology's documentation (Starlette, served by Uvicorn)."""

from __future__ import annotations

import json
from functools import lru_cache
from urllib.parse import parse_qsl, unquote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import SscError
from ..queries import kind as query_kind
from ..querying import prepare
from ..rdf import ONTOLOGY_IRI
from ..rdf.formats import BY_NAME
from ..rdf.prefixes import prefix_map
from ..sparql_run import RESULT_FORMATS, QueryTimeout, execute_on, in_child
from .dataset import DOCUMENTS, DOWNLOADS, Dataset
from .negotiation import best
from .pages import Pages
from .void import describe

HTML = "text/html"
RDF_OFFERS = [HTML] + [media for _, media in DOCUMENTS.values()]
EXT_FOR_MEDIA = {media: ext for ext, (_, media) in DOCUMENTS.items()} | {HTML: "html"}
RESULT_OFFERS = [HTML, *RESULT_FORMATS.values()]
GRAPH_OFFERS = [media for _, media in DOCUMENTS.values()]


def create_app(data: Dataset, *, query_timeout: float = 10.0, max_results: int = 10_000) -> Starlette:
    pages = Pages(data)
    root = pages.root
    # the published data does not change while serving: render each page and document once
    resource_page = lru_cache(maxsize=16_384)(pages.resource)
    document = lru_cache(maxsize=16_384)(data.document)
    home_page = lru_cache(maxsize=1)(pages.home)

    def vary(response: Response) -> Response:
        response.headers["Vary"] = "Accept"
        return response

    def rdf(body: bytes, ext: str) -> Response:
        return vary(Response(body, media_type=DOCUMENTS[ext][1] + ("; charset=utf-8" if ext != "rdf" else "")))

    async def home(request: Request) -> Response:
        return vary(HTMLResponse(await run_in_threadpool(home_page)))

    async def resource(request: Request) -> Response:
        path = unquote(request.url.path)[len(root):]
        iri = data.iri_for(path)
        stem, dot, ext = path.rpartition(".")
        if dot and (ext in DOCUMENTS or ext == "html") and not data.exists(iri) and data.exists(data.iri_for(stem)):
            if ext == "html":
                return vary(HTMLResponse(await run_in_threadpool(resource_page, data.iri_for(stem))))
            return rdf(await run_in_threadpool(document, data.iri_for(stem), DOCUMENTS[ext][0]), ext)
        if not data.exists(iri):
            return PlainTextResponse(f"Not found: {iri}\n", status_code=404)
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
        return rdf(ox.serialize(triples, format=BY_NAME[DOCUMENTS[ext][0]], prefixes=prefix_map()), ext)

    async def void(request: Request) -> Response:
        import pyoxigraph as ox

        choice = best(request.headers.get("accept"), GRAPH_OFFERS + [HTML])
        if choice is None:
            return vary(PlainTextResponse("Not acceptable\n", status_code=406))
        ext = "ttl" if choice == HTML else EXT_FOR_MEDIA[choice]
        triples = await run_in_threadpool(describe, data)
        return rdf(ox.serialize(triples, format=BY_NAME[DOCUMENTS[ext][0]],
                                prefixes={**prefix_map(), "void": "http://rdfs.org/ns/void#",
                                          "dcat": "http://www.w3.org/ns/dcat#"}), ext)

    async def download(request: Request) -> Response:
        ext = request.path_params["ext"]
        if ext not in DOWNLOADS:
            return PlainTextResponse("Not found\n", status_code=404)
        fmt, media = DOWNLOADS[ext]
        body = await run_in_threadpool(data.dump, fmt)
        return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="dataset.{ext}"'})

    async def sparql(request: Request) -> Response:
        params = dict(request.query_params)
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip()
            if content_type == "application/sparql-query":
                params["query"] = (await request.body()).decode("utf-8")
            elif content_type == "application/sparql-update":
                return PlainTextResponse("This endpoint is read-only: updates are refused.\n", status_code=403)
            else:  # application/x-www-form-urlencoded, as the SPARQL protocol and HTML forms send
                params.update(parse_qsl((await request.body()).decode("utf-8")))
        if "update" in params:
            return PlainTextResponse("This endpoint is read-only: updates are refused.\n", status_code=403)
        query = params.get("query")
        wanted = params.get("format")
        choice = HTML if wanted == "html" else RESULT_FORMATS.get(wanted or "") or best(
            request.headers.get("accept"), RESULT_OFFERS + GRAPH_OFFERS)
        if not query:
            return HTMLResponse(pages.sparql())
        try:
            text = prepare(query, None)
            kind = query_kind(text)
        except SscError as exc:
            return PlainTextResponse(f"Bad query: {exc}\n", status_code=403 if "updates" in str(exc) else 400)
        limited = _limited(text, kind, max_results)
        if limited is None:
            return PlainTextResponse(f"Queries may return at most {max_results} results (LIMIT).\n", status_code=400)
        if choice is None:
            return vary(PlainTextResponse("Not acceptable\n", status_code=406))
        if kind in ("SELECT", "ASK"):
            fmt = "json" if choice in (HTML, None) else next(k for k, v in RESULT_FORMATS.items() if v == choice)
            media = RESULT_FORMATS[fmt]
        else:
            ext = "ttl" if choice in (HTML,) or choice not in EXT_FOR_MEDIA else EXT_FOR_MEDIA[choice]
            fmt, media = DOCUMENTS[ext]
        try:
            body = await run_in_threadpool(in_child, query_timeout, execute_on, data.store, limited, kind, fmt)
        except QueryTimeout:
            return PlainTextResponse(f"The query was stopped after the time limit of {query_timeout:g} s.\n",
                                     status_code=503)
        except SscError as exc:
            return PlainTextResponse(f"Bad query: {exc}\n", status_code=400)
        if choice == HTML and kind == "SELECT":
            result = json.loads(body)
            names = result["head"]["vars"]
            rows = [[b.get(v, {}).get("value", "") for v in names] for b in result["results"]["bindings"]]
            return vary(HTMLResponse(pages.sparql(query, {"vars": names, "rows": rows})))
        return vary(Response(body, media_type=media))

    routes = [
        Route(root, home),
        Route(root + "sparql", sparql, methods=["GET", "POST"]),
        Route(root + ".well-known/void", void),
        Route(root + "ontology", ontology),
        Route(root + "ontology.{ext}", ontology),
        Route(root + "download/dataset.{ext}", download),
        Route(root + "{path:path}", resource),
    ]
    app = Starlette(routes=routes)
    app.state.ontology_iri = ONTOLOGY_IRI
    return app


def _limited(text: str, kind: str, max_results: int) -> str | None:
    """The query with a LIMIT no larger than the server's maximum (None if it asks for more)."""
    import re

    if kind != "SELECT":
        return text
    match = re.search(r"\bLIMIT\s+(\d+)\s*(OFFSET\s+\d+\s*)?$", text, re.IGNORECASE)
    if match is None:
        return f"{text}\nLIMIT {max_results}"
    return text if int(match.group(1)) <= max_results else None
