"""Source: RIS (Zotero, EndNote, Mendeley, JabRef, PubMed, Embase exports) -> ``Publication``.

``rispy`` reads the tags; this module maps them. Exporters disagree on which tag holds
what (the journal in ``JF``, ``JO`` or ``T2``; authors in ``AU`` or ``A1``; the abstract in
``AB`` or ``N2``; the PMID in ``AN`` or ``U1 - 123[pmid]``), so each field is looked for in
the tags real exports use, in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..identifiers import split_pages
from ..model import Author, Journal, PartialDate, Publication
from .base import read_text
from .exports import issns, tagged_ids
from .pubmed_common import clean_identifiers, language, month_number, squash

_PUBMED = re.compile(r"pubmed|medline|\bnlm\b", re.IGNORECASE)
_PUBMED_URL = re.compile(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)")
_INITIALS = re.compile(r"(.+?)\s+((?:[A-Z]\.?-?){1,4})")  # Embase: "Adler D.G."
_ONLY_INITIALS = re.compile(r"(?:[A-Z]\.?[\s-]*){1,4}")
Fields = dict[str, list[str]]


def sniff(head: bytes) -> bool:
    """A RIS file starts with its first record's type line, ``TY  - ``."""
    return re.match(rb"\s*TY  -", head) is not None


@cache
def _tags() -> list[str]:
    """rispy's tags, and those it does not know that exports use: VO (a volume tag some write
    instead of VL) and the user fields U1-U5 (PubMed's export puts "123[pmid]" there).

    rispy is imported here, not with the module: every command imports the sources registry.
    """
    import rispy

    return [*rispy.TAG_KEY_MAPPING, "VO", "U1", "U2", "U3", "U4", "U5"]


@cache
def _types() -> dict[str, str]:
    """Names of the RIS types; rispy calls JOUR "Journal", which reads as the journal itself."""
    import rispy

    return {**rispy.TYPE_OF_REFERENCE_MAPPING, "JOUR": "Journal Article"}


def read(source: Path | str | BinaryIO, name: str | None = None,
         errors: list[InputError] | None = None) -> Iterator[Publication]:
    """Records of a RIS file. A bad record raises, or is appended to ``errors``."""
    name, text = read_text(source, name)
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines, start=1) if line.startswith("TY  -")]
    # Every tag read as a list under its own name: values keep the tag that names them in errors.
    import rispy

    records = rispy.loads("\n".join(lines), mapping={tag: tag for tag in _tags()}, list_tags=_tags(),
                          delimiter_tags_mapping={})
    position = 0  # in ``starts``: a record missing its end line swallows the next one
    for record in records:
        number, line = position + 1, starts[position]
        position += len(record["TY"]) if isinstance(record["TY"], list) else 1
        try:
            yield _publication(record, name, number, line)
        except InputError as exc:
            if errors is None:
                raise
            errors.append(exc)
    for number, line in enumerate(starts[position:], start=position + 1):
        problem = InputError("the record has no end line (ER)", path=name, line=line, record=str(number),
                             field="ER")
        if errors is None:
            raise problem
        errors.append(problem)


def _publication(record: dict[str, Any], name: str, number: int, line: int) -> Publication:
    fields: Fields = {tag: [squash(v) for v in values] for tag, values in record.items() if isinstance(values, list)}
    record_id = _first(fields, "AN", "ID", "DO") or str(number)
    if isinstance(record.get("TY"), list):
        raise InputError("a new record (TY) starts before this one ends (ER)", path=name, line=line,
                         record=record_id, field="ER")
    title = _first(fields, "TI", "T1", "ST")
    if not title:
        raise InputError("the record has no title", path=name, line=line, record=record_id, field="TI")
    pub = Publication(title=title, source_name=name, record_number=number)
    pub.authors = [_author(value) for tag in ("AU", "A1") for value in fields.get(tag, []) if value]
    pub.journal = _journal(fields)
    pub.volume, pub.issue = _first(fields, "VL", "VO"), _first(fields, "IS")
    _pages(pub, _first(fields, "SP"), _first(fields, "EP"))
    pub.published = _published(fields)
    epub = _first(fields, "ET")  # the edition by the standard; PubMed and EndNote put the e-pub date there
    if epub and re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}", epub):
        pub.epublished = _slash_date(epub)
    pub.doi = _first(fields, "DO")
    pub.pmid, pub.pmcid = _pubmed_ids(fields)
    pub.abstract = squash(" ".join(fields.get("AB") or fields.get("N2") or [])) or None
    pub.keywords = [k for k in fields.get("KW", []) if k]
    pub.language = language(_first(fields, "LA"))
    kind = str(record.get("TY", "")).strip()
    pub.publication_types = [t for t in (_types().get(kind, kind), _first(fields, "M3")) if t]
    return clean_identifiers(pub)


