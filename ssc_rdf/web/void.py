"""The dataset's description for catalogues and crawlers: VoID and DCAT, counted from the data."""

from __future__ import annotations

from typing import Literal

import pyoxigraph as ox

from .. import __version__
from ..rdf import ONTOLOGY_IRI
from ..rdf.typed import solutions, value
from .dataset import DOWNLOADS, LICENSE, Dataset

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TITLE = "SSc-RDF: cellular therapies for systemic sclerosis, with their evidence"
DESCRIPTION = ("What biomedical reviews say about cellular therapies, as linked data: therapies, cells, routes, "
               "disease components, manifestations and mechanisms, each curated statement with its evidence "
               "sentence, and the publications with their citations and mentions.")
PUBLISHER = "ssc-rdf contributors"
IANA = "https://www.iana.org/assignments/media-types/"  # media types as IRIs, as DCAT 2 asks
OBO = "http://purl.obolibrary.org/obo/"
# Datasets the data links to, by the namespace of the objects; OBO ontologies are told
# apart by the prefix of their identifiers (MONDO_, NCIT_, CL_...).
TARGETS = {
    "MeSH": "http://id.nlm.nih.gov/mesh/",
    "DOI": "https://doi.org/",
    "PubMed": "https://pubmed.ncbi.nlm.nih.gov/",
    "ORCID": "https://orcid.org/",
    "EFO": "http://www.ebi.ac.uk/efo/",
    "UMLS": "http://linkedlifedata.com/resource/umls/id/",
}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


