"""The fast validator reports exactly what pyshacl reports, row for row, and refuses shapes it
does not support.

pyshacl (``checks.shacl.validate``) is the reference: every mutation of the SHACL tests, the
bundled review and a generated PubMed corpus (with broken records mixed in) must give the
same rows from both.
"""

from __future__ import annotations

import itertools
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib import Literal as RdflibLiteral
from rdflib.namespace import RDFS

from bench.pubmed_gen import write
from ssc_rdf import api
from ssc_rdf.checks import fast_shacl, shacl
from ssc_rdf.checks.fast_shacl import UnsupportedShapes, as_rdflib, compile_shapes
from ssc_rdf.checks.rdflib_terms import from_rdflib
from ssc_rdf.errors import UsageError

from ..conftest import FIXTURES
from .test_shacl import _constraints, _entities_used, _id, _mutate, review_graph

XSD = "http://www.w3.org/2001/XMLSchema#"


def _quads(graph: Graph) -> list[ox.Quad]:
    return [ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph]  # type: ignore[arg-type]


def _same_rows(quads: list[ox.Quad]) -> list:
    expected = shacl.validate(quads).results
    assert fast_shacl.validate(quads).results == expected
    return expected


@pytest.fixture(scope="module")
def complete() -> Graph:
    from ..conftest import rdflib_graph

    return rdflib_graph(api.convert([str(FIXTURES / "curated" / "complete-review.yaml")], validate=False))


@pytest.mark.parametrize("constraint", _constraints(), ids=_id)
def test_every_mutation_gives_pyshacls_rows(complete, constraint):
    mutated, _ = _mutate(complete + _entities_used(complete), *constraint)
    assert _same_rows(_quads(mutated))  # the mutation is found, and reported the same way


def test_conforming_and_unlabelled_data_give_pyshacls_rows(complete):
    assert _same_rows(_quads(complete)) == []
    review = review_graph()
    assert _same_rows(_quads(review))  # the review's warnings, one from the SPARQL target
    review.remove((None, RDFS.label, None))
    assert _same_rows(_quads(review))


@pytest.mark.slow
def test_generated_corpus_gives_pyshacls_rows(tmp_path):
    """500 generated PubMed records, some of them broken in the ways converted data can be."""
    write(tmp_path / "corpus.xml", 500)
    quads = list(api.convert([str(tmp_path / "corpus.xml")], validate=False).quads())
    position = ox.NamedNode("https://w3id.org/ssc-rdf/ontology#position")
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    doi = ox.NamedNode("http://purl.org/ontology/bibo/doi")
    positions = [q for q in quads if q.predicate == position][:4]
    broken = [ox.Quad(q.subject, q.predicate, ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype)),
                      q.graph_name)
              for q, (lexical, datatype) in zip(positions, [("0", "positiveInteger"), ("07", "positiveInteger"),
                                                            ("3", "integer"), ("x", "positiveInteger")],
                                                strict=True)]
    titled = next(q for q in quads if q.predicate == title)
    doied = next(q for q in quads if q.predicate == doi)
    broken += [ox.Quad(titled.subject, title, ox.Literal("A second title", language="en"), titled.graph_name),
               ox.Quad(doied.subject, doi, ox.Literal("https://doi.org/10.1/x"), doied.graph_name)]
    rows = _same_rows([q for q in quads if q not in positions] + broken)
    assert {r.constraint for r in rows if r.severity == "Violation"} >= {
        "sh:DatatypeConstraintComponent", "sh:MaxCountConstraintComponent", "sh:PatternConstraintComponent"}


@pytest.mark.parametrize(("lexical", "datatype"), [
    ("5", "positiveInteger"), ("05", "positiveInteger"), ("0", "positiveInteger"), ("-3", "nonNegativeInteger"),
    ("x", "integer"), ("300", "byte"), ("1", "boolean"), ("TRUE", "boolean"), ("yes", "boolean"),
    ("1.50", "decimal"), ("1e3", "double"), ("2020-02-30", "date"), ("2020-01-05Z", "date"),
    ("2020-01-05+02:00", "date"), ("2026-01-01T00:00:00Z", "dateTime"), ("2026-13-01T00:00:00", "dateTime"),
    ("2020", "gYear"), ("2020-1", "gYearMonth"), (" a\tb ", "normalizedString"), (" a\t  b ", "token"),
    ("12:00:00", "time")])
