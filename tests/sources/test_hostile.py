"""Hostile inputs (tests/fixtures/hostile/, each with its expected outcome in expected.tsv):
every command that reads input gives one line naming the file, exit 2, within bounded time and
memory, and opens no connection."""

from __future__ import annotations

import csv
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ..conftest import FIXTURES, REPO

HOSTILE = FIXTURES / "hostile"
EXPECTED = {row["file"]: row for row in csv.DictReader((HOSTILE / "expected.tsv").open(), delimiter="\t")}
SECONDS, MEGABYTES = 5.0, 300

# Runs the CLI in a fresh process and reports its peak memory (VmHWM, kB) on the last stderr line.
# Not ru_maxrss: Linux keeps it across execve, so a child of a big test worker reports the
# worker's peak; VmHWM belongs to the process's own memory, new at exec.
RUNNER = """
import sys
from ssc_rdf.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
else:
    code = 0
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print("maxrss", peak, file=sys.stderr)
sys.exit(code)
"""

COMMANDS = {
    "convert": lambda path, out: ["convert", str(path), "-o", f"{out}/"],
    "validate": lambda path, out: ["validate", str(path)],
    "load": lambda path, out: ["load", str(path), "--store", str(out)],
    "query": lambda path, out: ["query", "ASK { ?s ?p ?o }", "--data", str(path)],
    "export": lambda path, out: ["export", str(path), "-o", str(out)],
    "publish": lambda path, out: ["publish", str(path), "-o", str(out)],
    "serve": lambda path, out: ["serve", str(path), "--port", "1"],
}


class Listener:
    """A socket on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def _prepared(name: str, tmp_path: Path, port: int) -> Path:
    source = HOSTILE / name
    if b"PORT" not in source.read_bytes()[:200]:
        return source
    target = tmp_path / name
    target.write_bytes(source.read_bytes().replace(b"PORT", str(port).encode()))
    return target


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_input_gives_a_one_line_error_in_bounded_time_and_memory(tmp_path, listener, name, command):
    path = _prepared(name, tmp_path, listener.port)
    out = tmp_path / "out"
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", RUNNER, *COMMANDS[command](path, out)], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    seconds = time.monotonic() - start
    lines = done.stderr.strip().splitlines()
    peak_mb = int(lines[-1].split()[1]) / 1024
    messages = [line for line in lines[:-1] if line.strip()]
    assert done.returncode == 2, done.stderr
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"ssc-rdf: error: {path}"), messages[0]
    assert EXPECTED[name]["expected: exit 2 and one line on stderr containing"] in messages[0]
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert peak_mb < MEGABYTES, f"{peak_mb:.0f} MB"
    assert not out.exists()
    assert listener.connections == 0
