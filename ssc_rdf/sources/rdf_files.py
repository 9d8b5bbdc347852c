"""Source: RDF files of any format, read by pyoxigraph as a stream of quads.

The one RDF reader of the project: every command reads RDF through it, with the
format from ``--input-format``, the file name, or the content (stdin too).
"""

from __future__ import annotations

import gzip
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
    """The quads of one RDF file (triples in the default graph), as a stream."""
    try:
        yield from ox.parse(open_maybe_gzip(handle, name), format=fmt)
    except (OSError, EOFError, zlib.error) as exc:  # zlib: a damaged gzip body
        raise InputError(f"cannot read file: {getattr(exc, 'strerror', None) or exc}", path=name) from None
    except SyntaxError as exc:
        message = " ".join(str(exc).split())[:300]
        raise InputError(f"cannot parse as {name_of(fmt)}: {message}", path=name) from None
    except ValueError as exc:
        raise InputError(f"cannot parse as {name_of(fmt)}: {exc}", path=name) from None


__all__ = ["format_named", "guess_format", "open_maybe_gzip", "read"]
