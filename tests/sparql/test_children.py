"""Children under limits (``sparql/children.py``): how one ends is told through its pipe only."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

from ssc_rdf.sparql.children import QueryTimeout, _answer

ABORTING = """
import faulthandler, os
faulthandler.enable(os.fdopen(os.dup(2), "w"))  # as pytest does: a copy of the log, not fd 2 itself
from ssc_rdf.errors import SscError
from ssc_rdf.sparql.children import in_child
try:
    in_child(30, 1 << 30, os.abort)  # as a child does when an allocation fails at its memory limit
except SscError as exc:
    print(exc)
"""


def test_a_child_that_aborts_leaves_no_fatal_error_in_the_log():
    """With Python's fault handler writing to a log (pytest's, or a server's), an aborted child
    printed "Fatal Python error: Aborted" and its stack there; the caller's one-line error is
    the whole story."""
    done = subprocess.run([sys.executable, "-c", ABORTING], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "memory limit" in done.stdout
    assert done.stderr == ""


class LatePoller:
    """A poll that wakes after the deadline, as a parent descheduled on a busy machine does,
    to find its child's pipe closed: the child stopped itself at its own time limit."""

    def __init__(self) -> None:
        self.fds: list[int] = []

    def register(self, fd: int, events: int) -> None:
        self.fds.append(fd)

    def poll(self, timeout_ms: float) -> list[tuple[int, int]]:
        time.sleep(timeout_ms / 1000 + 0.05)
        return [(fd, select.POLLHUP) for fd in self.fds]


def test_a_child_stopped_at_its_time_limit_is_a_timeout_even_when_the_parent_wakes_late(monkeypatch):
    """Under load the parent woke after the child's alarm had ended it and reported "the query
    process died (out of memory?)" instead of the time limit (seen once in a test run)."""
    read, write = os.pipe()
    os.close(write)  # the child is gone, without a word
    monkeypatch.setattr(select, "poll", LatePoller)
    with pytest.raises(QueryTimeout, match=r"time limit of 0\.1 s"):
        _answer(read, time.monotonic() + 0.1, 0.1, None)
