"""Sink: every curated statement as a nanopublication with a trusty URI.

Each nanopublication has four graphs: a head; the assertion (the statement's plain triple,
or, for a statement the source hedges, the statement itself with its modality); the
provenance (the evidence sentence and the publication it comes from); and publication
info (when, by which tool, under which licence). Its URI ends with a trusty URI artifact
code (module RA: a SHA-256 of its normalised quads), so anyone can check that it was not
changed: the nanopub library's ``has_valid_trusty`` recomputes the same code.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..rdf.prefixes import prefix_map
from ..rdf.terms import DCTERMS, PROV, RDF, SSC, XSD
from ..rdf.typed import solutions, to_bytes
from .files import write_all

NP = "http://www.nanopub.org/nschema#"
CC_BY = ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")
TOOL = ox.NamedNode(f"https://pypi.org/project/ssc-rdf/{__version__}/")
PLACEHOLDER = "RAXXXXARTIFACTXXXX"  # stands for the artifact code until it is known
# What a statement node says about itself that is not the assertion's: it goes to the provenance.
_PROVENANCE = {SSC.evidence, PROV.wasDerivedFrom}

STATEMENTS = """SELECT ?st ?s ?p ?o WHERE { ?st a ssc:CuratedStatement ; rdf:subject ?s ; rdf:predicate ?p ;
rdf:object ?o } ORDER BY ?st"""

class NanopubExport:
    """Collects the conversion's quads; at ``close`` writes one TriG file per curated statement."""

    def __init__(self, out_dir: Path, base: str, created: str) -> None:
        self.out_dir, self.prefix, self.created = out_dir, f"{base}np/", created
        self.store = ox.Store()

    def add(self, quads: Iterable[ox.Quad]) -> None:
        self.store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)

    def close(self) -> list[Path]:
        files: dict[Path, bytes] = {}
        for row in solutions(self.store, STATEMENTS, prefixes=prefix_map()):
            quads = self.nanopublication(row["st"], row["s"], row["p"], row["o"])
            code = trusty_code(quads, self.prefix + PLACEHOLDER)
            final = [_replace(q, PLACEHOLDER, code) for q in quads]
            prefixes = {**prefix_map(), "np": NP, "this": self.prefix + code + "#"}
            ordered = sorted(final, key=_graph_first)
            files[self.out_dir / f"{code}.trig"] = to_bytes(ordered, ox.RdfFormat.TRIG, prefixes)
        write_all(files)
        return sorted(files)

    def nanopublication(self, statement: ox.NamedNode, s: ox.NamedNode, p: ox.NamedNode,
                        o: ox.NamedNode) -> list[ox.Quad]:
        this = self.prefix + PLACEHOLDER
        np, head, assertion, provenance, pubinfo = (ox.NamedNode(this + suffix) for suffix in
                                                    ("", "#Head", "#assertion", "#provenance", "#pubinfo"))
        own = list(self.store.quads_for_pattern(statement, None, None))
        if any(True for _ in self.store.quads_for_pattern(s, p, o)):  # asserted: the plain triple
            claims = [ox.Quad(s, p, o, assertion)]
        else:  # hedged: the statement with its modality, not the plain triple
            claims = [ox.Quad(q.subject, q.predicate, q.object, assertion) for q in own
                      if q.predicate not in _PROVENANCE]
        quads = [
            ox.Quad(np, RDF.type, ox.NamedNode(NP + "Nanopublication"), head),
            ox.Quad(np, ox.NamedNode(NP + "hasAssertion"), assertion, head),
            ox.Quad(np, ox.NamedNode(NP + "hasProvenance"), provenance, head),
            ox.Quad(np, ox.NamedNode(NP + "hasPublicationInfo"), pubinfo, head),
            *claims,
            *(ox.Quad(assertion, q.predicate, q.object, provenance) for q in own if q.predicate in _PROVENANCE),
            ox.Quad(np, DCTERMS.created, ox.Literal(self.created, datatype=XSD.dateTime), pubinfo),
            ox.Quad(np, DCTERMS.license, CC_BY, pubinfo),
            ox.Quad(np, PROV.wasAttributedTo, TOOL, pubinfo),
            ox.Quad(np, DCTERMS.source, statement, pubinfo),
        ]
        return quads


def trusty_code(quads: list[ox.Quad], this: str) -> str:
    """The RA artifact code of a nanopublication whose URI is ``this`` (ending in a placeholder):
    its quads normalised (the placeholder blanked), sorted and hashed, as the trusty URI
    specification's RDF module says."""
    prefix = this.rsplit("/", 1)[0] + "/"

    def iri(term: ox.NamedNode) -> str:
        value = term.value
        if value == this:
            return prefix + " "
        if value.startswith(this + "#"):
            return prefix + " #" + value[len(this) + 1:]
        return value

    rows = []
    for q in quads:
        graph = iri(q.graph_name) if isinstance(q.graph_name, ox.NamedNode) else None
        obj = q.object
        rows.append((graph, iri(q.subject), iri(q.predicate),  # type: ignore[arg-type]
                     iri(obj) if isinstance(obj, ox.NamedNode) else obj))
    text, previous = [], ""
    for row in sorted(rows, key=functools.cmp_to_key(_compare)):
        line = "".join(("\n" if row[0] is None else row[0] + "\n", row[1] + "\n", row[2] + "\n", _object(row[3])))
        if line != previous:
            text.append(line)
        previous = line
    digest = hashlib.sha256("".join(text).encode("utf-8")).digest()
    return "RA" + base64.b64encode(digest, b"-_").decode("ascii").replace("=", "")


def _object(term: object) -> str:
    if isinstance(term, str):
        return term + "\n"
    assert isinstance(term, ox.Literal), "nanopublications here hold no blank nodes"
    escaped = term.value.replace("\\", "\\\\").replace("\n", "\\n")
    if term.language:
        return f"@{term.language.lower()} {escaped}\n"
    return f"^{term.datatype.value} {escaped}\n"


def _compare(a: tuple, b: tuple) -> int:
    """The order of the specification: graph (none first), subject, predicate, then objects:
    IRIs before literals; literals by text, datatype (none for language strings), language."""
    for x, y in ((a[0], b[0]), (a[1], b[1]), (a[2], b[2])):
        if x != y:
            return -1 if x is None else 1 if y is None else (-1 if x < y else 1)
    x, y = a[3], b[3]
    if isinstance(x, str) or isinstance(y, str):
        if isinstance(x, str) and isinstance(y, str):
            return (x > y) - (x < y)
        return -1 if isinstance(x, str) else 1
    keys = [(lit.value, None if lit.language else lit.datatype.value, lit.language) for lit in (x, y)]
    for u, v in zip(keys[0], keys[1], strict=True):
        if u != v:
            return -1 if u is None else 1 if v is None else (-1 if u < v else 1)
    return 0


def _replace(quad: ox.Quad, old: str, new: str) -> ox.Quad:
    def swap(term: object) -> object:
        if isinstance(term, ox.NamedNode) and old in term.value:
            return ox.NamedNode(term.value.replace(old, new))
        return term

    return ox.Quad(swap(quad.subject), swap(quad.predicate), swap(quad.object), swap(quad.graph_name))  # type: ignore[arg-type]



def _graph_first(quad: ox.Quad) -> tuple[str, str]:
    """TriG groups consecutive statements of a graph: order by graph, then statement."""
    return str(quad.graph_name), str(quad)


__all__ = ["NanopubExport", "trusty_code"]
