"""Check: ontology reasoning with owlready2 (HermiT, which needs Java).

Used for consistency, unsatisfiable classes, and to classify the data's therapies
with the ontology's defined classes (a cell therapy given by a systemic route is a
``ssc:SystemicCellTherapy``) without those types being asserted. HermiT only says
"inconsistent"; the axioms that make it so are then asked of Pellet, the other
reasoner owlready2 ships, so that the user is told what to fix.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import SscError
from ..rdf import ONTOLOGY_NS
from ..rdf.terms import OWL, RDF
from ..rdf.typed import to_bytes
from ..resources import ontology_path

_OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_NOT_INDIVIDUALS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_EXPLAIN_TIMEOUT = 300  # seconds; past it the inconsistency is reported without its axioms


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


def _abox(data: Iterable[ox.Quad | ox.Triple], ontology: list[ox.Triple]) -> list[ox.Triple]:
    """The part of the data the reasoner needs: our types and our object properties.

    Every individual they name is declared ``owl:NamedIndividual``, as OWL 2 DL wants: owlready2
    lists only declared individuals, so a curator's own therapies would otherwise go unclassified.
    Terms the ontology declares as classes or properties (``ssc:inText dcterms:abstract``) are not.
    """
    terms = {t.subject for t in ontology if t.predicate == RDF.type and t.object in _NOT_INDIVIDUALS}
    out, individuals = set(), set()
    for item in data:
        s, p, o = item.subject, item.predicate, item.object
        if not isinstance(o, ox.NamedNode) or not isinstance(s, ox.NamedNode):
            continue
        if p == RDF.type and o.value.startswith(ONTOLOGY_NS):
            individuals.add(s)
        elif p.value.startswith(ONTOLOGY_NS):
            individuals |= {s, o}
        else:
            continue
        out.add(ox.Triple(s, p, o))
    out |= {ox.Triple(i, RDF.type, OWL.NamedIndividual) for i in individuals - terms}
    return sorted(out, key=str)


def reason(ontology: Iterable[ox.Triple] | None = None, data: Iterable[ox.Quad | ox.Triple] | None = None) -> Reasoned:
    """Run HermiT over the ontology (the shipped one unless given) and the data's ABox."""
    if java_path() is None:
        raise JavaMissing(
            "the reasoner (HermiT) needs Java, which is not installed: "
            "install a Java runtime (e.g. apt-get install default-jre-headless); the other checks do not need it"
        )
    import owlready2

    tbox = list(ontology) if ontology is not None else ontology_triples()
    abox = _abox(data, tbox) if data is not None else []
    with tempfile.TemporaryDirectory(prefix="ssc-rdf-reason-") as tmp:
        onto_file = Path(tmp) / "ontology.nt"
        onto_file.write_bytes(to_bytes(tbox, ox.RdfFormat.N_TRIPLES))
        world = owlready2.World()
        world.get_ontology(onto_file.as_uri()).load()
        if abox:
            data_file = Path(tmp) / "data.nt"
            data_file.write_bytes(to_bytes([*abox, ox.Triple(ox.NamedNode("urn:ssc-rdf:data"), RDF.type,
                                                             OWL.Ontology)], ox.RdfFormat.N_TRIPLES))
            world.get_ontology(data_file.as_uri()).load()
        before = _types(world)
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            what = "the ontology with the data" if abox else "the ontology"
            return Reasoned(consistent=False, problem=f"{what} is inconsistent: {_explain(tbox + abox, Path(tmp))}")
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c.iri != _OWL_NOTHING)
        inferred = {(i, c) for i, c in _types(world) - before if c.startswith(ONTOLOGY_NS)}
    return Reasoned(consistent=True, unsatisfiable=unsatisfiable, inferred_types=inferred)


def _explain(triples: list[ox.Triple], tmp: Path) -> str:
    """The axioms that together are inconsistent, on one line, as Pellet words them (local names)."""
    import owlready2
    from owlready2.reasoning import _PELLET_CLASSPATH, JAVA_MEMORY

    merged = tmp / "explain.nt"
    merged.write_bytes(to_bytes([*triples, ox.Triple(ox.NamedNode("urn:ssc-rdf:explain"), RDF.type, OWL.Ontology)],
                                ox.RdfFormat.N_TRIPLES))
    command = [owlready2.JAVA_EXE, f"-Xmx{JAVA_MEMORY}M", "-cp", _PELLET_CLASSPATH,
               "pellet.Pellet", "explain", "--inconsistent", merged.as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=_EXPLAIN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"no explanation (Pellet took more than {_EXPLAIN_TIMEOUT} s)"
    _, found, explanation = done.stdout.partition("Explanation(s):")
    axioms = [re.sub(r"^\d+\)\s*", "", line.strip()) for line in explanation.splitlines() if line.strip()]
    if done.returncode != 0 or not found or not axioms:
        return "no explanation (Pellet gave none)"
    return "; ".join(axioms)


def _types(world: Any) -> set[tuple[str, str]]:
    """(individual, class) for every named class an individual belongs to, with ancestors."""
    import owlready2

    pairs = set()
    for individual in world.individuals():
        for cls in individual.is_a:
            if isinstance(cls, owlready2.ThingClass):
                pairs |= {(individual.iri, a.iri) for a in cls.ancestors() if a is not owlready2.Thing}
    return pairs
