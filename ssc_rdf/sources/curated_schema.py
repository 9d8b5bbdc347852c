"""The schema of curated review files (pydantic): types, required fields, unknown keys.

Only the shape of the file is checked here; whether the entities a statement names
exist, and have the right kind, is checked in ``curated_yaml`` against the ontology.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal, get_args, get_origin

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.fields import FieldInfo

from ..identifiers import DOI_RE, KEY_RE, ORCID_RE, PMCID_RE, PMID_RE, orcid_checksum_ok, parse_partial_date
from ..vocabulary import KIND_CLASSES

FORMAT_VERSION = 1


def _as_text(value: object) -> object:
    """YAML reads ``57`` and ``2022-01-18`` as int/date; identifiers and dates are text here."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, datetime.date)):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return value


def _pattern(regex, what: str):
    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(f"not a valid {what}: {value!r}")
        return value

    return AfterValidator(check)


def _check_date(value: str) -> str:
    parse_partial_date(value)
    return value


def _check_orcid(value: str) -> str:
    if not ORCID_RE.match(value) or not orcid_checksum_ok(value):
        raise ValueError(f"not a valid ORCID iD (0000-0000-0000-000X with its check digit): {value!r}")
    return value


def _check_iri(value: str) -> str:
    if not value.startswith(("http://", "https://")) or any(c in value for c in ' <>"{}|\\^`'):
        raise ValueError(f"not an absolute http(s) IRI: {value!r}")
    return value


Text = Annotated[str, BeforeValidator(_as_text), Field(min_length=1)]
Doi = Annotated[str, BeforeValidator(_as_text), _pattern(DOI_RE, "DOI (10.NNNN/suffix)")]
Pmid = Annotated[str, BeforeValidator(_as_text), _pattern(PMID_RE, "PMID (digits only)")]
Pmcid = Annotated[str, BeforeValidator(_as_text), _pattern(PMCID_RE, "PMCID (PMC followed by digits)")]
Orcid = Annotated[str, AfterValidator(_check_orcid)]
DateText = Annotated[str, BeforeValidator(_as_text), AfterValidator(_check_date)]
Key = Annotated[str, _pattern(KEY_RE, "key (lower-case words joined by hyphens)")]
Iri = Annotated[str, AfterValidator(_check_iri)]
Kind = Literal[tuple(KIND_CLASSES)]  # type: ignore[valid-type]  # the kinds, from the vocabulary


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AuthorIn(_Strict):
    name: Text
    family: Text | None = None
    given: Text | None = None
    orcid: Orcid | None = None
    affiliations: list[Text] = []
    collective: bool = False


class JournalIn(_Strict):
    title: Text
    iso_abbreviation: Text | None = None
    issn: Text | None = None
    eissn: Text | None = None


class ReferenceIn(_Strict):
    """One entry of the reference list, as printed."""

    authors: list[Text] = []
    et_al: bool = False
    title: Text
    journal: Text | None = None
    year: DateText
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = None
    doi: Doi | None = None
    pmid: Pmid | None = None
    pmcid: Pmcid | None = None
    citation: Text | None = None


class PublicationIn(_Strict):
    title: Text
    authors: list[AuthorIn] = Field(min_length=1)
    et_al: bool = False
    journal: JournalIn
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = None
    published: DateText
    epublished: DateText | None = None
    doi: Doi | None = None
    pmid: Pmid | None = None
    pmcid: Pmcid | None = None
    language: Annotated[str, _pattern(re.compile(r"^[a-z]{2,3}$"), "language code")] = "en"
    publication_types: list[Text] = []
    abstract: Text
    about: list[Key] = []
    references: list[ReferenceIn] = []


class EntityIn(_Strict):
    """An entity the ontology does not declare, defined by this file."""

    id: Key
    kind: Kind  # type: ignore[valid-type]
    label: Text
    alt_labels: list[Text] = []
    definition: Text | None = None
    exact_match: list[Iri] = []
    close_match: list[Iri] = []
    broad_match: list[Iri] = []
    related_match: list[Iri] = []


class CellSourceIn(_Strict):
    cell_type: Key
    tissue: Key | None = None


KeyList = Annotated[list[Key], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)]
CellSourceList = Annotated[list[CellSourceIn], BeforeValidator(lambda v: [v] if isinstance(v, dict) else v)]


class StatementIn(_Strict):
    """What one sentence of the source says about one subject."""

    subject: Key
    treats: KeyList = []
    route: KeyList = []
    cell_source: CellSourceList = []
    targets: KeyList = []
    mechanism: KeyList = []
    manifestation: KeyList = []
    component: KeyList = []
    member: KeyList = []
    combines: KeyList = []
    broader: KeyList = []
    form: KeyList = []
    site: KeyList = []
    modality: Key
    evidence: Text
    implicit: dict[Text, Key] = {}


class ReviewFileIn(_Strict):
    ssc_rdf: Literal[1] = Field(alias="ssc-rdf")
    id: Key
    publication: PublicationIn
    entities: list[EntityIn] = []
    statements: list[StatementIn] = []


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The model a field holds, directly or in a list (``list[AuthorIn]`` -> ``AuthorIn``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _model_at(at: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model of the mapping at a path of a file (list indices skipped)."""
    model: type[BaseModel] | None = ReviewFileIn
    for part in at:
        if isinstance(part, int):
            continue
        field = _field(model, part) if model else None
        model = _model_in(field.annotation) if field else None
    return model


def _field(model: type[BaseModel], key: str) -> FieldInfo | None:
    return next((f for name, f in model.model_fields.items() if (f.alias or name) == key), None)


def field_names(at: tuple[str | int, ...]) -> list[str]:
    """The keys a mapping at this path of a file may have, as a curator writes them."""
    model = _model_at(at)
    return [f.alias or name for name, f in model.model_fields.items()] if model else []


def allowed_values(at: tuple[str | int, ...]) -> list[str]:
    """The values a field with a fixed set of them (``kind``) allows."""
    model = _model_at(at[:-1])
    field = _field(model, str(at[-1])) if model and at else None
    if field is None or get_origin(field.annotation) is not Literal:
        return []
    return [str(v) for v in get_args(field.annotation)]
