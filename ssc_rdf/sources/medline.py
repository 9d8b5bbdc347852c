"""Source: MEDLINE text (PubMed's "MEDLINE" export, ``.nbib``/``.txt``) -> ``Publication``.

Tagged lines (``PMID- ``, ``TI  - ``, ``FAU - ``...), continuation lines indented by
spaces, records separated by blank lines. Affiliations (``AD``) and ORCIDs (``AUID``)
belong to the author line before them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..identifiers import split_pages
from ..model import (
    Accession,
    Author,
    Chemical,
    Grant,
    HistoryDate,
    Journal,
    MeshHeading,
    MeshQualifier,
    PartialDate,
    Publication,
    RecordLink,
)
from .base import read_text
from .pubmed_common import (
    abstract_sections,
    abstract_text,
    bare_orcid,
    clean_identifiers,
    free_date,
    language,
    registry_number,
    squash,
)

# MEDLINE's comment and correction tags, as PubMed XML's CommentsCorrections RefType.
LINK_TAGS = {
    "CON": "CommentOn", "CIN": "CommentIn", "EIN": "ErratumIn", "EFR": "ErratumFor",
    "CRI": "CorrectedandRepublishedIn", "CRF": "CorrectedandRepublishedFrom",
    "PRIN": "PartialRetractionIn", "PROF": "PartialRetractionOf", "RPI": "RepublishedIn",
    "RPF": "RepublishedFrom", "RIN": "RetractionIn", "ROF": "RetractionOf", "UIN": "UpdateIn",
    "UOF": "UpdateOf", "SPIN": "SummaryForPatientsIn", "ORI": "OriginalReportIn",
    "ECI": "ExpressionOfConcernIn", "ECF": "ExpressionOfConcernFor", "RRI": "ReprintIn", "RRF": "ReprintOf",
}

_TAG = re.compile(r"^([A-Z][A-Z0-9]{1,3})\s*-(?: (.*)|)$")


def sniff(head: bytes) -> bool:
    return re.search(rb"(?m)^PMID- ?\d+", head) is not None


def read(source: Path | str | BinaryIO, name: str | None = None,
         errors: list[InputError] | None = None) -> Iterator[Publication]:
    name, text = read_text(source, name)
    for number, (line, fields) in enumerate(_records(io.StringIO(text), name), start=1):
        try:
            yield _publication(fields, name, number, line)
        except InputError as exc:
            if errors is None:
                raise
            errors.append(exc)


def _records(lines: io.StringIO, name: str) -> Iterator[tuple[int, list[tuple[str, str, int]]]]:
    """Each record as (first line, [(tag, value, line)]) with continuation lines joined."""
    fields: list[tuple[str, str, int]] = []
    start = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if fields:
                yield start, fields
                fields = []
            continue
        match = _TAG.match(line)
        if match and not line.startswith(" "):
            if not fields:
                start = number
            fields.append((match.group(1), (match.group(2) or "").strip(), number))
        elif line.startswith(" ") and fields:
            tag, value, at = fields[-1]
            fields[-1] = (tag, f"{value} {line.strip()}", at)
        else:
            raise InputError(f"not a MEDLINE tag line: {line[:40]!r}", path=name, line=number)
    if fields:
        yield start, fields


def _publication(fields: list[tuple[str, str, int]], name: str, number: int, line: int) -> Publication:
    first: dict[str, str] = {}
    for tag, value, _ in fields:
        first.setdefault(tag, value)
    record = first.get("PMID") or str(number)
    title = squash(first.get("TI")) or squash(first.get("TT")) or squash(first.get("BTI"))
    if not title:
        raise InputError("the record has no title", path=name, line=line, record=record, field="TI")
    pub = Publication(title=title, pmid=first.get("PMID"), source_name=name, record_number=number)
    if squash(first.get("TI")):
        pub.text_language = "en"  # PubMed's title (and abstract) are in English
    if abstract := squash(first.get("AB")):
        pub.abstract_sections = abstract_sections(abstract)
        pub.abstract = abstract_text(pub.abstract_sections)
    pub.language = language(first.get("LA"))
    pub.published = free_date(first.get("DP"))
    pub.epublished = _yyyymmdd(first.get("DEP"))
    pub.volume, pub.issue = first.get("VI"), first.get("IP")
    if first.get("PG"):
        pub.pages = first["PG"]
        pub.page_start, pub.page_end = split_pages(pub.pages)
    pub.vernacular_title = squash(first.get("TT")) or None  # TT: the title in its original language
    languages = [code for code in (language(v) for t, v, _ in fields if t == "LA") if code]
    if pub.vernacular_title:
        pub.vernacular_language = next((code for code in languages if code != "en"), None)
    other_texts = [squash(v) for t, v, _ in fields if t == "OAB"]
    other_languages = [language(v) for t, v, _ in fields if t == "OABL"]
    pub.other_abstracts = [(text, other_languages[i] if i < len(other_languages) else None)
                           for i, text in enumerate(other_texts) if text]
    issns: dict[str, str] = {}
    for tag, value, _ in fields:
        if tag == "IS":
            kind = re.search(r"\((\w+)\)", value)
            issns.setdefault(kind.group(1) if kind else "Print", value.split(" ")[0])
    if first.get("JT") or first.get("TA"):
        pub.journal = Journal(first.get("JT") or first["TA"], None, issns.get("Print"),
                              issns.get("Electronic"), first.get("JID"), issns.get("Linking"), first.get("TA"),
                              first.get("PL"))
    for tag, value, _ in fields:
        if tag in ("LID", "AID") and value.endswith("[doi]") and not pub.doi:
            pub.doi = value.removesuffix("[doi]").strip()
        elif tag == "LID" and value.endswith("[pii]") and not pub.pii:
            pub.pii = value.removesuffix("[pii]").strip()
        elif tag == "GR":
            pub.grants.append(_grant(value))
        elif tag == "SI":
            registry, slash, accession = value.partition("/")
            pub.accessions.append(Accession(registry, accession) if slash else Accession(None, value))
        elif tag == "RN":
            match = re.fullmatch(r"(\S+)\s+\((.+)\)", value)
            registry, substance = (match.group(1), match.group(2)) if match else (value, value)
            pub.chemicals.append(Chemical(substance, None, registry_number(registry)))
        elif tag == "PHST" and (history := _history(value)):
            pub.history.append(history)
        elif tag in LINK_TAGS:
            pub.links.append(_link(LINK_TAGS[tag], value))
        elif tag == "PMC":
            pub.pmcid = value
        elif tag == "PT":
            pub.publication_types.append(value)
        elif tag == "OT":
            pub.keywords.append(value)
        elif tag == "MH":
            pub.mesh_headings.append(_mesh(value))
    pub.authors = _authors(fields)
    return clean_identifiers(pub)


def _authors(fields: list[tuple[str, str, int]]) -> list[Author]:
    """FAU (full) or AU (short) lines start an author; AD and AUID lines attach to it."""
    authors: list[Author] = []
    last_tag = None
    for tag, value, _ in fields:
        if tag == "FAU" or (tag == "AU" and last_tag not in ("FAU",)):
            family, _, given_text = value.partition(",")
            if tag == "AU":
                match = re.match(r"^(.+?)\s+([A-Z]{1,4})$", value)
                family, given_text = (match.group(1), "") if match else (value, "")
            given = given_text.strip() or None
            authors.append(Author(name=f"{given} {family.strip()}" if given else family.strip(),
                                  family=family.strip(), given=given))
        elif tag == "AU" and authors:
            match = re.match(r"^.+?\s+([A-Z]{1,4})$", value)
            authors[-1].initials = match.group(1) if match else None
        elif tag == "CN":
            authors.append(Author(name=value, collective=True))
        elif tag == "AD" and authors:
            authors[-1].affiliations.append(value)
        elif tag == "AUID" and authors and "ORCID" in value.upper():
            authors[-1].orcid = bare_orcid(value)
        if tag in ("FAU", "AU", "CN", "AD", "AUID"):
            last_tag = tag if tag in ("FAU", "AU", "CN") else last_tag
    return authors


def _grant(value: str) -> Grant:
    """``ID/ACRONYM/Agency/Country``: the grant ID may itself hold slashes, so read from the right."""
    parts = value.split("/")
    if len(parts) < 4:
        return Grant(value or None)
    return Grant("/".join(parts[:-3]) or None, parts[-3] or None, parts[-2] or None, parts[-1] or None)


def _history(value: str) -> HistoryDate | None:
    """``2019/01/04 00:00 [received]`` or ``2016 [ecollection]``; the time is not kept (PubMed XML
    often leaves it out)."""
    match = re.fullmatch(r"(\d{4})(?:/(\d{2})(?:/(\d{2}))?)?(?:\s+\d{2}:\d{2})?\s*\[(\w[\w-]*)\]", value)
    if not match:
        return None
    year, month, day, status = match.groups()
    return HistoryDate(status, PartialDate(int(year), int(month) if month else None,
                                           int(day) if month and day else None))


def _link(kind: str, value: str) -> RecordLink:
    """``Lancet Respir Med. 2021 Feb;9(2):119-120. PMID: 32687802``: the source, then the PMID."""
    match = re.fullmatch(r"(.*?)\.?\s*PMID:\s*(\d+)\s*", value)
    if match:
        return RecordLink(kind, match.group(1).strip() or None, match.group(2))
    return RecordLink(kind, value.rstrip(". ") or None)


def _mesh(value: str) -> MeshHeading:
    """``*Software/methods`` or ``Neoplasms/*drug therapy``: ``*`` marks a major topic."""
    descriptor, *qualifiers = value.split("/")
    return MeshHeading(None, descriptor.lstrip("*").strip(), descriptor.startswith("*"),
                       [MeshQualifier(None, q.lstrip("*").strip(), q.startswith("*")) for q in qualifiers])


def _yyyymmdd(value: str | None) -> PartialDate | None:
    if value and re.fullmatch(r"\d{8}", value):
        return PartialDate(int(value[:4]), int(value[4:6]), int(value[6:]))
    return None
