"""RDF formats by the names rdflib and Jena's riot use, with extensions and media types."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True)
class RdfFormat:
    name: str
    extension: str
    media_type: str
    quads: bool  # keeps named graphs


FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", ".ttl", "text/turtle", False),
        RdfFormat("json-ld", ".jsonld", "application/ld+json", False),
        RdfFormat("nt", ".nt", "application/n-triples", False),
        RdfFormat("nquads", ".nq", "application/n-quads", True),
        RdfFormat("trig", ".trig", "application/trig", True),
        RdfFormat("xml", ".rdf", "application/rdf+xml", False),
    )
}

ALIASES = {
    "ttl": "turtle", "jsonld": "json-ld", "ntriples": "nt", "n-triples": "nt",
    "nq": "nquads", "n-quads": "nquads", "rdfxml": "xml", "rdf/xml": "xml", "rdf": "xml",
}

EXTENSIONS = {f.extension: f.name for f in FORMATS.values()} | {".json": "json-ld", ".owl": "xml", ".xml": "xml"}


def get_format(name: str) -> RdfFormat:
    key = ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise UsageError(f"unknown RDF format {name!r} (choose from {', '.join(FORMATS)})")
    return FORMATS[key]


def format_for_path(path: str | Path) -> RdfFormat | None:
    """The format a file name implies, or None when its extension says nothing."""
    name = str(path).lower().removesuffix(".gz")
    suffix = Path(name).suffix
    return FORMATS[EXTENSIONS[suffix]] if suffix in EXTENSIONS else None
