"""Read RDF files of any format into an rdflib graph, with one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import InputError
from .formats import format_for_path

_SNIFF = (
    (b"<?xml", "xml"), (b"<rdf:RDF", "xml"), (b"{", "json-ld"), (b"[", "json-ld"),
)


def guess_format(path: str, head: bytes) -> str:
    """By extension first, else by content; Turtle (which also reads N-Triples) last."""
    fmt = format_for_path(path)
    if fmt is not None:
        return fmt.name
    stripped = head.lstrip()
    for marker, name in _SNIFF:
        if stripped.startswith(marker):
            return name
    if b"{" in head and (b"GRAPH" in head or b"} ." not in head and b"}\n" in head):
        return "trig"
    return "turtle"


def read_graph(paths: list[str], into: Graph | None = None) -> Graph:
    """Union of the triples of all files (named graphs merged)."""
    graph = into if into is not None else Graph()
    for path in paths:
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", path=path) from None
        if not data.strip():
            raise InputError("the file is empty", path=path, line=1)
        fmt = guess_format(path, data[:4096])
        try:
            if fmt in ("nquads", "trig"):
                dataset = Dataset()
                dataset.parse(data=data, format=fmt)
                for s, p, o, _ in dataset.quads():
                    graph.add((s, p, o))
            else:
                graph.parse(data=data, format=fmt)
        except Exception as exc:  # rdflib parsers raise many unrelated types
            message = " ".join(str(exc).split())[:300] or type(exc).__name__
            raise InputError(f"cannot parse as {fmt}: {message}", path=path) from None
    return graph
