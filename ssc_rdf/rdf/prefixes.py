"""The prefix map, defined once: the prefixes of the shipped JSON-LD context.

Writers, CLI tables, web pages and SPARQL all use this map, so a CURIE means the
same thing everywhere.
"""

from __future__ import annotations

import json
from functools import cache

from ..resources import context_path


@cache
def jsonld_context() -> dict:
    """The shipped context (``ontology/context.jsonld``), its ``@context`` object."""
    return json.loads(context_path().read_text(encoding="utf-8"))["@context"]


@cache
def prefix_map() -> dict[str, str]:
    """prefix -> namespace IRI, in the context's order."""
    return {key: value for key, value in jsonld_context().items()
            if isinstance(value, str) and not key.startswith("@") and value.endswith(("#", "/"))
            and value.startswith(("http://", "https://"))}


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``https://w3id.org/ssc-rdf/ontology#treats`` -> ``ssc:treats``; other IRIs unchanged."""
    best = ""
    for prefix, ns in (prefixes or prefix_map()).items():
        if iri.startswith(ns) and len(ns) > len(best):
            local = iri[len(ns):]
            if local and "/" not in local and "#" not in local:
                best, found = ns, f"{prefix}:{local}"
    return found if best else iri


__all__ = ["jsonld_context", "prefix_map", "shorten"]
