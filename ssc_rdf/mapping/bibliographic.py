"""The parts of a bibliographic record beyond title, authors and identifiers, as triples.

MeSH headings, structured abstracts, grants, registry entries, chemicals, history dates
and links to other records (``CommentsCorrections``). Each has the same triples from
PubMed XML and from MEDLINE for what both formats say; what only XML says (MeSH
UIs, NLM categories, inline markup) is added on top. See docs/rdf-model.md.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pyoxigraph as ox

from ..model import MeshHeading, Publication
from ..rdf.terms import CITO, DCTERMS, FABIO, RDF, RDFS, SCHEMA, SSC, XSD
from .iris import Minter, slug

Subject = ox.NamedNode | ox.BlankNode
Triple = tuple[Subject, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]

MESH = "http://id.nlm.nih.gov/mesh/"
_UI = re.compile(r"^[CDQ][0-9]{6,9}$")
_TRUE = ox.Literal("true", datatype=XSD.boolean)
_FALSE = ox.Literal("false", datatype=XSD.boolean)

# PubMed's CommentsCorrections RefType -> the CiTO property from this record to the linked one,
# checked against CiTO's definitions ("the citing entity ... the cited entity"). Link types
# without a CiTO property (republications, reprints, summaries, expressions of concern,
# partial retractions) are kept only as ssc:RecordLink nodes.
CITO_LINKS = {
    "Cites": CITO.cites,
    "CommentOn": CITO.discusses, "CommentIn": CITO.isDiscussedBy,
    "ErratumFor": CITO.corrects, "ErratumIn": CITO.isCorrectedBy,
    "RetractionOf": CITO.retracts, "RetractionIn": CITO.isRetractedBy,
    "UpdateOf": CITO.updates, "UpdateIn": CITO.isUpdatedBy,
}
# History statuses with a Dublin Core date property of their own.
_HISTORY_TERMS = {"received": DCTERMS.dateSubmitted, "accepted": DCTERMS.dateAccepted}


def boolean(value: bool) -> ox.Literal:
    return _TRUE if value else _FALSE


def position(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.positiveInteger)


def day(date_iso: str, precision: int) -> ox.Literal:
    datatype = XSD.gYear if precision == 1 else XSD.gYearMonth if precision == 2 else XSD.date
    return ox.Literal(date_iso, datatype=datatype)


def mesh(ui: str | None) -> ox.NamedNode | None:
    """A MeSH UI as its id.nlm.nih.gov IRI; anything that is not a UI gives no IRI."""
    return ox.NamedNode(MESH + ui) if ui and _UI.match(ui) else None


def heading_label(heading: MeshHeading) -> str:
    """The heading as MEDLINE writes it: ``*`` marks a major topic (``Neoplasms/*drug therapy``)."""
    parts = [("*" if heading.major else "") + heading.descriptor_name]
    parts += [("*" if q.major else "") + q.name for q in heading.qualifiers]
    return "/".join(parts)


def mesh_headings(node: ox.NamedNode, pub: Publication) -> list[Triple]:
    """Each heading as a node (names and major-topic flags, from either format), and the
    MeSH descriptors and descriptor-qualifier pairs as subject terms when the UIs are known.

    A heading is a major topic of the article when its descriptor or one of its
    qualifiers is marked so (PubMed's [majr]); the primary subject term is the
    descriptor, or the descriptor-qualifier pair, that carries the mark.
    """
    out: list[Triple] = []
    for number, heading in enumerate(pub.mesh_headings, start=1):
        h = ox.NamedNode(f"{node.value}/mesh/{number}")
        out += [
            (node, SSC.hasMeshHeading, h),
            (h, RDF.type, SSC.MeshHeading),
            (h, RDFS.label, ox.Literal(heading_label(heading))),
            (h, SSC.position, position(number)),
            (h, SSC.descriptorName, ox.Literal(heading.descriptor_name)),
            (h, SSC.majorTopic, boolean(heading.major or any(q.major for q in heading.qualifiers))),
        ]
        descriptor = mesh(heading.descriptor_ui)
        if descriptor is not None:
            out += [(h, SSC.meshDescriptor, descriptor), (node, FABIO.hasSubjectTerm, descriptor)]
            if heading.major:
                out.append((node, FABIO.hasPrimarySubjectTerm, descriptor))
        for q_number, qualifier in enumerate(heading.qualifiers, start=1):
            q = ox.NamedNode(f"{h.value}/{q_number}")
            out += [
                (h, SSC.hasQualification, q),
                (q, RDF.type, SSC.MeshQualification),
                (q, RDFS.label, ox.Literal(f"{heading.descriptor_name}/{qualifier.name}")),
                (q, SSC.position, position(q_number)),
                (q, SSC.qualifierName, ox.Literal(qualifier.name)),
                (q, SSC.majorTopic, boolean(qualifier.major)),
            ]
            ui = mesh(qualifier.ui)
            if ui is not None:
                out.append((q, SSC.meshQualifier, ui))
            if descriptor is not None and ui is not None and qualifier.ui and heading.descriptor_ui:
                pair = ox.NamedNode(MESH + heading.descriptor_ui + qualifier.ui)
                out += [(q, SSC.meshPair, pair), (node, FABIO.hasSubjectTerm, pair)]
                if qualifier.major:
                    out.append((node, FABIO.hasPrimarySubjectTerm, pair))
    return out


def abstract_sections(node: ox.NamedNode, pub: Publication, lang: str | None) -> list[Triple]:
    """A structured abstract's sections, in order, with their labels; none for a plain abstract."""
    sections = pub.abstract_sections
    if not any(s.label for s in sections):
        return []
    out: list[Triple] = []
    for number, section in enumerate(sections, start=1):
        s = ox.NamedNode(f"{node.value}/abstract/{number}")
        out += [
            (node, SSC.hasAbstractSection, s),
            (s, RDF.type, SSC.AbstractSection),
            (s, RDFS.label, ox.Literal(section.label or f"section {number}")),
            (s, SSC.position, position(number)),
            (s, RDF.value, ox.Literal(section.text, language=lang) if lang else ox.Literal(section.text)),
        ]
        if section.label:
            out.append((s, SSC.sectionLabel, ox.Literal(section.label)))
        if section.category:
            out.append((s, SSC.nlmCategory, ox.Literal(section.category)))
        if section.html:
            out.append((s, SSC.valueHTML, ox.Literal(section.html, datatype=RDF.HTML)))
    return out


def funding(node: ox.NamedNode, pub: Publication, iri: Minter) -> list[Triple]:
    """Grants as schema.org ``Grant``s with their funder (shared by every record they fund)."""
    out: list[Triple] = []
    for number, grant in enumerate(pub.grants, start=1):
        agency = slug(grant.agency, 12) if grant.agency else "unknown"
        g = ox.NamedNode(f"{iri.base}grant/{agency}/{slug(grant.identifier, 20)}" if grant.identifier
                         else f"{node.value}/grant/{number}")
        out += [(node, SCHEMA.funding, g), (g, RDF.type, SCHEMA.Grant),
                (g, RDFS.label, ox.Literal(f"grant {grant.identifier or number}"))]
        if grant.identifier:
            out.append((g, SCHEMA.identifier, ox.Literal(grant.identifier)))
        if grant.agency:
            funder = ox.NamedNode(f"{iri.base}funder/{agency}")
            out += [(g, SCHEMA.funder, funder), (funder, RDF.type, SCHEMA.Organization),
                    (funder, SCHEMA.name, ox.Literal(grant.agency))]
            if grant.acronym:
                out.append((funder, SCHEMA.alternateName, ox.Literal(grant.acronym)))
            if grant.country:
                out.append((funder, SSC.country, ox.Literal(grant.country)))
    return out


def accessions(node: ox.NamedNode, pub: Publication, iri: Minter) -> list[Triple]:
    """Trial registrations and data bank entries: a number in a registry (schema.org PropertyValue)."""
    out: list[Triple] = []
    for accession in pub.accessions:
        registry = accession.registry or "unknown"
        a = ox.NamedNode(f"{iri.base}accession/{quote(registry, safe='.-')}/{quote(accession.number, safe='.-')}")
        out += [(node, SSC.hasAccession, a), (a, RDF.type, SCHEMA.PropertyValue),
                (a, RDFS.label, ox.Literal(f"{registry} {accession.number}")),
                (a, SCHEMA.value, ox.Literal(accession.number))]
        if accession.registry:
            out.append((a, SCHEMA.propertyID, ox.Literal(accession.registry)))
    return out


def chemicals(node: ox.NamedNode, pub: Publication) -> list[Triple]:
    out: list[Triple] = []
    for number, chemical in enumerate(pub.chemicals, start=1):
        c = ox.NamedNode(f"{node.value}/chemical/{number}")
        out += [(node, SSC.hasChemical, c), (c, RDF.type, SSC.Chemical),
                (c, RDFS.label, ox.Literal(chemical.name)), (c, SSC.position, position(number))]
        if chemical.registry_number:
            out.append((c, SSC.registryNumber, ox.Literal(chemical.registry_number)))
        if (ui := mesh(chemical.ui)) is not None:
            out.append((c, SSC.meshConcept, ui))
    return out


def history(node: ox.NamedNode, pub: Publication) -> list[Triple]:
    out: list[Triple] = []
    for step in pub.history:
        h = ox.NamedNode(f"{node.value}/history/{quote(step.status, safe='-')}")
        date = day(step.date.iso(), 1 if step.date.month is None else 2 if step.date.day is None else 3)
        out += [(node, SSC.hasHistoryDate, h), (h, RDF.type, SSC.HistoryDate),
                (h, RDFS.label, ox.Literal(f"{step.status} {step.date.iso()}")),
                (h, SSC.publicationStatus, ox.Literal(step.status)), (h, DCTERMS.date, date)]
        if step.status in _HISTORY_TERMS:
            out.append((node, _HISTORY_TERMS[step.status], date))
    return out


def links(node: ox.NamedNode, pub: Publication, iri: Minter) -> tuple[list[Triple], list[Publication]]:
    """Links to other records, and the linked records (known by PMID and citation) to describe."""
    out: list[Triple] = []
    linked: list[Publication] = []
    for number, link in enumerate(pub.links, start=1):
        if not link.pmid and not link.source:
            continue
        target_pub = Publication(title="", pmid=link.pmid, citation_text=link.source or f"PMID {link.pmid}")
        target = ox.NamedNode(iri.publication(target_pub))
        r = ox.NamedNode(f"{node.value}/link/{number}")
        out += [(node, SSC.hasRecordLink, r), (r, RDF.type, SSC.RecordLink),
                (r, RDFS.label, ox.Literal(f"{link.kind}: {link.source or link.pmid}")),
                (r, SSC.linkType, ox.Literal(link.kind)), (r, SSC.linkedRecord, target)]
        if link.source:
            out.append((r, DCTERMS.bibliographicCitation, ox.Literal(link.source)))
        if link.kind in CITO_LINKS:
            out.append((node, CITO_LINKS[link.kind], target))
        linked.append(target_pub)
    return out, linked


def publication_type_terms(node: ox.NamedNode, pub: Publication) -> list[Triple]:
    return [(node, DCTERMS.type, ui) for ui in (mesh(u) for u in pub.publication_type_uis.values()) if ui]
