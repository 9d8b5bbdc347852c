"""Sources: one module per input kind, and the registry that tells inputs apart.

Adding an input kind is one module (``sniff`` + ``read``) and one entry in ``KINDS``.
Detection happens in one function, ``detect``, for every command and for stdin.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from . import bibtex, curated_yaml, medline, pubmed_page, pubmed_xml, rdf_files, ris
from .base import Reader, SourceKind

RDF = "rdf"  # RDF files: the format is told apart by rdf_files


def _one(read_one: Any) -> Reader:
    def read(handle: BinaryIO, name: str, errors: list[InputError] | None) -> Iterator[Any]:
        yield read_one(handle, name=name)
    return read


def _many(read_many: Any) -> Reader:
    def read(handle: BinaryIO, name: str, errors: list[InputError] | None) -> Iterator[Any]:
        yield from read_many(handle, name=name, errors=errors)
    return read


# Order matters: the first kind whose sniff accepts the head wins; RDF comes last.
KINDS: dict[str, SourceKind] = {
    kind.name: kind for kind in (
        SourceKind("curated-yaml", "a curated review (YAML, 'ssc-rdf: 1')", "curated review", curated_yaml.sniff,
                   _one(curated_yaml.read)),
        SourceKind("pubmed-xml", "PubMed XML (E-utilities)", "PubMed XML record", pubmed_xml.sniff,
                   _many(pubmed_xml.read)),
        SourceKind("medline", "MEDLINE text (.nbib)", "MEDLINE record", medline.sniff, _many(medline.read)),
        SourceKind("ris", "RIS (reference managers, .ris)", "RIS record", ris.sniff, _many(ris.read)),
        SourceKind("bibtex", "BibTeX or BibLaTeX (.bib)", "BibTeX record", bibtex.sniff, _many(bibtex.read)),
        SourceKind("pubmed-page", "a saved PubMed page (text)", "saved PubMed page", pubmed_page.sniff,
                   _one(pubmed_page.read)),
    )
}


def detect(head: bytes, name: str, input_format: str | None = None, whole: bool = False) -> tuple[str, Any] | None:
    """(kind, RDF format or None) of an input, from ``input_format``, its content, or its name.

    ``input_format`` is a kind name (``pubmed-xml``) or an RDF format name or media type;
    ``whole`` says that ``head`` is the whole input.
    """
    if input_format:
        if input_format in KINDS:
            return input_format, None
        return RDF, rdf_files.format_named(input_format)
    head = head.removeprefix(b"\xef\xbb\xbf")
    for kind in KINDS.values():
        if kind.sniff(head):
            return kind.name, None
    fmt = rdf_files.guess_format(name, head, whole)
    return (RDF, fmt) if fmt is not None else None


def describe_kinds() -> str:
    return ", ".join(kind.description for kind in KINDS.values()) + " or RDF (any format)"


__all__ = ["KINDS", "RDF", "SourceKind", "describe_kinds", "detect"]
