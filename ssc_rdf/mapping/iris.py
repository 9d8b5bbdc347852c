"""Stable, readable IRIs for everything the mapping mints, under a configurable base.

An IRI depends only on what identifies the thing (a DOI, a PMID, a key), never on
the order of records or on the run, so that two conversions, or a curated file and
a PubMed import of the same article, name the same resource the same way.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from ..model import CellSource, Journal, Publication


def slug(text: str, max_words: int = 8) -> str:
    """``Bone Marrow Transplant`` -> ``bone-marrow-transplant`` (ASCII, lower case)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words]) or "untitled"


class Minter:
    """Mints IRIs under one base IRI (which must end with ``/`` or ``#``)."""

    def __init__(self, base: str) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+[/#]$", base):
            raise ValueError(f"base IRI must be an absolute http(s) IRI ending with / or #: {base!r}")
        self.base = base

    def publication(self, pub: Publication) -> str:
        if pub.doi:
            return f"{self.base}publication/doi/{quote(pub.doi.lower(), safe='/:;()._-')}"
        if pub.pmid:
            return f"{self.base}publication/pmid/{pub.pmid}"
        first = pub.authors[0].family or pub.authors[0].name if pub.authors else "anonymous"
        year = pub.published.year if pub.published else "nd"
        if not pub.authors and not pub.published:  # known only by the citation as printed
            return f"{self.base}publication/cited/{slug(pub.citation_text or pub.title, 10)}"
        return f"{self.base}publication/{slug(first, 3)}-{year}-{slug(pub.title or pub.citation_text or '', 4)}"

    def author(self, publication_iri: str, position: int) -> str:
        return f"{publication_iri}/author/{position}"

    def citation(self, publication_iri: str, position: int) -> str:
        return f"{publication_iri}/citation/{position}"

    def journal(self, journal: Journal) -> str:
        """One IRI per journal whatever ISSN a record gives: the ISSN-L names the journal in every
        medium, then NLM's journal ID, then the ISSN the record has."""
        issn = journal.issn_linking or (None if journal.nlm_id else journal.issn or journal.eissn)
        if issn:
            return f"{self.base}journal/issn/{quote(issn, safe='-')}"
        if journal.nlm_id:
            return f"{self.base}journal/nlm/{quote(journal.nlm_id, safe='')}"
        return f"{self.base}journal/{slug(journal.title, 12)}"

    def entity(self, key: str) -> str:
        return f"{self.base}entity/{quote(key, safe='-')}"

    def cell_source(self, source: CellSource) -> str:
        tail = f"{source.cell_type}--from--{source.tissue}" if source.tissue else source.cell_type
        return f"{self.base}cell-source/{tail}"

    def statement(self, document: str, subject: str, relation: str, obj: str) -> str:
        return f"{self.base}statement/{document}/{subject}--{relation}--{obj}"

    def graph(self, document: str) -> str:
        return f"{self.base}graph/{quote(document, safe='-')}"

    def source(self, document: str) -> str:
        return f"{self.base}source/{quote(document, safe='-')}"

    def dataset(self) -> str:
        return f"{self.base}dataset"

    def conversion(self, name: str) -> str:
        return f"{self.base}dataset/conversion/{quote(name, safe='-+')}"

    def provenance_graph(self, name: str) -> str:
        """The graph of one conversion's provenance (see ``Mapper.provenance``)."""
        return f"{self.base}graph/provenance/{quote(name, safe='-+')}"
