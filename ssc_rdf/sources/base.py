"""What every source is: it recognises its input by content and reads it into plain records.

A source knows no RDF terms except the RDF-file source, whose records are quads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from ..errors import InputError


class Reader(Protocol):
    """Read one input (an open binary stream named ``name``) into records.

    Bad records are appended to ``errors`` when a list is given (``--keep-going``),
    otherwise raised as ``InputError``.
    """

    def __call__(self, handle: BinaryIO, name: str, errors: list[InputError] | None) -> Iterator[Any]: ...


@dataclass(frozen=True)
class SourceKind:
    """One kind of input: its name, how its content is recognised, how it is read, and what
    one record of it is called in summaries ("PubMed XML record")."""

    name: str
    description: str
    noun: str
    sniff: Callable[[bytes], bool]
    read: Reader


def read_bytes(source: Path | str | BinaryIO, name: str | None) -> tuple[str, bytes]:
    """(name, bytes) of a file path or an open stream; an unreadable file is an ``InputError``."""
    if isinstance(source, (str, Path)):
        name = name or str(source)
        try:
            return name, Path(source).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", path=name) from None
    return name or "-", source.read()


def read_text(source: Path | str | BinaryIO, name: str | None) -> tuple[str, str]:
    """(name, text) of a UTF-8 input, a byte-order mark dropped; not UTF-8 is an ``InputError``."""
    name, raw = read_bytes(source, name)
    try:
        return name, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text", path=name, line=raw.count(b"\n", 0, exc.start) + 1) from None
