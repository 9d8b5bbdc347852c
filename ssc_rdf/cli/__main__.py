"""``python -m ssc_rdf.cli``: the same as the ``ssc-rdf`` command."""

from . import main

main()
