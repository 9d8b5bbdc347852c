"""The ontology's mappings and kinds say no more than its terms' own definitions."""

from __future__ import annotations

import pyoxigraph as ox

from ssc_rdf.checks.reasoning import ontology_triples
from ssc_rdf.rdf.terms import OWL, RDF, SKOS, SSC


def _types(triples: list[ox.Triple], node: ox.NamedNode) -> set[ox.NamedNode | ox.BlankNode | ox.Literal]:
    return {t.object for t in triples if t.subject == node and t.predicate == RDF.type}


def test_an_exact_match_closure_never_merges_a_class_with_an_individual():
    triples = ontology_triples()
    classes = {t.subject for t in triples if t.predicate == RDF.type and t.object == OWL.Class}
    individuals = {t.subject for t in triples if t.predicate == RDF.type and t.object == OWL.NamedIndividual}
    group: dict[ox.NamedNode, set[ox.NamedNode]] = {}  # connected components of skos:exactMatch
    for t in triples:
        if t.predicate == SKOS.exactMatch and isinstance(t.subject, ox.NamedNode):
            merged = group.get(t.subject, {t.subject}) | group.get(t.object, {t.object})  # type: ignore[arg-type]
            for term in merged:
                group[term] = merged
    for members in group.values():
        assert not (members & classes and members & individuals), sorted(map(str, members))


def test_a_mixed_population_is_not_a_cell_type():
    types = _types(ontology_triples(), SSC["adipose-derived-regenerative-cell"])
    assert SSC.CellPopulation in types and SSC.CellType not in types


def test_paths_whose_reach_depends_on_the_use_are_neither_systemic_nor_local():
    triples = ontology_triples()
    for key in ("intra-arterial", "subcutaneous", "intradermal"):
        assert _types(triples, SSC[key]) == {OWL.NamedIndividual, SSC.RouteOfAdministration}, key
    assert SSC.LocalRoute in _types(triples, SSC["regional-administration"])
