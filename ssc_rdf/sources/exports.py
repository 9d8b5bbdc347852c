"""Helpers shared by the reference-manager sources (RIS, BibTeX): what their fields hold
beyond what the parsers give (ISSN lists, PubMed identifiers tagged in free-text fields).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ISSN = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b(\s*\((?:electronic|online)\))?", re.IGNORECASE)
_PMID = re.compile(r"\b(\d{1,9})\s*\[pmid\]", re.IGNORECASE)
_PMCID = re.compile(r"\b(PMC\d+)\s*\[pmcid\]", re.IGNORECASE)


def issns(values: Iterable[str]) -> tuple[str | None, str | None]:
    """(ISSN, electronic ISSN) from fields that may hold several (``1536-5964 0025-7974``).

    Exports rarely say which is which: only one marked ``(electronic)`` is taken as the
    electronic ISSN; otherwise the first is the journal's ISSN and the others are not guessed at.
    """
    issn = eissn = None
    for value in values:
        for match in _ISSN.finditer(value):
            found = f"{match.group(1)}-{match.group(2).upper()}"
            if match.group(3):
                eissn = eissn or found
            elif issn is None:
                issn = found
    return issn, eissn


def tagged_ids(values: Iterable[str]) -> tuple[str | None, str | None]:
    """(PMID, PMCID) written as ``26957754[pmid]`` and ``PMC4756000[pmcid]`` (PubMed's RIS export)."""
    pmid = pmcid = None
    for value in values:
        pmid = pmid or next((m.group(1) for m in _PMID.finditer(value)), None)
        pmcid = pmcid or next((m.group(1) for m in _PMCID.finditer(value)), None)
    return pmid, pmcid
