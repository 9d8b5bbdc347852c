"""Validation results as rows, shared by both validators (pyshacl's and the fast one), without rdflib.

The rows name terms the way people read them (prefixed names, ``(path)`` for blank nodes),
so the two validators can be compared row for row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..rdf.prefixes import prefix_map

if TYPE_CHECKING:
    from rdflib import Graph

SH = "http://www.w3.org/ns/shacl#"
SHAPES_NS = "https://w3id.org/ssc-rdf/shapes#"
SEVERITY_NAMES = {f"{SH}Violation": "Violation", f"{SH}Warning": "Warning", f"{SH}Info": "Info"}
BLANK = "(path)"  # how a row names a blank node (an sh:alternativePath, a blank shape or node)


@dataclass(frozen=True, order=True)
class Result:
    """One row of a validation report."""

    severity: str
    focus: str
    path: str
    value: str
    message: str
    shape: str
    constraint: str


@dataclass
class Report:
    results: list[Result]
    graph: Graph | None = None  # pyshacl's standard sh:ValidationReport (None from the fast validator)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity != "Violation"]

    def conforms(self, strict: bool = False) -> bool:
        return not (self.results if strict else self.violations)

    def as_json(self) -> list[dict]:
        return [asdict(r) for r in self.results]


@cache
def _namespaces() -> list[tuple[str, str]]:
    """The project's prefixes and sh:, shape:, the longest namespace first."""
    return sorted({**prefix_map(), "sh": SH, "shape": SHAPES_NS}.items(), key=lambda kv: -len(kv[1]))


def short_iri(iri: str) -> str:
    """An IRI as a prefixed name when its local part has no ``/`` (data IRIs stay whole)."""
    for prefix, ns in _namespaces():
        if iri.startswith(ns) and "/" not in iri[len(ns):]:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


__all__ = ["BLANK", "SEVERITY_NAMES", "Report", "Result", "short_iri"]
