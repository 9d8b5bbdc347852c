"""Sink: write quads to files, deterministically and atomically.

Same quads in, same bytes out: statements are sorted, no blank nodes are minted, and
JSON-LD is compacted with the shipped context and then put in a stable order.
pyoxigraph writes every format from the mapping's own terms (no conversion);
pyld compacts JSON-LD. Files are written to a temporary name beside the target and
renamed into place only when all are complete, with the mode the umask gives, so a
failed run leaves no partial file and keeps the old one.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..rdf.formats import name_of
from ..rdf.prefixes import jsonld_context, prefix_map
from ..rdf.typed import to_bytes

_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "


def serialize(quads: Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """Serialise quads in ``fmt``; the same quads always give the same bytes."""
    return serialize_all(quads, [fmt])[fmt]


def serialize_all(quads: Iterable[ox.Quad], formats: Sequence[ox.RdfFormat]) -> dict[ox.RdfFormat, bytes]:
    """Serialise quads in each of ``formats``, sorting them only once.

    Triple formats merge the named graphs; quad formats keep them. Duplicates are dropped
    as written lines, not as quads: a set of quads costs its hashing, and its order scatters
    the quads in memory, which makes writing and sorting slower.
    """
    quads = list(quads)  # read once per format
    out: dict[ox.RdfFormat, bytes] = {}
    triple_lines: list[bytes] | None = None
    for fmt in formats:
        if fmt == ox.RdfFormat.N_QUADS:
            out[fmt] = _join(_sorted_lines(to_bytes(quads, fmt)))
        elif fmt == ox.RdfFormat.TRIG:
            out[fmt] = _trig(quads)
        else:
            triple_lines = triple_lines if triple_lines is not None else _triple_lines(quads)
            out[fmt] = _triple_format(triple_lines, fmt)
    return out


def _triple_lines(quads: Iterable[ox.Quad]) -> list[bytes]:
    """The quads' triples as sorted, distinct N-Triples lines.

    ``Quad.triple`` makes a new Python object for every quad, which costs more than writing
    it. Instead each graph's quads are written as N-Quads, and the graph term, the same at
    the end of each of its lines, is cut off by one ``bytes.replace``: a line feed only ends
    lines (literals escape it), so every match is the end of a line.
    """
    by_graph: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        by_graph[quad.graph_name].append(quad)
    written = []
    for graph, members in by_graph.items():
        data = to_bytes(members, ox.RdfFormat.N_QUADS)
        if not isinstance(graph, ox.DefaultGraph):
            data = data.replace(b" " + str(graph).encode() + b" .\n", b" .\n")
        written.append(data)
    return _sorted_lines(b"".join(written))


def _sorted_lines(data: bytes) -> list[bytes]:
    """The distinct lines of ``data``, sorted: sorted as written, then de-duplicated in order
    (sorting a set's order, scattered in memory, took three times as long)."""
    lines = data.split(b"\n")
    lines.sort()
    distinct = list(dict.fromkeys(lines))
    if distinct and not distinct[0]:
        del distinct[0]  # after the last line feed: the empty line, sorted first
    return distinct


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n" if lines else b""


def _trig(quads: Iterable[ox.Quad]) -> bytes:
    """TriG grouped by graph (the default graph first), statements sorted within each."""
    by_graph: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        graph = quad.graph_name
        by_graph["" if isinstance(graph, ox.DefaultGraph) else str(graph)].append(quad)
    ordered = b"".join(_join(_sorted_lines(to_bytes(by_graph[name], ox.RdfFormat.N_QUADS)))
                       for name in sorted(by_graph))
    return to_bytes(ox.parse(ordered, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.TRIG, prefix_map())


def _types_first(line: bytes) -> tuple[bytes, bool, bytes]:  # a sort key for N-Triples lines
    subject, _, rest = line.partition(b" ")
    return subject, not rest.startswith(_TYPE), rest


def _triple_format(lines: list[bytes], fmt: ox.RdfFormat) -> bytes:
    if fmt == ox.RdfFormat.N_TRIPLES:
        return _join(lines)
    if fmt == ox.RdfFormat.JSON_LD:
        return jsonld_bytes(b"\n".join(lines))
    # Turtle and RDF/XML group a subject's statements as they come: types first, as people expect.
    ordered: list[bytes] = sorted(lines, key=_types_first)
    triples = ox.parse(b"\n".join(ordered), format=ox.RdfFormat.N_TRIPLES)
    return to_bytes(triples, fmt, prefix_map())


def jsonld_bytes(ntriples: bytes) -> bytes:
    """JSON-LD compacted with the shipped context (inlined), arrays in a stable order, indented."""
    return (json.dumps(jsonld_compacted(ntriples), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def jsonld_compacted(ntriples: bytes) -> dict[str, Any]:
    """The JSON-LD of ``jsonld_bytes``, not yet text: a page writes it on one line (json indents
    in Python only, which cost more than the rest of a small page)."""
    from pyld import jsonld  # only when JSON-LD is written

    expanded = json.loads(to_bytes(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), ox.RdfFormat.JSON_LD))
    context = jsonld_context()
    # Oxigraph writes expanded JSON-LD: expanding it again took a quarter of the time and changed
    # nothing (every document of the dataset, its dump and the converted test corpora, byte for byte).
    compacted = jsonld.compact(expanded, {"@context": context},
                               options={"documentLoader": _no_remote, "skipExpansion": True})
    compacted["@context"] = context
    nodes = compacted.get("@graph")
    if nodes is None:
        nodes = [{k: v for k, v in compacted.items() if k != "@context"}] if len(compacted) > 1 else []
        compacted = {"@context": context, "@graph": nodes}
    compacted["@graph"] = sorted((_stable(n) for n in nodes), key=lambda n: n.get("id", n.get("@id", "")))
    return compacted


def _no_remote(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    raise ValueError(f"remote JSON-LD documents are not loaded: {url}")


def _stable(value: Any) -> Any:
    """Sort every array (JSON-LD arrays here are sets: no @list is used) by its JSON text."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_stable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


@dataclass(frozen=True)
class WrittenFile:
    path: str  # "-" for standard output
    format: ox.RdfFormat
    size: int

    @property
    def format_name(self) -> str:
        return name_of(self.format)


class FileSink:
    """Sink: RDF files, each in one format (``-`` is standard output). Quads are gathered,
    because sorted output needs them all, and every file is written at ``close``, together."""

    def __init__(self, targets: Sequence[tuple[str, ox.RdfFormat]]) -> None:
        self.targets = list(targets)
        self.quads: list[ox.Quad] = []  # in order: serialize_all drops duplicates, faster than a set

    def add(self, quads: Iterable[ox.Quad]) -> None:
        self.quads.extend(quads)

    def close(self) -> list[WrittenFile]:
        rendered = serialize_all(self.quads, [fmt for _, fmt in self.targets])
        to_stdout = [fmt for target, fmt in self.targets if target == "-"]
        if to_stdout:
            sys.stdout.buffer.write(rendered[to_stdout[0]])
            sys.stdout.buffer.flush()
        write_all({Path(target): rendered[fmt] for target, fmt in self.targets if target != "-"})
        return [WrittenFile(target, fmt, len(rendered[fmt])) for target, fmt in self.targets]


@cache
def file_mode() -> int:
    """The mode a new file gets under the current umask (mkstemp alone would give 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def remove_leftovers(path: Path) -> None:
    """Remove the temporary files a killed run left beside ``path`` (``.NAME.*.part``)."""
    for leftover in path.parent.glob(f".{path.name}.*.part"):
        leftover.unlink(missing_ok=True)


def write_all(outputs: dict[Path, bytes]) -> None:
    """Write several files; if any write fails, none of the targets is replaced."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in outputs.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(path)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fchmod(handle.fileno(), file_mode())
                os.fsync(handle.fileno())
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["FileSink", "WrittenFile", "file_mode", "jsonld_bytes", "jsonld_compacted", "serialize", "serialize_all",
           "write_all"]
