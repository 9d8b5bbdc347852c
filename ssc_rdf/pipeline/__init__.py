"""The pipeline, assembled once: sources -> model -> mapping -> checks -> sinks.

Every command that reads input goes through ``convert`` (read and map), ``require_conforming``
(SHACL, unless the user turned it off) and then one sink.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import ValidationFailed
from ..mapping import Minter
from ..rdf.terms import RDF
from .conversion import Conversion, conversion_name, convert, generation_time, record_key
from .inputs import Input, expand


def check(conversion: Conversion, shapes: str | Path | None = None):  # -> checks.shacl.Report
    """SHACL-validate every quad of the conversion (all graphs merged, with the ontology)."""
    from ..checks.shacl import load_shapes, validate

    return validate(conversion.quads(), load_shapes(Path(shapes)) if shapes else None)


def require_conforming(conversion: Conversion, shapes: str | Path | None = None):  # -> checks.shacl.Report
    """The report when the data conforms; ``ValidationFailed`` (exit 1) carrying it otherwise."""
    report = check(conversion, shapes)
    if not report.conforms():
        raise ValidationFailed("the data does not conform to the shapes: nothing was written", report)
    return report


def add_inferred_types(conversion: Conversion) -> int:
    """Add the ssc: types HermiT infers for every individual of the data, in the graph
    ``<BASE>graph/inferred``; return how many. An inconsistent or unsatisfiable result is
    ``ValidationFailed`` (exit 1, nothing written) saying what the reasoner found."""
    from ..checks.reasoning import reason

    result = reason(data=conversion.quads())
    if not result.consistent:
        raise ValidationFailed(f"the reasoner: {result.problem}; nothing was written")
    if result.unsatisfiable:
        raise ValidationFailed(f"the reasoner: unsatisfiable class(es) {', '.join(result.unsatisfiable)}; "
                               "nothing was written")
    graph = ox.NamedNode(Minter(conversion.base).graph("inferred"))
    added = [ox.Quad(ox.NamedNode(individual), RDF.type, ox.NamedNode(cls), graph)
             for individual, cls in sorted(result.inferred_types)]
    conversion.mapped.extend(added)
    return len(added)


__all__ = ["Conversion", "Input", "add_inferred_types", "check", "conversion_name", "convert", "expand",
           "generation_time", "record_key", "require_conforming"]
