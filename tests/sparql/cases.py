"""Valid SPARQL 1.1 texts that trip up regular expressions, with their kind: every one
must run from ``ssc_rdf.sparql`` and from ``/sparql`` on the bundled review."""

from __future__ import annotations

VALID = [
    ("# a comment before the query\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 3 # and one after", "SELECT"),
    ("SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 3", "SELECT"),
    ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?s rdfs:label ?l } LIMIT 3", "SELECT"),
    ('SELECT ?s WHERE { ?s rdfs:label ?l FILTER(?l != "# not a comment") } LIMIT 3', "SELECT"),
    ('SELECT ?l WHERE { ?s rdfs:label ?l FILTER(?l != """a\n# still the string\n""") } LIMIT 3', "SELECT"),
    ("ASK{}", "ASK"),
    ("ask { ?s ?p ?o }", "ASK"),
    ("select ?s where { ?s a ?c } order by ?s limit 2", "SELECT"),
    ("BASE <https://w3id.org/ssc-rdf/ontology> SELECT ?t WHERE { ?t <#treats> <#systemic-sclerosis> }", "SELECT"),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 } }", "SELECT"),
    ("SELECT ?t ?r WHERE { ?t ssc:hasRoute ?r } VALUES ?r { ssc:intravenous ssc:local-administration }", "SELECT"),
    ("DESCRIBE ssc:systemic-sclerosis", "DESCRIBE"),
    ("describe ?t where { ?t ssc:hasRoute ssc:intravenous }", "DESCRIBE"),
    ("PREFIX ex: <http://example.org/ask#> CONSTRUCT { ?t ex:route ?r } WHERE { ?t ssc:hasRoute ?r }", "CONSTRUCT"),
    ("CONSTRUCT WHERE { ?t ssc:hasRoute ?r }", "CONSTRUCT"),
]
