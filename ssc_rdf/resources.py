"""Find the files shipped with the package (ontology, context, shapes, queries).

In a wheel they are copied into ``ssc_rdf/_data``; in a source checkout they sit
at the top of the repository. Looking in both keeps editable and non-editable
installs working without duplicating the files in git.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Directory ``name`` (``ontology``, ``shapes``, ``queries``) wherever it was installed."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ssc-rdf is installed without its {name}/ directory")


def ontology_path() -> Path:
    return data_dir("ontology") / "ssc.ttl"


def context_path() -> Path:
    return data_dir("ontology") / "context.jsonld"
