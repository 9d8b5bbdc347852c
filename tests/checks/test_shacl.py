"""SHACL shapes: the bundled review conforms, and every constraint catches what it should.

For each constraint of each property shape, a mutation of a complete, conforming graph
breaks exactly that constraint; validation must then report exactly one result with
the constraint's severity, the mutated focus node and the shape's path. The unmutated
graph conforms without a single result, which is the "fixed" state.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from ssc_rdf import api
from ssc_rdf.checks import shacl
from ssc_rdf.checks.rdflib_terms import from_rdflib
from ssc_rdf.checks.shacl import _rows, load_ontology, load_shapes
from ssc_rdf.rdf import ONTOLOGY_NS

from ..conftest import FIXTURES, REVIEW, rdflib_graph

SSC = Namespace(ONTOLOGY_NS)  # the mutations below are made with rdflib, the tests' own RDF library

SHAPES = load_shapes()
ONTOLOGY = load_ontology()
# Constraint parameters whose breaking the tests below know how to provoke.
CHECKED = [SH.minCount, SH.maxCount, SH.datatype, SH.pattern, SH["class"], SH.nodeKind, SH["in"],
           SH.languageIn, SH.uniqueLang, SH.minLength, SH["or"]]


def validate(graph: Graph) -> shacl.Report:
    """``shacl.validate`` on the triples of an rdflib graph, given to it as pyoxigraph quads."""
    return shacl.validate([ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph])


def review_graph() -> Graph:
    """The bundled review as converted, not validated (the tests here validate it)."""
    return rdflib_graph(api.convert([str(REVIEW)], validate=False))


@pytest.fixture(scope="module")
def complete() -> Graph:
    return rdflib_graph(api.convert([str(FIXTURES / "curated" / "complete-review.yaml")], validate=False))


def test_bundled_review_conforms():
    report = shacl.validate(api.convert([str(REVIEW)], validate=False).quads())
    assert report.conforms(), [r for r in report.violations]
    # what is incomplete is said, as warnings: references printed without identifiers,
    # and the review's generic "cellular therapy" whose route and cells it does not give
    assert {(r.shape, r.severity) for r in report.warnings} == {
        ("shape:Publication-identifier", "Warning"), ("shape:CellTherapy-route", "Warning"),
        ("shape:CellTherapy-cellSource", "Warning")}


def test_removing_every_label_no_longer_conforms():
    """Every published resource has a name: without rdfs:label the review's statements, citations,
    mentions, cell sources, provenance and its own entities are unnamed."""
    graph = review_graph()
    graph.remove((None, RDFS.label, None))
    report = validate(graph)
    assert not report.conforms()
    assert {"shape:Labelled-label", "shape:Entity-label"} <= {r.shape for r in report.violations}


def test_complete_fixture_conforms_without_any_result(complete):
    report = validate(complete)
    assert report.results == []


def _constraints() -> list[tuple[URIRef, URIRef]]:
    pairs = []
    for shape in sorted(SHAPES.subjects(RDF.type, SH.PropertyShape)):
        for param in CHECKED:
            if (shape, param, None) in SHAPES:
                pairs.append((shape, param))
    return pairs


def test_every_constraint_parameter_in_the_shapes_is_covered():
    """No property shape uses a constraint the mutation test does not know."""
    ignored = {RDF.type, SH.path, SH.name, SH.message, SH.severity, SH.description, RDFS.label}
    for shape in SHAPES.subjects(RDF.type, SH.PropertyShape):
        for param in set(SHAPES.predicates(shape)) - ignored:
            assert param in CHECKED, (shape, param)


def _focus_nodes(graph: Graph, shape: URIRef) -> list:
    """Focus nodes of the node shape that owns this property shape."""
    owner = SHAPES.value(None, SH.property, shape)
    data = graph + ONTOLOGY
    nodes = set()
    for cls in SHAPES.objects(owner, SH.targetClass):
        rows = data.query("SELECT ?x WHERE { ?x a/rdfs:subClassOf* ?c }", initBindings={"c": cls},
                          initNs={"rdfs": RDFS})
        nodes |= {row[0] for row in rows}
    for prop in SHAPES.objects(owner, SH.targetSubjectsOf):
        nodes |= set(graph.subjects(prop, None))
    for target in SHAPES.objects(owner, SH.target):
        query = str(SHAPES.value(target, SH.select))
        nodes |= {row[0] for row in data.query(query)}
    return sorted(n for n in nodes if (n, None, None) in graph)


def _paths(shape: URIRef) -> list[URIRef]:
    path = SHAPES.value(shape, SH.path)
    if isinstance(path, URIRef):
        return [path]
    return list(SHAPES.items(SHAPES.value(path, SH.alternativePath)))


def _report_path(shape: URIRef):
    path = SHAPES.value(shape, SH.path)
    return path if isinstance(path, URIRef) else None


def _types(graph: Graph, node) -> set:
    return (set(graph.objects(node, RDF.type)) | set(ONTOLOGY.objects(node, RDF.type))) - {OWL.NamedIndividual}


def _other_value(graph: Graph, shape: URIRef, value):
    """A value just as valid as ``value`` but different (to exceed a maxCount)."""
    allowed = SHAPES.value(shape, SH["in"])
    if allowed is not None:
        return next(v for v in SHAPES.items(allowed) if v != value)
    if isinstance(value, URIRef):
        required = SHAPES.value(shape, SH["class"])
        types = {required} if required is not None else _types(graph, value)
        for other in sorted(set((graph + ONTOLOGY).subjects(RDF.type, None))):
            if other != value and isinstance(other, URIRef) and types <= _types(graph, other):
                return other
        raise AssertionError(f"no other node like {value}")
    text = str(value)
    if value.datatype in (XSD.gYear, XSD.gYearMonth, XSD.date, XSD.dateTime):
        return Literal(str(int(text[:4]) + 1) + text[4:], datatype=value.datatype)
    if value.datatype == XSD.boolean:
        return Literal(not value.toPython())
    if value.datatype == XSD.positiveInteger:
        return Literal(int(text) + 1, datatype=XSD.positiveInteger)
    last = text[-1]
    if last.isdigit():
        text = text[:-1] + str((int(last) + 1) % 10)
    elif last.isalpha():
        text = text[:-1] + ("b" if last == "a" else "a")
    else:
        text += " variant"
    return Literal(text, lang=value.language, datatype=value.datatype)


def _mutate(graph: Graph, shape: URIRef, param: URIRef) -> tuple[Graph, object]:
    """A copy of ``graph`` that breaks ``param`` of ``shape`` on one focus node."""
    paths = _paths(shape)
    candidates = [n for n in _focus_nodes(graph, shape)
                  if any((n, p, None) in graph for p in paths)]
    assert candidates, f"the complete fixture has no value for {shape}"
    focus = candidates[0]
    path = next(p for p in paths if (focus, p, None) in graph)
    value = sorted(graph.objects(focus, path))[0]
    g = Graph() + graph
    arg = SHAPES.value(shape, param)
    if param == SH.minCount:
        for p in paths:
            g.remove((focus, p, None))
    elif param == SH.maxCount:
        g.add((focus, path, _other_value(graph, shape, value)))
    elif param == SH.datatype:
        # same text, another datatype, so that only the datatype is wrong
        if arg == RDF.langString:
            wrong = Literal(str(value))
        else:
            wrong = Literal(str(value), datatype=XSD.normalizedString if arg == XSD.string else XSD.string)
        g.set((focus, path, wrong))
    elif param == SH["or"]:
        g.set((focus, path, Literal(42)))
    elif param == SH.pattern:
        g.set((focus, path, Literal("not valid", datatype=value.datatype)))
    elif param == SH["class"]:
        wrong = next(s for s in sorted(graph.subjects(RDF.type, SSC.CuratedStatement)))
        g.set((focus, path, wrong))
    elif param == SH.nodeKind:
        blank = BNode("copy")
        for p, o in graph.predicate_objects(value):
            g.add((blank, p, o))
        for p, o in ONTOLOGY.predicate_objects(value):
            g.add((blank, p, o))
        g.set((focus, path, blank))
    elif param == SH["in"]:
        g.set((focus, path, SSC.cellType))
    elif param == SH.languageIn:
        g.set((focus, path, Literal(str(value), lang="fr")))
    elif param == SH.uniqueLang:
        g.add((focus, path, Literal(str(value) + " again", lang=value.language)))
    elif param == SH.minLength:
        g.set((focus, path, Literal("", lang=value.language) if int(arg) <= 1 else Literal("Too short", lang="en")))
    return g, focus


def _id(pair) -> str:
    return f"{pair[0].split('#')[-1]}-{pair[1].split('#')[-1]}"


@pytest.mark.parametrize("constraint", _constraints(), ids=_id)
def test_breaking_one_constraint_yields_exactly_its_result(complete, constraint):
    shape, param = constraint
    # ontology entities: break them in a copy of the ontology's statements about them
    mutated, focus = _mutate(complete + _entities_used(complete), shape, param)
    report = validate(mutated)
    severity = SHAPES.value(shape, SH.severity, default=SH.Violation).split("#")[-1]
    got = [(r.severity, r.shape) for r in report.results]
    assert got == [(severity, f"shape:{shape.split('#')[-1]}")], report.results
    raw = list(report.graph.subjects(RDF.type, SH.ValidationResult))
    assert report.graph.value(raw[0], SH.focusNode) == focus
    path = report.graph.value(raw[0], SH.resultPath)
    assert path == (_report_path(shape) or path)
    # fixing it (the unmutated graph) conforms with no result at all
    assert validate(complete).results == []


def _entities_used(graph: Graph) -> Graph:
    """The ontology's descriptions of the entities the data links to, so they can be mutated."""
    out = Graph()
    for node in set(graph.objects()) | set(graph.subjects()):
        if isinstance(node, URIRef) and node.startswith(str(SSC)):
            for p, o in ONTOLOGY.predicate_objects(node):
                if p in (RDFS.label, URIRef("http://www.w3.org/2004/02/skos/core#notation")):
                    out.add((node, p, o))
    return out


