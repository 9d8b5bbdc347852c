"""Plain typed records that every source produces and the mapping consumes.

Nothing here knows about RDF: sources fill these dataclasses, ``mapping`` turns
them into triples. Keeping the records plain lets new sources (RIS, BibTeX, ...)
be added without touching the graph code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date that may be known only to the year or the month (PubMed often is)."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass
class Author:
    """One author as the source gives it: a person or a collective (group) name."""

    name: str  # full display name, e.g. "Mélanie Velier" or "Del Papa N"
    family: str | None = None
    given: str | None = None
    initials: str | None = None
    orcid: str | None = None  # bare 0000-0000-0000-000X form
    affiliations: list[str] = field(default_factory=list)
    collective: bool = False


@dataclass
class Journal:
    title: str
    iso_abbreviation: str | None = None
    issn: str | None = None
    eissn: str | None = None
    nlm_id: str | None = None
    issn_linking: str | None = None  # ISSN-L: the one ISSN that names the journal in every medium
    medline_ta: str | None = None  # NLM's title abbreviation (MedlineTA, MEDLINE ``TA``)
    country: str | None = None  # where it is published, as NLM gives it


@dataclass
class AbstractSection:
    """One labelled part of a structured abstract (PubMed ``AbstractText``)."""

    text: str
    label: str | None = None
    category: str | None = None  # NlmCategory: BACKGROUND, METHODS, ...
    html: str | None = None  # the text's original inline markup, when it has any


@dataclass
class MeshQualifier:
    ui: str | None
    name: str
    major: bool = False


@dataclass
class MeshHeading:
    descriptor_ui: str | None
    descriptor_name: str
    major: bool = False
    qualifiers: list[MeshQualifier] = field(default_factory=list)


@dataclass
class Grant:
    """One grant that funded the work (PubMed ``Grant``, MEDLINE ``GR``)."""

    identifier: str | None
    acronym: str | None = None  # the funder's code, e.g. AI for NIAID
    agency: str | None = None
    country: str | None = None


@dataclass
class Accession:
    """An entry of a data bank or trial registry (PubMed ``DataBank``, MEDLINE ``SI``)."""

    registry: str | None  # e.g. ClinicalTrials.gov
    number: str  # e.g. NCT02149199


@dataclass
class Chemical:
    """A substance the record is indexed with (PubMed ``Chemical``, MEDLINE ``RN``)."""

    name: str
    ui: str | None = None  # MeSH UI of the substance (D... or C...)
    registry_number: str | None = None  # CAS or UNII; PubMed's "0" (none) is not kept


@dataclass
class HistoryDate:
    """A dated step of the record's history (received, accepted, pubmed, ...)."""

    status: str
    date: PartialDate


@dataclass
class RecordLink:
    """A link PubMed records to another record (``CommentsCorrections``: CommentIn, ErratumIn, Cites...)."""

    kind: str  # PubMed's RefType, e.g. CommentIn
    source: str | None  # the linked record as PubMed cites it (RefSource)
    pmid: str | None = None


@dataclass
class Publication:
    """A bibliographic record; the same shape for the review and for what it cites."""

    title: str
    authors: list[Author] = field(default_factory=list)
    authors_complete: bool = True  # False when the source lists "et al."
    journal: Journal | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # as given, e.g. "17-22" or "756–69"
    page_start: str | None = None
    page_end: str | None = None  # expanded, e.g. "769"
    published: PartialDate | None = None
    epublished: PartialDate | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    abstract: str | None = None
    abstract_sections: list[AbstractSection] = field(default_factory=list)
    language: str | None = None  # ISO 639-1 when known ("en"), else as given
    publication_types: list[str] = field(default_factory=list)
    mesh_headings: list[MeshHeading] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    references: list[Publication] = field(default_factory=list)
    about: list[str] = field(default_factory=list)  # entity keys: what a curated publication is about
    citation_text: str | None = None  # the reference line as printed, for cited works
    vernacular_title: str | None = None
    vernacular_language: str | None = None  # the language of the vernacular title, when the source says
    other_abstracts: list[tuple[str, str | None]] = field(default_factory=list)  # (text, language)
    text_language: str | None = None  # the language of title and abstract, when the source says
    title_html: str | None = None  # the title's original inline markup, when it has any
    abstract_html: str | None = None
    pii: str | None = None  # publisher item identifier or article number (ELocationID pii)
    publication_type_uis: dict[str, str] = field(default_factory=dict)  # type name -> MeSH UI
    grants: list[Grant] = field(default_factory=list)
    accessions: list[Accession] = field(default_factory=list)
    chemicals: list[Chemical] = field(default_factory=list)
    history: list[HistoryDate] = field(default_factory=list)
    links: list[RecordLink] = field(default_factory=list)
    source_name: str | None = None  # file the record came from (for error messages)
    record_number: int | None = None  # 1-based position in that file


@dataclass
class Entity:
    """A named thing of the domain: a disease, therapy, cell type, tissue, route..."""

    key: str  # short, stable identifier used in curated files (e.g. "intravenous")
    kind: str  # one of vocabulary.KINDS
    label: str
    alt_labels: list[str] = field(default_factory=list)
    definition: str | None = None
    exact_match: list[str] = field(default_factory=list)
    close_match: list[str] = field(default_factory=list)
    broad_match: list[str] = field(default_factory=list)
    related_match: list[str] = field(default_factory=list)
    iri: str | None = None  # set for entities declared by the ontology


@dataclass(frozen=True)
class CellSource:
    """The cells a therapy uses: their type and, when stated, the tissue they come from."""

    cell_type: str  # entity key
    tissue: str | None = None  # entity key


@dataclass
class Claim:
    """One fact a sentence of the source states: subject --relation--> object."""

    subject: str  # entity key
    relation: str  # key of vocabulary.RELATIONS, e.g. "route"
    object: str | CellSource  # entity key, or a cell source


@dataclass
class Statement:
    """What one evidence sentence says about one subject; expands to claims.

    ``modality`` is how the source asserts it (a key of ``vocabulary.modalities()``):
    hedged statements must not be published as facts.
    """

    subject: str
    claims: list[Claim]
    evidence: str
    modality: str
    implicit: dict[str, str] = field(default_factory=dict)  # phrase of the evidence -> entity key it means
    line: int | None = None


@dataclass
class Review:
    """A curated document: a publication, extra entities and the statements it makes."""

    key: str
    publication: Publication
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    source_path: str | None = None
    source_sha256: str | None = None


@dataclass
class SourceFile:
    """One input file, for provenance: what it was, its checksum, the graphs made from it."""

    key: str  # stable, from the file name
    name: str  # file name only (no directory: paths differ between machines)
    sha256: str | None
    graphs: list[str] = field(default_factory=list)  # document keys of the named graphs
