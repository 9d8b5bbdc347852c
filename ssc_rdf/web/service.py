"""The endpoint's SPARQL 1.1 Service Description (``sd:``), answered at the endpoint's URL when
a client asks it for RDF without a query: what a client or a catalogue needs to know before
sending one (the language, the result formats, the graphs, that the default graph is their union)."""

from __future__ import annotations

import pyoxigraph as ox

from ..rdf.formats import BY_NAME, RESULT_FORMATS
from ..rdf.typed import solutions, value
from ..sinks.base import STAGING
from .dataset import RDF_TYPE, Dataset

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
PREFIXES = {"sd": SD, "void": VOID, "formats": FORMATS}


def describe_service(data: Dataset) -> list[ox.Triple]:
    """The service at ``{base}sparql``: read-only SPARQL 1.1 Query, no SERVICE (refused), the
    formats content negotiation offers, and the store's graphs with their sizes."""
    service = ox.NamedNode(data.base + "sparql")
    dataset = ox.NamedNode(data.base + "dataset")  # the dataset VoID describes
    default = ox.BlankNode()
    out = [ox.Triple(service, RDF_TYPE, _sd("Service")), ox.Triple(service, _sd("endpoint"), service),
           ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
           ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
           ox.Triple(service, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
           ox.Triple(service, _sd("defaultDataset"), dataset), ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
           ox.Triple(dataset, _sd("defaultGraph"), default), ox.Triple(default, RDF_TYPE, _sd("Graph"))]
    out += [ox.Triple(service, _sd("resultFormat"), _format(fmt.iri)) for fmt in RESULT_FORMATS.values()]
    out += [ox.Triple(service, _sd("resultFormat"), _format(fmt.iri)) for fmt in BY_NAME.values()]
    sizes = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    for row in solutions(data.store, sizes):
        if value(row["g"]).startswith(STAGING):  # what a killed load left: not data
            continue
        named, graph = ox.BlankNode(), ox.BlankNode()
        out += [ox.Triple(dataset, _sd("namedGraph"), named), ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
                ox.Triple(named, _sd("name"), row["g"]), ox.Triple(named, _sd("graph"), graph),
                ox.Triple(graph, RDF_TYPE, _sd("Graph")), ox.Triple(graph, ox.NamedNode(VOID + "triples"), row["n"])]
    triples = next(iter(solutions(data.store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"]
    out.append(ox.Triple(default, ox.NamedNode(VOID + "triples"), triples))
    return out


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def _format(iri: str) -> ox.NamedNode:
    """The W3C's IRI of a format, from pyoxigraph's (which says
    ``https://www.w3.org/ns/formats/data/JSON-LD`` for ``http://www.w3.org/ns/formats/JSON-LD``)."""
    return ox.NamedNode(FORMATS + iri.rsplit("/", 1)[1])
