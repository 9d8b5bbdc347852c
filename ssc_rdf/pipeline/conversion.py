"""Read -> map, assembled once: every command that reads input gets a ``Conversion`` here.

Records (curated reviews, PubMed records) are mapped to quads under the conversion's
base; RDF files pass through as streams of quads (triples go to the file's own graph).
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..mapping import Mapper, MentionFinder, Minter, slug
from ..model import Publication, Review, SourceFile
from ..rdf import DEFAULT_BASE
from ..rdf.typed import GraphTriples
from ..sources import KINDS, RDF, rdf_files
from ..vocabulary import ontology_entities
from .collector import rare_collections
from .inputs import Expanded, Input, expand
from .merge import merge_records

if TYPE_CHECKING:
    import rdflib

    from ..checks.shacl import Report


@dataclass
class Tally:
    """What the inputs of one kind held, as read (before merging): for the summary."""

    records: int = 0
    statements: int = 0  # claims of curated statements
    references: int = 0


@dataclass
class Conversion:
    """What one conversion holds: mapped quads, RDF inputs (re-read as streams), the records.

    It remembers its base and its name (which names its output files and its provenance
    graph), so later steps never need them again.
    """

    base: str
    name: str
    mapped: list[ox.Quad] = field(default_factory=list, repr=False)
    rdf_inputs: list[Input] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    records: list[Publication] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)  # bad records or files, with --keep-going
    ignored: list[str] = field(default_factory=list)  # files in directories of no kind ssc-rdf reads
    empty: list[str] = field(default_factory=list)  # inputs that held no record (nothing of them is written)
    tally: dict[str, Tally] = field(default_factory=dict)  # by kind of input (a source kind name)
    graph: str | None = None  # put every quad into this graph instead
    generated_at: str | None = None  # when the records were converted (xsd:dateTime), if any were
    report: Report | None = None  # the SHACL report, once checked (its warnings do not stop a conversion)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, streamed: the mapped ones, then each RDF input's, re-read."""
        target = ox.NamedNode(self.graph) if self.graph else None
        for quad in self.mapped:
            yield quad if target is None else ox.Quad(quad.subject, quad.predicate, quad.object, target)
        for item in self.rdf_inputs:
            assert item.fmt is not None
            own = target or ox.NamedNode(Minter(self.base).graph(item.stem))
            keep = item.fmt.supports_datasets and target is None
            with item.open() as handle:
                for quad in rdf_files.read(handle, item.path, item.fmt):
                    if keep and not isinstance(quad.graph_name, ox.DefaultGraph):
                        yield quad
                    else:
                        yield ox.Quad(quad.subject, quad.predicate, quad.object, own)

    @property
    def triple_count(self) -> int:
        return len({q.triple for q in self.quads()})

    def to_store(self, store: ox.Store | None = None) -> ox.Store:
        """The quads in a pyoxigraph ``Store`` (a new in-memory one unless given)."""
        store = store if store is not None else ox.Store()
        store.bulk_extend(self.quads())
        return store

    def to_dataset(self) -> rdflib.Dataset:
        """The quads as an rdflib ``Dataset`` (for code built on rdflib)."""
        from ..checks.rdflib_terms import to_dataset

        return to_dataset(self.quads())


def conversion_name(inputs: Sequence[Input]) -> str:
    """A stable name from the inputs: the stem of a single input, else the stems joined.

    It names the output files (``NAME.ttl``) and the conversion's provenance graph, so
    that conversions of different inputs never overwrite each other when loaded.
    """
    stems = [slug(item.stem, 12) for item in inputs] or ["dataset"]
    if len(stems) == 1:
        return stems[0]
    joined = "+".join(stems)
    if len(joined) <= 60:
        return joined
    digest = hashlib.sha256("\n".join(item.path for item in inputs).encode()).hexdigest()[:8]
    return f"{stems[0]}+{len(stems) - 1}-more-{digest}"


def record_key(pub: Publication) -> str:
    """The document key (named graph) of an imported record: from its PMID, DOI or title."""
    if pub.pmid:
        return f"pmid-{pub.pmid}"
    if pub.doi:
        return "doi-" + slug(pub.doi, 20)
    return slug(pub.title, 8)


