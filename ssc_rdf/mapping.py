"""Records -> RDF quads. The only module that knows both the records and the vocabulary.

Each curated fact becomes a plain triple (easy to query) and a ``ssc:CuratedStatement``
node that points at the same triple with ``rdf:subject/predicate/object`` and carries
the evidence sentence and the publication it comes from (see docs/rdf-model.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.term import Node

from . import __version__
from .iris import Minter
from .mentions import MentionFinder
from .model import CellSource, Claim, Entity, PartialDate, Publication, Review, SourceFile
from .namespaces import BIBO, CITO, DCTERMS, FABIO, OA, PROV, RDF, RDFS, SCHEMA, SKOS, SSC, XSD
from .vocabulary import KIND_CLASSES, relation_for

Quad = tuple[Node, Node, Node, URIRef | None]

TOOL_IRI = URIRef(f"https://pypi.org/project/ssc-rdf/{__version__}/")


def date_literal(date: PartialDate) -> Literal:
    """The XSD type that says exactly what is known: gYear, gYearMonth or date."""
    datatype = XSD.gYear if date.month is None else XSD.gYearMonth if date.day is None else XSD.date
    return Literal(date.iso(), datatype=datatype)


class Mapper:
    """Maps records to quads, minting IRIs with one ``Minter``."""

    def __init__(self, minter: Minter, entities: dict[str, Entity]) -> None:
        self.iri = minter
        self.entities = entities

    def entity_iri(self, key: str) -> URIRef:
        entity = self.entities.get(key)
        return URIRef(entity.iri if entity and entity.iri else self.iri.entity(key))

    # -- reviews ---------------------------------------------------------------------
    def review(self, review: Review, finder: MentionFinder | None = None) -> Iterator[Quad]:
        graph = URIRef(self.iri.graph(review.key))
        pub_iri = URIRef(self.iri.publication(review.publication))
        triples: list[tuple[Node, Node, Node]] = []
        triples += self.publication(review.publication)
        triples += self.mentions(review.publication, finder)
        for entity in review.entities:
            self.entities.setdefault(entity.key, entity)
            triples += self.file_entity(entity, review)
        for statement in review.statements:
            for claim in statement.claims:
                triples += self.claim(review.key, claim, statement.evidence, pub_iri)
        for s, p, o in triples:
            yield s, p, o, graph

    def claim(self, document: str, claim: Claim, evidence: str, source: URIRef) -> list[tuple[Node, Node, Node]]:
        subject_entity = self.entities[claim.subject]
        relation = relation_for(claim.relation, subject_entity.kind)
        assert relation is not None, "curated_yaml checks relations before mapping"
        subject = self.entity_iri(claim.subject)
        out: list[tuple[Node, Node, Node]] = []
        if isinstance(claim.object, CellSource):
            obj = URIRef(self.iri.cell_source(claim.object))
            out += self.cell_source(claim.object, obj)
            obj_key = obj.rsplit("/", 1)[-1]
        else:
            obj = self.entity_iri(claim.object)
            obj_key = claim.object
        out.append((subject, relation.prop, obj))
        node = URIRef(self.iri.statement(document, claim.subject, relation.prop.split("#")[-1], obj_key))
        out += [
            (node, RDF.type, SSC.CuratedStatement),
            (node, RDF.subject, subject),
            (node, RDF.predicate, relation.prop),
            (node, RDF.object, obj),
            (node, SSC.evidence, Literal(" ".join(evidence.split()), lang="en")),
            (node, PROV.wasDerivedFrom, source),
        ]
        return out

    def cell_source(self, source: CellSource, node: URIRef) -> list[tuple[Node, Node, Node]]:
        cell = self.entities[source.cell_type]
        label = cell.label if source.tissue is None else f"{cell.label} from {self.entities[source.tissue].label}"
        out = [
            (node, RDF.type, SSC.CellSource),
            (node, RDFS.label, Literal(label, lang="en")),
            (node, SSC.cellType, self.entity_iri(source.cell_type)),
        ]
        if source.tissue:
            out.append((node, SSC.sourceTissue, self.entity_iri(source.tissue)))
        return out

    def file_entity(self, entity: Entity, review: Review) -> list[tuple[Node, Node, Node]]:
        node = self.entity_iri(entity.key)
        out: list[tuple[Node, Node, Node]] = [
            (node, RDF.type, KIND_CLASSES[entity.kind]),
            (node, RDFS.label, Literal(entity.label, lang="en")),
            (node, SKOS.notation, Literal(entity.key)),
            (node, RDFS.isDefinedBy, URIRef(self.iri.source(review.key))),
        ]
        out += [(node, SKOS.altLabel, Literal(a, lang="en")) for a in entity.alt_labels]
        if entity.definition:
            out.append((node, SKOS.definition, Literal(entity.definition, lang="en")))
        for prop, targets in (
            (SKOS.exactMatch, entity.exact_match), (SKOS.closeMatch, entity.close_match),
            (SKOS.broadMatch, entity.broad_match), (SKOS.relatedMatch, entity.related_match),
        ):
            out += [(node, prop, URIRef(t)) for t in targets]
        return out

    # -- publications ----------------------------------------------------------------
    def publication(self, pub: Publication) -> list[tuple[Node, Node, Node]]:
        node = URIRef(self.iri.publication(pub))
        lang = pub.language if pub.language and len(pub.language) == 2 else None
        out: list[tuple[Node, Node, Node]] = [(node, RDF.type, t) for t in _publication_types(pub)]
        if pub.title:  # a reference may be known only by its citation text
            out.append((node, DCTERMS.title, Literal(pub.title, lang=lang)))
        if pub.abstract:
            out.append((node, DCTERMS.abstract, Literal(pub.abstract, lang=lang)))
        if pub.language:
            out.append((node, DCTERMS.language, Literal(pub.language)))
        out += _identifiers(node, pub)
        out += self._issue(node, pub)
        for position, author in enumerate(pub.authors, start=1):
            out += self._author(node, position, author)
        if pub.authors:
            out.append((node, SSC.authorListComplete, Literal(pub.authors_complete)))
        for pt in pub.publication_types:
            out.append((node, SCHEMA.publicationType, Literal(pt)))
        for keyword in pub.keywords:
            out.append((node, SCHEMA.keywords, Literal(keyword)))
        for heading in pub.mesh_headings:
            if heading.descriptor_ui:
                term = URIRef(f"http://id.nlm.nih.gov/mesh/{heading.descriptor_ui}")
                out.append((node, FABIO.hasSubjectTerm, term))
                if heading.major:
                    out.append((node, FABIO.hasPrimarySubjectTerm, term))
            else:
                out.append((node, DCTERMS.subject, Literal(heading.descriptor_name)))
        if pub.citation_text:
            out.append((node, DCTERMS.bibliographicCitation, Literal(pub.citation_text)))
        for position, ref in enumerate(pub.references, start=1):
            ref_node = URIRef(self.iri.publication(ref))
            citation = URIRef(self.iri.citation(str(node), position))
            out += [
                (node, CITO.cites, ref_node),
                (node, SSC.hasCitation, citation),
                (citation, RDF.type, SSC.Citation),
                (citation, RDF.type, CITO.Citation),
                (citation, CITO.hasCitingEntity, node),
                (citation, CITO.hasCitedEntity, ref_node),
                (citation, SSC.position, Literal(position, datatype=XSD.positiveInteger)),
            ]
            out += self.publication(ref)
        return out

    def _issue(self, node: URIRef, pub: Publication) -> list[tuple[Node, Node, Node]]:
        out: list[tuple[Node, Node, Node]] = []
        if pub.journal:
            journal = URIRef(self.iri.journal(pub.journal))
            out += [
                (node, DCTERMS.isPartOf, journal),
                (journal, RDF.type, SSC.Journal),
                (journal, RDF.type, FABIO.Journal),
                (journal, DCTERMS.title, Literal(pub.journal.title)),
            ]
            if pub.journal.iso_abbreviation:
                out.append((journal, BIBO.shortTitle, Literal(pub.journal.iso_abbreviation)))
            if pub.journal.issn:
                out.append((journal, BIBO.issn, Literal(pub.journal.issn)))
            if pub.journal.eissn:
                out.append((journal, BIBO.eissn, Literal(pub.journal.eissn)))
        for prop, value in (
            (BIBO.volume, pub.volume), (BIBO.issue, pub.issue),
            (BIBO.pageStart, pub.page_start), (BIBO.pageEnd, pub.page_end),
        ):
            if value:
                out.append((node, prop, Literal(value)))
        if pub.pages and not pub.page_start:
            out.append((node, BIBO.pages, Literal(pub.pages)))
        if pub.published:
            out.append((node, DCTERMS.issued, date_literal(pub.published)))
            out.append((node, FABIO.hasPublicationYear, Literal(f"{pub.published.year:04d}", datatype=XSD.gYear)))
        if pub.epublished:
            out.append((node, DCTERMS.available, date_literal(pub.epublished)))
        return out

    def _author(self, pub_node: URIRef, position: int, author) -> list[tuple[Node, Node, Node]]:
        node = URIRef(self.iri.author(str(pub_node), position))
        out: list[tuple[Node, Node, Node]] = [
            (pub_node, SSC.hasAuthor, node),
            (pub_node, DCTERMS.creator, node),
            (node, RDF.type, SSC.Author),
            (node, RDF.type, SCHEMA.Organization if author.collective else SCHEMA.Person),
            (node, SCHEMA.name, Literal(author.name)),
            (node, SSC.position, Literal(position, datatype=XSD.positiveInteger)),
        ]
        for prop, value in ((SCHEMA.givenName, author.given), (SCHEMA.familyName, author.family)):
            if value:
                out.append((node, prop, Literal(value)))
        if author.orcid:
            out.append((node, SSC.orcid, Literal(author.orcid)))
            out.append((node, SCHEMA.sameAs, URIRef(f"https://orcid.org/{author.orcid}")))
        out += [(node, SCHEMA.affiliation, Literal(a)) for a in author.affiliations]
        return out

    # -- provenance ------------------------------------------------------------------
    def provenance(self, sources: Iterable[SourceFile], generated_at: str) -> Iterator[Quad]:
        """PROV-O for the conversion, in the default graph: tool, inputs and checksums, time."""
        dataset, activity = URIRef(self.iri.dataset()), URIRef(self.iri.conversion())
        when = Literal(generated_at, datatype=XSD.dateTime)
        triples: list[tuple[Node, Node, Node]] = [
            (dataset, RDF.type, PROV.Entity),
            (dataset, RDFS.label, Literal("ssc-rdf dataset", lang="en")),
            (dataset, PROV.wasGeneratedBy, activity),
            (dataset, PROV.generatedAtTime, when),
            (activity, RDF.type, PROV.Activity),
            (activity, RDFS.label, Literal(f"conversion by ssc-rdf {__version__}", lang="en")),
            (activity, PROV.wasAssociatedWith, TOOL_IRI),
            (activity, PROV.endedAtTime, when),
            (TOOL_IRI, RDF.type, PROV.SoftwareAgent),
            (TOOL_IRI, RDFS.label, Literal(f"ssc-rdf {__version__}")),
            (TOOL_IRI, SCHEMA.softwareVersion, Literal(__version__)),
        ]
        for source_file in sources:
            source = URIRef(self.iri.source(source_file.key))
            triples += [
                (activity, PROV.used, source),
                (source, RDF.type, PROV.Entity),
                (source, DCTERMS.identifier, Literal(source_file.name)),
            ]
            if source_file.sha256:
                triples.append((source, SSC.sha256, Literal(source_file.sha256)))
            for key in source_file.graphs:
                graph = URIRef(self.iri.graph(key))
                triples += [
                    (graph, RDF.type, PROV.Entity),
                    (graph, PROV.wasDerivedFrom, source),
                    (graph, PROV.wasGeneratedBy, activity),
                    (dataset, DCTERMS.hasPart, graph),
                ]
        for s, p, o in triples:
            yield s, p, o, None

    # -- imported records and mentions -------------------------------------------------
    def record(self, key: str, pub: Publication, finder: MentionFinder | None) -> Iterator[Quad]:
        """An imported publication in its own named graph, with its mentions."""
        graph = URIRef(self.iri.graph(key))
        for s, p, o in self.publication(pub) + self.mentions(pub, finder):
            yield s, p, o, graph

    def mentions(self, pub: Publication, finder: MentionFinder | None) -> list[tuple[Node, Node, Node]]:
        """W3C Web Annotations: exact text and character offsets of each mention."""
        if finder is None:
            return []
        node = URIRef(self.iri.publication(pub))
        out: list[tuple[Node, Node, Node]] = []
        for field, prop, text in (("title", DCTERMS.title, pub.title), ("abstract", DCTERMS.abstract, pub.abstract)):
            for m in finder.find(field, text):
                entity = self.entity_iri(m.entity)
                mention = URIRef(f"{node}/mention/{field}-{m.start}-{m.end}-{m.entity}")
                target, position, quote = (URIRef(f"{mention}/{part}") for part in ("target", "position", "quote"))
                out += [
                    (node, SSC.mentions, entity),
                    (mention, RDF.type, SSC.Mention),
                    (mention, RDF.type, OA.Annotation),
                    (mention, OA.hasBody, entity),
                    (mention, OA.hasTarget, target),
                    (target, RDF.type, OA.SpecificResource),
                    (target, OA.hasSource, node),
                    (target, SSC.inText, prop),
                    (target, OA.hasSelector, position),
                    (target, OA.hasSelector, quote),
                    (position, RDF.type, OA.TextPositionSelector),
                    (position, OA.start, Literal(m.start, datatype=XSD.nonNegativeInteger)),
                    (position, OA.end, Literal(m.end, datatype=XSD.nonNegativeInteger)),
                    (quote, RDF.type, OA.TextQuoteSelector),
                    (quote, OA.exact, Literal(m.exact)),
                ]
        return out


def _file_name(path: str | None) -> str:
    """Only the file name: an absolute path would differ between machines."""
    return (path or "-").replace("\\", "/").rsplit("/", 1)[-1]


def _publication_types(pub: Publication) -> list[URIRef]:
    kinds = {t.lower() for t in pub.publication_types}
    types = [SSC.Publication, SCHEMA.ScholarlyArticle]
    if "review" in kinds or "systematic review" in kinds:
        types += [SSC.ReviewArticle, FABIO.ReviewArticle]
    if pub.journal is not None:
        types += [SSC.JournalArticle, FABIO.JournalArticle]
    return types


def _identifiers(node: URIRef, pub: Publication) -> list[tuple[Node, Node, Node]]:
    out: list[tuple[Node, Node, Node]] = []
    if pub.doi:
        out.append((node, BIBO.doi, Literal(pub.doi)))
        out.append((node, SCHEMA.sameAs, URIRef("https://doi.org/" + quote(pub.doi, safe="/:;()._-"))))
    if pub.pmid:
        out.append((node, FABIO.hasPubMedId, Literal(pub.pmid)))
        out.append((node, SCHEMA.sameAs, URIRef(f"https://pubmed.ncbi.nlm.nih.gov/{pub.pmid}/")))
    if pub.pmcid:
        out.append((node, FABIO.hasPubMedCentralId, Literal(pub.pmcid)))
    return out


__all__ = ["Mapper", "Quad", "date_literal"]
