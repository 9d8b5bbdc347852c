"""Constants the command line needs before anything heavy is imported (keeps --help fast)."""

DEFAULT_BASE = "https://w3id.org/ssc-rdf/id/"
ONTOLOGY_IRI = "https://w3id.org/ssc-rdf/ontology"
