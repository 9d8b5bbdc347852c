"""SPARQL in one place: the shipped questions (``catalogue``), parsing before anything runs
(``prepare``), the answer's format (``formats``) and running, locally under a time limit or
on a remote endpoint (``run``).

Nothing is imported here, so that listing the questions stays light.
"""
