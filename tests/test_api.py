"""Conversion of the bundled review: what the graph must say, and round trips."""

from __future__ import annotations

import io
import random

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ssc_rdf import api
from ssc_rdf.formats import FORMATS
from ssc_rdf.namespaces import CITO, DEFAULT_BASE, DCTERMS, SSC, XSD
from ssc_rdf.sinks.files import quad_dataset, serialize, triple_graph

from .conftest import FIXTURES, REVIEW

REVIEW_IRI = URIRef(DEFAULT_BASE + "publication/doi/10.1038/s41409-021-01492-7")
MONDO_SSC = URIRef("http://purl.obolibrary.org/obo/MONDO_0005100")


@pytest.fixture(scope="module")
def conversion():
    return api.convert([str(REVIEW)])


@pytest.fixture(scope="module")
def graph(conversion) -> Graph:
    from ssc_rdf.resources import ontology_path

    g = triple_graph(conversion.quads)
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
    assert [(int(r.pos), str(r.year)) for r in rows] == [(1, "2015"), (2, "2001"), (3, "2005"), (4, "2018"), (5, "2018")]
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
        ("adipose-derived-regenerative-cell-therapy", "local-administration", "LocalRoute",
         "adipose-derived-regenerative-cell"),
    ],
)
def test_cell_therapies_with_route_and_cells(graph, therapy, route, route_class, cell_type):
    assert ask(graph, f"""ASK {{ ssc:{therapy} a ssc:CellTherapy ; ssc:treats ssc:systemic-sclerosis ;
                                 ssc:hasRoute ssc:{route} ; ssc:hasCellSource/ssc:cellType ssc:{cell_type} .
                                 ssc:{route} a ssc:{route_class} }}""")


def test_adipose_therapy_is_local_for_hand_and_face(graph):
    assert ask(graph, """ASK { ssc:adipose-derived-regenerative-cell-therapy
                                   ssc:hasCellSource/ssc:sourceTissue ssc:adipose-tissue ;
                                   ssc:addressesManifestation ssc:hand-disability, ssc:face-disability }""")


def test_three_components_targeted(graph):
    rows = graph.query("""PREFIX ssc: <https://w3id.org/ssc-rdf/ontology#>
        SELECT ?c WHERE { ssc:cellular-therapy ssc:targetsComponent ?c }""")
    assert {r.c.split("#")[-1] for r in rows} == {"immune-system", "vascular-system", "extracellular-matrix"}


def test_every_curated_statement_has_its_evidence(graph, conversion):
    abstract = conversion.reviews[0].publication.abstract
    rows = list(graph.query("""PREFIX ssc: <https://w3id.org/ssc-rdf/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?st ?s ?p ?o ?ev ?src WHERE {
          ?st a ssc:CuratedStatement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          OPTIONAL { ?st ssc:evidence ?ev } OPTIONAL { ?st prov:wasDerivedFrom ?src } }"""))
    claims = sum(len(s.claims) for s in conversion.reviews[0].statements)
    assert len(rows) == claims > 15
    for row in rows:
        assert row.ev is not None and str(row.ev) in abstract, row.st
        assert row.src == REVIEW_IRI
        assert (row.s, row.p, row.o) in graph  # the plain triple is there too
    # and every ssc: domain triple is backed by a statement
    backed = {(r.s, r.p, r.o) for r in rows}
    domain = {"treats", "hasRoute", "hasCellSource", "targetsComponent", "hasMechanism",
              "hasManifestation", "hasComponent", "addressesManifestation"}
    for s, p, o in graph:
        if p.startswith(str(SSC)) and p.split("#")[-1] in domain:
            assert (s, p, o) in backed


