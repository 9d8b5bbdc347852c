"""``ssc-rdf --help`` stays light: the heavy libraries load only when a command needs them."""

from __future__ import annotations

import subprocess
import sys


def test_help_imports_no_heavy_library():
    code = ("import sys, ssc_rdf.cli; "
            "print(','.join(m for m in ('rdflib', 'pyshacl', 'owlready2', 'pyoxigraph', 'lxml', 'starlette', "
            "'rispy', 'bibtexparser', 'pylatexenc') "
            "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    assert loaded == ""