def test_bad_rdf_to_validate_is_an_input_error(cli, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    result = cli("validate", str(bad))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert str(bad) in result.stderr and "cannot parse" in result.stderr
    result = cli("validate", str(tmp_path / "missing.ttl"))
    assert result.exit_code == 2 and "missing.ttl" in result.stderr
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("this is not turtle")
    good = tmp_path / "good.nt"
    good.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    result = cli("validate", str(good), "--shapes", str(shapes))
    assert result.exit_code == 2 and "cannot parse shapes" in result.stderr and "Traceback" not in result.stderr


def test_targeted_property_shapes_report_what_the_shapes_as_written_report(complete):
    """The rewrite that makes validation fast changes no result: for every broken
    constraint, and for the bundled review's warnings (which come from a SPARQL target),
    pyshacl with the shapes as written reports exactly what validate() does."""
    import pyshacl

    graphs = [_mutate(complete + _entities_used(complete), shape, param)[0] for shape, param in _constraints()]
    graphs.append(review_graph())
    for graph in graphs:
        _, as_written, _ = pyshacl.validate(graph, shacl_graph=SHAPES, ont_graph=ONTOLOGY, inference="none",
                                            allow_warnings=True, allow_infos=True, advanced=True)
        expected = _rows(as_written)
        assert expected and validate(graph).results == expected
