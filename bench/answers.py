"""The competency questions and their answers, as `ssc-rdf query --format csv` writes them.

The questions are read from ``queries/*.rq`` directly, so that the benchmarks depend on no
SPARQL module of ssc_rdf: pyoxigraph gets the project's prefixes as ``prefixes=``
(``PREFIXES``), rdflib gets them declared in the text (``with_prefixes``).
"""

from __future__ import annotations

import csv
import io

from ssc_rdf.rdf.prefixes import prefix_map
from ssc_rdf.resources import data_dir

PREFIXES = prefix_map()


def named_queries() -> dict[str, str]:
    """The text of each shipped question, by file stem."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(data_dir("queries").glob("*.rq"))}


def with_prefixes(text: str) -> str:
    """``text`` with the project's prefixes declared in it (for rdflib, which takes no prefix map)."""
    return "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items()) + text


def csv_rows(data: bytes) -> int:
    """Rows of a SPARQL CSV result (quoted values may span lines), header excluded."""
    return sum(1 for _ in csv.reader(io.StringIO(data.decode()))) - 1
