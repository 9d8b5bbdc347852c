"""Sinks: one module per output kind, each taking a stream of pyoxigraph quads.

Adding an output kind is one module (a class with ``add`` and ``close``, see ``base.Sink``)
and one entry in ``KINDS``; ``open_sink`` imports it only when it is used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from .base import Sink


@dataclass(frozen=True)
class SinkKind:
    name: str
    description: str
    target: str  # "module:Class", relative to this package


KINDS: dict[str, SinkKind] = {kind.name: kind for kind in (
    SinkKind("files", "RDF files in any of six formats, or standard output", "files:FileSink"),
    SinkKind("bulk", "gzip N-Quads shards with a manifest, for bulk loaders", "bulk_export:BulkExport"),
    SinkKind("nanopub", "each curated statement as a nanopublication with a trusty URI", "nanopub:NanopubExport"),
    SinkKind("store", "the embedded Oxigraph store in a directory", "embedded:EmbeddedStore"),
    SinkKind("remote", "a remote store, through the SPARQL 1.1 Graph Store Protocol", "graph_store:RemoteStore"),
    SinkKind("virtuoso-bulk", "Virtuoso's bulk loader on the same host", "virtuoso_bulk:VirtuosoBulk"),
)}


def open_sink(kind: str, *args: Any, **options: Any) -> Sink:
    """A new sink of the kind named ``kind``, built with ``args`` and ``options``."""
    module, _, cls = KINDS[kind].target.partition(":")
    sink: Sink = getattr(importlib.import_module(f".{module}", __name__), cls)(*args, **options)
    return sink


__all__ = ["KINDS", "Sink", "SinkKind", "open_sink"]
