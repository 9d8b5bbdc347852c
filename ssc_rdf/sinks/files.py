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
import shutil
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from ..rdf.formats import name_of
from ..rdf.prefixes import jsonld_context, prefix_map
from ..rdf.typed import GraphTriples, to_bytes
from .sorted_runs import SortedRuns

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
    ntriples: bytes | None = None
    for fmt in formats:
        if fmt == ox.RdfFormat.N_QUADS:
            out[fmt] = _join(_sorted_lines(to_bytes(quads, fmt)))
        elif fmt == ox.RdfFormat.TRIG:
            out[fmt] = _trig(quads)
        else:
            ntriples = ntriples if ntriples is not None else _join(_triple_lines(quads))
            out[fmt] = _triple_format(ntriples, fmt)
    return out


def serialize_graphs(graphs: Sequence[GraphTriples],
                     formats: Sequence[ox.RdfFormat]) -> tuple[dict[ox.RdfFormat, bytes], int]:
    """``serialize_all`` of the mapping's graphs, the same bytes, with no quad made; and the
    number of distinct triples written.

    Each line is written from its terms: a pyoxigraph term's ``str`` is its N-Triples form,
    as pyoxigraph's writer writes it (a test holds them equal), and Python orders text as
    UTF-8 orders its bytes, so the lines sort as the written ones do.
    """
    triple_lines = _graph_triple_lines(graphs)
    ntriples = _join(triple_lines)
    quad_formats = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG}
    by_graph = _graph_quad_lines(graphs) if quad_formats.intersection(formats) else {}
    out: dict[ox.RdfFormat, bytes] = {}
    for fmt in formats:
        if fmt == ox.RdfFormat.N_QUADS:
            out[fmt] = _join(_all_quad_lines(by_graph))
        elif fmt == ox.RdfFormat.TRIG:
            out[fmt] = _trig_document(b"".join(_join(by_graph[name]) for name in sorted(by_graph)))
        else:
            out[fmt] = _triple_format(ntriples, fmt)
    return out, len(triple_lines)


def _graph_triple_lines(graphs: Sequence[GraphTriples]) -> list[bytes]:
    """The graphs' triples as sorted, distinct N-Triples lines, written from their terms."""
    return _distinct([f"{s} {p} {o} .".encode() for graph in graphs for s, p, o in graph.triples])


def _all_quad_lines(by_graph: dict[str, list[bytes]]) -> list[bytes]:
    """Every graph's N-Quads lines (``_graph_quad_lines``), sorted and distinct as one."""
    return _distinct([line for lines in by_graph.values() for line in lines])


def _graph_quad_lines(graphs: Sequence[GraphTriples]) -> dict[str, list[bytes]]:
    """Each graph's sorted, distinct N-Quads lines, by its place in TriG (``_graph_key``)."""
    by_graph: dict[str, list[bytes]] = defaultdict(list)
    for graph in graphs:
        tail = _graph_tail(graph.graph)
        by_graph[_graph_key(graph.graph)] += [f"{s} {p} {o}{tail}".encode() for s, p, o in graph.triples]
    return {name: _distinct(lines) for name, lines in by_graph.items()}


def _graph_tail(graph: ox.NamedNode | ox.DefaultGraph) -> str:
    """What ends an N-Quads line in ``graph``."""
    return " ." if isinstance(graph, ox.DefaultGraph) else f" {graph} ."


def _distinct(lines: list[bytes]) -> list[bytes]:
    """The distinct lines, sorted (in place): each compared with the next, which takes half the
    time of hashing them all."""
    lines.sort()
    return [line for line, after in pairwise(lines) if line != after] + lines[-1:]


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
    distinct = _distinct(data.split(b"\n"))
    if distinct and not distinct[0]:
        del distinct[0]  # after the last line feed: the empty line, sorted first
    return distinct


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n" if lines else b""


