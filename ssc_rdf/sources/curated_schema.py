"""The schema of curated review files (pydantic): types, required fields, unknown keys.

Only the shape of the file is checked here; whether the entities a statement names
exist, and have the right kind, is checked in ``curated_yaml`` against the ontology.
``json_schema()`` gives the same shape as a JSON Schema, for editors and other tools.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal, get_args, get_origin

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic.fields import FieldInfo

from ..identifiers import DOI_RE, KEY_RE, ORCID_RE, PMCID_RE, PMID_RE, orcid_checksum_ok, parse_partial_date
from ..vocabulary import CELL_TYPE_KINDS, KIND_CLASSES, RELATIONS, TISSUE_KINDS, modalities, ontology_entities

FORMAT_VERSION = 1
SCHEMA_ID = "https://w3id.org/ssc-rdf/curated-format.schema.json"
_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_IRI_PATTERN = r"^https?://[^\s<>\x22{}|\\^`]+$"


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


# YAML reads 57 as a number: the JSON Schema allows what the reader turns into text.
_TEXT = {"type": ["string", "integer", "number"], "minLength": 1}


def _json(pattern: str, *types: str) -> WithJsonSchema:
    return WithJsonSchema({"type": list(types) if len(types) > 1 else types[0], "pattern": pattern})


Text = Annotated[str, BeforeValidator(_as_text), Field(min_length=1), WithJsonSchema(_TEXT)]
Doi = Annotated[str, BeforeValidator(_as_text), _pattern(DOI_RE, "DOI (10.NNNN/suffix)"),
                _json(DOI_RE.pattern, "string")]
Pmid = Annotated[str, BeforeValidator(_as_text), _pattern(PMID_RE, "PMID (digits only)"),
                 _json(PMID_RE.pattern, "string", "integer")]
Pmcid = Annotated[str, BeforeValidator(_as_text), _pattern(PMCID_RE, "PMCID (PMC followed by digits)"),
                  _json(PMCID_RE.pattern, "string")]
Orcid = Annotated[str, AfterValidator(_check_orcid), _json(ORCID_RE.pattern, "string")]
DateText = Annotated[str, BeforeValidator(_as_text), AfterValidator(_check_date),
                     _json(_DATE_PATTERN, "string", "integer")]
Key = Annotated[str, _pattern(KEY_RE, "key (lower-case words joined by hyphens)"), _json(KEY_RE.pattern, "string")]
Iri = Annotated[str, AfterValidator(_check_iri), _json(_IRI_PATTERN, "string")]
Kind = Literal[tuple(KIND_CLASSES)]  # type: ignore[valid-type]  # the kinds, from the vocabulary


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AuthorIn(_Strict):
    """An author, as the source prints the name."""

    name: Text = Field(description="Display name, as printed")
    family: Text | None = None
    given: Text | None = None
    orcid: Orcid | None = Field(None, description="ORCID iD, 0000-0000-0000-000X (its check digit is checked)")
    affiliations: list[Text] = []
    collective: bool = Field(False, description="true for a group author")


class JournalIn(_Strict):
    """The journal the publication appeared in."""

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
    """The reviewed publication, as its PubMed page gives it."""

    title: Text
    authors: list[AuthorIn] = Field(min_length=1, description="As the source prints them; at least one")
    et_al: bool = Field(False, description='The source abbreviates the list with "et al."')
    journal: JournalIn
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = None
    published: DateText = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    epublished: DateText | None = Field(None, description="Published online: YYYY, YYYY-MM or YYYY-MM-DD")
    doi: Doi | None = None
    pmid: Pmid | None = None
    pmcid: Pmcid | None = None
    language: Annotated[str, _pattern(re.compile(r"^[a-z]{2,3}$"), "language code"),
                        _json(r"^[a-z]{2,3}$", "string")] = Field("en", description="ISO 639 code")
    publication_types: list[Text] = []
    abstract: Text = Field(description="The abstract: statements quote its sentences as evidence")
    about: list[Key] = Field([], description="Entity keys of what the publication is about (schema:about)")
    references: list[ReferenceIn] = Field([], description="The reference list, in order")


class EntityIn(_Strict):
    """An entity the ontology does not declare, defined by this file."""

    id: Key = Field(description="The entity's key; must not clash with an ontology key")
    kind: Kind = Field(description="What the entity is (ssc-rdf vocabulary lists the kinds' keys)")  # type: ignore[valid-type]
    label: Text
    alt_labels: list[Text] = []
    definition: Text | None = None
    exact_match: list[Iri] = []
    close_match: list[Iri] = []
    broad_match: list[Iri] = []
    related_match: list[Iri] = []


class CellSourceIn(_Strict):
    """The cells a cell therapy uses, and the tissue they come from when the source says."""

    cell_type: Key = Field(description="A cell type or cell population key")
    tissue: Key | None = Field(None, description="A tissue key")


KeyList = Annotated[list[Key], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)]
CellSourceList = Annotated[list[CellSourceIn], BeforeValidator(lambda v: [v] if isinstance(v, dict) else v)]


class StatementIn(_Strict):
    """What one sentence of the source says about one subject."""

    subject: Key = Field(description="The entity the statement is about (a key)")
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
    modality: Key = Field(description="How the source asserts the statement")
    evidence: Text = Field(description="Whole consecutive sentences of the title or abstract, verbatim")
    implicit: dict[Text, Key] = Field({}, description="A phrase of the evidence that stands for the subject or "
                                      "an object, and its key")


class ReviewFileIn(_Strict):
    """A curated review file (docs/curated-format.md)."""

    ssc_rdf: Literal[1] = Field(alias="ssc-rdf", description="Format version")
    id: Key = Field(description="Key of the document: lower-case words joined by hyphens")
    publication: PublicationIn
    entities: list[EntityIn] = Field([], description="Entities the ontology does not declare")
    statements: list[StatementIn] = Field([], description="What each sentence of the source says about one subject")


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


def json_schema() -> dict:
    """The file format as a JSON Schema (2020-12): the models' shape, with the ontology's keys
    offered for each statement key and the modalities as an enum, so that editors complete them.

    A key the file defines under ``entities:`` is allowed wherever the ontology's are.
    """
    schema = ReviewFileIn.model_json_schema(by_alias=True)
    defs = schema["$defs"]
    entities = ontology_entities()

    def keys(kinds: frozenset[str], description: str) -> dict:
        known = sorted(k for k, e in entities.items() if e.kind in kinds)
        return {"anyOf": [{"enum": known}, {"type": "string", "pattern": KEY_RE.pattern}], "description": description}

    statement = defs["StatementIn"]["properties"]
    for key in sorted({r.key for r in RELATIONS} - {"cell_source"}):
        relations = [r for r in RELATIONS if r.key == key]
        kinds = frozenset().union(*(r.object_kinds for r in relations))
        meaning = "; ".join(f"{r.label} (said of a {', '.join(sorted(r.subject_kinds))})" for r in relations)
        one = keys(kinds, f"{relations[0].object_name} key(s): {meaning}")
        statement[key] = {"anyOf": [one, {"type": "array", "items": one}], "description": one["description"]}
    source = {"$ref": "#/$defs/CellSourceIn"}
    statement["cell_source"] = {"anyOf": [source, {"type": "array", "items": source}],
                                "description": "The cells a cell therapy uses, and their tissue"}
    cell = defs["CellSourceIn"]["properties"]
    cell["cell_type"] = keys(CELL_TYPE_KINDS, cell["cell_type"]["description"])
    cell["tissue"] = keys(TISSUE_KINDS, "A tissue key")
    statement["modality"] = {"enum": list(modalities()), "description": statement["modality"]["description"]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
