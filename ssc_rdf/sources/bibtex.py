"""Source: BibTeX and BibLaTeX (JabRef, Zotero/Better BibTeX, Mendeley exports) -> ``Publication``.

``bibtexparser`` (v2) splits the entries and the author names; LaTeX in text fields
(``{{RNA}}``, ``\\'e``) is decoded with ``pylatexenc``, which bibtexparser uses too.
PubMed identifiers are in non-standard fields (``pmid``, ``pmcid``/``pmc``), in BibLaTeX's
``eprint`` with ``eprinttype = {pubmed}``, or tagged in a comment (``123[pmid]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import InputError
from ..identifiers import split_pages
from ..model import Author, Journal, PartialDate, Publication
from .base import read_text
from .exports import issns, tagged_ids
from .pubmed_common import clean_identifiers, language, month_number, squash

if TYPE_CHECKING:
    from bibtexparser.model import Entry

# The entry types of BibTeX and BibLaTeX: what tells a BibTeX file from other text with "@".
ENTRY_TYPES = ("article", "book", "booklet", "inbook", "incollection", "inproceedings", "conference", "manual",
               "mastersthesis", "phdthesis", "thesis", "misc", "online", "proceedings", "report", "techreport",
               "unpublished", "collection", "periodical", "patent", "dataset", "software")
_ENTRY = re.compile(rb"(?mi)^\s*@(" + "|".join(ENTRY_TYPES).encode() + rb")\s*\{\s*[^\s,{}]*\s*,")
_TYPES = {"article": "Journal Article", "inproceedings": "Conference Paper", "conference": "Conference Paper",
          "incollection": "Book Chapter", "inbook": "Book Chapter", "phdthesis": "Thesis", "mastersthesis": "Thesis",
          "techreport": "Report"}


@cache
def _latex() -> Any:
    """pylatexenc's LaTeX-to-text converter, made once, when BibTeX is first read (every command
    imports the sources registry; only BibTeX input needs the parsers)."""
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text()


def _decoded(value: str) -> str:
    return squash(str(_latex().latex_to_text(value)))


def sniff(head: bytes) -> bool:
    """An entry such as ``@article{key,`` at the start of a line (the key may be empty)."""
    return _ENTRY.search(head) is not None


def read(source: Path | str | BinaryIO, name: str | None = None,
         errors: list[InputError] | None = None) -> Iterator[Publication]:
    """Records of a BibTeX file. A bad entry raises, or is appended to ``errors``."""
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
    from bibtexparser.model import DuplicateBlockKeyBlock, Entry

    name, text = read_text(source, name)
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    entries: list[tuple[int, Entry]] = [(e.start_line or 0, e) for e in library.entries]
    for block in library.failed_blocks:
        # Exports often leave every key empty (JabRef writes "@Article{,"): keys do not matter here.
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, Entry):
            entries.append((block.start_line or 0, block.ignore_error_block))
            continue
        problem = InputError(f"cannot read the entry: {block.error}", path=name, line=(block.start_line or 0) + 1)
        if errors is None:
            raise problem
        errors.append(problem)
    for number, (start, entry) in enumerate(sorted(entries, key=lambda item: item[0]), start=1):
        try:
            yield _publication(entry, name, number, start + 1)
        except InputError as exc:
            if errors is None:
                raise
            errors.append(exc)


def _text(entry: Entry, *keys: str) -> str | None:
    """The first of the fields present, LaTeX decoded, whitespace squashed."""
    for key in keys:
        field = entry.fields_dict.get(key)
        if field is not None and isinstance(field.value, str) and field.value.strip():
            return _decoded(field.value) or None
    return None


def _raw(entry: Entry, key: str) -> str | None:
    """A field as written, braces dropped (identifiers: LaTeX decoding could mangle ``_``)."""
    field = entry.fields_dict.get(key)
    if field is None or not isinstance(field.value, str):
        return None
    return squash(field.value.replace("{", "").replace("}", "")) or None


def _publication(entry: Entry, name: str, number: int, line: int) -> Publication:
    record = entry.key or _raw(entry, "doi") or str(number)
    title = _text(entry, "title")
    if not title:
        raise InputError("the entry has no title", path=name, line=line, record=record, field="title")
    pub = Publication(title=title, source_name=name, record_number=number)
    pub.authors = _authors(entry, name, line, record)
    journal = _text(entry, "journal", "journaltitle")
    if journal:
        issn, eissn = issns(v for v in (_raw(entry, "issn"),) if v)
        pub.journal = Journal(journal, _text(entry, "journal-abbreviation", "shortjournal"), issn, eissn,
                              _raw(entry, "nlm-id"))
    pub.doi = _raw(entry, "doi")
    pub.pmid, pub.pmcid = _pubmed_ids(entry)
    pub.volume = _text(entry, "volume")
    number_field = _raw(entry, "number")
    # JabRef's RIS-to-BibTeX conversion puts the PMID in "number": it is not the issue then.
    pub.issue = _raw(entry, "issue") or (number_field if number_field != pub.pmid else None)
    pages = _raw(entry, "pages")
    if pages:
        pub.pages = pages.replace("--", "-")
        pub.page_start, pub.page_end = split_pages(pub.pages)
    pub.published = _date(entry, name, line, record)
    pub.abstract = _text(entry, "abstract")
    keywords = _text(entry, "keywords") or ""
    pub.keywords = [k.strip() for k in keywords.split(";" if ";" in keywords else ",") if k.strip()]
    pub.language = language(_text(entry, "langid", "language"))
    pub.publication_types = [_TYPES.get(entry.entry_type.lower(), entry.entry_type.lower())]
    return clean_identifiers(pub)


def _authors(entry: Entry, name: str, line: int, record: str) -> list[Author]:
    field = entry.fields_dict.get("author")
    if field is None:
        return []
    if not isinstance(field.value, list):  # the name splitter failed on this field
        raise InputError("cannot split the author names", path=name, line=line, record=record, field="author")
    authors = []
    for parts in field.value:
        family = _decoded(" ".join(parts.von + parts.last + parts.jr))
        given = _decoded(" ".join(parts.first)) or None
        if not parts.first and not parts.von and len(parts.last) == 1 and parts.last[0].startswith("{"):
            authors.append(Author(name=family, collective=True))  # {Some Consortium}: braced, one name
        else:
            authors.append(Author(name=f"{given} {family}" if given else family, family=family, given=given))
    return authors


def _date(entry: Entry, name: str, line: int, record: str) -> PartialDate | None:
    """BibLaTeX ``date`` (``2003``, ``2018-03``, ``2018-03-12``), else ``year`` and ``month``."""
    date = _raw(entry, "date")
    if date:
        match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date)
        if not match:
            raise InputError(f"not a date: {date!r}", path=name, line=line, record=record, field="date")
        month = int(match.group(2)) if match.group(2) else None
        return PartialDate(int(match.group(1)), month, int(match.group(3)) if month and match.group(3) else None)
    year = _raw(entry, "year")
    if not year:
        return None
    if not re.fullmatch(r"\d{4}", year):
        raise InputError(f"not a year: {year!r}", path=name, line=line, record=record, field="year")
    return PartialDate(int(year), month_number(_raw(entry, "month")))


def _pubmed_ids(entry: Entry) -> tuple[str | None, str | None]:
    pmid = _raw(entry, "pmid")
    pmcid = _raw(entry, "pmcid") or _raw(entry, "pmc")
    eprint_type = (_raw(entry, "eprinttype") or "").lower()
    if eprint_type == "pubmed":
        pmid = pmid or _raw(entry, "eprint")
    elif eprint_type == "pmc":
        pmcid = pmcid or _raw(entry, "eprint")
    tagged_pmid, tagged_pmcid = tagged_ids(v for v in (_raw(entry, "comment"), _raw(entry, "note")) if v)
    return pmid or tagged_pmid, pmcid or tagged_pmcid
