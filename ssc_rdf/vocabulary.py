"""The controlled vocabulary: entity kinds, relations, and the entities the ontology declares.

Curated files name entities by key ("intravenous", "systemic-sclerosis"). The keys
and what each kind may be linked to are read from the ontology, so another review
(another disease, other cells) needs new ontology individuals or file-local
entities, never new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from .model import Entity
from .rdf.terms import RDF, RDFS, SKOS, SSC
from .rdf.typed import value
from .resources import ontology_path

# kind -> ontology class. The kinds are the YAML spelling of the classes.
KIND_CLASSES: dict[str, ox.NamedNode] = {
    "disease": SSC.Disease,
    "cell-therapy": SSC.CellTherapy,
    "conventional-therapy": SSC.ConventionalTherapy,
    "immunomodulatory-drug-therapy": SSC.ImmunomodulatoryDrugTherapy,
    "symptomatic-management": SSC.SymptomaticManagement,
    "cell-type": SSC.CellType,
    "cell-population": SSC.CellPopulation,
    "tissue": SSC.Tissue,
    "route": SSC.RouteOfAdministration,  # a path whose reach (systemic or local) the data states, if the source does
    "systemic-route": SSC.SystemicRoute,
    "local-route": SSC.LocalRoute,
    "component": SSC.DiseaseComponent,
    "manifestation": SSC.ClinicalManifestation,
    "mechanism": SSC.Mechanism,
    "therapy-group": SSC.TherapyGroup,
    "anatomical-site": SSC.AnatomicalSite,
}

THERAPY_KINDS = frozenset(
    {"cell-therapy", "conventional-therapy", "immunomodulatory-drug-therapy", "symptomatic-management",
     "therapy-group"}
)
ROUTE_KINDS = frozenset({"route", "systemic-route", "local-route"})


@dataclass(frozen=True)
class Relation:
    """What a statement key means: the property, and which kinds it links."""

    key: str
    prop: ox.NamedNode
    subject_kinds: frozenset[str]
    object_kinds: frozenset[str]
    object_name: str  # how errors call the object ("route", "cell type", ...)
    label: str  # how a statement's label reads it ("has route", ...)


_DISEASE = frozenset({"disease"})
_MANIFESTATION = frozenset({"manifestation"})

RELATIONS: tuple[Relation, ...] = (
    Relation("treats", SSC.treats, THERAPY_KINDS, _DISEASE, "disease", "treats"),
    Relation("route", SSC.hasRoute, THERAPY_KINDS, ROUTE_KINDS, "route", "has route"),
    Relation("targets", SSC.targetsComponent, THERAPY_KINDS, frozenset({"component"}), "component", "targets"),
    Relation("mechanism", SSC.hasMechanism, THERAPY_KINDS, frozenset({"mechanism"}), "mechanism", "has mechanism"),
    Relation("manifestation", SSC.addressesManifestation, THERAPY_KINDS, _MANIFESTATION, "manifestation",
             "addresses"),
    Relation("manifestation", SSC.hasManifestation, _DISEASE, _MANIFESTATION, "manifestation", "has manifestation"),
    Relation("component", SSC.hasComponent, _DISEASE, frozenset({"component"}), "component", "has component"),
    Relation("cell_source", SSC.hasCellSource, frozenset({"cell-therapy"}), frozenset(), "cell source", "uses"),
    Relation("member", SSC.hasMember, frozenset({"therapy-group"}), THERAPY_KINDS - {"therapy-group"}, "therapy",
             "includes"),
    Relation("combines", SSC.combines, THERAPY_KINDS, THERAPY_KINDS, "therapy", "combines"),
    Relation("broader", SSC.subtypeOf, _DISEASE, _DISEASE, "disease", "is a kind of"),
    Relation("form", SSC.hasForm, _DISEASE, _DISEASE, "disease", "has form"),
    Relation("site", SSC.affectsSite, _MANIFESTATION, frozenset({"anatomical-site"}), "anatomical site", "affects"),
)

# Only statements of this modality are also published as plain triples (docs/rdf-model.md).
ASSERTED = "asserted"

CELL_TYPE_KINDS = frozenset({"cell-type", "cell-population"})  # a cell source's cells: one type, or a mixture
TISSUE_KINDS = frozenset({"tissue"})


def relation_for(key: str, subject_kind: str) -> Relation | None:
    """The relation a statement key denotes for a subject of this kind, if any."""
    for relation in RELATIONS:
        if relation.key == key and subject_kind in relation.subject_kinds:
            return relation
    return None


def relation_keys() -> list[str]:
    return sorted({r.key for r in RELATIONS})


@cache
def modalities(path: Path | None = None) -> dict[str, str]:
    """How a source may assert a statement: key (``skos:notation``) -> IRI, from the ontology."""
    store = ox.Store()
    store.bulk_load(path=str(path or ontology_path()), format=ox.RdfFormat.TURTLE)
    out = {}
    for quad in store.quads_for_pattern(None, RDF.type, SSC.Modality):
        if isinstance(quad.subject, ox.NamedNode):
            key = next((value(q.object) for q in store.quads_for_pattern(quad.subject, SKOS.notation, None)), None)
            out[key or quad.subject.value.split("#")[-1]] = quad.subject.value
    return dict(sorted(out.items()))


@cache
def ontology_entities(path: Path | None = None) -> dict[str, Entity]:
    """Entities declared in the ontology, by key (their ``skos:notation``)."""
    store = ox.Store()
    store.bulk_load(path=str(path or ontology_path()), format=ox.RdfFormat.TURTLE)

    def first(subject: ox.NamedNode, prop: ox.NamedNode) -> str | None:
        return next((value(q.object) for q in store.quads_for_pattern(subject, prop, None)), None)

    class_kinds = {cls: kind for kind, cls in KIND_CLASSES.items()}
    entities: dict[str, Entity] = {}
    for quad in store.quads_for_pattern(None, RDF.type, None):
        subject, cls = quad.subject, quad.object
        kind = class_kinds.get(cls) if isinstance(cls, ox.NamedNode) else None
        if kind is None or not isinstance(subject, ox.NamedNode):
            continue
        key = first(subject, SKOS.notation) or subject.value.split("#")[-1]
        entities[key] = Entity(
            key=key,
            kind=kind,
            label=first(subject, RDFS.label) or key,
            alt_labels=sorted(value(q.object) for q in store.quads_for_pattern(subject, SKOS.altLabel, None)),
            definition=first(subject, SKOS.definition),
            iri=subject.value,
        )
    return dict(sorted(entities.items()))
