"""The published dataset: an Oxigraph store plus what pages and documents need from it.

Shared by the live server and the static site, so that both publish the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ..pipeline import Conversion
from ..rdf import DEFAULT_BASE, ONTOLOGY_IRI
from ..rdf.formats import BY_NAME
from ..rdf.prefixes import prefix_map, shorten
from ..rdf.terms import SSC
from ..rdf.typed import Term, solutions, to_bytes, value
from ..sinks.base import STAGING
from ..sinks.embedded import EmbeddedStore, ontology_quads
from ..sinks.files import jsonld_bytes

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABELS = [ox.NamedNode(i) for i in ("http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title",
                                     "https://schema.org/name", "http://www.w3.org/2004/02/skos/core#prefLabel")]
EVIDENCE = SSC.evidence
ONTOLOGY_NS = str(SSC)

# suffix -> (RDF format name, media type), as pyoxigraph knows them: the whole dataset downloads
# in every format; a resource's own triples in all but the formats made for named graphs
DOWNLOADS = {fmt.file_extension: (name, fmt.media_type) for name, fmt in BY_NAME.items()}
DOCUMENTS = {ext: (name, media) for ext, (name, media) in DOWNLOADS.items() if name not in ("nquads", "trig")}


@dataclass(frozen=True)
class Evidence:
    """A sentence that states a fact, and how the source asserts it (a modality's label)."""

    sentence: str
    modality: str


@dataclass
class Row:
    predicate: str
    value: ox.NamedNode | ox.Literal | ox.BlankNode
    evidence: list[Evidence]


class Dataset:
    """Read access to the published data, under one base IRI."""

    def __init__(self, store: ox.Store, base: str = DEFAULT_BASE) -> None:
        self.store = store
        self.base = base

    @classmethod
    def from_store(cls, path: Path, base: str = DEFAULT_BASE) -> Dataset:
        return cls(EmbeddedStore(path, read_only=True).store, base)

    @classmethod
    def from_conversion(cls, conversion: Conversion) -> Dataset:
        """A checked conversion, with the ontology, in an in-memory store."""
        memory = EmbeddedStore(base=conversion.base)
        memory.add([*ontology_quads(), *conversion.quads()])
        return cls(memory.store, conversion.base)

    # -- resources -------------------------------------------------------------------
    def local(self, iri: str) -> str | None:
        """The path a resource IRI is published at, or None when it is not ours."""
        if iri.startswith(self.base):
            return "/" + iri[len(self.base):]
        if iri.startswith(ONTOLOGY_NS):
            return "/ontology/" + iri[len(ONTOLOGY_NS):]
        if iri == ONTOLOGY_IRI:
            return "/ontology"
        return None

    def iri_for(self, path: str) -> str:
        """The IRI a local path (without leading slash) shows: ontology terms live under ontology/."""
        if path.startswith("ontology/"):
            return ONTOLOGY_NS + path[len("ontology/"):]
        return self.base + path

    @cached_property
    def ontology_terms(self) -> list[str]:
        query = f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), {_lit(ONTOLOGY_NS)})) }} ORDER BY ?s"
        return [value(row["s"]) for row in solutions(self.store, query)]

    def exists(self, iri: str) -> bool:
        """Whether ``iri`` has statements; False for text that is no IRI (no resource has it)."""
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False
        return any(True for _ in self.store.quads_for_pattern(node, None, None, ox.DefaultGraph()))

    @cached_property
    def resources(self) -> list[str]:
        """Every subject IRI under the base, sorted."""
        query = f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), {_lit(self.base)})) }} ORDER BY ?s"
        return [value(row["s"]) for row in solutions(self.store, query)]

    def triples(self, iri: str) -> list[ox.Triple]:
        node = ox.NamedNode(iri)
        return sorted((ox.Triple(q.subject, q.predicate, q.object)
                       for q in self.store.quads_for_pattern(node, None, None, ox.DefaultGraph())), key=str)

    def incoming(self, iri: str) -> list[ox.Triple]:
        node = ox.NamedNode(iri)
        return sorted((ox.Triple(q.subject, q.predicate, q.object)
                       for q in self.store.quads_for_pattern(None, None, node, ox.DefaultGraph())
                       if q.predicate.value not in _REIFICATION), key=str)

    def document(self, iri: str, fmt: str) -> bytes:
        """The resource's own triples; JSON-LD compacted with the shipped context, as ``convert`` writes it."""
        if fmt == "json-ld":
            return jsonld_bytes(to_bytes(self.triples(iri), ox.RdfFormat.N_TRIPLES))
        prefixes = prefix_map() if fmt in ("turtle", "xml") else None
        return to_bytes(self.triples(iri), BY_NAME[fmt], prefixes)

    def label(self, node: Term) -> str:
        """A readable name: a label in the data or the ontology, else a prefixed name."""
        if isinstance(node, ox.Literal):
            return node.value
        if isinstance(node, ox.NamedNode):
            for prop in LABELS:
                for q in self.store.quads_for_pattern(node, prop, None, ox.DefaultGraph()):
                    return value(q.object)
            return self.short(node.value)
        return str(node)

    def short(self, iri: str) -> str:
        short = shorten(iri)
        if short != iri:
            return short
        return iri[len(self.base):] if iri.startswith(self.base) else iri

    def types(self, iri: str) -> list[Term]:
        return sorted({q.object for q in self.store.quads_for_pattern(ox.NamedNode(iri), RDF_TYPE, None,
                                                                      ox.DefaultGraph())
                       if isinstance(q.object, ox.NamedNode)}, key=str)

    def rows(self, iri: str) -> list[Row]:
        """Outgoing statements with the evidence of the curated ones; hedged statements, which
        have no plain triple, are rows too, so that a page shows what the source only supposes."""
        evidence, objects = self._evidence(iri)
        rows = [Row(t.predicate.value, t.object, evidence.pop((t.predicate.value, str(t.object)), []))
                for t in self.triples(iri) if t.predicate != RDF_TYPE and not isinstance(t.object, ox.Triple)]
        rows += [Row(p, objects[(p, o)], hedged) for (p, o), hedged in sorted(evidence.items())]
        return rows

    def _evidence(self, iri: str) -> tuple[dict[tuple[str, str], list[Evidence]],
                                           dict[tuple[str, str], ox.NamedNode]]:
        query = f"""SELECT ?p ?o ?e ?m WHERE {{ ?st a {SSC.CuratedStatement} ; <{_RDF}subject> <{iri}> ;
                    <{_RDF}predicate> ?p ; <{_RDF}object> ?o ; {SSC.evidence} ?e ; {SSC.modality} ?m }}
                    ORDER BY ?p ?o ?m ?e"""
        out: dict[tuple[str, str], list[Evidence]] = {}
        objects: dict[tuple[str, str], ox.NamedNode] = {}
        for row in solutions(self.store, query):
            key = (value(row["p"]), str(row["o"]))
            objects[key] = row["o"]
            out.setdefault(key, []).append(Evidence(value(row["e"]), self.label(row["m"])))
        return out, objects

    def dump(self, fmt: str) -> bytes:
        if fmt in ("nquads", "trig"):
            quads = [q for q in self.store  # not the staging graphs a killed load may have left
                     if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.startswith(STAGING)]
            return to_bytes(quads, BY_NAME[fmt], prefix_map() if fmt == "trig" else None)
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
        if fmt == "json-ld":
            return jsonld_bytes(to_bytes(triples, ox.RdfFormat.N_TRIPLES))
        return to_bytes(triples, BY_NAME[fmt], prefix_map() if fmt in ("turtle", "xml") else None)


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_REIFICATION = {_RDF + "subject", _RDF + "object"}


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
