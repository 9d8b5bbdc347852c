"""Synthetic converted data for benchmarks: copies of the bundled review, each its own record.

Each copy gets its own key, DOI and title, so its IRIs are distinct; its statements are
the bundled review's, so the data is as realistic as the curated data is.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pyoxigraph as ox

from ssc_rdf.mapping import Mapper, MentionFinder, Minter
from ssc_rdf.model import SourceFile
from ssc_rdf.rdf import DEFAULT_BASE
from ssc_rdf.sources import curated_yaml
from ssc_rdf.vocabulary import ontology_entities

REVIEW = Path(__file__).resolve().parents[1] / "data" / "velier-2022.yaml"


def review_copies(count: int):
    template = curated_yaml.read(REVIEW)
    for i in range(count):
        review = copy.deepcopy(template)
        review.key = f"copy-{i:07d}"
        pub = review.publication
        pub.doi = f"10.5555/bench.{i:07d}"
        pub.pmid = None
        pub.title = f"{pub.title} (copy {i})"
        for ref in pub.references:
            ref.title = f"Copy {i} of {ref.title}"  # the title's first words name the reference
        yield review


def quads_for(target_triples: int) -> list[ox.Quad]:
    """About ``target_triples`` triples of converted data (one review copy is ~870 triples)."""
    entities = dict(ontology_entities())
    mapper, finder = Mapper(Minter(DEFAULT_BASE), entities), MentionFinder(entities.values())
    quads: list[ox.Quad] = []
    reviews = []
    for review in review_copies(max(1, target_triples // 870)):
        quads.extend(mapper.review(review, finder))  # with mentions, as `ssc-rdf convert` maps it
        reviews.append(review)
    sources = [SourceFile(r.key, f"{r.key}.yaml", None, [r.key]) for r in reviews]
    quads.extend(mapper.provenance("bench", sources, "2026-01-01T00:00:00Z"))
    return quads
