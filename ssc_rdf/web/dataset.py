"""The published dataset: an Oxigraph store plus what pages and documents need from it.

Shared by the live server and the static site, so that both publish the same thing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from ..pipeline import Conversion
from ..rdf import DEFAULT_BASE, ONTOLOGY_IRI
from ..rdf.formats import BY_NAME
from ..rdf.prefixes import prefix_map, shorten
from ..rdf.terms import SSC
from ..rdf.typed import Term, solutions, to_bytes, value
from ..sinks.base import STAGING
from ..sinks.embedded import EmbeddedStore, ontology_quads
from ..sinks.files import jsonld_bytes, jsonld_compacted

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABELS = [ox.NamedNode(i) for i in ("http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title",
                                     "https://schema.org/name", "http://www.w3.org/2004/02/skos/core#prefLabel")]
EVIDENCE = SSC.evidence
ONTOLOGY_NS = str(SSC)
LICENSE = "https://creativecommons.org/licenses/by/4.0/"  # of the data (DATA-LICENSE.md)
_FOAF = "http://xmlns.com/foaf/0.1/"
_DCT = "http://purl.org/dc/terms/"
_VOID = "http://rdfs.org/ns/void#"

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
        # how the data can be queried, as its description says: a protocol endpoint (serve),
        # a page that queries in the browser (a static site), or nothing (--no-sparql)
        self.sparql: Literal["endpoint", "browser"] | None = "endpoint"

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
        if iri == self.version_iri and iri.startswith(ONTOLOGY_IRI + "/"):
            return iri[len(ONTOLOGY_IRI) - len("/ontology"):]
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
        """Whether ``iri`` has statements in the data or in the dataset's description, or names
        one of its graphs; False for text that is no IRI (no resource has it). (The other IRIs
        minted here, downloads and the endpoint, have routes of their own.)"""
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False
        return any(True for _ in self._match(node, None, None)) or node in self.graphs

    @cached_property
    def about(self) -> ox.Store:
        """The dataset's description (VoID and DCAT: partitions, distributions), which the data
        does not hold but whose IRIs are minted here, so must dereference like the data's."""
        from .void import describe  # the description is counted from this dataset

        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in describe(self, self.sparql))
        return store

    @cached_property
    def graphs(self) -> set[ox.NamedNode]:
        """The named graphs the data is in (not the staging graphs a killed load may have left)."""
        return {g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode) and not g.value.startswith(STAGING)}

    @cached_property
    def version_iri(self) -> str | None:
        """The ontology's ``owl:versionIRI``, which the server answers like the ontology's IRI."""
        found = self.store.quads_for_pattern(ox.NamedNode(ONTOLOGY_IRI), _VERSION_IRI, None, ox.DefaultGraph())
        return next((q.object.value for q in found if isinstance(q.object, ox.NamedNode)), None)

    @cached_property
    def modified(self) -> datetime.datetime:
        """When the data last changed: its graphs' latest ``prov:generatedAtTime``, else now
        (the data is then converted at start-up). Whole seconds, as HTTP dates have them."""
        query = "SELECT (MAX(?t) AS ?m) WHERE { ?g <http://www.w3.org/ns/prov#generatedAtTime> ?t }"
        latest = next(iter(solutions(self.store, query)))["m"]
        try:
            when = datetime.datetime.fromisoformat(value(latest)) if latest is not None else None
        except ValueError:
            when = None
        if when is None or when.tzinfo is None:
            when = datetime.datetime.now(datetime.UTC)
        return when.astimezone(datetime.UTC).replace(microsecond=0)

    @cached_property
    def resources(self) -> list[str]:
        """Every subject IRI under the base, of the data or of its description, and every graph name, sorted."""
        query = f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), {_lit(self.base)})) }}"
        found = {value(row["s"]) for store in (self.store, self.about) for row in solutions(store, query)}
        return sorted(found | {g.value for g in self.graphs if g.value.startswith(self.base)})

    def _match(self, s: ox.NamedNode | ox.BlankNode | None, p: ox.NamedNode | None,
               o: Term | None) -> Iterator[ox.Triple]:
        """Triples of the data's default graph and of the dataset's description."""
        for store in (self.store, self.about):
            for q in store.quads_for_pattern(s, p, o, ox.DefaultGraph()):
                yield ox.Triple(q.subject, q.predicate, q.object)

    def triples(self, iri: str) -> list[ox.Triple]:
        return sorted(set(self._match(ox.NamedNode(iri), None, None)), key=str)

    def incoming(self, iri: str) -> list[ox.Triple]:
        return sorted((t for t in set(self._match(None, None, ox.NamedNode(iri)))
                       if t.predicate.value not in _REIFICATION), key=str)

    def description(self, iri: str) -> list[ox.Triple]:
        """What the resource's document says: its symmetric concise bounded description (the
        triples from it and to it, blank nodes followed both ways, and the resources minted as
        its parts, ``{iri}/...``, followed outwards as if they were blank nodes: a mention's
        target, with the quote and offsets), the labels of every other resource named there,
        and, for a named graph, the graph's own triples."""
        node = ox.NamedNode(iri)
        found: set[ox.Triple] = set()
        stack: list[tuple[ox.NamedNode | ox.BlankNode, bool]] = [(node, True), (node, False)]  # (term, outwards?)
        seen: set[tuple[ox.NamedNode | ox.BlankNode, bool]] = set()
        while stack:
            term, outwards = stack.pop()
            if (term, outwards) in seen:
                continue
            seen.add((term, outwards))
            for t in self._match(term, None, None) if outwards else self._match(None, None, term):
                found.add(t)
                if outwards and (isinstance(t.object, ox.BlankNode) or (isinstance(t.object, ox.NamedNode)
                                                                        and t.object.value.startswith(iri + "/"))):
                    stack.append((t.object, True))
                elif not outwards and isinstance(t.subject, ox.BlankNode):
                    stack += [(t.subject, True), (t.subject, False)]
        if node in self.graphs:
            found.update(ox.Triple(q.subject, q.predicate, q.object)
                         for q in self.store.quads_for_pattern(None, None, None, node))
        named = {term for t in found for term in (t.subject, t.predicate, t.object)
                 if isinstance(term, ox.NamedNode) and term != node}
        for other in named:
            found.update(self._labels(other))
        return sorted(found, key=str)

    def _labels(self, node: ox.NamedNode) -> list[ox.Triple]:
        """The node's labels by the first labelling property it has (rdfs:label first)."""
        for prop in LABELS:
            labels = list(self._match(node, prop, None))
            if labels:
                return labels
        return []

    def jsonld(self, iri: str, ext: str) -> dict:
        """``document(iri, "json-ld", ext)`` before it is text: a page embeds it on one line."""
        return jsonld_compacted(to_bytes([*self.description(iri), *self.metadata(iri, ext)], ox.RdfFormat.N_TRIPLES))

    def metadata(self, iri: str, ext: str) -> list[ox.Triple]:
        """What the document about ``iri`` at suffix ``ext`` (where the server and the site publish
        it) says of itself: its primary topic, licence, dataset and date."""
        local = self.local(iri)
        if local is None:
            return []
        doc = ox.NamedNode(f"{self.base}{local.lstrip('/')}.{ext}")
        return [ox.Triple(doc, RDF_TYPE, ox.NamedNode(_FOAF + "Document")),
                ox.Triple(doc, ox.NamedNode(_FOAF + "primaryTopic"), ox.NamedNode(iri)),
                ox.Triple(doc, ox.NamedNode(_DCT + "license"), ox.NamedNode(LICENSE)),
                ox.Triple(doc, ox.NamedNode(_VOID + "inDataset"), ox.NamedNode(self.base + "dataset")),
                ox.Triple(doc, ox.NamedNode(_DCT + "modified"),
                          ox.Literal(self.modified.isoformat().replace("+00:00", "Z"),
                                     datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")))]

    def document(self, iri: str, fmt: str, ext: str | None = None) -> bytes:
        """The resource's description and the metadata of its document at suffix ``ext`` (the
        format's by default); JSON-LD compacted with the shipped context, as ``convert`` writes it."""
        ext = ext or next(ext for ext, (name, _) in DOCUMENTS.items() if name == fmt)
        triples = [*self.description(iri), *self.metadata(iri, ext)]
        if fmt == "json-ld":
            return jsonld_bytes(to_bytes(triples, ox.RdfFormat.N_TRIPLES))
        prefixes = {**prefix_map(), "foaf": _FOAF} if fmt in ("turtle", "xml") else None
        return to_bytes(triples, BY_NAME[fmt], prefixes)

    def label(self, node: Term) -> str:
        """A readable name: a label in the data or the ontology, else a prefixed name."""
        if isinstance(node, ox.Literal):
            return node.value
        if isinstance(node, ox.NamedNode):
            for prop in LABELS:
                for t in self._match(node, prop, None):
                    return value(t.object)
            return self.short(node.value)
        return str(node)

    def short(self, iri: str) -> str:
        short = shorten(iri)
        if short != iri:
            return short
        return iri[len(self.base):] if iri.startswith(self.base) else iri

    def types(self, iri: str) -> list[Term]:
        return sorted({t.object for t in self._match(ox.NamedNode(iri), RDF_TYPE, None)
                       if isinstance(t.object, ox.NamedNode)}, key=str)

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
_VERSION_IRI = ox.NamedNode("http://www.w3.org/2002/07/owl#versionIRI")
_REIFICATION = {_RDF + "subject", _RDF + "object"}


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
