"""Sink: write a converted dataset to files, deterministically and atomically.

Same quads in, same bytes out: statements are sorted, no blank nodes are minted,
and JSON-LD is compacted with the shipped context and then put in a stable order.
Files are written to a temporary name beside the target and renamed into place only
when all are complete, so a failed run leaves no partial file and keeps the old one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..formats import RdfFormat
from ..namespaces import PREFIXES
from ..resources import context_path

Quad = tuple  # (s, p, o, graph IRI or None)


@cache
def jsonld_context() -> dict:
    return json.loads(context_path().read_text(encoding="utf-8"))["@context"]


def _sorted_unique(quads: Iterable[Quad]) -> list[Quad]:
    return sorted(set(quads), key=lambda q: (q[0].n3(), q[1].n3(), q[2].n3(), q[3].n3() if q[3] else ""))


def triple_graph(quads: Iterable[Quad], *, ordered: bool = True) -> Graph:
    """All statements merged into one graph (for the triple-only formats).

    ``ordered`` adds them in sorted order, which rdflib's serialisers need to give the
    same bytes every time; a graph only to be checked or queried can skip the sort.
    """
    graph = Graph(bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    triples = {(s, p, o) for s, p, o, _ in quads}
    for triple in sorted(triples, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())) if ordered else triples:
        graph.add(triple)
    return graph


def quad_dataset(quads: Iterable[Quad]) -> Dataset:
    dataset = Dataset(default_union=False)
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns)
    for s, p, o, g in _sorted_unique(quads):
        target = dataset.graph(URIRef(g)) if g is not None else dataset.default_graph
        target.add((s, p, o))
    return dataset


def serialize(quads: Iterable[Quad], fmt: RdfFormat) -> bytes:
    """Serialise quads in ``fmt``; the same quads always give the same bytes."""
    return serialize_all(quads, [fmt])[fmt.name]


def serialize_all(quads: Iterable[Quad], formats: Iterable[RdfFormat]) -> dict[str, bytes]:
    """Serialise quads in each of ``formats`` (by name), converting them only once.

    pyoxigraph writes everything but JSON-LD: about ten times faster than rdflib
    (bench/corpus_suite.py), and as stable once the statements are sorted.
    """
    quads = list(quads)
    out: dict[str, bytes] = {}
    lines: list[bytes] | None = None
    for fmt in formats:
        if fmt.name == "json-ld":
            out[fmt.name] = jsonld_bytes(triple_graph(quads))
        elif fmt.quads:
            out[fmt.name] = _quad_format(quads, fmt.name)
        else:
            lines = lines if lines is not None else _triple_lines(quads)
            out[fmt.name] = _triple_format(lines, fmt.name)
    return out


def _quad_format(quads: list[Quad], name: str) -> bytes:
    import pyoxigraph

    by_graph = sorted(_sorted_unique(quads), key=lambda q: q[3].n3() if q[3] is not None else "")
    items = [pyoxigraph.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o),
                             to_oxigraph(g) if g is not None else pyoxigraph.DefaultGraph())
             for s, p, o, g in by_graph]
    if name == "trig":
        return pyoxigraph.serialize(items, format=pyoxigraph.RdfFormat.TRIG, prefixes=PREFIXES)
    return _sorted_lines(pyoxigraph.serialize(items, format=pyoxigraph.RdfFormat.N_QUADS))


def _triple_lines(quads: list[Quad]) -> list[bytes]:
    """The distinct triples as sorted N-Triples lines (without their line ends)."""
    import pyoxigraph

    items = [pyoxigraph.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
             for s, p, o in {(s, p, o) for s, p, o, _ in quads}]
    return sorted(set(pyoxigraph.serialize(items, format=pyoxigraph.RdfFormat.N_TRIPLES).splitlines()) - {b""})


_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "


def _types_first(line: bytes) -> tuple:
    subject, _, rest = line.partition(b" ")
    return subject, not rest.startswith(_TYPE), rest


def _triple_format(lines: list[bytes], name: str) -> bytes:
    import pyoxigraph

    if name == "nt":
        return b"".join(line + b"\n" for line in lines)
    # Turtle and RDF/XML group a subject's statements as they come: types first, as people expect.
    triples = pyoxigraph.parse(b"\n".join(sorted(lines, key=_types_first)), format=pyoxigraph.RdfFormat.N_TRIPLES)
    fmt = pyoxigraph.RdfFormat.TURTLE if name == "turtle" else pyoxigraph.RdfFormat.RDF_XML
    return pyoxigraph.serialize(triples, format=fmt, prefixes=PREFIXES)


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term (a hot path: exact type checks come first)."""
    import pyoxigraph

    kind = type(term)
    if kind is URIRef:
        return pyoxigraph.NamedNode(term)
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(term, language=term.language)
        return pyoxigraph.Literal(term, datatype=_datatype(term.datatype or XSD.string))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(term)
    return pyoxigraph.NamedNode(term)


@cache
def _datatype(iri: str):
    import pyoxigraph

    return pyoxigraph.NamedNode(iri)


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted({line for line in data.splitlines() if line.strip()})
    return b"".join(line + b"\n" for line in lines)


def jsonld_bytes(graph: Graph) -> bytes:
    """JSON-LD compacted with the shipped context (inlined), arrays in a stable order."""
    context = jsonld_context()
    compacted = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    compacted["@context"] = context
    nodes = compacted.get("@graph", [])
    if isinstance(nodes, list):
        compacted["@graph"] = sorted((_stable(n) for n in nodes), key=lambda n: n.get("id", n.get("@id", "")))
    return (json.dumps(compacted, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _stable(value):
    """Sort every array (JSON-LD arrays here are sets: no @list is used) by its JSON text."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_stable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def write_all(outputs: dict[Path, bytes]) -> None:
    """Write several files; if any write fails, none of the targets is replaced."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in outputs.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
