"""RDF and SPARQL result formats: pyoxigraph's enums, by the names riot and rdfpipe use.

Every command and the web server find formats here: names, aliases, media types
(``text/turtle; charset=utf-8`` too) and file extensions all resolve to one
``pyoxigraph.RdfFormat``.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import UsageError
from . import FORMAT_NAMES, RESULT_FORMAT_NAMES

RdfFormat = ox.RdfFormat

BY_NAME: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "json-ld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
}
assert tuple(BY_NAME) == FORMAT_NAMES

ALIASES: dict[str, str] = {
    "ttl": "turtle", "jsonld": "json-ld", "ntriples": "nt", "n-triples": "nt", "nq": "nquads",
    "n-quads": "nquads", "rdfxml": "xml", "rdf/xml": "xml", "rdf": "xml", "pretty-xml": "xml",
}
# Extensions beyond pyoxigraph's own (it knows ttl, jsonld, nt, nq, trig, rdf, n3).
EXTRA_EXTENSIONS: dict[str, ox.RdfFormat] = {
    "json": ox.RdfFormat.JSON_LD, "owl": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML,
}

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
assert tuple(RESULT_FORMATS) == RESULT_FORMAT_NAMES
RESULT_ALIASES = {"srj": "json", "srx": "xml"}


def name_of(fmt: ox.RdfFormat) -> str:
    """The short name of a format (``turtle``, ``nt``...)."""
    return next(name for name, known in BY_NAME.items() if known == fmt)


def extension(fmt: ox.RdfFormat) -> str:
    """The file extension with its dot (``.ttl``)."""
    return "." + fmt.file_extension


def media_type(fmt: ox.RdfFormat) -> str:
    return fmt.media_type


def _bare_media_type(text: str) -> str:
    return text.split(";", 1)[0].strip().lower()


def rdf_format(name: str) -> ox.RdfFormat:
    """A format by name, alias, extension or media type; a usage error otherwise."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key in BY_NAME:
        return BY_NAME[key]
    if "/" in key:
        by_media = ox.RdfFormat.from_media_type(_bare_media_type(key))
        if by_media is not None and by_media in BY_NAME.values():
            return by_media
    raise UsageError(f"unknown RDF format {name!r} (choose from {', '.join(FORMAT_NAMES)}, or a media type "
                     "such as text/turtle)")


def result_format(name: str) -> ox.QueryResultsFormat:
    """A SPARQL results format by name (json, xml, csv, tsv) or media type."""
    key = name.strip().lower()
    key = RESULT_ALIASES.get(key, key)
    if key in RESULT_FORMATS:
        return RESULT_FORMATS[key]
    bare = _bare_media_type(key)
    for fmt in RESULT_FORMATS.values():
        if _bare_media_type(fmt.media_type) == bare:
            return fmt
    raise UsageError(f"unknown SPARQL results format {name!r} (choose from {', '.join(RESULT_FORMAT_NAMES)})")


def result_name(fmt: ox.QueryResultsFormat) -> str:
    return next(name for name, known in RESULT_FORMATS.items() if known == fmt)


def is_result_format(name: str) -> bool:
    try:
        result_format(name)
    except UsageError:
        return False
    return True


def format_for_path(path: str | Path) -> ox.RdfFormat | None:
    """The format a file name implies (``.gz`` looked through), or None when it says nothing."""
    name = str(path).lower().removesuffix(".gz")
    suffix = Path(name).suffix.lstrip(".")
    if not suffix or suffix == "txt":  # pyoxigraph reads .txt as N-Triples; here content decides
        return None
    return EXTRA_EXTENSIONS.get(suffix) or ox.RdfFormat.from_extension(suffix)


__all__ = ["BY_NAME", "RESULT_FORMATS", "RdfFormat", "extension", "format_for_path", "is_result_format",
           "media_type", "name_of", "rdf_format", "result_format", "result_name"]
