"""Work in a child process under a time and a memory limit: a thread inside Oxigraph or
rdflib's parser cannot be interrupted, a process can be stopped.

``in_child`` forks the calling process: right for a command. A server uses a ``Zygote``
instead, a copy of itself made once, at startup, which forks the children: a fork holds
the interpreter while the kernel copies the page tables (from 0.05 s to 0.5 s each on a
busy machine, measured), and every request of the server would wait that long.

A child stops itself at its time limit (SIGALRM, whose default action ends the process,
even inside Rust code); at its memory limit an allocation fails and the child aborts.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import select
import signal
import socket
import time
from collections.abc import Callable, Mapping
from typing import Any, NoReturn, TypeVar

from ..errors import InputError, SscError

T = TypeVar("T")


class QueryTimeout(SscError):
    """The query ran past its time limit and was stopped."""


class QueryOutOfMemory(SscError):
    """The query needed more memory than its limit and was stopped."""


def in_child(timeout: float, memory: int | None, function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in a child forked from this process, stopped after ``timeout``
    seconds, its address space allowed to grow by ``memory`` bytes."""
    deadline = time.monotonic() + timeout  # before the child's own clock starts: the caller stops first
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(write, timeout, memory, function, args)
    os.close(write)
    try:
        result: T = _answer(read, deadline, timeout, memory)
        return result
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)


class Zygote:
    """A copy of this process, made now, that forks a child for each call; ``tasks`` are the
    functions a call may name (they see this process as it is now, its stores included)."""

    def __init__(self, tasks: Mapping[str, Callable[..., Any]]) -> None:
        self._socket, theirs = socket.socketpair()
        self.pid = os.fork()
        if self.pid == 0:
            self._socket.close()
            _zygote(theirs, tasks)
        theirs.close()

    def run(self, timeout: float, memory: int | None, task: str, *args: Any) -> Any:
        """``tasks[task](*args)`` in a child, under the limits of ``in_child``."""
        deadline = time.monotonic() + timeout
        result_read, result_write = os.pipe()
        request_read, request_write = os.pipe()
        try:
            socket.send_fds(self._socket, [b"\0"], [result_write, request_read])
        finally:
            os.close(result_write)
            os.close(request_read)
        with os.fdopen(request_write, "wb") as request:
            pickle.dump((timeout, memory, task, args), request)
        return _answer(result_read, deadline, timeout, memory)

    def close(self) -> None:
        """Let the zygote go (it also goes when this process ends); children running finish."""
        self._socket.close()
        os.waitpid(self.pid, 0)


def _zygote(requests: socket.socket, tasks: Mapping[str, Callable[..., Any]]) -> NoReturn:
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
        while True:
            message, fds, _, _ = socket.recv_fds(requests, 1, 2)
            if not message:  # the server closed its end, or ended
                break
            if os.fork() == 0:
                requests.close()
                result, request = fds
                with os.fdopen(request, "rb") as source:
                    timeout, memory, task, args = pickle.load(source)
                _child(result, timeout, memory, tasks[task], args)
            for fd in fds:
                os.close(fd)
    finally:
        os._exit(0)


def _child(result: int, timeout: float, memory: int | None, function: Callable[..., Any], args: tuple) -> NoReturn:
    """Run ``function`` and write what came of it, pickled, to the ``result`` pipe; then exit."""
    try:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # how a child ends is told through the pipe, not the log,
        faulthandler.disable()  # nor by a fault handler writing to its own copy of it (pytest's, a server's)
        if memory is not None:
            _limit_memory(memory)
        try:
            answer = ("ok", function(*args))
        except SscError as exc:
            answer = ("error", exc)
        except BaseException as exc:  # anything else (a Rust panic too): one line, not a traceback
            answer = ("error", SscError(f"query failed: {type(exc).__name__}: {exc}"))
        with os.fdopen(result, "wb") as out:
            pickle.dump(answer, out)
    finally:
        os._exit(0)


def _answer(read: int, deadline: float, timeout: float, memory: int | None) -> Any:
    """What the child writes to ``read``, waited for until ``deadline`` at most."""
    poller = select.poll()
    poller.register(read, select.POLLIN)
    chunks = []
    with os.fdopen(read, "rb", buffering=0) as source:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(remaining * 1000):
                raise _timeout(timeout)
            chunk = source.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    try:
        status, payload = pickle.loads(b"".join(chunks))
    except (EOFError, pickle.UnpicklingError):  # the child ended without a word (or half of one): aborted
        if time.monotonic() >= deadline:  # or stopped by its alarm, which rings after the deadline, while this
            # process, on a busy machine, woke late
            raise _timeout(timeout) from None
        if memory is not None:  # at its memory limit, as allocations failed
            raise QueryOutOfMemory(f"the query was stopped: it needed more than its memory limit of "
                                   f"{memory / 2**20:g} MB") from None
        raise InputError("the query process died (out of memory?)") from None
    if status == "error":
        raise payload
    return payload


def _timeout(timeout: float) -> QueryTimeout:
    return QueryTimeout(f"the query was stopped after its time limit of {timeout:g} s (--timeout)")


def _limit_memory(extra: int) -> None:
    """Let this process's address space grow by ``extra`` bytes at most (Linux; unlimited where
    /proc is missing)."""
    try:
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    soft = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
