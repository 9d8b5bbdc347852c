"""Source: a curated review file (YAML) -> a ``Review`` record.

Every problem is reported as one ``InputError`` naming the file, the line and the
field, because curators edit these files by hand.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path
from typing import BinaryIO, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InputError, InputErrors
from ..identifiers import parse_partial_date, split_pages
from ..model import Author, CellSource, Claim, Entity, Journal, Publication, Review, Statement
from ..vocabulary import CELL_TYPE_KINDS, TISSUE_KINDS, modalities, ontology_entities, relation_for
from .base import read_bytes
from .curated_schema import (
    CellSourceIn,
    EntityIn,
    PublicationIn,
    ReferenceIn,
    ReviewFileIn,
    StatementIn,
    allowed_values,
    field_names,
)
from .yaml_lines import Path_, dotted, line_of, load_with_lines

STATEMENT_KEYS = ("treats", "route", "cell_source", "targets", "mechanism", "manifestation", "component",
                  "member", "combines", "broader", "form", "site")
_Part = TypeVar("_Part", bound=BaseModel)
MAX_PROBLEMS = 100  # listed for one file; a count of the rest follows
# A sentence ends with . ! or ? followed by space and a capital, digit or bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")


def sniff(head: bytes) -> bool:
    """A curated file declares its format on a line of its own: ``ssc-rdf: 1``."""
    return re.search(rb"^ssc-rdf\s*:", head, re.MULTILINE) is not None


def read(source: Path | str | BinaryIO, name: str | None = None) -> Review:
    """Read and check one curated review file; ``InputErrors`` lists every problem found."""
    name, raw = read_bytes(source, name)
    text = _decode(raw, name)
    data, lines = load_with_lines(text, name)
    if not isinstance(data, dict):
        raise InputError("expected a mapping with keys ssc-rdf, id, publication, statements", path=name, line=1)
    checked = _CheckedReview(data, lines, name)
    review = checked.build()
    if checked.problems:
        problems = sorted(checked.problems, key=lambda p: (p.line or 0, p.field or ""))
        raise InputErrors(problems[:MAX_PROBLEMS], more=max(0, len(problems) - MAX_PROBLEMS))
    assert review is not None  # built whenever nothing was wrong
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


def _schema_problems(exc: ValidationError, lines: dict[Path_, int], name: str) -> list[InputError]:
    """pydantic's errors in a curator's words, each at its own line.

    A misspelt key gives pydantic two errors (an extra key, and the missing one at the
    parent's line): they become one, on the misspelt key's line, with a suggestion.
    """
    errors = exc.errors()
    located = [(tuple(p for p in e["loc"] if isinstance(p, (str, int))), e) for e in errors]
    missing = {at for at, e in located if e["type"] == "missing"}
    meant: set[Path_] = set()  # missing fields an unknown key was a misspelling of
    problems = []
    for at, error in located:
        kind = error["type"]
        if kind == "missing":
            continue
        if kind == "extra_forbidden":
            message = _unknown_key(at, missing, meant)
        elif kind == "literal_error" and at == ("ssc-rdf",):
            message = "unsupported format version (expected ssc-rdf: 1)"
        elif kind == "literal_error":
            message = _not_allowed(at, error["input"], allowed_values(at))
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
        problems.append(InputError(message, path=name, line=line_of(lines, at), field=dotted(at)))
    problems += [InputError("missing required field", path=name, line=line_of(lines, at), field=dotted(at))
                 for at in sorted(missing - meant, key=str)]
    return problems


def _unknown_key(at: Path_, missing: set[Path_], meant: set[Path_]) -> str:
    parent, key = at[:-1], str(at[-1])
    absent = [str(m[-1]) for m in missing if m[:-1] == parent and m not in meant]
    close = difflib.get_close_matches(key, absent, n=1, cutoff=0.6)
    if close:
        meant.add((*parent, close[0]))
    else:
        close = difflib.get_close_matches(key, field_names(parent), n=1, cutoff=0.6)
    if close:
        return f"unknown key; did you mean `{close[0]}`?"
    return f"unknown key (keys here: {', '.join(field_names(parent))}; see docs/curated-format.md)"


def _not_allowed(at: Path_, value: object, allowed: list[str]) -> str:
    what = str(at[-1]) if at and isinstance(at[-1], str) else "value"
    return f"unknown {what} {value!r}{did_you_mean(str(value), allowed)} (allowed: {', '.join(allowed)})"


def did_you_mean(value: str, known: list[str]) -> str:
    """``; did you mean `cell-type`?`` for the closest known value, or nothing."""
    spelt = value.strip().lower().replace("_", "-").replace(" ", "-")
    close = [spelt] if spelt in known else difflib.get_close_matches(spelt, known, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


class _CheckedReview:
    """Checks a file's shape (the schema), then what needs the ontology, collecting every problem.

    When the schema refuses part of the file, the parts it accepts are still checked, and
    nothing is said about what depends on a refused part (an entity whose definition has a
    mistake is not also reported as undefined wherever it is used).
    """

    def __init__(self, data: dict, lines: dict[Path_, int], name: str) -> None:
        self.data = data
        self.lines = lines
        self.name = name
        self.entities: dict[str, Entity] = dict(ontology_entities())
        self.unchecked: set[str] = set()  # keys of entities whose definition the schema refused
        self.sentences: list[str] | None = None  # unknown while the publication is refused
        self.problems: list[InputError] = []

    def fail(self, message: str, at: Path_) -> None:
        self.problems.append(InputError(message, path=self.name, line=line_of(self.lines, at), field=dotted(at)))

    def build(self) -> Review | None:
        """The review, or None when there were problems (each in ``self.problems``)."""
        try:
            doc = ReviewFileIn.model_validate(self.data)
        except ValidationError as exc:
            self.problems += _schema_problems(exc, self.lines, self.name)
            self._check_parts()
            return None
        publication = _publication(doc.publication)
        self.sentences = sentences(publication)
        file_entities = self._file_entities(list(enumerate(doc.entities)))
        for i, key in enumerate(doc.publication.about):
            self._entity(key, ("publication", "about", i))
        statements = [self._statement(i, s) for i, s in enumerate(doc.statements)]
        if self.problems:
            return None
        return Review(doc.id, publication, file_entities, [s for s in statements if s is not None])

    def _check_parts(self) -> None:
        """The ontology checks of the publication, entities and statements the schema accepts."""
        entities = self.data.get("entities")
        accepted = []
        for i, raw in enumerate(entities if isinstance(entities, list) else []):
            entity = _valid(EntityIn, raw)
            if entity is not None:
                accepted.append((i, entity))
            elif isinstance(raw, dict) and isinstance(raw.get("id"), str):
                self.unchecked.add(raw["id"])
        self._file_entities(accepted)
        publication = _valid(PublicationIn, self.data.get("publication"))
        if publication is not None:
            self.sentences = sentences(_publication(publication))
            for i, key in enumerate(publication.about):
                self._entity(key, ("publication", "about", i))
        statements = self.data.get("statements")
        for i, raw in enumerate(statements if isinstance(statements, list) else []):
            statement = _valid(StatementIn, raw)
            if statement is not None:
                self._statement(i, statement)

    def _file_entities(self, entities: list[tuple[int, EntityIn]]) -> list[Entity]:
        out = []
        for i, e in entities:
            if e.id in self.entities:
                where = "the ontology" if self.entities[e.id].iri else "this file"
                self.fail(f"duplicate identifier {e.id!r}: already defined in {where}", ("entities", i, "id"))
                continue
            entity = Entity(
                key=e.id, kind=e.kind, label=e.label, alt_labels=list(e.alt_labels), definition=e.definition,
                exact_match=list(e.exact_match), close_match=list(e.close_match),
                broad_match=list(e.broad_match), related_match=list(e.related_match),
            )
            self.entities[e.id] = entity
            out.append(entity)
        return out

    def _entity(self, key: str, at: Path_) -> Entity | None:
        """The entity of a key; None, with a problem unless its definition was refused, if there is none."""
        entity = self.entities.get(key)
        if entity is None and key not in self.unchecked:
            self.fail(f"reference to undefined entity {key!r}{did_you_mean(key, list(self.entities))}"
                      " (define it under entities:, or see ssc-rdf vocabulary)", at)
        return entity

    def _statement(self, index: int, s: StatementIn) -> Statement | None:
        at: Path_ = ("statements", index)
        before = len(self.problems)
        subject = self._entity(s.subject, (*at, "subject"))
        if s.modality not in modalities():
            known = list(modalities())
            self.fail(f"unknown modality {s.modality!r}{did_you_mean(s.modality, known)} (known: {', '.join(known)})",
                      (*at, "modality"))
        if self.sentences is not None:
            self._check_sentences(s.evidence, (*at, "evidence"))
        claims: list[Claim] = []
        for key in STATEMENT_KEYS:
            values = getattr(s, key)
            relation = relation_for(key, subject.kind) if values and subject else None
            if values and subject and relation is None:
                self.fail(f"a {subject.kind} ({s.subject}) cannot have {key!r}", (*at, key))
            for j, value in enumerate(values):
                if key == "cell_source":
                    self._cell_source(value, (*at, key, j))
                    claims.append(Claim(s.subject, key, CellSource(value.cell_type, value.tissue)))
                else:
                    if relation is not None:
                        self._check_kind(value, relation.object_kinds, relation.object_name, (*at, key, j))
                    claims.append(Claim(s.subject, key, value))
        if not claims:
            self.fail("the statement says nothing: give at least one of " + ", ".join(STATEMENT_KEYS), at)
        if len(self.problems) > before or subject is None:
            return None
        self._check_names(s, claims, at)
        return Statement(s.subject, claims, s.evidence, s.modality, dict(s.implicit), line_of(self.lines, at))

    def _check_kind(self, key: str, kinds: frozenset[str], what: str, at: Path_) -> None:
        if key in self.unchecked:
            return
        entity = self.entities.get(key)
        if entity is None or entity.kind not in kinds:
            known = sorted(k for k, e in self.entities.items() if e.kind in kinds)
            self.fail(f"unknown {what} {key!r}{did_you_mean(key, known)} (known: {', '.join(known)})", at)

    def _cell_source(self, value: CellSourceIn, at: Path_) -> None:
        self._check_kind(value.cell_type, CELL_TYPE_KINDS, "cell type", (*at, "cell_type"))
        if value.tissue is not None:
            self._check_kind(value.tissue, TISSUE_KINDS, "tissue", (*at, "tissue"))

    def _check_sentences(self, evidence: str, at: Path_) -> None:
        """Evidence is one or more whole, consecutive sentences of the title or abstract.

        A fragment can drop what qualifies it ("could", "mainly"), so only whole
        sentences are accepted; a statement needing context quotes the sentences before.
        """
        known = self.sentences or []
        quoted = _squash(evidence)
        for i in range(len(known)):
            run = ""
            for sentence in known[i:]:
                run = f"{run} {sentence}".strip()
                if run == quoted:
                    return
                if not quoted.startswith(run):
                    break
        if quoted in _squash(" ".join(known)):
            self.fail("evidence is part of a sentence: quote the whole sentence of the title or abstract", at)
        else:
            self.fail("evidence is not a verbatim sentence of the publication's title or abstract", at)

    def _check_names(self, s: StatementIn, claims: list[Claim], at: Path_) -> None:
        """The evidence must name the subject or an object (a label or alt label, as a whole word),
        or the curator says which phrase means one.

        Otherwise a true sentence about something else could be quoted as evidence.
        """
        keys = {s.subject} | {k for c in claims for k in _object_keys(c)}
        if keys & self.unchecked:  # an entity whose definition was refused: its labels are unknown
            return
        evidence = _squash(s.evidence)
        for phrase, key in s.implicit.items():
            where = (*at, "implicit")
            if _squash(phrase) not in evidence:
                self.fail(f"the phrase {phrase!r} is not in the evidence", where)
            if key not in keys:
                self.fail(f"{key!r} is neither the subject nor an object of this statement", where)
        if not (any(_names(evidence, self.entities[k]) for k in keys) or s.implicit):
            objects = ", ".join(sorted(keys - {s.subject}))
            self.fail(
                f"evidence names neither the subject ({s.subject}) nor an object ({objects});"
                ' quote a sentence that does, or say which phrase means one: implicit: {"the disease": key}',
                (*at, "evidence"))


def _valid(model: type[_Part], data: object) -> _Part | None:
    """``data`` as the model, or None when the schema refuses it (its problems are reported already)."""
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


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
