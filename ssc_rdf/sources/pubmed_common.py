"""Small helpers shared by the bibliographic sources: dates, languages, whitespace, identifiers."""

from __future__ import annotations

import re

from ..identifiers import DOI_RE, PMCID_RE, PMID_RE
from ..model import AbstractSection, PartialDate, Publication

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}

# PubMed's three-letter language codes to ISO 639-1 where one exists.
LANGUAGES = {"eng": "en", "fre": "fr", "ger": "de", "spa": "es", "ita": "it", "jpn": "ja", "chi": "zh",
             "rus": "ru", "por": "pt", "dut": "nl", "pol": "pl", "swe": "sv", "dan": "da", "nor": "no",
             "fin": "fi", "tur": "tr", "kor": "ko", "heb": "he", "gre": "el", "hun": "hu", "cze": "cs"}
# The same languages by English name, as reference managers write them ("English", "french").
LANGUAGE_NAMES = {"english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
                  "japanese": "ja", "chinese": "zh", "russian": "ru", "portuguese": "pt", "dutch": "nl",
                  "polish": "pl", "swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi",
                  "turkish": "tr", "korean": "ko", "hebrew": "he", "greek": "el", "hungarian": "hu", "czech": "cs"}
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


# A section label of a structured abstract as MEDLINE writes it inline: "BACKGROUND: ...".
_SECTION = re.compile(r"(?:^|(?<=\s))([A-Z][A-Z0-9]*(?:[ ,/&-]+[A-Z0-9]+)*): ")


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


def month_number(text: str | None) -> int | None:
    """``Jan``, ``January`` or ``01`` -> 1; seasons and anything else -> None (never guessed)."""
    if not text:
        return None
    text = text.strip().lower()
    if text.isdigit():
        value = int(text)
        return value if 1 <= value <= 12 else None
    return MONTHS.get(text[:3])


def free_date(text: str | None) -> PartialDate | None:
    """``2022 Jan``, ``2021 Oct 18``, ``2019 May/Jun``, ``1998 Dec-1999 Jan``, ``2000 Spring``."""
    match = re.match(r"^\s*(\d{4})(?:[ -]([A-Za-z]+|\d{1,2}))?(?:[ -](\d{1,2})\b)?", text or "")
    if not match:
        return None
    year = int(match.group(1))
    month = month_number(match.group(2))
    day = int(match.group(3)) if month and match.group(3) else None
    return PartialDate(year, month, day)


def language(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().lower()
    return LANGUAGES.get(code) or LANGUAGE_NAMES.get(code, code)


def bare_orcid(value: str | None) -> str | None:
    """ORCID iDs come as bare ids or URLs; keep the bare form."""
    if not value:
        return None
    match = re.search(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", value.replace(" ", ""))
    if match:
        return match.group(1)
    digits = re.sub(r"[^\dX]", "", value)
    if len(digits) == 16:
        return "-".join(digits[i:i + 4] for i in range(0, 16, 4))
    return None


def clean_identifiers(pub: Publication) -> Publication:
    """Drop identifiers that are not identifiers (PubMed reference lists hold PMIDs of "0")."""
    if pub.doi:
        pub.doi = _DOI_PREFIX.sub("", pub.doi.strip()).strip()
    if pub.doi and not DOI_RE.match(pub.doi):
        pub.doi = None
    if pub.pmid and not PMID_RE.match(pub.pmid):
        pub.pmid = None
    if pub.pmcid and not PMCID_RE.match(pub.pmcid):
        pub.pmcid = None
    return pub


def abstract_text(sections: list[AbstractSection]) -> str:
    """The whole abstract as PubMed shows it (and MEDLINE writes it): ``LABEL: text LABEL: text``."""
    return " ".join(f"{s.label}: {s.text}" if s.label else s.text for s in sections)


def abstract_sections(text: str) -> list[AbstractSection]:
    """A MEDLINE abstract's sections, found by their labels; one unlabelled section if it has none.

    Only an abstract that starts with a label is structured: an upper-case word followed
    by a colon in the middle of ordinary prose is left alone.
    """
    starts = [m for m in _SECTION.finditer(text) if len(m.group(1)) >= 3]
    if not starts or starts[0].start() != 0:
        return [AbstractSection(text)]
    sections = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        sections.append(AbstractSection(text[match.end():end].strip(), match.group(1)))
    return sections


def registry_number(value: str | None) -> str | None:
    """A chemical's CAS or UNII number; PubMed writes ``0`` when there is none."""
    value = squash(value)
    return value if value and value != "0" else None
