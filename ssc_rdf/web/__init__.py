"""Linked-data publishing: a live server (``app``) and a static site (``site``)."""
