"""RDF basics defined once: the project's IRIs, format names, prefixes and terms.

This module stays light (no pyoxigraph) so that ``ssc-rdf --help`` starts fast;
``formats``, ``prefixes`` and ``terms`` hold the rest.
"""

from __future__ import annotations

DEFAULT_BASE = "https://w3id.org/ssc-rdf/id/"
ONTOLOGY_IRI = "https://w3id.org/ssc-rdf/ontology"
ONTOLOGY_NS = ONTOLOGY_IRI + "#"

# The names the CLI shows, in the order it shows them (rdfpipe/riot names; aliases in formats.py).
FORMAT_NAMES = ("turtle", "json-ld", "nt", "nquads", "trig", "xml")
RESULT_FORMAT_NAMES = ("json", "xml", "csv", "tsv")

__all__ = ["DEFAULT_BASE", "FORMAT_NAMES", "ONTOLOGY_IRI", "ONTOLOGY_NS", "RESULT_FORMAT_NAMES"]
