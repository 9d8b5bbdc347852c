"""Shared test helpers: paths to the repository and its fixtures, and a CLI runner.

The tests need nothing outside the project: real records the team collected are copied
into ``tests/fixtures/`` with their origin and licence (``SOURCES.tsv`` beside them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from ssc_rdf.cli import main

REPO = Path(__file__).resolve().parents[1]
REVIEW = REPO / "data" / "velier-2022.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def review_counts() -> tuple[int, int]:
    """(triples of the bundled review, of which in its own named graph) as converted now.

    The review's own graph is ``{base}graph/velier-2022``; its provenance is in another
    named graph (``{base}graph/provenance/velier-2022``).
    """
    import pyoxigraph as ox

    from ssc_rdf import api
    from ssc_rdf.rdf import DEFAULT_BASE

    own = ox.NamedNode(f"{DEFAULT_BASE}graph/{REVIEW.stem}")
    quads = list(api.convert([str(REVIEW)]).quads())
    return len({q.triple for q in quads}), len({q.triple for q in quads if q.graph_name == own})


def rdflib_graph(conversion) -> rdflib.Graph:
    """All triples of a conversion (named graphs merged) as an rdflib Graph: rdflib is the
    tests' independent checker of what the pipeline (pyoxigraph terms) produced."""
    from ssc_rdf.checks.rdflib_terms import to_graph

    return to_graph(conversion.quads())


def rdflib_dataset(conversion) -> rdflib.Dataset:
    """The quads of a conversion as an rdflib Dataset, named graphs kept."""
    from ssc_rdf.checks.rdflib_terms import to_dataset

    return to_dataset(conversion.quads())


@pytest.fixture
def cli():
    """Run ``ssc-rdf`` in-process; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return run
