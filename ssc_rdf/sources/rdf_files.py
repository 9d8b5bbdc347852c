"""Source: RDF files of any format, read by pyoxigraph as a stream of quads.

The one RDF reader of the project: every command reads RDF through it, with the
format from ``--input-format``, the file name, or the content (stdin too).
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..rdf.formats import format_for_path, name_of, rdf_format

GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_LINES = 50


def format_named(name: str) -> ox.RdfFormat:
    try:
        return rdf_format(name)
    except UsageError as exc:
        raise UsageError(f"input format: {exc}") from None


def guess_format(name: str, head: bytes, whole: bool = False) -> ox.RdfFormat | None:
    """By extension first, else by content; None when it does not look like RDF.

    ``head`` is the start of the input (all of it when ``whole``): line formats are told
    apart by parsing its first complete lines.
    """
    by_name = format_for_path(name)
    if by_name is not None:
        return by_name
    text = head.lstrip()
    if text.startswith(GZIP_MAGIC):
        return None
    if text.startswith((b"<?xml", b"<rdf:RDF")):
        return ox.RdfFormat.RDF_XML
    if text.startswith((b"{", b"[")):
        return ox.RdfFormat.JSON_LD
    lines = text.splitlines() if whole else text.splitlines()[:-1]
    body = [line for line in lines[:_SNIFF_LINES] if line.strip() and not line.lstrip().startswith(b"#")]
    if not body:
        return None
    for candidate in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        if _parses(b"\n".join(body), candidate):
            return candidate  # TriG also reads Turtle: its triples are in the default graph
    if any(marker in text for marker in (b"@prefix", b"PREFIX", b"@base")):
        return ox.RdfFormat.TRIG  # Turtle or TriG whose first lines end mid-statement
    return None


def _parses(sample: bytes, fmt: ox.RdfFormat) -> bool:
    try:
        for _ in ox.parse(sample, format=fmt):
            pass
    except (SyntaxError, ValueError):
        return False
    return True


def open_maybe_gzip(handle: BinaryIO, name: str) -> BinaryIO:
    head = handle.peek(2)[:2] if hasattr(handle, "peek") else b""
    if head == GZIP_MAGIC or name.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=handle, mode="rb")  # type: ignore[return-value]
    return handle


def read(handle: BinaryIO, name: str, fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    """The quads of one RDF file (triples in the default graph), as a stream.

    RDF/XML and JSON-LD are checked first by bounded parsers (``guard``): pyoxigraph
    expands XML entities without limit and recurses on deep nesting.
    """
    try:
        source = guard(open_maybe_gzip(handle, name), name, fmt)
        yield from ox.parse(source, format=fmt)
    except (OSError, EOFError, zlib.error) as exc:  # zlib: a damaged gzip body
        raise InputError(f"cannot read file: {getattr(exc, 'strerror', None) or exc}", path=name) from None
    except SyntaxError as exc:
        message = " ".join(str(exc).split())[:300]
        raise InputError(f"cannot parse as {name_of(fmt)}: {message}", path=name) from None
    except ValueError as exc:
        raise InputError(f"cannot parse as {name_of(fmt)}: {exc}", path=name) from None


MAX_DEPTH = 256  # nesting of XML elements or JSON objects: far beyond any real RDF document
MAX_IN_MEMORY = 512 * 1024 * 1024  # bytes of RDF/XML with a DOCTYPE, or of JSON-LD, read whole


def guard(handle: BinaryIO, name: str, fmt: ox.RdfFormat) -> BinaryIO | bytes:
    """What pyoxigraph may parse safely: the input itself, or its checked bytes."""
    if fmt == ox.RdfFormat.RDF_XML:
        return _guard_xml(handle, name)
    if fmt in (ox.RdfFormat.JSON_LD, ox.RdfFormat.STREAMING_JSON_LD):
        return _guard_json(_read_whole(handle, name), name)
    return handle


def _read_whole(handle: BinaryIO, name: str) -> bytes:
    data = handle.read(MAX_IN_MEMORY + 1)
    if len(data) > MAX_IN_MEMORY:
        raise InputError(f"too large to check safely (over {MAX_IN_MEMORY // 2**20} MB): convert it to "
                         "N-Triples or N-Quads first", path=name)
    return data


def _guard_xml(handle: BinaryIO, name: str) -> BinaryIO | bytes:
    """RDF/XML through libxml2 (lxml) first: no network, no external entities, its limits on
    entity amplification (billion laughs, quadratic blowup) and on depth.

    A document with a DOCTYPE (often used for namespace entities) is parsed whole and handed
    on with its internal entities expanded; any other is only scanned, then streamed.
    """
    from lxml import etree

    head = handle.peek(4096)[:4096] if hasattr(handle, "peek") else b""
    options = {"resolve_entities": "internal", "no_network": True, "load_dtd": False, "huge_tree": False}

    def scan(stream: BinaryIO) -> None:
        for _, element in etree.iterparse(stream, events=("end",), **options):
            element.clear()

    try:
        if b"<!DOCTYPE" in head or not handle.seekable():
            data = _read_whole(handle, name)
            if b"<!DOCTYPE" in data[:65536]:
                return etree.tostring(etree.fromstring(data, etree.XMLParser(**options)))
            scan(io.BytesIO(data))
            return data
        start = handle.tell()
        scan(handle)
        handle.seek(start)
        return handle
    except etree.XMLSyntaxError as exc:
        raise InputError(f"cannot parse as xml: {exc.msg}", path=name, line=exc.lineno or None) from None


def _guard_json(data: bytes, name: str) -> bytes:
    """JSON-LD nested at most ``MAX_DEPTH`` deep (pyoxigraph recurses: deep input crashes it),
    with its contexts in the file: a context named by URL (http, file...) is never fetched."""
    try:
        document = json.loads(data)
    except RecursionError:
        raise InputError(f"JSON nested deeper than {MAX_DEPTH} levels", path=name) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot parse as json-ld: {exc}", path=name) from None
    pending: list[tuple[object, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"JSON nested deeper than {MAX_DEPTH} levels", path=name)
        if isinstance(value, dict):
            context = value.get("@context")
            for item in context if isinstance(context, list) else [context]:
                if isinstance(item, str):
                    raise InputError(f"remote JSON-LD contexts are not loaded ({item[:100]}): put the context "
                                     "in the file", path=name, field="@context")
            pending.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            pending.extend((v, depth + 1) for v in value)
    return data


__all__ = ["format_named", "guess_format", "open_maybe_gzip", "read"]
