"""The garbage collector runs rarely while records are converted, and the caller's settings
are put back afterwards (``pipeline.collector``); the speed it gives is measured by
``bench/corpus_suite.py``, not here."""

from __future__ import annotations

import gc
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from ssc_rdf import api
from ssc_rdf.checks import fast_shacl
from ssc_rdf.pipeline import corpus
from ssc_rdf.pipeline.collector import THRESHOLD, rare_collections
from ssc_rdf.rdf import DEFAULT_BASE

from ..conftest import FIXTURES

RECORDS = FIXTURES / "corpus" / "pubmed_xml"


@pytest.fixture
def callers_settings():
    """A caller with its own settings, put back whatever a test does."""
    before = gc.get_threshold()
    gc.set_threshold(500, 7, 9)
    yield (500, 7, 9)
    gc.set_threshold(*before)


def test_rare_collections_put_the_callers_settings_back_even_on_error(callers_settings):
    with rare_collections():
        assert gc.get_threshold() == (THRESHOLD, 7, 9)
    assert gc.get_threshold() == callers_settings
    with pytest.raises(KeyError), rare_collections():
        raise KeyError("x")
    assert gc.get_threshold() == callers_settings
    for kept in (10 * THRESHOLD, 0):  # a caller that collects even more rarely, or never, keeps its setting
        gc.set_threshold(kept, 7, 9)
        with rare_collections():
            assert gc.get_threshold() == (kept, 7, 9)
        assert gc.get_threshold() == (kept, 7, 9)


def test_overlapping_conversions_in_threads_put_the_settings_back_when_the_last_ends(callers_settings):
    """Dask runs several batches at once in one worker's threads; they may end in any order."""
    first, second = rare_collections(), rare_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold() == (THRESHOLD, 7, 9)  # the second still runs
    second.__exit__(None, None, None)
    assert gc.get_threshold() == callers_settings


def test_conversions_run_with_rare_collections_and_put_the_settings_back(callers_settings, tmp_path, monkeypatch):
    seen: list[tuple[int, int, int]] = []
    validate = fast_shacl.validate_triples
    monkeypatch.setattr(fast_shacl, "validate_triples",
                        lambda *args: (seen.append(gc.get_threshold()), validate(*args))[1])
    result = api.convert_corpus([str(RECORDS)], tmp_path / "corpus", formats=["nt"], jobs=1,
                                progress=lambda state: seen.append(gc.get_threshold()))
    assert result.records > 10 and set(seen) == {(THRESHOLD, 7, 9)}
    assert gc.get_threshold() == callers_settings
    assert api.convert([str(RECORDS)], validate=False).records
    assert gc.get_threshold() == callers_settings
    seen.clear()
    api.convert_to_files([str(RECORDS)], f"{tmp_path}/plain.nt")  # streamed: validated batch by batch
    assert seen and set(seen) == {(THRESHOLD, 7, 9)}
    assert gc.get_threshold() == callers_settings


def _threshold() -> tuple[int, int, int]:
    return gc.get_threshold()


def test_corpus_workers_collect_rarely_from_the_start():
    """Their batches are unpickled before any code of ours runs: the worker is set up so."""
    settings = (DEFAULT_BASE, ["nt"], ".", True)
    with ProcessPoolExecutor(1, initializer=corpus._worker_setup, initargs=(*settings, os.getpid())) as pool:
        assert pool.submit(_threshold).result()[0] == THRESHOLD
