"""The store a local query reads: the embedded store on disk, or files loaded in memory.

Kept apart so that the in-memory build can follow the loading pipeline wherever it goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from ..rdf import DEFAULT_BASE


def open_store(files: Sequence[str], store_dir: str) -> ox.Store:
    """``files`` (RDF or curated YAML) with the ontology, in memory; without files, the
    embedded store in ``store_dir``, read-only."""
    from ..loading import source_quads
    from ..sinks.embedded import EmbeddedStore, ontology_quads

    if not files:
        return EmbeddedStore(Path(store_dir), read_only=True).store
    memory = EmbeddedStore()
    memory.add([*ontology_quads(), *(q for path in files for q in source_quads(path, None, DEFAULT_BASE))])
    return memory.store
