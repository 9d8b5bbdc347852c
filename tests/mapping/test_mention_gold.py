"""The mention finder against the hand-annotated gold abstracts (tests/fixtures/mentions)."""

from __future__ import annotations

from bench.mentions import score


def test_precision_and_recall_on_the_gold_set():
    result = score()
    assert result.records >= 20
    assert result.precision >= 0.95, sorted(result.found - result.gold)
    assert result.recall >= 0.9, sorted(result.gold - result.found)
