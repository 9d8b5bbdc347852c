"""Records -> RDF quads, as pyoxigraph terms. The only module that knows both the records
and the vocabulary.

Each curated fact becomes a plain triple (easy to query) and a ``ssc:CuratedStatement``
node that points at the same triple with ``rdf:subject/predicate/object`` and carries
the evidence sentence and the publication it comes from (see docs/rdf-model.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import quote

import pyoxigraph as ox

from .. import __version__
from ..model import Author, CellSource, Claim, Entity, PartialDate, Publication, Review, SourceFile, Statement
from ..rdf.terms import BIBO, CITO, DCTERMS, FABIO, OA, PROV, RDF, RDFS, SCHEMA, SKOS, SSC, XSD
from ..rdf.typed import GraphTriples, Triple
from ..vocabulary import ASSERTED, KIND_CLASSES, modalities, relation_for
from . import bibliographic
from .iris import Minter
from .mentions import MentionFinder

TOOL_IRI = ox.NamedNode(f"https://pypi.org/project/ssc-rdf/{__version__}/")
_TRUE = ox.Literal("true", datatype=XSD.boolean)
_FALSE = ox.Literal("false", datatype=XSD.boolean)


def text(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def en(value: str) -> ox.Literal:
    return ox.Literal(value, language="en")


def integer(value: int, datatype: ox.NamedNode) -> ox.Literal:
    return ox.Literal(str(value), datatype=datatype)


def date_literal(date: PartialDate) -> ox.Literal:
    """The XSD type that says exactly what is known: gYear, gYearMonth or date."""
    datatype = XSD.gYear if date.month is None else XSD.gYearMonth if date.day is None else XSD.date
    return ox.Literal(date.iso(), datatype=datatype)


def _quads(triples: Iterable[Triple], graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    for s, p, o in triples:
        yield ox.Quad(s, p, o, graph)


class Mapper:
    """Maps records to quads, minting IRIs with one ``Minter`` (the conversion's base)."""

    def __init__(self, minter: Minter, entities: dict[str, Entity]) -> None:
        self.iri = minter
        self.entities = entities

    def node(self, iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def entity_iri(self, key: str) -> ox.NamedNode:
        entity = self.entities.get(key)
        return ox.NamedNode(entity.iri if entity and entity.iri else self.iri.entity(key))

    # -- reviews ---------------------------------------------------------------------
    def review(self, review: Review, finder: MentionFinder | None = None) -> Iterator[ox.Quad]:
        graph = ox.NamedNode(self.iri.graph(review.key))
        pub_iri = ox.NamedNode(self.iri.publication(review.publication))
        triples: list[Triple] = []
        triples += self.publication(review.publication)
        triples += self.mentions(review.publication, finder)
        for entity in review.entities:
            self.entities.setdefault(entity.key, entity)
            triples += self.file_entity(entity, review)
        triples += [(pub_iri, SCHEMA.about, self.entity_iri(key)) for key in review.publication.about]
        for statement in review.statements:
            for claim in statement.claims:
                triples += self.claim(review.key, claim, statement, pub_iri)
        return _quads(triples, graph)

    def claim(self, document: str, claim: Claim, statement: Statement, source: ox.NamedNode) -> list[Triple]:
        """The statement node always; the plain triple only when the source asserts it."""
        subject_entity = self.entities[claim.subject]
        relation = relation_for(claim.relation, subject_entity.kind)
        assert relation is not None, "curated_yaml checks relations before mapping"
        subject = self.entity_iri(claim.subject)
        out: list[Triple] = []
        obj: ox.NamedNode
        if isinstance(claim.object, CellSource):
            obj = ox.NamedNode(self.iri.cell_source(claim.object))
            out += self.cell_source(claim.object, obj)
            obj_key = obj.value.rsplit("/", 1)[-1]
        else:
            obj = self.entity_iri(claim.object)
            obj_key = claim.object
        if statement.modality == ASSERTED:
            out.append((subject, relation.prop, obj))
        node = ox.NamedNode(self.iri.statement(document, claim.subject, relation.prop.value.split("#")[-1], obj_key))
        modality = modalities()[statement.modality]
        out += [
            (node, RDF.type, SSC.CuratedStatement),
            (node, RDFS.label, en(f"{subject_entity.label} {relation.label} {self._label(claim.object)}")),
            (node, RDF.subject, subject),
            (node, RDF.predicate, relation.prop),
            (node, RDF.object, obj),
            (node, SSC.modality, ox.NamedNode(modality)),
            (node, SSC.evidence, en(" ".join(statement.evidence.split()))),
            (node, PROV.wasDerivedFrom, source),
        ]
        return out

    def _label(self, obj: str | CellSource) -> str:
        if isinstance(obj, CellSource):
            return self._cell_source_label(obj)
        return self.entities[obj].label

    def cell_source(self, source: CellSource, node: ox.NamedNode) -> list[Triple]:
        out: list[Triple] = [
            (node, RDF.type, SSC.CellSource),
            (node, RDFS.label, en(self._cell_source_label(source))),
            (node, SSC.cellType, self.entity_iri(source.cell_type)),
        ]
        if source.tissue:
            out.append((node, SSC.sourceTissue, self.entity_iri(source.tissue)))
        return out

    def _cell_source_label(self, source: CellSource) -> str:
        cell = self.entities[source.cell_type]
        return cell.label if source.tissue is None else f"{cell.label} from {self.entities[source.tissue].label}"

    def file_entity(self, entity: Entity, review: Review) -> list[Triple]:
        node = self.entity_iri(entity.key)
        out: list[Triple] = [
            (node, RDF.type, KIND_CLASSES[entity.kind]),
            (node, RDFS.label, en(entity.label)),
            (node, SKOS.notation, ox.Literal(entity.key)),
            # the named graph of the file that defines it (described by the provenance)
            (node, RDFS.isDefinedBy, ox.NamedNode(self.iri.graph(review.key))),
        ]
        out += [(node, SKOS.altLabel, en(a)) for a in entity.alt_labels]
        if entity.definition:
            out.append((node, SKOS.definition, en(entity.definition)))
        for prop, targets in (
            (SKOS.exactMatch, entity.exact_match), (SKOS.closeMatch, entity.close_match),
            (SKOS.broadMatch, entity.broad_match), (SKOS.relatedMatch, entity.related_match),
        ):
            out += [(node, prop, ox.NamedNode(t)) for t in targets]
        return out

    # -- publications ----------------------------------------------------------------
    def publication(self, pub: Publication) -> list[Triple]:
        node = ox.NamedNode(self.iri.publication(pub))
        article_lang = pub.language if pub.language and len(pub.language) == 2 else None
        translated = _translated_title(pub)
        lang = "en" if translated else pub.text_language or article_lang
        out: list[Triple] = [(node, RDF.type, t) for t in _publication_types(pub)]
        if pub.title:  # a reference may be known only by its citation text
            out.append((node, DCTERMS.title, text(pub.title, lang)))
            if translated:
                out.append((node, SSC.translatedTitle, text(pub.title, lang)))
        if pub.vernacular_title:
            vernacular_lang = pub.vernacular_language or (None if article_lang == "en" else article_lang)
            out.append((node, SSC.vernacularTitle, text(pub.vernacular_title, _tag(vernacular_lang))))
        if pub.title_html:
            out.append((node, SSC.titleHTML, ox.Literal(pub.title_html, datatype=RDF.HTML)))
        if pub.abstract:
            out.append((node, DCTERMS.abstract, text(pub.abstract, lang)))
        for other, other_lang in pub.other_abstracts:
            out.append((node, SSC.otherAbstract, text(other, _tag(other_lang))))
        if pub.abstract_html:
            out.append((node, SSC.abstractHTML, ox.Literal(pub.abstract_html, datatype=RDF.HTML)))
        out += bibliographic.abstract_sections(node, pub, lang)
        if pub.language:
            out.append((node, DCTERMS.language, ox.Literal(pub.language)))
        out += _identifiers(node, pub)
        out += self._issue(node, pub)
        for position, author in enumerate(pub.authors, start=1):
            out += self._author(node, position, author)
        if pub.authors:
            out.append((node, SSC.authorListComplete, _TRUE if pub.authors_complete else _FALSE))
        for pt in pub.publication_types:
            out.append((node, SCHEMA.publicationType, ox.Literal(pt)))
        out += bibliographic.publication_type_terms(node, pub)
        for keyword in pub.keywords:
            out.append((node, SCHEMA.keywords, ox.Literal(keyword)))
        out += bibliographic.mesh_headings(node, pub)
        out += bibliographic.funding(node, pub, self.iri)
        out += bibliographic.accessions(node, pub, self.iri)
        out += bibliographic.chemicals(node, pub)
        out += bibliographic.history(node, pub)
        link_triples, linked = bibliographic.links(node, pub, self.iri)
        out += link_triples
        for linked_pub in linked:
            out += self.publication(linked_pub)
        if pub.citation_text:
            out.append((node, DCTERMS.bibliographicCitation, ox.Literal(pub.citation_text)))
        for position, ref in enumerate(pub.references, start=1):
            ref_node = ox.NamedNode(self.iri.publication(ref))
            citation = ox.NamedNode(self.iri.citation(node.value, position))
            out += [
                (node, CITO.cites, ref_node),
                (node, SSC.hasCitation, citation),
                (citation, RDF.type, SSC.Citation),
                (citation, RDF.type, CITO.Citation),
                (citation, RDFS.label, en(f"reference {position}")),
                (citation, CITO.hasCitingEntity, node),
                (citation, CITO.hasCitedEntity, ref_node),
                (citation, SSC.position, integer(position, XSD.positiveInteger)),
            ]
            out += self.publication(ref)
        return out

    def _issue(self, node: ox.NamedNode, pub: Publication) -> list[Triple]:
        out: list[Triple] = []
        if pub.journal:
            journal = ox.NamedNode(self.iri.journal(pub.journal))
            out += [
                (node, DCTERMS.isPartOf, journal),
                (journal, RDF.type, SSC.Journal),
                (journal, RDF.type, FABIO.Journal),
                (journal, DCTERMS.title, ox.Literal(pub.journal.title)),
            ]
            for prop, value in (
                (BIBO.shortTitle, pub.journal.iso_abbreviation), (BIBO.issn, pub.journal.issn),
                (BIBO.eissn, pub.journal.eissn), (SSC.issnL, pub.journal.issn_linking),
                (FABIO.hasNationalLibraryOfMedicineJournalId, pub.journal.nlm_id),
                (FABIO.hasNLMJournalTitleAbbreviation, pub.journal.medline_ta), (SSC.country, pub.journal.country),
            ):
                if value:
                    out.append((journal, prop, ox.Literal(value)))
        for prop, value in (
            (BIBO.volume, pub.volume), (BIBO.issue, pub.issue),
            (BIBO.pageStart, pub.page_start), (BIBO.pageEnd, pub.page_end),
        ):
            if value:
                out.append((node, prop, ox.Literal(value)))
        if pub.pii:
            out.append((node, SSC.pii, ox.Literal(pub.pii)))
        if pub.pages and not pub.page_start:
            out.append((node, BIBO.pages, ox.Literal(pub.pages)))
        if pub.published:
            out.append((node, DCTERMS.issued, date_literal(pub.published)))
            out.append((node, FABIO.hasPublicationYear, ox.Literal(f"{pub.published.year:04d}", datatype=XSD.gYear)))
        if pub.epublished:
            out.append((node, DCTERMS.available, date_literal(pub.epublished)))
        return out

    def _author(self, pub_node: ox.NamedNode, position: int, author: Author) -> list[Triple]:
        node = ox.NamedNode(self.iri.author(pub_node.value, position))
        out: list[Triple] = [
            (pub_node, SSC.hasAuthor, node),
            (pub_node, DCTERMS.creator, node),
            (node, RDF.type, SSC.Author),
            (node, RDF.type, SCHEMA.Organization if author.collective else SCHEMA.Person),
            (node, SCHEMA.name, ox.Literal(author.name)),
            (node, SSC.position, integer(position, XSD.positiveInteger)),
        ]
        for prop, value in ((SCHEMA.givenName, author.given), (SCHEMA.familyName, author.family),
                            (SSC.initials, author.initials)):
            if value:
                out.append((node, prop, ox.Literal(value)))
        if author.orcid:
            out.append((node, SSC.orcid, ox.Literal(author.orcid)))
            out.append((node, SCHEMA.sameAs, ox.NamedNode(f"https://orcid.org/{author.orcid}")))
        out += [(node, SCHEMA.affiliation, ox.Literal(a)) for a in author.affiliations]
        return out

    # -- provenance ------------------------------------------------------------------
    def provenance(self, name: str, sources: Iterable[SourceFile], generated_at: str) -> Iterator[ox.Quad]:
        """PROV-O for one conversion, in its own named graph: tool, inputs and checksums, time.

        Each conversion has its own activity and graph (named after the conversion), so
        loading several conversions keeps the provenance of each.
        """
        graph, triples = self.provenance_graph(name, sources, generated_at)
        return _quads(triples, graph)

    def provenance_graph(self, name: str, sources: Iterable[SourceFile], generated_at: str) -> GraphTriples:
        """``provenance`` as the graph and its triples, no quads made (for streamed batches)."""
        dataset, activity = ox.NamedNode(self.iri.dataset()), ox.NamedNode(self.iri.conversion(name))
        when = ox.Literal(generated_at, datatype=XSD.dateTime)
        triples: list[Triple] = [
            (dataset, RDF.type, PROV.Entity),
            (dataset, RDFS.label, en("ssc-rdf dataset")),
            (dataset, PROV.wasGeneratedBy, activity),
            (activity, RDF.type, PROV.Activity),
            (activity, RDFS.label, en(f"conversion {name} by ssc-rdf {__version__}")),
            (activity, PROV.wasAssociatedWith, TOOL_IRI),
            (activity, PROV.endedAtTime, when),
            (TOOL_IRI, RDF.type, PROV.SoftwareAgent),
            (TOOL_IRI, RDFS.label, ox.Literal(f"ssc-rdf {__version__}")),
            (TOOL_IRI, SCHEMA.softwareVersion, ox.Literal(__version__)),
            (ox.NamedNode(self.iri.provenance_graph(name)), RDFS.label, en(f"provenance of conversion {name}")),
        ]
        for source_file in sources:
            source = ox.NamedNode(self.iri.source(source_file.key))
            triples += [
                (activity, PROV.used, source),
                (source, RDF.type, PROV.Entity),
                (source, RDFS.label, en(f"input file {source_file.name}")),
                (source, DCTERMS.identifier, ox.Literal(source_file.name)),
            ]
            if source_file.sha256:
                triples.append((source, SSC.sha256, ox.Literal(source_file.sha256)))
            for key in source_file.graphs:
                graph = ox.NamedNode(self.iri.graph(key))
                triples += [
                    (graph, RDF.type, PROV.Entity),
                    (graph, RDFS.label, en(f"graph of {key}")),
                    (graph, PROV.wasDerivedFrom, source),
                    (graph, PROV.wasGeneratedBy, activity),
                    (graph, PROV.generatedAtTime, when),
                    (dataset, DCTERMS.hasPart, graph),
                ]
        return GraphTriples(ox.NamedNode(self.iri.provenance_graph(name)), triples)

    # -- imported records and mentions -------------------------------------------------
    def record(self, key: str, pub: Publication, finder: MentionFinder | None) -> Iterator[ox.Quad]:
        """An imported publication in its own named graph, with its mentions."""
        graph, triples = self.record_graph(key, pub, finder)
        return _quads(triples, graph)

    def record_graph(self, key: str, pub: Publication, finder: MentionFinder | None) -> GraphTriples:
        """``record`` as the graph and its triples, no quads made (for the corpus batches)."""
        return GraphTriples(ox.NamedNode(self.iri.graph(key)), self.publication(pub) + self.mentions(pub, finder))

    def mentions(self, pub: Publication, finder: MentionFinder | None) -> list[Triple]:
        """W3C Web Annotations: exact text and character offsets of each mention."""
        if finder is None:
            return []
        node = ox.NamedNode(self.iri.publication(pub))
        out: list[Triple] = []
        record = f"{pub.title or ''}\n{pub.abstract or ''}"  # where abbreviations are defined, what it is about
        for field, prop, content in (("title", DCTERMS.title, pub.title), ("abstract", DCTERMS.abstract, pub.abstract)):
            for m in finder.find(field, content, context=record):
                entity = self.entity_iri(m.entity)
                mention_iri = f"{node.value}/mention/{field}-{m.start}-{m.end}-{quote(m.entity, safe='-')}"
                mention = ox.NamedNode(mention_iri)
                target, position, quote_node = (ox.NamedNode(f"{mention_iri}/{part}")
                                                for part in ("target", "position", "quote"))
                out += [
                    (node, SSC.mentions, entity),
                    (mention, RDF.type, SSC.Mention),
                    (mention, RDF.type, OA.Annotation),
                    (mention, RDFS.label, en(f"mention of “{m.exact}” in the {field}")),
                    (mention, OA.hasBody, entity),
                    (mention, OA.hasTarget, target),
                    (target, RDF.type, OA.SpecificResource),
                    (target, RDFS.label, en(f"the {field} at “{m.exact}”")),
                    (target, OA.hasSource, node),
                    (target, SSC.inText, prop),
                    (target, OA.hasSelector, position),
                    (target, OA.hasSelector, quote_node),
                    (position, RDF.type, OA.TextPositionSelector),
                    (position, RDFS.label, en(f"characters {m.start} to {m.end} of the {field}")),
                    (position, OA.start, integer(m.start, XSD.nonNegativeInteger)),
                    (position, OA.end, integer(m.end, XSD.nonNegativeInteger)),
                    (quote_node, RDF.type, OA.TextQuoteSelector),
                    (quote_node, RDFS.label, en(f"the words “{m.exact}”")),
                    (quote_node, OA.exact, ox.Literal(m.exact)),
                ]
        return out


def _tag(code: str | None) -> str | None:
    """A language tag from ISO 639-1 codes only: PubMed's three-letter codes without one are not tags."""
    return code if code and len(code) == 2 else None


def _translated_title(pub: Publication) -> bool:
    """The title is an English translation: PubMed's title of a non-English article, or a title
    in brackets (NLM's mark of a translated title, which reference managers keep)."""
    if not pub.title or not pub.language or pub.language in ("en", "eng"):
        return False
    return pub.text_language == "en" or (pub.title.startswith("[") and pub.title.rstrip(".").endswith("]"))


def _publication_types(pub: Publication) -> list[ox.NamedNode]:
    kinds = {t.lower() for t in pub.publication_types}
    types = [SSC.Publication, SCHEMA.ScholarlyArticle]
    if "review" in kinds or "systematic review" in kinds:
        types += [SSC.ReviewArticle, FABIO.ReviewArticle]
    if pub.journal is not None:
        types += [SSC.JournalArticle, FABIO.JournalArticle]
    return types


def _identifiers(node: ox.NamedNode, pub: Publication) -> list[Triple]:
    out: list[Triple] = []
    if pub.doi:
        out.append((node, BIBO.doi, ox.Literal(pub.doi)))
        out.append((node, SCHEMA.sameAs, ox.NamedNode("https://doi.org/" + quote(pub.doi, safe="/:;()._-"))))
    if pub.pmid:
        out.append((node, FABIO.hasPubMedId, ox.Literal(pub.pmid)))
        out.append((node, SCHEMA.sameAs, ox.NamedNode(f"https://pubmed.ncbi.nlm.nih.gov/{quote(pub.pmid, safe='')}/")))
    if pub.pmcid:
        out.append((node, FABIO.hasPubMedCentralId, ox.Literal(pub.pmcid)))
    return out


__all__ = ["TOOL_IRI", "Mapper", "date_literal"]
