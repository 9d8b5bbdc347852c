"""Check: ontology reasoning with owlready2 (HermiT, which needs Java).

Used for consistency, unsatisfiable classes, and to classify the data's therapies
with the ontology's defined classes (a cell therapy given by a systemic route is a
``ssc:SystemicCellTherapy``) without those types being asserted.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from ..errors import SscError
from ..namespaces import SSC


class JavaMissing(SscError):
    """The reasoner cannot run; the other checks still can."""

    exit_code = 2


@dataclass
class Reasoned:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    inferred_types: set[tuple[URIRef, URIRef]] = field(default_factory=set)  # (individual, class)
    problem: str | None = None


def java_path() -> str | None:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE)


def _abox(data: Graph) -> Graph:
    """The part of the data the reasoner needs: our types and our object properties."""
    out = Graph()
    for s, p, o in data:
        if not isinstance(o, URIRef) or not isinstance(s, URIRef):
            continue
        if (p == RDF.type and o.startswith(str(SSC))) or (p.startswith(str(SSC)) and p != RDF.type):
            out.add((s, p, o))
    return out


def reason(ontology: Graph, data: Graph | None = None) -> Reasoned:
    """Run HermiT over the ontology (and the data's ABox, when given)."""
    if java_path() is None:
        raise JavaMissing(
            "the reasoner (HermiT) needs Java, which is not installed: "
            "install a Java runtime (e.g. apt-get install default-jre-headless); the other checks do not need it"
        )
    import owlready2

    with tempfile.TemporaryDirectory(prefix="ssc-rdf-reason-") as tmp:
        onto_file = Path(tmp) / "ontology.nt"
        ontology.serialize(onto_file, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(onto_file.as_uri()).load()
        abox = _abox(data) if data is not None else Graph()
        if len(abox):
            abox.add((URIRef("urn:ssc-rdf:data"), RDF.type, OWL.Ontology))
            data_file = Path(tmp) / "data.nt"
            abox.serialize(data_file, format="nt", encoding="utf-8")
            world.get_ontology(data_file.as_uri()).load()
        before = _types(world)
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return Reasoned(consistent=False, problem="the ontology (with the data) is inconsistent")
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c.iri != str(OWL.Nothing))
        inferred = {(URIRef(i), URIRef(c)) for i, c in _types(world) - before if c.startswith(str(SSC))}
    return Reasoned(consistent=True, unsatisfiable=unsatisfiable, inferred_types=inferred)


def _types(world) -> set[tuple[str, str]]:
    """(individual, class) for every named class an individual belongs to, with ancestors."""
    import owlready2

    pairs = set()
    for individual in world.individuals():
        for cls in individual.is_a:
            if isinstance(cls, owlready2.ThingClass):
                pairs |= {(individual.iri, a.iri) for a in cls.ancestors() if a is not owlready2.Thing}
    return pairs
