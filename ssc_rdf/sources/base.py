"""What every source is: it recognises its input by content and reads it into plain records.

A source knows no RDF terms except the RDF-file source, whose records are quads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