def test_literals_are_read_as_rdflib_reads_them(lexical, datatype):
    """What pyshacl's rows say of a literal (its text, whether it is ill-typed) comes from rdflib."""
    theirs = RdflibLiteral(lexical, datatype=URIRef(XSD + datatype))
    ours = as_rdflib(ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype)))
    assert (ours.text, ours.ill_typed) == (str(theirs), bool(theirs.ill_typed))


def test_literals_rdflib_reads_as_one_are_counted_and_reported_once():
    """rdflib normalises a literal's lexical form as it reads it: "01" and "1" as
    xsd:nonNegativeInteger (or "+2" and "2") are one value to pyshacl, not two, so neither its
    sh:maxCount nor its value checks see a second; "2020" and "02020" as xsd:gYear, which
    rdflib does not convert, stay two."""
    ex, oa, fabio = "https://example.org/", "http://www.w3.org/ns/oa#", "http://purl.org/spar/fabio/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    selector, publication = ox.NamedNode(f"{ex}selector"), ox.NamedNode(f"{ex}publication")

    def typed(lexical: str, datatype: str) -> ox.Literal:
        return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))

    triples = [(selector, rdf_type, ox.NamedNode(f"{oa}TextPositionSelector")),
               (selector, ox.NamedNode(f"{oa}start"), typed("01", "nonNegativeInteger")),
               (selector, ox.NamedNode(f"{oa}start"), typed("1", "nonNegativeInteger")),
               (selector, ox.NamedNode(f"{oa}end"), typed("+2", "nonNegativeInteger")),
               (selector, ox.NamedNode(f"{oa}end"), typed("2", "nonNegativeInteger")),
               (publication, rdf_type, ox.NamedNode("https://w3id.org/ssc-rdf/ontology#Publication")),
               (publication, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("A title", language="en")),
               (publication, ox.NamedNode(f"{fabio}hasPublicationYear"), typed("2020", "gYear")),
               (publication, ox.NamedNode(f"{fabio}hasPublicationYear"), typed("02020", "gYear"))]
    rows = _same_rows([ox.Quad(*triple) for triple in triples])
    counted = {r.path for r in rows if r.constraint == "sh:MaxCountConstraintComponent"}
    assert counted == {"fabio:hasPublicationYear"}


@pytest.mark.parametrize(("first", "then", "datatype"), [
    ("TRUE", "true", "boolean"), ("true", "TRUE", "boolean"), ("x", "false", "boolean"), ("false", "x", "boolean"),
    ("a  b", "a b", "token"), ("a\tb", "a b", "normalizedString"), ("a  b", "a b", "string")])
def test_of_literals_rdflib_reads_as_one_the_first_is_the_one_checked(first, then, datatype):
    """rdflib's graph keeps the first of two literals it reads as one: "TRUE" then "true" as
    xsd:boolean is one ill-typed value there, "true" then "TRUE" one well-typed value. Tokens
    differing in whitespace are one too, strings are not."""
    publication = ox.NamedNode("https://example.org/publication")
    complete = ox.NamedNode("https://w3id.org/ssc-rdf/ontology#authorListComplete")
    volume = ox.NamedNode("http://purl.org/ontology/bibo/volume")
    predicate = complete if datatype == "boolean" else volume
    quads = [ox.Quad(publication, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                     ox.NamedNode("https://w3id.org/ssc-rdf/ontology#Publication")),
             ox.Quad(publication, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("A title", language="en")),
             *(ox.Quad(publication, predicate, ox.Literal(text, datatype=ox.NamedNode(XSD + datatype)))
               for text in (first, then))]
    assert _same_rows(quads)


