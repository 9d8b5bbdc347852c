"""Conversion of the bundled review: what the graph must say, and round trips."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, XSD

from ssc_rdf import api
from ssc_rdf.rdf import DEFAULT_BASE, ONTOLOGY_NS
from ssc_rdf.rdf.formats import BY_NAME
from ssc_rdf.sinks.files import serialize

from .conftest import FIXTURES, REVIEW, rdflib_dataset, rdflib_graph

SSC = Namespace(ONTOLOGY_NS)
CITO = Namespace("http://purl.org/spar/cito/")

REVIEW_IRI = URIRef(DEFAULT_BASE + "publication/doi/10.1038/s41409-021-01492-7")
MONDO_SSC = URIRef("http://purl.obolibrary.org/obo/MONDO_0005100")


@pytest.fixture(scope="module")
def conversion():
    return api.convert([str(REVIEW)])


@pytest.fixture(scope="module")
def graph(conversion) -> Graph:
    from ssc_rdf.resources import ontology_path

    g = rdflib_graph(conversion)
    g.parse(ontology_path())  # the data refers to the ontology's entities by IRI
    return g


def ask(graph: Graph, query: str) -> bool:
    return bool(graph.query("PREFIX ssc: <https://w3id.org/ssc-rdf/ontology#>\n" + query).askAnswer)


def test_review_bibliographic_record(graph):
    review = REVIEW_IRI
    assert (review, URIRef("http://purl.org/ontology/bibo/doi"), Literal("10.1038/s41409-021-01492-7")) in graph
    title = graph.value(review, DCTERMS.title)
    assert str(title) == (
        "Combining systemic and locally applied cellular therapies for the treatment of systemic sclerosis"
    )
    assert title.language == "en"
    journal = graph.value(review, DCTERMS.isPartOf)
    assert str(graph.value(journal, DCTERMS.title)) == "Bone Marrow Transplant"
    bibo = "http://purl.org/ontology/bibo/"
    assert [str(graph.value(review, URIRef(bibo + p))) for p in ("volume", "issue", "pageStart", "pageEnd")] == [
        "57", "1", "17", "22"]
    assert graph.value(review, DCTERMS.issued) == Literal("2022-01", datatype=XSD.gYearMonth)
    assert graph.value(review, DCTERMS.available) == Literal("2021-10-18", datatype=XSD.date)
    assert (review, URIRef("http://purl.org/spar/fabio/hasPubMedId"), Literal("34663928")) in graph
    assert (review, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef("http://purl.org/spar/fabio/ReviewArticle")) in graph


def test_five_references_cited_in_order(graph):
    cited = set(graph.objects(REVIEW_IRI, CITO.cites))
    assert len(cited) == 5
    rows = graph.query(
        """SELECT ?pos ?title ?year WHERE {
             ?c cito:hasCitingEntity ?review ; cito:hasCitedEntity ?ref ; ssc:position ?pos .
             ?ref dcterms:title ?title ; fabio:hasPublicationYear ?year }
           ORDER BY ?pos""",
        initNs={"cito": CITO, "ssc": SSC, "dcterms": DCTERMS, "fabio": "http://purl.org/spar/fabio/"},
        initBindings={"review": REVIEW_IRI},
    )
    expected = [(1, "2015"), (2, "2001"), (3, "2005"), (4, "2018"), (5, "2018")]
    assert [(int(r.pos), str(r.year)) for r in rows] == expected
    first = graph.value(next(s for s in cited if "del-papa-2015" in s), URIRef("http://purl.org/ontology/bibo/pageEnd"))
    assert str(first) == "769"  # "756–69" expanded


def test_systemic_sclerosis_aligned_to_mondo(graph):
    assert ask(graph, f"""ASK {{ ssc:systemic-sclerosis skos:exactMatch <{MONDO_SSC}> ;
                                rdfs:label "systemic sclerosis"@en }}""".replace(
        "ASK", "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nASK"))


@pytest.mark.parametrize(
    ("therapy", "route", "route_class", "cell_type"),
    [
        ("autologous-hsct", "systemic-administration", "SystemicRoute", "hematopoietic-stem-cell"),
        ("intravenous-msc-injection", "intravenous", "SystemicRoute", "mesenchymal-stromal-cell"),
    ],
)
def test_cell_therapies_with_route_and_cells(graph, therapy, route, route_class, cell_type):
    assert ask(graph, f"""ASK {{ ssc:{therapy} a ssc:CellTherapy ; ssc:treats ssc:systemic-sclerosis ;
                                 ssc:hasRoute ssc:{route} ; ssc:hasCellSource/ssc:cellType ssc:{cell_type} .
                                 ssc:{route} a ssc:{route_class} }}""")


def test_adipose_therapy_is_local_for_hand_and_face_only(graph):
    """The text limits it to "local complications as hand and face disabilities", its cells
    "mainly" from adipose tissue: no plain treats-SSc, and the cell source is hedged."""
    assert ask(graph, """ASK { ssc:adipose-derived-regenerative-cell-therapy ssc:hasRoute ssc:local-administration ;
                                   ssc:addressesManifestation ssc:hand-disability, ssc:face-disability }""")
    assert not ask(graph, "ASK { ssc:adipose-derived-regenerative-cell-therapy ssc:treats ?disease }")
    assert not ask(graph, "ASK { ssc:adipose-derived-regenerative-cell-therapy ssc:hasCellSource ?source }")
    assert ask(graph, """ASK { ?st rdf:subject ssc:adipose-derived-regenerative-cell-therapy ;
                                   rdf:predicate ssc:hasCellSource ; ssc:modality ssc:mostly ;
                                   rdf:object/ssc:sourceTissue ssc:adipose-tissue }""")


def test_components_are_an_aim_not_a_fact(graph):
    """ "with the goal to act on": the statements carry ssc:aimed, and no plain triple is published."""
    rows = graph.query("""PREFIX ssc: <https://w3id.org/ssc-rdf/ontology#>
        SELECT ?c WHERE { ?st rdf:subject ssc:cellular-therapy ; rdf:predicate ssc:targetsComponent ;
                              rdf:object ?c ; ssc:modality ssc:aimed }""")
    assert {r.c.split("#")[-1] for r in rows} == {"immune-system", "vascular-system", "extracellular-matrix"}
    assert not ask(graph, "ASK { ssc:cellular-therapy ssc:targetsComponent ?c }")


def test_review_is_about_the_disease_and_its_thesis(graph):
    assert ask(graph, f"""ASK {{ <{REVIEW_IRI}> <https://schema.org/about> ssc:systemic-sclerosis, ssc:cellular-therapy,
                                 <https://w3id.org/ssc-rdf/id/entity/combined-systemic-and-local-cell-therapy> }}""")


def test_every_curated_statement_has_its_evidence(graph, conversion):
    publication = conversion.reviews[0].publication
    source = f"{publication.title} {publication.abstract}"
    rows = list(graph.query("""PREFIX ssc: <https://w3id.org/ssc-rdf/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?st ?s ?p ?o ?ev ?src ?modality WHERE {
          ?st a ssc:CuratedStatement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          OPTIONAL { ?st ssc:evidence ?ev } OPTIONAL { ?st prov:wasDerivedFrom ?src }
          OPTIONAL { ?st ssc:modality ?modality } }"""))
    claims = sum(len(s.claims) for s in conversion.reviews[0].statements)
    assert len(rows) == claims > 15
    for row in rows:
        assert row.ev is not None and str(row.ev) in source, row.st
        assert row.src == REVIEW_IRI
        # the plain triple is there exactly when the source asserts it
        assert ((row.s, row.p, row.o) in graph) == (row.modality == SSC.asserted), row.st
    # and every ssc: domain triple is backed by an asserted statement
    backed = {(r.s, r.p, r.o) for r in rows if r.modality == SSC.asserted}
    domain = {"treats", "hasRoute", "hasCellSource", "targetsComponent", "hasMechanism", "hasManifestation",
              "hasComponent", "addressesManifestation", "hasMember", "combines", "subtypeOf", "hasForm",
              "affectsSite"}
    for s, p, o in graph:
        if p.startswith(str(SSC)) and p.split("#")[-1] in domain:
            assert (s, p, o) in backed


HEDGED = "https://w3id.org/ssc-rdf/id/statement/velier-2022/cellular-therapy--targetsComponent--immune-system"


@pytest.mark.parametrize("name", list(BY_NAME))
def test_a_hedged_statement_carries_its_modality_in_every_format(conversion, name):
    data = serialize(conversion.quads(), BY_NAME[name])
    quads = pyoxigraph.parse(data, format=BY_NAME[name])
    parsed = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
    assert (HEDGED, str(SSC.modality), str(SSC.aimed)) in parsed
    assert not any(s == str(SSC["cellular-therapy"]) and p == str(SSC.targetsComponent) for s, p, _ in parsed)


def test_conversion_provenance(conversion):
    """The provenance of a conversion is in its own named graph, named after the conversion
    (the input's stem), with its own activity; the generation time is on each graph made."""
    import hashlib

    ds = rdflib_dataset(conversion)
    prov = Namespace("http://www.w3.org/ns/prov#")
    graphs = {str(g.identifier): g for g in ds.graphs() if len(g)}
    g = graphs[DEFAULT_BASE + "graph/provenance/velier-2022"]
    dataset = URIRef(DEFAULT_BASE + "dataset")
    activity = URIRef(DEFAULT_BASE + "dataset/conversion/velier-2022")
    assert g.value(dataset, prov.wasGeneratedBy) == activity
    review_graph = URIRef(DEFAULT_BASE + "graph/velier-2022")
    assert (dataset, DCTERMS.hasPart, review_graph) in g
    assert g.value(review_graph, prov.wasGeneratedBy) == activity
    assert g.value(review_graph, prov.generatedAtTime).datatype == XSD.dateTime
    assert g.value(dataset, prov.generatedAtTime) is None  # a dataset grows over conversions: no one time
    source = g.value(activity, prov.used)
    assert g.value(review_graph, prov.wasDerivedFrom) == source
    assert str(g.value(source, SSC.sha256)) == hashlib.sha256(REVIEW.read_bytes()).hexdigest()
    tool = g.value(activity, prov.wasAssociatedWith)
    assert "ssc-rdf" in str(tool)
    # no provenance anywhere else
    others = [name for name, graph in graphs.items() if (None, prov.wasGeneratedBy, None) in graph]
    assert others == [DEFAULT_BASE + "graph/provenance/velier-2022"]


# rdflib's names of the formats, for parsing with rdflib
RDFLIB_NAMES = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt", "nquads": "nquads", "trig": "trig",
                "xml": "xml"}
KEEP_GRAPHS = {"nquads", "trig"}  # the other formats are written with the named graphs merged


@pytest.mark.parametrize("name", list(BY_NAME))
def test_every_format_round_trips(conversion, name):
    fmt = BY_NAME[name]
    data = serialize(conversion.quads(), fmt)
    expected_quads = {(s, p, o, g) for s, p, o, g in rdflib_dataset(conversion).quads()}
    expected_graph = rdflib_graph(conversion)
    # rdflib
    if name in KEEP_GRAPHS:
        back = Dataset()
        back.parse(data=data, format=RDFLIB_NAMES[name])
        assert {(s, p, o, g) for s, p, o, g in back.quads()} == expected_quads
    else:
        back = Graph().parse(data=data, format=RDFLIB_NAMES[name])
        assert isomorphic(back, expected_graph)
    # pyoxigraph, an independent parser
    parsed = list(pyoxigraph.parse(data, format=fmt))
    if name in KEEP_GRAPHS:
        nquads = pyoxigraph.serialize(parsed, format=pyoxigraph.RdfFormat.N_QUADS)
        reparsed = Dataset()
        reparsed.parse(data=nquads, format="nquads")
        assert {(s, p, o, g) for s, p, o, g in reparsed.quads()} == expected_quads
    else:
        ntriples = pyoxigraph.serialize(parsed, format=pyoxigraph.RdfFormat.N_TRIPLES)
        assert isomorphic(Graph().parse(data=ntriples, format="nt"), expected_graph)


def test_trig_has_one_named_graph_per_source_document():
    result = api.convert([str(REVIEW), str(FIXTURES / "curated" / "crohn-fistula-review.yaml")])
    ds = rdflib_dataset(result)
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {DEFAULT_BASE + "graph/velier-2022", DEFAULT_BASE + "graph/crohn-fistula-test"} <= names


def test_base_iri_changes_every_minted_iri():
    result = api.convert([str(REVIEW)], base="http://127.0.0.1:8000/")
    quads = list(result.quads())
    terms = [t for q in quads for t in (q.subject, q.predicate, q.object, q.graph_name)]
    assert not {t.value for t in terms if isinstance(t, pyoxigraph.NamedNode) and "w3id.org/ssc-rdf/id" in t.value}
    assert any(q.subject.value.startswith("http://127.0.0.1:8000/publication/") for q in quads)


def test_second_review_on_another_disease_converts_without_code_changes():
    result = api.convert([str(FIXTURES / "curated" / "crohn-fistula-review.yaml")])
    g = rdflib_graph(result)
    crohn = URIRef(DEFAULT_BASE + "entity/crohn-disease")
    therapy = URIRef(DEFAULT_BASE + "entity/adipose-derived-msc-injection")
    assert (therapy, SSC.treats, crohn) in g
    assert (therapy, SSC.hasRoute, SSC.intralesional) in g
    assert (crohn, SSC.hasManifestation, URIRef(DEFAULT_BASE + "entity/perianal-fistula")) in g
    assert str(g.value(crohn, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == "Crohn's disease"
    orcid = URIRef("https://orcid.org/0000-0002-1825-0097")
    assert any(o == orcid for o in g.objects(None, URIRef("https://schema.org/sameAs")))


@pytest.mark.parametrize("name", list(BY_NAME))
def test_output_does_not_depend_on_statement_order(conversion, name):
    shuffled = list(conversion.quads())
    random.Random(7).shuffle(shuffled)
    assert shuffled != list(conversion.quads())
    assert serialize(shuffled, BY_NAME[name]) == serialize(conversion.quads(), BY_NAME[name])


def test_turtle_gives_each_subject_its_types_first(conversion):
    text = serialize(conversion.quads(), BY_NAME["turtle"]).decode()
    dataset = text[text.index(f"<{DEFAULT_BASE}dataset> "):]
    assert dataset.split(" ", 1)[1].startswith("a prov:Entity ;")


STRICT_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ssc: <https://w3id.org/ssc-rdf/ontology#> .
<urn:test:shape> a sh:NodeShape ; sh:targetClass ssc:Author ;
    sh:property [ sh:path ssc:orcid ; sh:minCount 1 ; sh:message "Every author needs an ORCID iD here" ] .
"""


def test_convert_refuses_data_that_does_not_conform(tmp_path):
    """Validation is part of convert: non-conforming data raises ValidationFailed (exit code 1)
    with the report; validate=False gives the conversion, and pipeline.check its report."""
    from ssc_rdf import pipeline
    from ssc_rdf.errors import ValidationFailed

    shapes = tmp_path / "strict.ttl"
    shapes.write_text(STRICT_SHAPES)
    with pytest.raises(ValidationFailed) as failed:
        api.convert([str(REVIEW)], shapes=shapes)
    assert failed.value.exit_code == 1
    violations = failed.value.report.violations
    assert len(violations) == 22 and {r.message for r in violations} == {"Every author needs an ORCID iD here"}
    unchecked = api.convert([str(REVIEW)], shapes=shapes, validate=False)
    assert unchecked.triple_count > 0
    assert pipeline.check(unchecked, shapes).results == failed.value.report.results
    assert pipeline.check(unchecked).conforms()  # the shipped shapes accept it


def test_write_names_files_after_the_input(conversion, tmp_path):
    written = api.write(conversion, f"{tmp_path}/", ["turtle", "json-ld", "nt"])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert conversion.name == "velier-2022"
    assert names == ["velier-2022.jsonld", "velier-2022.nt", "velier-2022.ttl"]
    assert sorted(w.path for w in written) == sorted(str(tmp_path / n) for n in names)
    for w in written:
        assert Path(w.path).stat().st_size == w.size
        back = Graph().parse(w.path, format=RDFLIB_NAMES[w.format_name])
        assert isomorphic(back, rdflib_graph(conversion))


def test_store_and_dataset_views_hold_every_quad(conversion):
    quads = set(conversion.quads())
    assert len(conversion.to_store()) == len(quads)
    assert len(conversion.to_dataset().default_graph) == 0  # every quad is in a named graph
    assert sum(len(g) for g in conversion.to_dataset().graphs()) == len(quads)
    assert conversion.triple_count == len({q.triple for q in quads}) == len(rdflib_graph(conversion))
