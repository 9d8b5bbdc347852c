"""Source: the plain text of a PubMed web page (saved with a browser) -> ``Publication``.

The page is read by its landmarks: the citation line (``. 2022 Jan;57(1):17-22.``),
the ``doi:``/``Epub`` line, the title, the authors-and-journal line
(``Mélanie Velier et al. Bone Marrow Transplant. 2022 Jan.``), then the sections
``Abstract``, ``References``, ``MeSH terms`` and so on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..identifiers import split_pages
from ..model import Author, Journal, MeshHeading, Publication
from .base import read_text
from .pubmed_common import free_date, squash

SECTIONS = ("Abstract", "References", "MeSH terms", "Publication types", "Substances", "Grants and funding",
            "LinkOut - more resources", "Keywords", "Comment in", "Similar articles", "Cited by",
            "Conflict of interest statement",
            "Figures", "Related information", "PubMed Disclaimer")
_CITATION = re.compile(r"^(?P<journal>[^.;]*)\.\s*(?P<date>\d{4}[^;.]*)"
                       r"(?:;(?P<volume>[^(:.]+)?(?:\((?P<issue>[^)]+)\))?"
                       r"(?::(?P<pages>[^.]+))?)?\.\s*$")
_AUTHORS_JOURNAL = re.compile(r"^(?P<authors>.+?)(?P<etal> et al)?\.\s+(?P<journal>[^.]+(?:\.[^.\d]+)*?)\.\s+"
                              r"(?P<date>\d{4}[^.]*)\.?$")
_REFERENCE_TAIL = re.compile(r"\.\s+(?P<journal>[^.]+?)\.\s+(?P<year>\d{4})(?:;(?P<volume>[^(:]+)?"
                             r"(?:\((?P<issue>[^)]+)\))?)?(?::(?P<pages>[^.]+))?\.\s*$")


def sniff(head: bytes) -> bool:
    text = head.decode("utf-8", "replace")
    return "PubMed" in text and ("Abstract" in text or "doi:" in text) and "\nPMID- " not in text


def read(source: Path | str | BinaryIO, name: str | None = None) -> Publication:
    name, text = read_text(source, name)
    return _Page([line.replace("\xa0", " ").rstrip() for line in text.splitlines()], name).publication()


class _Page:
    def __init__(self, lines: list[str], name: str) -> None:
        self.lines = lines
        self.name = name

    def fail(self, message: str, field: str, line: int | None = None) -> InputError:
        return InputError(message, path=self.name, line=line, field=field)

    def find(self, pattern: str, start: int = 0) -> int | None:
        regex = re.compile(pattern)
        return next((i for i in range(start, len(self.lines)) if regex.search(self.lines[i])), None)

    def section(self, title: str) -> list[str]:
        """The non-empty lines between a section heading and the next heading."""
        start = next((i for i, line in enumerate(self.lines) if line.strip() == title), None)
        if start is None:
            return []
        out = []
        for line in self.lines[start + 1:]:
            if line.strip() in SECTIONS:
                break
            if line.strip():
                out.append(line.strip())
        return out

    def publication(self) -> Publication:
        cite_at = self.find(r"^\S*\.\s+\d{4}[^;]*;")
        if cite_at is None:
            raise self.fail("no citation line ('Journal. 2022 Jan;57(1):17-22.') found", "citation")
        citation = _CITATION.match(self.lines[cite_at].strip())
        if not citation:
            raise self.fail("cannot read the citation line", "citation", cite_at + 1)
        doi_at = self.find(r"^doi:\s*\S+", cite_at)
        title_at = next((i for i in range((doi_at or cite_at) + 1, len(self.lines)) if self.lines[i].strip()), None)
        if title_at is None:
            raise self.fail("no title after the citation line", "title")
        title = squash(self.lines[title_at])
        pub = Publication(title=title, source_name=self.name, record_number=1)
        pub.published = free_date(citation.group("date"))
        pub.volume = squash(citation.group("volume")) or None
        pub.issue = squash(citation.group("issue")) or None
        if citation.group("pages"):
            pub.pages = citation.group("pages").strip()
            pub.page_start, pub.page_end = split_pages(pub.pages)
        if doi_at is not None:
            line = self.lines[doi_at]
            doi = re.search(r"doi:\s*(\S+?)\.?(\s|$)", line)
            pub.doi = doi.group(1) if doi else None
            epub = re.search(r"Epub\s+(\d{4}[^.]*)\.", line)
            pub.epublished = free_date(epub.group(1)) if epub else None
        self._authors_and_journal(pub, citation.group("journal"), title_at)
        types_before = {squash(x) for x in self.lines[:title_at] if squash(x) in ("Review", "Systematic Review",
                                                                                    "Meta-Analysis", "Clinical Trial")}
        pub.publication_types = sorted(types_before | set(self.section("Publication types")))
        abstract = self.section("Abstract")
        pub.abstract = squash(" ".join(abstract)) or None
        keywords = self.section("Keywords")
        pub.keywords = [k.strip() for k in ";".join(keywords).split(";") if k.strip()]
        pub.mesh_headings = [MeshHeading(None, h.lstrip("*").split("/")[0].strip(), h.startswith("*"))
                             for h in self.section("MeSH terms")]
        pub.references = [self._reference(line, i) for i, line in enumerate(self.section("References"), start=1)]
        pmid = self.find(r"^PMID:\s*\d+")
        if pmid is not None:
            pub.pmid = "".join(ch for ch in self.lines[pmid] if ch.isdigit())
        return pub

    def _authors_and_journal(self, pub: Publication, short_journal: str, title_at: int) -> None:
        for i in range(title_at + 1, len(self.lines)):
            match = _AUTHORS_JOURNAL.match(self.lines[i].strip())
            if match and squash(self.lines[i]) != pub.title:
                names = [n.strip() for n in match.group("authors").split(",") if n.strip()]
                pub.authors = [_person(n) for n in names]
                pub.authors_complete = match.group("etal") is None
                pub.journal = Journal(match.group("journal").strip())
                return
        if short_journal.strip():
            pub.journal = Journal(short_journal.strip())

    def _reference(self, line: str, number: int) -> Publication:
        text = re.sub(r"^\d+\.\s*", "", line)
        text = re.sub(r"(\s+-\s+(DOI|PubMed|PMC|Google Scholar|Free article|Free PMC article))+\s*$", "", text)
        tail = _REFERENCE_TAIL.search(text)
        head_end = text.find(". ")
        if tail is None or head_end < 0:
            return Publication(title=text, citation_text=text)
        authors_text = text[:head_end]
        title = text[head_end + 2: tail.start()].strip()
        names = [n.strip() for n in authors_text.split(",") if n.strip()]
        et_al = bool(names) and names[-1] == "et al"
        ref = Publication(
            title=title or text, citation_text=text,
            authors=[_vancouver(n) for n in names if n != "et al"], authors_complete=not et_al,
            journal=Journal(tail.group("journal").strip()),
            published=free_date(tail.group("year")),
            volume=squash(tail.group("volume")) or None, issue=squash(tail.group("issue")) or None,
        )
        if tail.group("pages"):
            ref.pages = tail.group("pages").strip()
            ref.page_start, ref.page_end = split_pages(ref.pages)
        return ref


def _person(name: str) -> Author:
    """``Mélanie Velier`` as the page prints it: given names first."""
    given, _, family = name.rpartition(" ")
    return Author(name=name, family=family or name, given=given or None)


def _vancouver(name: str) -> Author:
    """``Del Papa N``: family name, then initials."""
    match = re.match(r"^(.+?)\s+([A-Z]{1,4})$", name)
    if match:
        return Author(name=name, family=match.group(1), initials=match.group(2))
    return Author(name=name)
