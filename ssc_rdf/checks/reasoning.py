"""Check: ontology reasoning with owlready2 (HermiT, which needs Java).

Used for consistency, unsatisfiable classes, and to classify the data's therapies
with the ontology's defined classes (a cell therapy given by a systemic route is a
``ssc:SystemicCellTherapy``) without those types being asserted.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import SscError
from ..rdf import ONTOLOGY_NS
from ..rdf.terms import RDF
from ..rdf.typed import to_bytes
from ..resources import ontology_path

_OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")


class JavaMissing(SscError):
    """The reasoner cannot run; the other checks still can."""

    exit_code = 2


@dataclass
class Reasoned:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    inferred_types: set[tuple[str, str]] = field(default_factory=set)  # (individual IRI, class IRI)
    problem: str | None = None


def java_path() -> str | None:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE)


def ontology_triples(path: Path | None = None) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path=str(path or ontology_path()), format=ox.RdfFormat.TURTLE)]


def _abox(data: Iterable[ox.Quad | ox.Triple]) -> list[ox.Triple]:
    """The part of the data the reasoner needs: our types and our object properties."""
    out = set()
    for item in data:
        s, p, o = item.subject, item.predicate, item.object
        if not isinstance(o, ox.NamedNode) or not isinstance(s, ox.NamedNode):
            continue
        if (p == RDF.type and o.value.startswith(ONTOLOGY_NS)) or p.value.startswith(ONTOLOGY_NS):
            out.add(ox.Triple(s, p, o))
    return sorted(out, key=str)


def reason(ontology: Iterable[ox.Triple] | None = None, data: Iterable[ox.Quad | ox.Triple] | None = None) -> Reasoned:
    """Run HermiT over the ontology (the shipped one unless given) and the data's ABox."""
    if java_path() is None:
        raise JavaMissing(
            "the reasoner (HermiT) needs Java, which is not installed: "
            "install a Java runtime (e.g. apt-get install default-jre-headless); the other checks do not need it"
        )
    import owlready2

    with tempfile.TemporaryDirectory(prefix="ssc-rdf-reason-") as tmp:
        onto_file = Path(tmp) / "ontology.nt"
        onto_file.write_bytes(to_bytes(list(ontology) if ontology is not None else ontology_triples(),
                                       ox.RdfFormat.N_TRIPLES))
        world = owlready2.World()
        world.get_ontology(onto_file.as_uri()).load()
        abox = _abox(data) if data is not None else []
        if abox:
            abox.append(ox.Triple(ox.NamedNode("urn:ssc-rdf:data"), RDF.type, _OWL_ONTOLOGY))
            data_file = Path(tmp) / "data.nt"
            data_file.write_bytes(to_bytes(abox, ox.RdfFormat.N_TRIPLES))
            world.get_ontology(data_file.as_uri()).load()
        before = _types(world)
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return Reasoned(consistent=False, problem="the ontology (with the data) is inconsistent")
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c.iri != _OWL_NOTHING)
        inferred = {(i, c) for i, c in _types(world) - before if c.startswith(ONTOLOGY_NS)}
    return Reasoned(consistent=True, unsatisfiable=unsatisfiable, inferred_types=inferred)


def _types(world: Any) -> set[tuple[str, str]]:
    """(individual, class) for every named class an individual belongs to, with ancestors."""
    import owlready2

    pairs = set()
    for individual in world.individuals():
        for cls in individual.is_a:
            if isinstance(cls, owlready2.ThingClass):
                pairs |= {(individual.iri, a.iri) for a in cls.ancestors() if a is not owlready2.Thing}
    return pairs
