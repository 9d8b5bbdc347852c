"""Merge imported records into curated ones that describe the same publication.

Same DOI (case-insensitive) or same PMID means same publication. What the curator
wrote wins; what the import adds (ISSN, MeSH headings, a complete author list where
the curated one says "et al.") fills the gaps.
"""

from __future__ import annotations

from dataclasses import fields

from ..model import Publication, Review

_LISTS = ("publication_types", "mesh_headings", "keywords", "abstract_sections")


def same_publication(a: Publication, b: Publication) -> bool:
    return bool((a.doi and b.doi and a.doi.lower() == b.doi.lower()) or (a.pmid and b.pmid and a.pmid == b.pmid))


def merge_into(curated: Publication, imported: Publication) -> None:
    for f in fields(Publication):
        mine, theirs = getattr(curated, f.name), getattr(imported, f.name)
        if f.name in _LISTS:
            for item in theirs:
                if item not in mine:
                    mine.append(item)
        elif f.name == "authors":
            if not curated.authors_complete and imported.authors_complete and len(theirs) > len(mine):
                curated.authors, curated.authors_complete = list(theirs), True
        elif f.name == "journal" and mine is not None and theirs is not None:
            for attr in ("iso_abbreviation", "issn", "eissn", "nlm_id"):
                if getattr(mine, attr) is None:
                    setattr(mine, attr, getattr(theirs, attr))
        elif f.name in ("references", "authors_complete", "source_name", "record_number"):
            if f.name == "references" and not mine:
                curated.references = list(theirs)
        elif mine is None and theirs is not None:
            setattr(curated, f.name, theirs)


def merge_records(reviews: list[Review], records: list[Publication]) -> list[Publication]:
    """Merge records into matching reviews (and into each other); return the rest."""
    standalone: list[Publication] = []
    for record in records:
        target = next((r.publication for r in reviews if same_publication(r.publication, record)), None)
        target = target or next((p for p in standalone if same_publication(p, record)), None)
        if target is None:
            standalone.append(record)
        else:
            merge_into(target, record)
    return standalone
