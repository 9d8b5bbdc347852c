"""Source: a curated review file (YAML) -> a ``Review`` record.

Every problem is reported as one ``InputError`` naming the file, the line and the
field, because curators edit these files by hand.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from ..errors import InputError
from ..identifiers import parse_partial_date, split_pages
from ..model import Author, CellSource, Claim, Entity, Journal, Publication, Review, Statement
from ..vocabulary import CELL_TYPE_KINDS, TISSUE_KINDS, modalities, ontology_entities, relation_for
from .base import read_bytes
from .curated_schema import PublicationIn, ReferenceIn, ReviewFileIn, StatementIn
from .yaml_lines import Path_, dotted, line_of, load_with_lines

STATEMENT_KEYS = ("treats", "route", "cell_source", "targets", "mechanism", "manifestation", "component",
                  "member", "combines", "broader", "form", "site")
# A sentence ends with . ! or ? followed by space and a capital, digit or bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")


def sniff(head: bytes) -> bool:
    """A curated file declares its format on a line of its own: ``ssc-rdf: 1``."""
    return re.search(rb"^ssc-rdf\s*:", head, re.MULTILINE) is not None


def read(source: Path | str | BinaryIO, name: str | None = None) -> Review:
    """Read and check one curated review file."""
    name, raw = read_bytes(source, name)
    text = _decode(raw, name)
    data, lines = load_with_lines(text, name)
    if not isinstance(data, dict):
        raise InputError("expected a mapping with keys ssc-rdf, id, publication, statements", path=name, line=1)
    try:
        doc = ReviewFileIn.model_validate(data)
    except ValidationError as exc:
        raise _schema_error(exc, lines, name) from None
    review = _CheckedReview(doc, lines, name).build()
    review.source_path = name
    review.source_sha256 = hashlib.sha256(raw).hexdigest()
    return review


def _decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise InputError("the file is empty", path=name, line=1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", path=name, line=line
        ) from None


def _schema_error(exc: ValidationError, lines: dict[Path_, int], name: str) -> InputError:
    error = exc.errors()[0]
    at: Path_ = tuple(p for p in error["loc"] if isinstance(p, (str, int)))
    kind = error["type"]
    if kind == "missing":
        message = "missing required field"
    elif kind == "extra_forbidden":
        message = "unknown key (check its spelling; see docs/curated-format.md)"
    elif kind == "literal_error" and at == ("ssc-rdf",):
        message = "unsupported format version (expected ssc-rdf: 1)"
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
    more = len(exc.errors()) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return InputError(message, path=name, line=line_of(lines, at), field=dotted(at))


class _CheckedReview:
    """Turns a schema-valid file into records, checking what needs the ontology."""

    def __init__(self, doc: ReviewFileIn, lines: dict[Path_, int], name: str) -> None:
        self.doc = doc
        self.lines = lines
        self.name = name
        self.entities: dict[str, Entity] = dict(ontology_entities())
        self.sentences: list[str] = []

    def fail(self, message: str, at: Path_) -> InputError:
        return InputError(message, path=self.name, line=line_of(self.lines, at), field=dotted(at))

    def build(self) -> Review:
        publication = _publication(self.doc.publication)
        file_entities = self._file_entities()
        for i, key in enumerate(self.doc.publication.about):
            self._entity(key, ("publication", "about", i))
        self.sentences = sentences(publication)
        statements = [self._statement(i, s) for i, s in enumerate(self.doc.statements)]
        return Review(self.doc.id, publication, file_entities, statements)

    def _file_entities(self) -> list[Entity]:
        out = []
        for i, e in enumerate(self.doc.entities):
            if e.id in self.entities:
                where = "the ontology" if self.entities[e.id].iri else "this file"
                raise self.fail(f"duplicate identifier {e.id!r}: already defined in {where}", ("entities", i, "id"))
            entity = Entity(
                key=e.id, kind=e.kind, label=e.label, alt_labels=list(e.alt_labels), definition=e.definition,
                exact_match=list(e.exact_match), close_match=list(e.close_match),
                broad_match=list(e.broad_match), related_match=list(e.related_match),
            )
            self.entities[e.id] = entity
            out.append(entity)
        return out

    def _entity(self, key: str, at: Path_) -> Entity:
        try:
            return self.entities[key]
        except KeyError:
            raise self.fail(f"reference to undefined entity {key!r} (define it under entities:)", at) from None

    def _statement(self, index: int, s: StatementIn) -> Statement:
        at: Path_ = ("statements", index)
        subject = self._entity(s.subject, (*at, "subject"))
        if s.modality not in modalities():
            raise self.fail(f"unknown modality {s.modality!r} (known: {', '.join(modalities())})", (*at, "modality"))
        self._check_sentences(s.evidence, (*at, "evidence"))
        claims: list[Claim] = []
        for key in STATEMENT_KEYS:
            values = getattr(s, key)
            if not values:
                continue
            relation = relation_for(key, subject.kind)
            if relation is None:
                raise self.fail(f"a {subject.kind} ({s.subject}) cannot have {key!r}", (*at, key))
            for j, value in enumerate(values):
                if key == "cell_source":
                    obj = self._cell_source(value, (*at, key, j))
                else:
                    self._check_kind(value, relation.object_kinds, relation.object_name, (*at, key, j))
                    obj = value
                claims.append(Claim(s.subject, key, obj))
        if not claims:
            raise self.fail("the statement says nothing: give at least one of " + ", ".join(STATEMENT_KEYS), at)
        self._check_names(s, claims, at)
        return Statement(s.subject, claims, s.evidence, s.modality, dict(s.implicit), line_of(self.lines, at))

    def _check_kind(self, key: str, kinds: frozenset[str], what: str, at: Path_) -> None:
        entity = self.entities.get(key)
        if entity is None or entity.kind not in kinds:
            known = sorted(k for k, e in self.entities.items() if e.kind in kinds)
            raise self.fail(f"unknown {what} {key!r} (known: {', '.join(known)})", at)

    def _cell_source(self, value, at: Path_) -> CellSource:
        self._check_kind(value.cell_type, CELL_TYPE_KINDS, "cell type", (*at, "cell_type"))
        if value.tissue is not None:
            self._check_kind(value.tissue, TISSUE_KINDS, "tissue", (*at, "tissue"))
        return CellSource(value.cell_type, value.tissue)

    def _check_sentences(self, evidence: str, at: Path_) -> None:
        """Evidence is one or more whole, consecutive sentences of the title or abstract.

        A fragment can drop what qualifies it ("could", "mainly"), so only whole
        sentences are accepted; a statement needing context quotes the sentences before.
        """
        quoted = _squash(evidence)
        for i in range(len(self.sentences)):
            run = ""
            for sentence in self.sentences[i:]:
                run = f"{run} {sentence}".strip()
                if run == quoted:
                    return
                if not quoted.startswith(run):
                    break
        if quoted in _squash(" ".join(self.sentences)):
            raise self.fail("evidence is part of a sentence: quote the whole sentence of the title or abstract", at)
        raise self.fail("evidence is not a verbatim sentence of the publication's title or abstract", at)

    def _check_names(self, s: StatementIn, claims: list[Claim], at: Path_) -> None:
        """The evidence must name the subject or an object (a label or alt label, as a whole word),
        or the curator says which phrase means one.

        Otherwise a true sentence about something else could be quoted as evidence.
        """
        keys = {s.subject} | {k for c in claims for k in _object_keys(c)}
        evidence = _squash(s.evidence)
        for phrase, key in s.implicit.items():
            where = (*at, "implicit")
            if _squash(phrase) not in evidence:
                raise self.fail(f"the phrase {phrase!r} is not in the evidence", where)
            if key not in keys:
                raise self.fail(f"{key!r} is neither the subject nor an object of this statement", where)
        if not (any(_names(evidence, self.entities[k]) for k in keys) or s.implicit):
            objects = ", ".join(sorted(keys - {s.subject}))
            raise self.fail(
                f"evidence names neither the subject ({s.subject}) nor an object ({objects});"
                ' quote a sentence that does, or say which phrase means one: implicit: {"the disease": key}',
                (*at, "evidence"))


def sentences(publication: Publication) -> list[str]:
    """The title, then the abstract's sentences, whitespace squashed."""
    abstract = _squash(publication.abstract or "")
    return [_squash(publication.title), *(t for t in _SENTENCE_END.split(abstract) if t)]


