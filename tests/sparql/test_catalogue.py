"""The shipped questions, by name only."""

from __future__ import annotations

import pytest

from ssc_rdf.errors import InputError, UsageError
from ssc_rdf.sparql.catalogue import named, named_queries, read_query_file


def test_questions_by_name():
    assert named("therapies-by-route").question.startswith("Which therapies")
    assert set(named_queries()) >= {"therapies-by-route", "statement-evidence"}


def test_an_unknown_name_lists_the_known_ones():
    with pytest.raises(UsageError, match=r"unknown named query 'nope'.*therapies-by-route"):
        named("nope")


def test_a_query_file_that_is_not_utf8_is_one_line_naming_it(tmp_path):
    path = tmp_path / "latin1.rq"
    path.write_bytes("SELECT * WHERE { ?s ?p \"café\" }".encode("latin-1"))
    with pytest.raises(InputError) as error:
        read_query_file(path)
    assert str(path) in str(error.value) and "UTF-8" in str(error.value) and "\n" not in str(error.value)