def _graph_key(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    """A graph's place in TriG: the default graph first, then the others by name."""
    return "" if isinstance(graph, ox.DefaultGraph) else str(graph)


def _trig(quads: Iterable[ox.Quad]) -> bytes:
    """TriG grouped by graph (the default graph first), statements sorted within each."""
    by_graph: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        by_graph[_graph_key(quad.graph_name)].append(quad)
    return _trig_document(b"".join(_join(_sorted_lines(to_bytes(by_graph[name], ox.RdfFormat.N_QUADS)))
                                   for name in sorted(by_graph)))


def _trig_document(ordered: bytes) -> bytes:
    """TriG of N-Quads lines in TriG's order: pyoxigraph's writer groups them as they come."""
    return to_bytes(ox.parse(ordered, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.TRIG, prefix_map())


def _triple_format(ntriples: bytes, fmt: ox.RdfFormat) -> bytes:
    """A triple format from sorted, distinct N-Triples lines."""
    if fmt == ox.RdfFormat.N_TRIPLES:
        return ntriples
    if fmt == ox.RdfFormat.JSON_LD:
        return jsonld_bytes(ntriples)
    # Turtle and RDF/XML group a subject's statements as they come: types first, as people expect.
    ordered = b"".join(_types_first_lines(ntriples.splitlines(keepends=True)))
    return to_bytes(ox.parse(ordered, format=ox.RdfFormat.N_TRIPLES), fmt, prefix_map())


def jsonld_bytes(ntriples: bytes) -> bytes:
    """JSON-LD compacted with the shipped context (inlined), arrays in a stable order, indented."""
    return (json.dumps(jsonld_compacted(ntriples), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def jsonld_compacted(ntriples: bytes) -> dict[str, Any]:
    """The JSON-LD of ``jsonld_bytes``, not yet text: a page writes it on one line (json indents
    in Python only, which cost more than the rest of a small page)."""
    from .jsonld_compaction import compact  # only when JSON-LD is written: pyld is slow to import

    expanded = json.loads(to_bytes(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), ox.RdfFormat.JSON_LD))
    context = jsonld_context()
    # Oxigraph writes expanded JSON-LD: expanding it again took a quarter of the time and changed
    # nothing (every document of the dataset, its dump and the converted test corpora, byte for byte).
    compacted = compact(expanded, {"@context": context}, options={"documentLoader": _no_remote, "skipExpansion": True})
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
    """Sink: RDF files, each in one format (``-`` is standard output).

    Each ``add`` (a whole conversion, or one batch of a streamed one) is sorted and spilled
    to disk as runs (``SortedRuns``); ``close`` merges the runs into every file, staged
    beside its target and renamed into place together. Memory holds one batch, never the
    output, except for JSON-LD, whose compaction needs the whole graph at once. The bytes
    are those of ``serialize_all`` on all the quads added.
    """

    def __init__(self, targets: Sequence[tuple[str, ox.RdfFormat]]) -> None:
        self.targets = list(targets)
        formats = {fmt for _, fmt in self.targets}
        self._tmp = tempfile.TemporaryDirectory(prefix="ssc-rdf-")
        spill = Path(self._tmp.name)
        self.triples = SortedRuns(spill)  # always: they also count the triples written
        self.quad_lines = SortedRuns(spill) if ox.RdfFormat.N_QUADS in formats else None
        self.graph_lines = SortedRuns(spill) if ox.RdfFormat.TRIG in formats else None
        self.triple_count = 0  # distinct triples, known at close

    def add(self, quads: Iterable[ox.Quad]) -> None:
        quads = list(quads)
        self.triples.add([_join(_triple_lines(quads))])
        if self.quad_lines is not None:
            self.quad_lines.add([_join(_sorted_lines(to_bytes(quads, ox.RdfFormat.N_QUADS)))])
        if self.graph_lines is not None:
            self.graph_lines.add([_graph_keyed_lines(quads)])

    def add_graphs(self, graphs: Sequence[GraphTriples]) -> None:
        """``add`` for the mapping's graphs, with no quad made (the lines of ``serialize_graphs``)."""
        self.triples.add([_join(_graph_triple_lines(graphs))])
        needed = self.quad_lines is not None or self.graph_lines is not None
        by_graph = _graph_quad_lines(graphs) if needed else {}
        if self.quad_lines is not None:
            self.quad_lines.add([_join(_all_quad_lines(by_graph))])
        if self.graph_lines is not None:
            self.graph_lines.add([b"".join(name.encode() + b"\t" + line + b"\n"
                                           for name in sorted(by_graph) for line in by_graph[name])])

    def discard(self) -> None:
        """Drop what was added: nothing is written (a conversion that failed part-way)."""
        self._tmp.cleanup()

    def close(self) -> list[WrittenFile]:
        try:
            spill = Path(self._tmp.name)
            sources = {ox.RdfFormat.N_TRIPLES: spill / "merged.nt"}
            with open(sources[ox.RdfFormat.N_TRIPLES], "wb") as merged:
                for line in self.triples.merged():
                    merged.write(line)
                    self.triple_count += 1
            self.triples.close()  # merged: the runs go, so the disk holds each family about twice at most

            def source(fmt: ox.RdfFormat) -> Path:  # the lines a format is written from, merged once, on disk
                family = _FAMILY.get(fmt, ox.RdfFormat.TURTLE)
                if family not in sources:
                    sources[family] = _merged_file(self, family, sources[ox.RdfFormat.N_TRIPLES])
                return sources[family]

            sizes: dict[int, int] = {}

            def render(number: int, fmt: ox.RdfFormat) -> Callable[[BinaryIO], object]:
                return lambda handle: sizes.__setitem__(number, _render(fmt, source, handle))

            for number, (target, fmt) in enumerate(self.targets):
                if target == "-":
                    render(number, fmt)(sys.stdout.buffer)
                    sys.stdout.buffer.flush()
            write_together({Path(target): render(number, fmt)
                            for number, (target, fmt) in enumerate(self.targets) if target != "-"})
            written = [WrittenFile(target, fmt, sizes[number]) for number, (target, fmt) in enumerate(self.targets)]
            return written
        finally:
            self._tmp.cleanup()


# The lines each format is written from: its own for N-Triples, N-Quads and TriG; the others
# share Turtle's (N-Triples, each subject's types first).
_FAMILY = {fmt: fmt for fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)}


def _merged_file(sink: FileSink, fmt: ox.RdfFormat, ntriples: Path) -> Path:
    """A family's lines, merged from the runs onto disk beside the merged N-Triples: N-Quads
    lines, N-Quads by graph (TriG), or the N-Triples with types first (Turtle, RDF/XML, JSON-LD)."""
    path = ntriples.with_name(f"merged-{name_of(fmt)}")
    with open(path, "wb") as handle:
        if fmt == ox.RdfFormat.N_QUADS:
            assert sink.quad_lines is not None
            handle.writelines(sink.quad_lines.merged())
            sink.quad_lines.close()
        elif fmt == ox.RdfFormat.TRIG:
            assert sink.graph_lines is not None
            handle.writelines(line.partition(b"\t")[2] for line in sink.graph_lines.merged())
            sink.graph_lines.close()
        else:
            with open(ntriples, "rb") as lines:
                handle.writelines(_types_first_lines(lines))
    return path


def _render(fmt: ox.RdfFormat, source: Callable[[ox.RdfFormat], Path], handle: BinaryIO) -> int:
    """Write one format to ``handle`` from its merged lines; return the bytes written."""
    out = _Counted(handle)
    if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        with open(source(fmt), "rb") as lines:
            shutil.copyfileobj(lines, out)
    elif fmt == ox.RdfFormat.JSON_LD:
        out.write(jsonld_bytes(source(fmt).read_bytes()))
    else:  # streamed through pyoxigraph's writer: it groups the statements of a subject as they come
        parsed = ox.RdfFormat.N_QUADS if fmt == ox.RdfFormat.TRIG else ox.RdfFormat.N_TRIPLES
        ox.serialize(ox.parse(path=str(source(fmt)), format=parsed), output=out, format=fmt,  # type: ignore[arg-type]
                     prefixes=prefix_map())
    return out.size


class _Counted:
    """A binary writer that counts what goes through it (standard output cannot tell)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.size = handle, 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()


def _types_first_lines(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Sorted N-Triples lines with each subject's ``rdf:type`` lines moved first, the rest kept
    in order: sorted lines keep a subject's lines together, so one subject at a time (a sort
    keyed on (subject, not a type, rest) gives the same order, in twice the time)."""
    subject: bytes | None = None
    types: list[bytes] = []
    others: list[bytes] = []
    for line in lines:
        head, _, rest = line.partition(b" ")
        if head != subject:
            yield from types
            yield from others
            subject, types, others = head, [], []
        (types if rest.startswith(_TYPE) else others).append(line)
    yield from types
    yield from others


def _graph_keyed_lines(quads: Sequence[ox.Quad]) -> bytes:
    """N-Quads lines sorted by graph (the default graph first), then by line, each after its
    graph's name and a tab: merged runs of them are TriG's order."""
    by_graph: dict[bytes, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        graph = quad.graph_name
        by_graph[b"" if isinstance(graph, ox.DefaultGraph) else str(graph).encode()].append(quad)
    return b"".join(key + b"\t" + line + b"\n"
                    for key in sorted(by_graph)
                    for line in _sorted_lines(to_bytes(by_graph[key], ox.RdfFormat.N_QUADS)))


def _stage(path: Path) -> str:
    """A new empty temporary file beside ``path`` (old ones of killed runs removed), with the
    mode a new file gets: renamed onto ``path`` once complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.fchmod(fd, file_mode())
    os.close(fd)
    return tmp


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
    write_together({path: _writing(data) for path, data in outputs.items()})


def _writing(data: bytes) -> Callable[[BinaryIO], object]:
    return lambda handle: handle.write(data)


def write_together(writers: dict[Path, Callable[[BinaryIO], object]]) -> None:
    """Write several files, each by its writer into a staged file beside it; only when all are
    complete are they renamed into place, so a failure replaces none of the targets."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, writer in writers.items():
            tmp = _stage(path)
            staged.append((tmp, path))
            with open(tmp, "wb") as handle:
                writer(handle)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["FileSink", "WrittenFile", "file_mode", "jsonld_bytes", "jsonld_compacted", "serialize", "serialize_all",
           "serialize_graphs", "write_all"]
