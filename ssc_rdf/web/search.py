"""Search by name, for the 404 page: a SPARQL query over labels, the words bound as a literal.

The words become a literal through pyoxigraph (its N-Triples form escapes quotes and line
ends), so nothing a visitor types is read as SPARQL. The static site's page builds the
same query in the browser (``static/sparql.js``).
"""

from __future__ import annotations

import pyoxigraph as ox

MAX_WORDS = 200  # characters: a name, not a document
SEARCH = """SELECT ?resource ?label WHERE {{
  VALUES ?words {{ {words} }}
  ?resource <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?words))))
}} ORDER BY STR(?label) LIMIT 100"""


def label_search(words: str) -> str:
    """The query that finds resources whose label contains ``words`` (any case)."""
    return SEARCH.format(words=str(ox.Literal(" ".join(words.split())[:MAX_WORDS])))