def _names(text: str, entity: Entity) -> bool:
    for form in (entity.label, *entity.alt_labels):
        words = r"\s+".join(re.escape(w) for w in form.split())
        if re.search(rf"(?<![\w-]){words}(?![\w-])", text, re.IGNORECASE):
            return True
    return False


def _object_keys(claim: Claim) -> list[str]:
    if isinstance(claim.object, CellSource):
        return [k for k in (claim.object.cell_type, claim.object.tissue) if k]
    return [claim.object]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _publication(p: PublicationIn) -> Publication:
    start, end = split_pages(p.pages) if p.pages else (None, None)
    return Publication(
        title=p.title,
        authors=[
            Author(name=a.name, family=a.family, given=a.given, orcid=a.orcid,
                   affiliations=list(a.affiliations), collective=a.collective)
            for a in p.authors
        ],
        authors_complete=not p.et_al,
        journal=Journal(p.journal.title, p.journal.iso_abbreviation, p.journal.issn, p.journal.eissn),
        volume=p.volume, issue=p.issue, pages=p.pages, page_start=start, page_end=end,
        published=parse_partial_date(p.published),
        epublished=parse_partial_date(p.epublished) if p.epublished else None,
        doi=p.doi, pmid=p.pmid, pmcid=p.pmcid,
        abstract=_squash(p.abstract), language=p.language,
        publication_types=list(p.publication_types),
        references=[_reference(r) for r in p.references],
        about=list(p.about),
    )


def _reference(r: ReferenceIn) -> Publication:
    start, end = split_pages(r.pages) if r.pages else (None, None)
    return Publication(
        title=r.title,
        authors=[_printed_author(a) for a in r.authors],
        authors_complete=not r.et_al,
        journal=Journal(r.journal) if r.journal else None,
        volume=r.volume, issue=r.issue, pages=r.pages, page_start=start, page_end=end,
        published=parse_partial_date(r.year),
        doi=r.doi, pmid=r.pmid, pmcid=r.pmcid, citation_text=r.citation,
    )


def _printed_author(name: str) -> Author:
    """``Del Papa N`` -> family ``Del Papa``, initials ``N`` (Vancouver style, as PubMed prints)."""
    match = re.match(r"^(.+?)\s+([A-Z]{1,4})$", name)
    if match:
        return Author(name=name, family=match.group(1), initials=match.group(2))
    return Author(name=name)
