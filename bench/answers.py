"""Counting SPARQL answers the way `ssc-rdf query --format csv` writes them."""

from __future__ import annotations

import csv
import io


def csv_rows(data: bytes) -> int:
    """Rows of a SPARQL CSV result (quoted values may span lines), header excluded."""
    return sum(1 for _ in csv.reader(io.StringIO(data.decode()))) - 1