@pytest.mark.parametrize("datatype", sorted(fast_shacl.PARSERS))
def test_literals_are_one_exactly_when_rdflib_reads_them_as_one(datatype):
    forms = ["1", "01", "+1", "-1", "-01", "0", "-0", "1.0", "1.00", "1e3", "1000", "true", "TRUE", "false",
             "2020-01-05", "2020-01-05Z", "2020-01-05+00:00", "2026-01-01T00:00:00", "2026-01-01T00:00:00Z",
             "12:00:00", "12:00:00.0", "x", " 1", "300", "0300", "NaN", "INF"]
    for one, other in itertools.combinations(forms, 2):
        theirs = RdflibLiteral(one, datatype=URIRef(datatype)) == RdflibLiteral(other, datatype=URIRef(datatype))
        ours = {as_rdflib(ox.Literal(lexical, datatype=ox.NamedNode(datatype))).text for lexical in (one, other)}
        assert (len(ours) == 1) == theirs, (one, other)


SHAPES_HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property ex:Shape-p .
"""


@pytest.mark.parametrize(("shape", "named"), [
    ("ex:Shape-p sh:path ex:p ; sh:message \"m\" ; sh:hasValue ex:v .", "sh:HasValueConstraintComponent"),
    ("ex:Shape-p sh:path [ sh:inversePath ex:p ] ; sh:message \"m\" .", "sh:inversePath"),
    ("ex:Shape-p sh:path ex:p ; sh:message \"m\" ; sh:qualifiedValueShape [ sh:class ex:C ] .",
     "sh:QualifiedValueShapeConstraintComponent"),
    ("ex:Shape-p sh:path ex:p ; sh:message \"m\" ; sh:or ( [ sh:minCount 1 ] ) .", "sh:MinCountConstraintComponent"),
    ("ex:Shape-p sh:path ex:p ; sh:minCount 1 .", "sh:message"),
    ("ex:Shape sh:closed true . ex:Shape-p sh:path ex:p ; sh:message \"m\" .", "sh:ClosedConstraintComponent"),
    ("ex:Shape sh:target [ a sh:SPARQLTarget ; sh:select \"SELECT ?this WHERE { ?this ?p ?o }\" ] . "
     "ex:Shape-p sh:path ex:p ; sh:message \"m\" .", "variable predicate"),
])
def test_unsupported_components_are_refused_by_name(shape, named):
    triples = [q.triple for q in ox.parse(SHAPES_HEAD + shape, format=ox.RdfFormat.TURTLE)]
    with pytest.raises(UnsupportedShapes, match=named):
        compile_shapes(triples)


def test_the_shipped_shapes_compile_and_use_only_what_is_supported():
    shapes = fast_shacl.compiled_shapes()
    assert len(shapes) == len({s.node for s in shapes}) > 40
    used = {q.predicate.value for q in ox.parse(path=str(fast_shacl.data_dir("shapes") / "ssc-shapes.ttl"))
            if q.predicate.value.startswith(fast_shacl.SH)}
    assert used <= set(fast_shacl.SUPPORTED)


def test_the_fast_validator_needs_no_pyshacl():
    """It stays outside pyshacl's boundary: converting and validating never import it (rdflib's
    SPARQL parser reads the shapes' SPARQL target, as it reads every query ssc-rdf runs)."""
    code = ("import sys; from ssc_rdf import pipeline; "
            f"c = pipeline.convert([{str(FIXTURES / 'curated' / 'complete-review.yaml')!r}]); "
            "assert pipeline.check(c).results == []; "
            "print(','.join(m for m in ('pyshacl',) if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_engine_is_chosen_by_the_shapes_or_forced(tmp_path):
    from ssc_rdf import pipeline

    conversion = pipeline.convert([str(FIXTURES / "curated" / "complete-review.yaml")])
    assert pipeline.check(conversion).graph is None  # the shipped shapes: the fast validator
    assert pipeline.check(conversion, engine="pyshacl").graph is not None
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_HEAD + "ex:Shape-p sh:path ex:p ; sh:message \"m\" ; sh:hasValue ex:v .")
    assert pipeline.check(conversion, shapes).graph is not None  # user shapes: pyshacl
    with pytest.raises(UnsupportedShapes):
        pipeline.check(conversion, shapes, engine="fast")
    with pytest.raises(UsageError, match="unknown SHACL engine"):
        pipeline.check(conversion, engine="jena")