def _first(fields: Fields, *tags: str) -> str | None:
    return next((v for tag in tags for v in fields.get(tag, []) if v), None)


def _author(value: str) -> Author:
    """``Family, Given`` as RIS asks; ``Family I.`` as Embase writes; anything else as a name only."""
    family, comma, given = value.partition(",")
    if not comma:
        match = _INITIALS.fullmatch(value)
        if not match:
            return Author(name=value)
        family, given = match.groups()
    family, given = family.strip(), given.strip()
    initials = re.sub(r"[.\s-]", "", given) if _ONLY_INITIALS.fullmatch(given) else None
    return Author(name=f"{given} {family}" if given else family, family=family, given=given or None,
                  initials=initials)


def _journal(fields: Fields) -> Journal | None:
    title = _first(fields, "JF", "T2", "JO", "JA", "J2")
    if not title:
        return None
    abbreviation = next((v for v in (_first(fields, "J2"), _first(fields, "JA")) if v and v != title), None)
    issn, eissn = issns(fields.get("SN", []))
    return Journal(title, abbreviation, issn, eissn)


def _pages(pub: Publication, start: str | None, end: str | None) -> None:
    """``SP`` and ``EP``, or a whole range in ``SP`` (EndNote: ``349-69``)."""
    if start and end:
        pub.pages, pub.page_start, pub.page_end = f"{start}-{end}", start, end
    elif start:
        pub.pages = start
        pub.page_start, pub.page_end = split_pages(start)


def _published(fields: Fields) -> PartialDate | None:
    """The most precise of ``DA``, ``PY`` and ``Y1`` that agrees on the year.

    RIS dates are ``YYYY/MM/DD/other`` with parts left empty; EndNote writes the year in
    ``PY`` and only the month and day in ``DA`` (``Mar 1``).
    """
    dates = [d for tag in ("DA", "PY", "Y1") for d in map(_slash_date, fields.get(tag, [])) if d]
    if not dates:
        return None
    year = dates[0].year
    for value in fields.get("DA", []):
        match = re.fullmatch(r"([A-Za-z]+)\.?(?:\s+(\d{1,2}))?", value)
        month = month_number(match.group(1)) if match else None
        if match and month:
            dates.append(PartialDate(year, month, int(match.group(2)) if match.group(2) else None))
    same_year = [d for d in dates if d.year == year]
    return max(same_year, key=lambda d: (d.month is not None) + (d.day is not None))


def _slash_date(value: str) -> PartialDate | None:
    match = re.match(r"(\d{4})(?:/(\d{1,2})?(?:/(\d{1,2})?)?)?", value)
    if not match:
        return None
    month = int(match.group(2)) if match.group(2) and 1 <= int(match.group(2)) <= 12 else None
    day = int(match.group(3)) if month and match.group(3) else None
    return PartialDate(int(match.group(1)), month, day)


def _pubmed_ids(fields: Fields) -> tuple[str | None, str | None]:
    """PMID and PMCID wherever exports put them.

    ``AN`` is the accession number in the database the record came from: a PMID only when
    that database (``DB``/``DP``) is PubMed. PubMed tags ``U1``/``U2`` values with ``[pmid]``
    and ``[pmcid]``; EndNote puts the PMCID in ``C2``.
    """
    free = [v for tag in ("U1", "U2", "U3", "U4", "U5", "C1", "C2", "N1", "M1") for v in fields.get(tag, [])]
    pmid, pmcid = tagged_ids(free)
    source = " ".join(fields.get("DB", []) + fields.get("DP", []))
    accession = _first(fields, "AN")
    if not pmid and accession and accession.isdigit() and _PUBMED.search(source):
        pmid = accession
    if not pmid:
        pmid = next((m.group(1) for v in fields.get("UR", []) if (m := _PUBMED_URL.search(v))), None)
    if not pmcid:
        pmcid = next((v for v in fields.get("C2", []) if re.fullmatch(r"PMC\d+", v)), None)
    return pmid, pmcid
