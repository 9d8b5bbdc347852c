"""The Python API behind the command line: read inputs, map them, write the results.

    from ssc_rdf.api import convert, write
    result = convert(["data/velier-2022.yaml"], base="https://example.org/")
    write(result, Path("dist"), ["turtle", "json-ld"])
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, UsageError
from .formats import RdfFormat, format_for_path, get_format
from .iris import Minter
from .iris import slug
from .mapping import Mapper, Quad
from .mentions import MentionFinder
from .merge import merge_records
from .model import Publication, Review, SourceFile
from .namespaces import DEFAULT_BASE
from .sinks.files import serialize_all, write_all
from .sources import curated_yaml
from .vocabulary import ontology_entities

@dataclass
class Conversion:
    """What one conversion produced: the quads, and the records they came from."""

    quads: list[Quad]
    reviews: list[Review] = field(default_factory=list)
    records: list[Publication] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)

    @property
    def triple_count(self) -> int:
        return len({q[:3] for q in self.quads})


@dataclass(frozen=True)
class WrittenFile:
    path: str  # "-" for standard output
    format: RdfFormat
    size: int


@dataclass
class Inputs:
    """Everything read: curated reviews, imported records, and the files they came from."""

    reviews: list[Review] = field(default_factory=list)
    records: list[Publication] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files as given; directories replaced by the files they hold that ssc-rdf can read."""
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        if item == "-":
            out.append(item)
        elif path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
                           and _kind(p.open("rb").read(8192)) is not None)
            if not found:
                raise InputError("the directory holds no file ssc-rdf can read", path=item)
            out.extend(found)
        elif not path.exists():
            raise InputError("no such file or directory", path=item)
        else:
            out.append(item)
    return out


def _kind(head: bytes) -> str | None:
    from .sources.detect import detect

    return detect(head)


def read_inputs(inputs: Sequence[str], keep_going: bool = False) -> Inputs:
    """Read every input by its kind (told by content). Bad records stop the run unless ``keep_going``."""
    from .sources import medline, pubmed_page, pubmed_xml

    result = Inputs()
    errors: list[InputError] | None = [] if keep_going else None
    for item in expand_inputs(inputs):
        raw = sys.stdin.buffer.read() if item == "-" else Path(item).read_bytes()
        name = "-" if item == "-" else item
        kind = _kind(raw[:8192])
        if kind is None:
            raise InputError("cannot tell what this is: not a curated review (ssc-rdf: 1), PubMed XML, "
                             "MEDLINE text or a PubMed page", path=name, line=1)
        source = SourceFile(_source_key(name), _file_name(name), hashlib.sha256(raw).hexdigest())
        result.files.append(source)
        stream = io.BytesIO(raw)
        if kind == "curated-yaml":
            review = curated_yaml.read(stream, name=name)
            review.source_path, review.source_sha256 = name, source.sha256
            result.reviews.append(review)
            source.graphs.append(review.key)
            continue
        if kind == "pubmed-xml":
            records = list(pubmed_xml.read(io.BufferedReader(stream), name=name, errors=errors))
        elif kind == "medline":
            records = list(medline.read(stream, name=name, errors=errors))
        else:
            records = [pubmed_page.read(stream, name=name)]
        for record in records:
            result.records.append(record)
            source.graphs.append(record_key(record))
    if errors:
        result.skipped.extend(errors)
    _check_unique_review_keys(result.reviews)
    return result


def record_key(pub: Publication) -> str:
    """The document key (named graph) of an imported record."""
    if pub.pmid:
        return f"pmid-{pub.pmid}"
    if pub.doi:
        return "doi-" + slug(pub.doi, 20)
    return slug(pub.title, 8)


def _source_key(name: str) -> str:
    return slug(_file_name(name), 12) if name != "-" else "stdin"


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _check_unique_review_keys(reviews: list[Review]) -> None:
    keys: dict[str, str] = {}
    for review in reviews:
        if review.key in keys:
            raise InputError(
                f"duplicate identifier {review.key!r}: also the id of {keys[review.key]}",
                path=review.source_path, line=1, field="id",
            )
        keys[review.key] = review.source_path or "-"


def read_reviews(inputs: Sequence[str]) -> list[Review]:
    return read_inputs(inputs).reviews


