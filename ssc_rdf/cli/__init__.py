"""The ``ssc-rdf`` command line: click commands over ``ssc_rdf.api``, rendered with rich."""

from .main import main

__all__ = ["main"]