def describe(data: Dataset, sparql: Literal["endpoint", "browser"] | None = "endpoint") -> list[ox.Triple]:
    """The description; ``sparql`` says how the data can be queried: a SPARQL protocol endpoint
    (``serve``), a page that queries the dump in the browser (the static site), or not at all.
    Only an endpoint is a ``void:sparqlEndpoint``: clients send it protocol requests."""
    base = data.base
    ds = _n(base + "dataset")
    out = [ox.Triple(ds, _n(RDF + "type"), _n(VOID + "Dataset")), ox.Triple(ds, _n(RDF + "type"), _n(DCAT + "Dataset"))]

    def add(p: str, o) -> None:
        out.append(ox.Triple(ds, _n(p), o))

    add(DCT + "title", ox.Literal(TITLE, language="en"))
    add(DCT + "description", ox.Literal(DESCRIPTION, language="en"))
    add(DCT + "license", _n(LICENSE))
    add(DCT + "publisher", ox.Literal(PUBLISHER))
    add(DCAT + "version", ox.Literal(__version__))
    add(VOID + "uriSpace", ox.Literal(base))
    add(VOID + "vocabulary", _n(ONTOLOGY_IRI))
    if sparql == "endpoint":
        add(VOID + "sparqlEndpoint", _n(base + "sparql"))
    elif sparql == "browser":
        add(RDFS + "comment", ox.Literal(
            f"{base}sparql is a web page that runs SPARQL queries in the browser on the data dump "
            "(Oxigraph compiled to WebAssembly): it answers no SPARQL protocol requests.", language="en"))
    issued = f"SELECT ?t WHERE {{ <{ds.value}> <http://www.w3.org/ns/prov#generatedAtTime> ?t }}"
    for when in solutions(data.store, issued):
        add(DCT + "issued", when["t"])
        add(DCT + "modified", when["t"])
    counts = next(iter(solutions(data.store,
        "SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s) (COUNT(DISTINCT ?p) AS ?p) (COUNT(DISTINCT ?o) AS ?o) "
        "WHERE { ?s ?p ?o }")))
    add(VOID + "triples", counts["t"])
    add(VOID + "distinctSubjects", counts["s"])
    add(VOID + "properties", counts["p"])
    add(VOID + "distinctObjects", counts["o"])
    for row in solutions(data.store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"):
        part = _n(f"{base}dataset/class/{data.short(value(row['c'])).replace(':', '-')}")
        label = ox.Literal(f"instances of {data.short(value(row['c']))}", language="en")
        out += [ox.Triple(part, _n(RDFS + "label"), label),
                ox.Triple(ds, _n(VOID + "classPartition"), part), ox.Triple(part, _n(VOID + "class"), row["c"]),
                ox.Triple(part, _n(VOID + "entities"), row["n"])]
    for row in solutions(data.store, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"):
        part = _n(f"{base}dataset/property/{data.short(value(row['p'])).replace(':', '-')}")
        label = ox.Literal(f"triples of {data.short(value(row['p']))}", language="en")
        out += [ox.Triple(part, _n(RDFS + "label"), label),
                ox.Triple(ds, _n(VOID + "propertyPartition"), part), ox.Triple(part, _n(VOID + "property"), row["p"]),
                ox.Triple(part, _n(VOID + "triples"), row["n"])]
    for ext, (fmt, media) in sorted(DOWNLOADS.items()):
        dist = _n(f"{base}dataset/distribution/{ext}")
        url = _n(f"{base}download/dataset.{ext}")
        out += [ox.Triple(ds, _n(DCAT + "distribution"), dist), ox.Triple(ds, _n(VOID + "dataDump"), url),
                ox.Triple(dist, _n(RDF + "type"), _n(DCAT + "Distribution")),
                ox.Triple(dist, _n(RDFS + "label"), ox.Literal(f"the dataset as {fmt}", language="en")),
                ox.Triple(dist, _n(DCAT + "downloadURL"), url),
                ox.Triple(dist, _n(DCAT + "mediaType"), _n(IANA + media)),
                ox.Triple(dist, _n(DCT + "format"), ox.Literal(fmt)),
                ox.Triple(dist, _n(DCT + "license"), _n(LICENSE))]
    return out + linksets(data, ds)


def _target_expression() -> str:
    """A SPARQL expression naming the target dataset of ``?o``, or unbound."""
    expression = f'IF(STRSTARTS(STR(?o), "{OBO}"), STRBEFORE(STRAFTER(STR(?o), "{OBO}"), "_"), ?none)'
    for name, space in sorted(TARGETS.items()):
        expression = f'IF(STRSTARTS(STR(?o), "{space}"), "{name}", {expression})'
    return expression


def linksets(data: Dataset, ds: ox.NamedNode) -> list[ox.Triple]:
    """One ``void:Linkset`` per target dataset and link predicate, with its number of links."""
    base = data.base
    query = (f"SELECT ?t ?p (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(isIRI(?o) && ?p != <{RDF}type>) "
             f"BIND({_target_expression()} AS ?t) FILTER(BOUND(?t) && ?t != \"\") }} GROUP BY ?t ?p ORDER BY ?t ?p")
    out: list[ox.Triple] = []
    targets: set[str] = set()
    for row in solutions(data.store, query):
        name, predicate = value(row["t"]), row["p"]
        assert isinstance(predicate, ox.NamedNode)
        target = _n(f"{base}dataset/target/{name}")
        linkset = _n(f"{base}dataset/linkset/{name}-{data.short(predicate.value).replace(':', '-')}")
        out += [ox.Triple(ds, _n(VOID + "subset"), linkset),
                ox.Triple(linkset, _n(RDF + "type"), _n(VOID + "Linkset")),
                ox.Triple(linkset, _n(RDFS + "label"),
                          ox.Literal(f"links to {name} by {data.short(predicate.value)}", language="en")),
                ox.Triple(linkset, _n(VOID + "subjectsTarget"), ds),
                ox.Triple(linkset, _n(VOID + "objectsTarget"), target),
                ox.Triple(linkset, _n(VOID + "linkPredicate"), predicate),
                ox.Triple(linkset, _n(VOID + "triples"), row["n"])]
        if name not in targets:
            targets.add(name)
            space = TARGETS.get(name, f"{OBO}{name}_")
            out += [ox.Triple(target, _n(RDF + "type"), _n(VOID + "Dataset")),
                    ox.Triple(target, _n(RDFS + "label"), ox.Literal(f"{name} (linked to)", language="en")),
                    ox.Triple(target, _n(DCT + "title"), ox.Literal(name)),
                    ox.Triple(target, _n(VOID + "uriSpace"), ox.Literal(space))]
    return out
