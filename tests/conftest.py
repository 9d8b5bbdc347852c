"""Shared test helpers: paths to the repository, the shared corpus, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ssc_rdf.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REVIEW = REPO / "data" / "velier-2022.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def review_counts() -> tuple[int, int]:
    """(triples of the bundled review, of which in its own named graph) as converted now."""
    from ssc_rdf import api

    quads = api.convert([str(REVIEW)]).quads
    return len({q[:3] for q in quads}), len({q[:3] for q in quads if q[3] is not None})


@pytest.fixture
def cli():
    """Run ``ssc-rdf`` in-process; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return run
