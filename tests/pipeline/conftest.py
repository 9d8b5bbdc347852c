"""Fixtures shared by the corpus-mode tests (local processes and Dask)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.pubmed_gen import write


@pytest.fixture
def corpus(tmp_path) -> list[Path]:
    """Two generated PubMed XML files: 45 records and 10."""
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"
    write(first, count=45)
    write(second, count=10)
    return [first, second]
