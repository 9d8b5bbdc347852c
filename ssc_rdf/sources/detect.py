"""Recognise the kind of an input by its content (the extension is only a hint)."""

from __future__ import annotations

from . import curated_yaml, medline, pubmed_page, pubmed_xml

KINDS = ("curated-yaml", "pubmed-xml", "medline", "pubmed-page")


def detect(head: bytes) -> str | None:
    """``curated-yaml``, ``pubmed-xml``, ``medline``, ``pubmed-page``, or None."""
    head = head.lstrip(b"\xef\xbb\xbf")
    if curated_yaml.sniff(head):
        return "curated-yaml"
    if pubmed_xml.sniff(head):
        return "pubmed-xml"
    if medline.sniff(head):
        return "medline"
    if pubmed_page.sniff(head):
        return "pubmed-page"
    return None