def generation_time(inputs: Sequence[Input]) -> str:
    """When the data was made: SOURCE_DATE_EPOCH, else the newest input's modification time.

    Using the inputs' time (not the clock) keeps repeated conversions byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            stamp = float(epoch)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH must be a number of seconds, not {epoch!r}") from None
    else:
        files = [Path(item.path) for item in inputs if item.path != "-"]
        stamp = max((p.stat().st_mtime for p in files), default=datetime.datetime.now().timestamp())
    moment = datetime.datetime.fromtimestamp(int(stamp), tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@rare_collections()  # every record and statement is held until the end: no cycle among them
def convert(inputs: Iterable[str | Path] | Expanded, *, base: str = DEFAULT_BASE, input_format: str | None = None,
            keep_going: bool = False, mentions: bool = True, graph: str | None = None) -> Conversion:
    """Read every input by its kind and map the records (one named graph per document).

    An imported record of a curated publication (same DOI or PMID) is merged into the
    curated record: one resource, not two. RDF inputs are checked to parse, once.
    """
    try:
        minter = Minter(base)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    expanded = inputs if isinstance(inputs, Expanded) else expand(list(inputs), input_format)
    conversion = Conversion(base, conversion_name(expanded.inputs), ignored=expanded.ignored, graph=graph)
    errors: list[InputError] | None = [] if keep_going else None
    for item in expanded.inputs:
        try:
            _read(item, conversion, errors)
        except InputError as exc:
            if errors is None:
                raise
            errors.append(exc)
    conversion.skipped = errors or []
    _check_unique_review_keys(conversion.reviews)
    standalone = merge_records(conversion.reviews, conversion.records)
    keep = {record_key(r) for r in standalone} | {r.key for r in conversion.reviews}
    for source in conversion.files:
        source.graphs = [g for g in source.graphs if g in keep]
    conversion.records = standalone
    Mapping(minter, conversion.reviews, mentions).map(conversion)
    if conversion.files:
        record_inputs = [i for i in expanded.inputs if i.kind != RDF]
        conversion.generated_at = generation_time(record_inputs)
        conversion.mapped.extend(Mapper(minter, {}).provenance(conversion.name, conversion.files,
                                                               conversion.generated_at))
    # The mapping states some quads more than once (a publication mentions an entity once per
    # mention); a conversion is a set, so that exports and loads count each quad once.
    conversion.mapped = list(dict.fromkeys(conversion.mapped))
    return conversion


class Mapping:
    """The mapping step, built once (per process in corpus mode): records -> quads."""

    def __init__(self, minter: Minter, reviews: Sequence[Review] = (), mentions: bool = True) -> None:
        entities = dict(ontology_entities())
        for review in reviews:
            entities.update({e.key: e for e in review.entities})
        self.finder = MentionFinder(entities.values()) if mentions else None
        self.mapper = Mapper(minter, dict(ontology_entities()))

    def map(self, conversion: Conversion) -> Conversion:
        """Map the conversion's reviews and records into ``conversion.mapped``."""
        for review in conversion.reviews:
            conversion.mapped.extend(self.mapper.review(review, self.finder))
        for record in conversion.records:
            conversion.mapped.extend(self.mapper.record(record_key(record), record, self.finder))
        return conversion

    def record_graphs(self, records: Iterable[Publication]) -> list[GraphTriples]:
        """Records mapped into their graphs as the mapping makes them: corpus batches check and
        write these without making quads (``GraphTriples``)."""
        return [self.mapper.record_graph(record_key(record), record, self.finder) for record in records]


def _read(item: Input, conversion: Conversion, errors: list[InputError] | None) -> None:
    if item.kind == RDF:
        assert item.fmt is not None
        with item.open() as handle:
            for _ in rdf_files.read(handle, item.path, item.fmt):
                pass  # read once to check, so that bad input changes nothing
        conversion.rdf_inputs.append(item)
        return
    reported = len(errors) if errors is not None else 0
    with item.open() as handle:
        found = list(KINDS[item.kind].read(handle, item.path, errors))
    if not found:
        if errors is None or len(errors) == reported:  # bad records are reported already
            conversion.empty.append(item.path)
        return
    source = SourceFile(slug(item.file_name, 12) if item.path != "-" else "stdin", item.file_name, item.sha256())
    tally = conversion.tally.setdefault(item.kind, Tally())
    tally.records += len(found)
    for record in found:
        if isinstance(record, Review):
            record.source_path, record.source_sha256 = item.path, source.sha256
            conversion.reviews.append(record)
            source.graphs.append(record.key)
            tally.statements += sum(len(s.claims) for s in record.statements)
            tally.references += len(record.publication.references)
        else:
            conversion.records.append(record)
            source.graphs.append(record_key(record))
            tally.references += len(record.references)
    conversion.files.append(source)


def _check_unique_review_keys(reviews: list[Review]) -> None:
    keys: dict[str, str] = {}
    for review in reviews:
        if review.key in keys:
            raise InputError(f"duplicate identifier {review.key!r}: also the id of {keys[review.key]}",
                             path=review.source_path, line=1, field="id")
        keys[review.key] = review.source_path or "-"


__all__ = ["Conversion", "Mapping", "Tally", "conversion_name", "convert", "generation_time", "record_key"]
