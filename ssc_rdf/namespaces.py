"""RDF namespaces used by the mapping, checked against the vocabularies' own files."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .constants import DEFAULT_BASE, ONTOLOGY_IRI

SSC = Namespace(ONTOLOGY_IRI + "#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES: dict[str, str] = {
    "ssc": str(SSC),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "bibo": str(BIBO),
    "fabio": str(FABIO),
    "cito": str(CITO),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "obo": "http://purl.obolibrary.org/obo/",
    "mesh": "http://id.nlm.nih.gov/mesh/",
}

__all__ = [
    "BIBO", "CITO", "DCTERMS", "DEFAULT_BASE", "FABIO", "OA", "ONTOLOGY_IRI", "OWL",
    "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA", "SKOS", "SSC", "XSD",
]
