"""Inputs: files, directories and stdin, each told apart by content once, for every command."""

from __future__ import annotations

import hashlib
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import InputError
from ..sources import RDF, describe_kinds, detect

HEAD = 65536  # bytes looked at to tell an input's kind


@dataclass
class Input:
    """One input to read: a file, or standard input (``path == "-"``, read once)."""

    path: str
    kind: str  # a source kind name, or "rdf"
    fmt: ox.RdfFormat | None = None  # for RDF inputs
    data: bytes | None = field(default=None, repr=False)  # standard input's bytes

    @property
    def stem(self) -> str:
        """The file name without directories, extensions or ``.gz`` ("stdin" for ``-``)."""
        if self.path == "-":
            return "stdin"
        name = Path(self.path).name.removesuffix(".gz")
        return Path(name).stem or name

    @property
    def file_name(self) -> str:
        return "-" if self.path == "-" else Path(self.path).name

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BufferedReader(io.BytesIO(self.data))
        try:
            return open(self.path, "rb")
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", path=self.path) from None

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.open() as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()


@dataclass
class Expanded:
    inputs: list[Input]
    ignored: list[str]  # files in directories that ssc-rdf cannot read


def expand(items: list[str | Path], input_format: str | None = None) -> Expanded:
    """Files as given; directories replaced by the files in them that ssc-rdf can read.

    Unreadable kinds of file given by name are an error; inside a directory they are
    listed in ``ignored`` (hidden files are passed over).
    """
    out = Expanded([], [])
    for item in map(str, items):
        path = Path(item)
        if item == "-":
            data = sys.stdin.buffer.read()
            out.inputs.append(_detected(item, data[:HEAD], len(data) <= HEAD, input_format, data))
        elif path.is_dir():
            found = 0
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                head = _head(str(child))
                kind = detect(head, str(child), input_format)
                if kind is None:
                    out.ignored.append(str(child))
                    continue
                out.inputs.append(Input(str(child), kind[0], kind[1]))
                found += 1
            if not found:
                raise InputError("the directory holds no file ssc-rdf can read", path=item)
        elif not path.exists():
            raise InputError("no such file or directory", path=item)
        else:
            head = _head(item)
            size = path.stat().st_size
            out.inputs.append(_detected(item, head, size <= HEAD, input_format))
    return out


def _head(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(HEAD)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=path) from None


def _detected(path: str, head: bytes, whole: bool, input_format: str | None, data: bytes | None = None) -> Input:
    if not head.strip():
        raise InputError("the input is empty", path=path, line=1)
    kind = detect(head, path, input_format, whole)
    if kind is None:
        raise InputError(f"cannot tell what this is: not {describe_kinds()} (give --input-format)", path=path, line=1)
    return Input(path, kind[0], kind[1], data)


__all__ = ["HEAD", "RDF", "Expanded", "Input", "expand"]
