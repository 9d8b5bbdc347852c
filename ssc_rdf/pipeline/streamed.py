"""A plain conversion of many records into files, streamed: records are read, mapped and
validated in the batches of corpus mode, in this one process, and each batch goes to the
sink, which spills it to disk sorted; the files are merged from the spill at the end.
Memory holds one batch, whatever the number of records.

It takes record files only (PubMed XML, MEDLINE, PubMed pages). Curated reviews, RDF files
and ``--reason`` need the whole conversion at once and take ``convert`` (in memory). The
files are byte for byte those of ``convert`` and ``write``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import InputError, ValidationFailed
from ..mapping import Mapper, Minter, slug
from ..model import Publication, SourceFile
from ..sinks import open_sink
from .collector import rare_collections
from .conversion import Conversion, Mapping, Tally, conversion_name, generation_time, record_key
from .corpus import RECORD_KINDS
from .inputs import Expanded, Input
from .merge import merge_records

if TYPE_CHECKING:
    from ..checks.report import Report, Result
    from ..sinks.files import FileSink, WrittenFile

WARNINGS_KEPT = 1000  # SHACL warnings kept for the summary; beyond, only counted


def streamable(inputs: Sequence[Input]) -> bool:
    """Whether these inputs are all record files, which a conversion can stream."""
    return bool(inputs) and all(item.kind in RECORD_KINDS for item in inputs)


@dataclass
class Streamed:
    """What a streamed conversion read and wrote: what the summary and the warnings need."""

    name: str
    tally: dict[str, Tally] = field(default_factory=dict)
    skipped: list[InputError] = field(default_factory=list)  # bad records, with --keep-going
    ignored: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    warnings: list[Result] = field(default_factory=list)  # SHACL warnings, the first WARNINGS_KEPT
    more_warnings: int = 0
    triple_count: int = 0
    written: list[WrittenFile] = field(default_factory=list)
    rdf_inputs: tuple[()] = ()  # none: the summary asks

    @property
    def report(self) -> Report:
        from ..checks.report import Report

        return Report(self.warnings)


@rare_collections()
def convert_streamed(expanded: Expanded, targets: Callable[[str], list[tuple[str, ox.RdfFormat]]], *,
                     base: str, keep_going: bool = False, validate: bool = True, shapes: str | None = None,
                     mentions: bool = True, graph: str | None = None, batch_records: int = 500) -> Streamed:
    """Convert record files batch by batch into the files ``targets(name)`` gives (name: the
    conversion's). A violation in any batch stops the run (``ValidationFailed``) and, like a
    bad record without ``keep_going``, leaves no file written.

    Records of one publication (same PMID or DOI) are merged as ``convert`` merges them: a
    first pass finds the identifiers that more than one record has; those records are held
    back, merged and converted last, and the others go through as they come.
    """
    from ..checks.fast_shacl import validate_triples
    from . import check

    minter = Minter(base)
    name = conversion_name(expanded.inputs)
    result = Streamed(name, ignored=list(expanded.ignored))
    generated_at = generation_time(expanded.inputs)
    errors: list[InputError] | None = [] if keep_going else None
    shared, unreadable = _first_pass(expanded.inputs, errors)
    mapping, provenance = Mapping(minter, mentions=mentions), Mapper(minter, {})
    held: list[tuple[SourceFile, Publication]] = []  # records of a publication that others also describe
    sources: list[SourceFile] = []
    sink: FileSink = open_sink("files", targets(name))  # type: ignore[assignment]

    def convert_batch(records: list[Publication], described: list[SourceFile]) -> None:
        if not graph and shapes is None:  # the mapping's graphs as they come, no quads made
            graphs = [*mapping.record_graphs(records), provenance.provenance_graph(name, described, generated_at)]
            if validate:
                _check(validate_triples(chain.from_iterable(g.triples for g in graphs)), result)
            sink.add_graphs(graphs)
            return
        conversion = mapping.map(Conversion(base, name, records=records, graph=graph))
        conversion.mapped.extend(provenance.provenance(name, described, generated_at))
        if validate:
            _check(check(conversion, shapes), result)
        sink.add(conversion.quads())

    try:
        for item in expanded.inputs:
            if item.path in unreadable:
                continue
            source = SourceFile(slug(item.file_name, 12) if item.path != "-" else "stdin", item.file_name,
                                item.sha256())
            tally = result.tally.setdefault(item.kind, Tally())
            read = 0
            for batch in _batches(item, errors, batch_records):
                read += len(batch)
                tally.records += len(batch)
                tally.references += sum(len(record.references) for record in batch)
                alone = [record for record in batch if not _identifiers(record) & shared]
                held += [(source, record) for record in batch if _identifiers(record) & shared]
                if alone:
                    convert_batch(alone, [replace(source, graphs=[record_key(record) for record in alone])])
            if read:
                sources.append(source)
            elif errors is None or not any(e.path == item.path for e in errors):
                result.empty.append(item.path)
        merged = merge_records([], [record for _, record in held])
        kept = {record_key(record) for record in merged}
        for source in sources:  # every source's own provenance, with the graphs of its held records
            source.graphs = list(dict.fromkeys(key for s, r in held if s is source and (key := record_key(r)) in kept))
        for start in range(0, len(merged), batch_records):
            convert_batch(merged[start:start + batch_records], sources if start == 0 else [])
        if not merged and sources:
            convert_batch([], sources)
        result.written = sink.close()
    except BaseException:
        sink.discard()
        raise
    result.tally = {kind: tally for kind, tally in result.tally.items() if tally.records}
    result.skipped = errors or []
    result.triple_count = sink.triple_count
    return result


def _identifiers(record: Publication) -> set[str]:
    """What makes two records one publication (``merge.same_publication``): PMID, DOI."""
    found = set()
    if record.pmid:
        found.add(f"pmid:{record.pmid}")
    if record.doi:
        found.add(f"doi:{record.doi.lower()}")
    return found


def _first_pass(inputs: Sequence[Input], errors: list[InputError] | None) -> tuple[set[str], set[str]]:
    """Read every record once: the identifiers that more than one record has, and the inputs
    that cannot be read to the end (malformed XML), which ``errors`` gets with keep-going.
    Without it, the first bad record or input is raised here, before anything is converted;
    with it, bad records are left to the second pass to report."""
    from ..sources import KINDS

    seen: set[str] = set()
    shared: set[str] = set()
    unreadable: set[str] = set()
    for item in inputs:
        found: set[str] = set()
        try:
            with item.open() as handle:
                for record in KINDS[item.kind].read(handle, item.path, None if errors is None else []):
                    assert isinstance(record, Publication)
                    mine = _identifiers(record)
                    shared |= mine & (seen | found)
                    found |= mine
        except InputError as exc:
            if errors is None:
                raise
            errors.append(exc)
            unreadable.add(item.path)
            continue
        seen |= found
    return shared, unreadable


def _batches(item: Input, errors: list[InputError] | None, size: int) -> Iterator[list[Publication]]:
    """The records of one input in batches of ``size``."""
    from ..sources import KINDS

    batch: list[Publication] = []
    with item.open() as handle:
        for record in KINDS[item.kind].read(handle, item.path, errors):
            assert isinstance(record, Publication)
            batch.append(record)
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


def _check(report: Report, result: Streamed) -> None:
    if not report.conforms():
        raise ValidationFailed("the data does not conform to the shapes: nothing was written", report)
    room = WARNINGS_KEPT - len(result.warnings)
    result.warnings.extend(report.warnings[:room])
    result.more_warnings += max(0, len(report.warnings) - room)


__all__ = ["WARNINGS_KEPT", "Streamed", "convert_streamed", "streamable"]
