"""Shared test helpers: paths to the repository, the shared corpus, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ssc_rdf.cli import main

REPO = Path(__file__).resolve().parents[1]
# The team's shared sources and corpus: beside the checkout, or wherever SSC_RDF_SHARED says.
SHARED = Path(os.environ.get("SSC_RDF_SHARED", REPO.parent / "shared"))
REVIEW = REPO / "data" / "velier-2022.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config) -> None:
    if not (SHARED / "corpus").is_dir():
        pytest.exit(f"the shared sources and corpus are not at {SHARED}: clone next to the team's "
                    "'shared' directory, or set SSC_RDF_SHARED to it", returncode=2)


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