def test_conversion_provenance(conversion):
    g = triple_graph(conversion.quads)
    ds = URIRef(DEFAULT_BASE + "dataset")
    prov = "http://www.w3.org/ns/prov#"
    activity = g.value(ds, URIRef(prov + "wasGeneratedBy"))
    assert g.value(ds, URIRef(prov + "generatedAtTime")).datatype == XSD.dateTime
    source = g.value(activity, URIRef(prov + "used"))
    import hashlib
    assert str(g.value(source, SSC.sha256)) == hashlib.sha256(REVIEW.read_bytes()).hexdigest()
    tool = g.value(activity, URIRef(prov + "wasAssociatedWith"))
    assert "ssc-rdf" in str(tool)


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_round_trips(conversion, name):
    fmt = FORMATS[name]
    data = serialize(conversion.quads, fmt)
    # rdflib
    if fmt.quads:
        back = Dataset()
        back.parse(data=data, format=name)
        expected = quad_dataset(conversion.quads)
        assert {(s, p, o, g) for s, p, o, g in back.quads()} == {(s, p, o, g) for s, p, o, g in expected.quads()}
    else:
        back = Graph().parse(data=data, format=name)
        assert isomorphic(back, triple_graph(conversion.quads))
    # pyoxigraph, an independent parser
    ox_format = {"turtle": pyoxigraph.RdfFormat.TURTLE, "json-ld": pyoxigraph.RdfFormat.JSON_LD,
                 "nt": pyoxigraph.RdfFormat.N_TRIPLES, "nquads": pyoxigraph.RdfFormat.N_QUADS,
                 "trig": pyoxigraph.RdfFormat.TRIG, "xml": pyoxigraph.RdfFormat.RDF_XML}[name]
    parsed = list(pyoxigraph.parse(data, format=ox_format))
    if fmt.quads:
        nquads = pyoxigraph.serialize(parsed, format=pyoxigraph.RdfFormat.N_QUADS)
        reparsed = Dataset()
        reparsed.parse(data=nquads, format="nquads")
        assert set(reparsed.quads()) == set(quad_dataset(conversion.quads).quads())
    else:
        ntriples = pyoxigraph.serialize(parsed, format=pyoxigraph.RdfFormat.N_TRIPLES)
        assert isomorphic(Graph().parse(data=ntriples, format="nt"), triple_graph(conversion.quads))


def test_trig_has_one_named_graph_per_source_document():
    result = api.convert([str(REVIEW), str(FIXTURES / "curated" / "crohn-fistula-review.yaml")])
    ds = quad_dataset(result.quads)
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {DEFAULT_BASE + "graph/velier-2022", DEFAULT_BASE + "graph/crohn-fistula-test"} <= names


def test_base_iri_changes_every_minted_iri():
    result = api.convert([str(REVIEW)], base="http://127.0.0.1:8000/")
    minted = {str(t) for q in result.quads for t in q[:3] if isinstance(t, URIRef) and "w3id.org/ssc-rdf/id" in t}
    assert not minted
    assert any(str(q[0]).startswith("http://127.0.0.1:8000/publication/") for q in result.quads)


def test_second_review_on_another_disease_converts_without_code_changes():
    result = api.convert([str(FIXTURES / "curated" / "crohn-fistula-review.yaml")])
    g = triple_graph(result.quads)
    crohn = URIRef(DEFAULT_BASE + "entity/crohn-disease")
    therapy = URIRef(DEFAULT_BASE + "entity/adipose-derived-msc-injection")
    assert (therapy, SSC.treats, crohn) in g
    assert (therapy, SSC.hasRoute, SSC.intralesional) in g
    assert (crohn, SSC.hasManifestation, URIRef(DEFAULT_BASE + "entity/perianal-fistula")) in g
    assert str(g.value(crohn, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == "Crohn's disease"
    orcid = URIRef("https://orcid.org/0000-0002-1825-0097")
    assert any(o == orcid for o in g.objects(None, URIRef("https://schema.org/sameAs")))


@pytest.mark.parametrize("name", list(FORMATS))
def test_output_does_not_depend_on_statement_order(conversion, name):
    shuffled = list(conversion.quads)
    random.Random(7).shuffle(shuffled)
    assert serialize(shuffled, FORMATS[name]) == serialize(conversion.quads, FORMATS[name])


def test_turtle_gives_each_subject_its_types_first(conversion):
    text = serialize(conversion.quads, FORMATS["turtle"]).decode()
    dataset = text[text.index(f"<{DEFAULT_BASE}dataset> "):]
    assert dataset.split(" ", 1)[1].startswith("a prov:Entity ;")
