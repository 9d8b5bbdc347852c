"""Syntax of the identifiers we publish (DOI, PMID, PMCID, ORCID) and of partial dates."""

from __future__ import annotations

import datetime
import re

from .model import PartialDate

# Crossref's recommended pattern for modern DOIs.
DOI_RE = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9<>\[\]+]+$")
PMID_RE = re.compile(r"^[1-9][0-9]{0,8}$")
PMCID_RE = re.compile(r"^PMC[0-9]+$")
ORCID_RE = re.compile(r"^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$")
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 11,2 check digit, as ORCID defines it."""
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))

def parse_partial_date(text: str) -> PartialDate:
    """``2022``, ``2022-01`` or ``2021-10-18`` into a checked PartialDate."""
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    month, day = (int(g) if g else None for g in match.groups()[1:])
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} is not between 01 and 12")
    if month is not None and day is not None:
        datetime.date(year, month, day)  # raises ValueError on 2021-02-30
    return PartialDate(year, month, day)

def split_pages(pages: str) -> tuple[str | None, str | None]:
    """``756–69`` -> (``756``, ``769``): expand the abbreviated end page PubMed prints."""
    parts = re.split(r"\s*[-–—]\s*", pages.strip(), maxsplit=1)
    start = parts[0] or None
    if len(parts) == 1:
        return start, None
    end = parts[1] or None
    if start and end and start.isdigit() and end.isdigit() and len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return start, end
