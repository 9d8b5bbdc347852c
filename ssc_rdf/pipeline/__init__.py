"""The pipeline, assembled once: sources -> model -> mapping -> checks -> sinks.

Every command that reads input goes through ``convert`` (read and map), ``require_conforming``
(SHACL, unless the user turned it off) and then one sink.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import UsageError, ValidationFailed
from ..mapping import Minter
from ..rdf.terms import RDF
from .conversion import Conversion, conversion_name, convert, generation_time, record_key
from .inputs import Input, expand

ENGINES = ("auto", "fast", "pyshacl")


def check(conversion: Conversion, shapes: str | Path | None = None, engine: str = "auto"):  # -> checks.report.Report
    """SHACL-validate every quad of the conversion (all graphs merged, with the ontology).

    ``engine``: ``auto`` runs the fast validator (``checks.fast_shacl``) on the shipped shapes and
    pyshacl, the reference, on other shapes; ``fast`` or ``pyshacl`` choose. The fast validator
    refuses shapes it does not support (``UnsupportedShapes``, exit 2).
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown SHACL engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == "fast" or (engine == "auto" and not shapes):
        from ..checks import fast_shacl

        compiled = fast_shacl.compiled_shapes(Path(shapes) if shapes else None)
        return fast_shacl.validate(conversion.quads(), compiled)
    from ..checks.shacl import load_shapes, validate

    return validate(conversion.quads(), load_shapes(Path(shapes)) if shapes else None)


def require_conforming(conversion: Conversion, shapes: str | Path | None = None,
                       engine: str = "auto"):  # -> checks.report.Report
    """The report when the data conforms; ``ValidationFailed`` (exit 1) carrying it otherwise."""
    report = check(conversion, shapes, engine)
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


__all__ = ["ENGINES", "Conversion", "Input", "add_inferred_types", "check", "conversion_name", "convert", "expand",
           "generation_time", "record_key", "require_conforming"]
