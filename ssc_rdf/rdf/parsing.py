"""The one lock around rdflib's SPARQL parser, for every module that parses SPARQL with it.

rdflib's parser (pyparsing) keeps state while it parses: two threads at once (the server
answers requests in a thread pool, and validates in another) break each other's parse.
"""

from __future__ import annotations

import threading

SPARQL_PARSER = threading.Lock()