def generation_time(inputs: Sequence[str]) -> str:
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
        files = [Path(p) for p in expand_inputs(inputs) if p != "-"]
        stamp = max((p.stat().st_mtime for p in files), default=datetime.datetime.now().timestamp())
    moment = datetime.datetime.fromtimestamp(int(stamp), tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def convert(inputs: Sequence[str], base: str = DEFAULT_BASE, keep_going: bool = False,
            mentions: bool = True) -> Conversion:
    """Read inputs of any kind and map them to quads (one named graph per document).

    An imported record of a curated publication (same DOI or PMID) is merged into the
    curated record: one resource, not two.
    """
    try:
        minter = Minter(base)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    read = read_inputs(inputs, keep_going)
    standalone = merge_records(read.reviews, read.records)
    for source in read.files:
        keep = {record_key(r) for r in standalone}
        source.graphs = [g for g in source.graphs if g in keep or g in {r.key for r in read.reviews}]
    entities = dict(ontology_entities())
    for review in read.reviews:
        entities.update({e.key: e for e in review.entities})
    finder = MentionFinder(entities.values()) if mentions else None
    mapper = Mapper(minter, dict(ontology_entities()))
    quads: list[Quad] = []
    for review in read.reviews:
        quads.extend(mapper.review(review, finder))
    for record in standalone:
        quads.extend(mapper.record(record_key(record), record, finder))
    quads.extend(mapper.provenance(read.files, generation_time(inputs)))
    return Conversion(quads, read.reviews, standalone, read.skipped)


def plan_outputs(out: str, formats: Sequence[str], stem: str) -> list[tuple[str, RdfFormat]]:
    """Where each format goes: ``-``, one file, or one file per format in a directory."""
    chosen = [get_format(f) for f in formats]
    if out == "-":
        if len(chosen) > 1:
            raise UsageError("only one --format can be written to standard output")
        return [("-", chosen[0] if chosen else get_format("turtle"))]
    if out.endswith(("/", os.sep)) or Path(out).is_dir():
        chosen = chosen or [get_format(f) for f in ("turtle", "json-ld", "nt")]
        return [(str(Path(out) / f"{stem}{fmt.extension}"), fmt) for fmt in chosen]
    if len(chosen) > 1:
        raise UsageError("several formats need a directory: end -o with '/'")
    fmt = chosen[0] if chosen else format_for_path(out)
    if fmt is None:
        raise UsageError(f"cannot tell the format of {out!r} from its extension: give -f")
    return [(out, fmt)]


def write(conversion: Conversion, out: str, formats: Sequence[str] = (), stem: str | None = None) -> list[WrittenFile]:
    """Serialise and write; all files appear together or none does."""
    stem = stem or (Path(conversion.reviews[0].source_path).stem if len(conversion.reviews) == 1
                    and conversion.reviews[0].source_path not in (None, "-") else "dataset")
    planned = plan_outputs(out, formats, stem)
    by_name = serialize_all(conversion.quads, [fmt for _, fmt in planned])
    rendered = [(target, fmt, by_name[fmt.name]) for target, fmt in planned]
    if planned[0][0] == "-":
        sys.stdout.buffer.write(rendered[0][2])
        sys.stdout.buffer.flush()
    else:
        write_all({Path(target): data for target, _, data in rendered})
    return [WrittenFile(target, fmt, len(data)) for target, fmt, data in rendered]


def validate(conversion: Conversion, shapes: str | Path | None = None):
    """SHACL-validate a conversion's triples (with the ontology)."""
    from .checks.shacl import load_shapes
    from .checks.shacl import validate as shacl_validate
    from .sinks.files import triple_graph

    return shacl_validate(triple_graph(conversion.quads, ordered=False), load_shapes(Path(shapes)) if shapes else None,
                         consume=True)


def add_inferred_types(conversion: Conversion, base: str = DEFAULT_BASE) -> int:
    """Add the ssc: types HermiT infers to the conversion, in their own named graph."""
    from rdflib import URIRef

    from .checks.reasoning import reason
    from .checks.shacl import load_ontology
    from .namespaces import RDF
    from .sinks.files import triple_graph

    result = reason(load_ontology(), triple_graph(conversion.quads))
    graph = URIRef(Minter(base).graph("inferred"))
    added = [(individual, RDF.type, cls, graph) for individual, cls in sorted(result.inferred_types)]
    conversion.quads.extend(added)
    return len(added)
