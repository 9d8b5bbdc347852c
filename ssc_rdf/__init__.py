"""ssc-rdf: turn what a biomedical review says into FAIR linked data."""

__version__ = "0.1.0"
