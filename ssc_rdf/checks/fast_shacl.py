"""Fast SHACL: the shipped shapes evaluated in Python over pyoxigraph terms, with the same
result rows as pyshacl.

Why: pyshacl (13k-19k triples/s per core) held the corpus pipeline back. One pass over the
quads indexes the predicates the shapes name (all graphs merged, the ontology mixed in, as
pyshacl sees them); each property shape then takes its focus nodes and their values from
the index and applies pyshacl's own rule to every value, rdflib's reading of literals
included, so the rows are identical. The one SPARQL target runs on a Store of the triples
it names. Measured on 1k generated PubMed records (563k triples), CPU of one process:

- SPARQL queries per property shape on a pyoxigraph Store (the first version): 42k triples/s;
  loading the Store alone took 1.8 s per 300k triples, and over the union of graphs a shared
  entity (a journal typed in every record's graph) multiplies the joins;
- Python over the Store's ``quads_for_pattern``: loading plus reading the shapes' predicates
  back (3.5 s per 300k triples) before any check;
- this index, built from the quads directly: 1.6 s per 300k triples, then about 126k
  triples/s overall once Python's garbage collector is paused while it is built.

Only the constraint components of the shipped shapes are supported (``SUPPORTED``); a
shapes graph that uses anything else is refused with ``UnsupportedShapes`` naming it, and
is validated by pyshacl (``checks.shacl``), which stays the reference.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..rdf.typed import Triple
from ..resources import data_dir, ontology_path
from .report import BLANK, SEVERITY_NAMES, SH, Report, Result, short_iri

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = ox.NamedNode(f"{RDF}type")
SUBCLASS = ox.NamedNode(f"{RDFS}subClassOf")

# What the fast path supports: targets, paths, and these constraint parameters.
TARGETS = {f"{SH}targetClass", f"{SH}targetSubjectsOf", f"{SH}target"}  # sh:target: sh:SPARQLTarget only
VALUE_PARAMETERS = {f"{SH}{p}": f"{SH}{c}ConstraintComponent" for p, c in (
    ("datatype", "Datatype"), ("class", "Class"), ("nodeKind", "NodeKind"), ("pattern", "Pattern"),
    ("minLength", "MinLength"), ("languageIn", "LanguageIn"), ("in", "In"), ("or", "Or"))}
FOCUS_PARAMETERS = {f"{SH}minCount": f"{SH}MinCountConstraintComponent",
                    f"{SH}maxCount": f"{SH}MaxCountConstraintComponent",
                    f"{SH}uniqueLang": f"{SH}UniqueLangConstraintComponent"}
DESCRIPTIVE = {f"{RDF}type", f"{RDFS}label", f"{RDFS}comment", f"{SH}name", f"{SH}description", f"{SH}message"}
SUPPORTED = sorted([*TARGETS, f"{SH}SPARQLTarget", f"{SH}select", f"{SH}property", f"{SH}path", f"{SH}alternativePath",
                    f"{SH}severity", *VALUE_PARAMETERS, *FOCUS_PARAMETERS, *DESCRIPTIVE])


class UnsupportedShapes(UsageError):
    """The shapes use something the fast validator does not implement: validate them with pyshacl."""


# -- literals as rdflib (hence pyshacl) sees them ------------------------------------------
INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None), "long": (None, None), "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1),
    "byte": (-128, 127), "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1), "unsignedLong": (0, None),
    "unsignedInt": (0, 2**32 - 1), "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 255)}


def _xsd_date(text: str) -> date:
    """rdflib's ``parse_xsd_date``: a time zone (or time) dropped, then ``date.fromisoformat``."""
    if text.endswith(("Z", "z")):
        text = text[:-1]
    minus = text.startswith("-")
    text = text[1:] if minus else text
    if "T" in text:
        text = text.split("T")[0]
    elif text.rfind("+") > 0:
        text = text[:text.rfind("+")]
    else:
        parts = text.rsplit("-", 1)
        if len(parts) > 1 and ":" in parts[-1]:
            text = parts[0]
    if "-" not in text:
        raise ValueError("XSD Date string must contain at least two dashes")
    return date.fromisoformat("-" + text if minus else text)


def _boolean(text: str) -> bool:
    return text.lower() in ("1", "true")


PARSERS: dict[str, Callable[[str], object]] = {
    **{f"{XSD}{name}": int for name in INTEGER_RANGES}, f"{XSD}boolean": _boolean, f"{XSD}decimal": Decimal,
    f"{XSD}double": float, f"{XSD}float": float, f"{XSD}date": _xsd_date, f"{XSD}dateTime": datetime.fromisoformat,
    f"{XSD}time": time.fromisoformat}
# Datatypes rdflib reads with no conversion: the lexical form is the value.
AS_TEXT = {f"{XSD}string", f"{XSD}normalizedString", f"{XSD}token", f"{XSD}language", f"{XSD}anyURI"}
# Datatypes rdflib converts in ways not reproduced here: an sh:datatype naming one is refused.
NOT_REPRODUCED = {f"{XSD}{n}" for n in ("duration", "dayTimeDuration", "yearMonthDuration", "hexBinary",
                                        "base64Binary")} | {f"{RDF}XMLLiteral", f"{RDF}HTML", f"{RDFS}Literal",
                                                            f"{RDFS}Datatype"}


@dataclass(frozen=True)
class RdflibLiteral:
    """What rdflib makes of a literal: its (normalised) lexical form, value, and whether it is ill-typed."""

    text: str
    value: object
    ill_typed: bool


@lru_cache(maxsize=4096)
def as_rdflib(literal: ox.Literal) -> RdflibLiteral:
    """The literal as rdflib reads it, for the datatypes rdflib checks and normalises.

    Why: pyshacl sees rdflib literals; ``"01"^^xsd:positiveInteger`` is ``1`` in its report,
    and ``"0"^^xsd:positiveInteger`` is ill-typed there. Datatypes rdflib does not convert
    (xsd:gYear, ...) keep their lexical form and are never ill-typed, as in rdflib.
    """
    text, datatype = literal.value, literal.datatype.value
    if literal.language or datatype in AS_TEXT:
        if datatype in (f"{XSD}normalizedString", f"{XSD}token"):
            text = text.replace("\n", " ").replace("\r", " ").replace("\t", " ")
            if datatype == f"{XSD}token":
                text = re.sub(" +", " ", text.strip())  # as rdflib collapses it
        return RdflibLiteral(text, text, False)
    parse = PARSERS.get(datatype)
    if parse is None:
        return RdflibLiteral(text, None, False)
    try:
        value: object = parse(text)
    except (ValueError, ArithmeticError, InvalidOperation):
        return RdflibLiteral(text, None, True)
    name = datatype[len(XSD):]
    if name in INTEGER_RANGES:
        low, high = INTEGER_RANGES[name]
        assert isinstance(value, int)
        ill = (low is not None and value < low) or (high is not None and value > high) or not text
        return RdflibLiteral(str(value), value, ill)
    if name == "boolean":
        return RdflibLiteral(str(value).lower(), value, text not in ("true", "false", "1", "0"))
    if isinstance(value, Decimal):
        return RdflibLiteral(f"{value:f}", value, False)
    if isinstance(value, (date, time)):
        return RdflibLiteral(value.isoformat(), value, False)
    return RdflibLiteral(str(value), value, False)


# The Python types pyshacl's sh:datatype accepts for the datatypes it knows (``_assert_actual_datatype``).
VALUE_TYPES: dict[str, type | tuple[type, ...]] = {
    f"{XSD}string": (str, bytes), f"{RDF}langString": (str, bytes), f"{XSD}integer": int, f"{XSD}float": float,
    f"{XSD}decimal": Decimal, f"{XSD}boolean": bool, f"{XSD}date": date, f"{XSD}time": time,
    f"{XSD}dateTime": datetime}


# -- value constraints: pyshacl's rule for one value node ---------------------------------------
Term = ox.NamedNode | ox.BlankNode | ox.Literal
Values = dict[Term, None]  # a subject's values for one predicate, in the order they came
NORMALISED = {*PARSERS, f"{XSD}normalizedString", f"{XSD}token"}  # datatypes whose lexical form rdflib rewrites


@dataclass
class Data:
    """The triples the shapes look at, merged over all graphs: predicate -> subject -> objects."""

    index: dict[ox.NamedNode, dict[Term, Values]]
    subclasses: dict[str, set[str]]
    instances: dict[str, set[Term]] = field(init=False)  # class IRI -> its direct instances
    members: dict[str, set[Term]] = field(init=False, default_factory=dict)  # ... and its subclasses'

    def __post_init__(self) -> None:
        instances: dict[str, set[Term]] = defaultdict(set)
        for node, types in self.index[TYPE].items():
            for t in types:
                if isinstance(t, ox.NamedNode):
                    instances[t.value].add(node)
        self.instances = instances

    def instances_of(self, cls: str) -> set[Term]:
        """rdf:type/rdfs:subClassOf* ``cls``, as pyshacl's targets and sh:class follow it."""
        found = self.members.get(cls)
        if found is None:
            found = self.members[cls] = set().union(*(self.instances.get(c, ()) for c in self.subclasses[cls]))
        return found


@dataclass
class ValueCheck:
    """One constraint on each value node; ``ok`` is pyshacl's rule."""

    component: str
    ok: Callable[[Term, Data], bool]
    classes: frozenset[str] = frozenset()  # the classes it needs the subclasses of


def _datatype(dt: str) -> ValueCheck:
    if dt in NOT_REPRODUCED:
        raise UnsupportedShapes(f"sh:datatype {short_iri(dt)} is not supported by the fast validator")
    expected = VALUE_TYPES.get(dt)

    def ok(v: Term, data: Data) -> bool:
        if not isinstance(v, ox.Literal):
            return False
        if v.language:
            return dt == f"{RDF}langString"
        if v.datatype.value != dt:
            return False
        if dt not in PARSERS:
            return True  # rdflib reads it as its text, or not at all: never ill-typed
        seen = as_rdflib(v)
        # pyshacl assumes the datatypes it has no Python type for pass, once well-formed
        return not seen.ill_typed and (expected is None or isinstance(seen.value, expected))

    return ValueCheck(f"{SH}DatatypeConstraintComponent", ok)


def _class(cls: str) -> ValueCheck:
    return ValueCheck(f"{SH}ClassConstraintComponent", lambda v, data: v in data.instances_of(cls), frozenset({cls}))


NODE_KINDS = {f"{SH}IRI": (ox.NamedNode,), f"{SH}BlankNode": (ox.BlankNode,), f"{SH}Literal": (ox.Literal,),
              f"{SH}BlankNodeOrIRI": (ox.NamedNode, ox.BlankNode),
              f"{SH}BlankNodeOrLiteral": (ox.BlankNode, ox.Literal), f"{SH}IRIOrLiteral": (ox.NamedNode, ox.Literal)}


def _node_kind(kind: str) -> ValueCheck:
    kinds = NODE_KINDS[kind]
    return ValueCheck(f"{SH}NodeKindConstraintComponent", lambda v, data: isinstance(v, kinds))


def _text(v: Term) -> str:
    """The string pyshacl's string constraints look at (``value_node_to_string``)."""
    if isinstance(v, ox.Literal) and not v.language and v.datatype.value != f"{XSD}string":
        return as_rdflib(v).text
    return v.value


def _pattern(pattern: str) -> ValueCheck:
    compiled = re.compile(pattern)  # pyshacl: Python's re, match or search
    return ValueCheck(f"{SH}PatternConstraintComponent",
                      lambda v, data: not isinstance(v, ox.BlankNode) and compiled.search(_text(v)) is not None)


def _min_length(length: int) -> ValueCheck:
    return ValueCheck(f"{SH}MinLengthConstraintComponent",
                      lambda v, data: length == 0 or (not isinstance(v, ox.BlankNode) and len(_text(v)) >= length))


def _language_in(languages: list[str]) -> ValueCheck:
    wanted = {lang.lower() for lang in languages}

    def ok(v: Term, data: Data) -> bool:
        lang = v.language if isinstance(v, ox.Literal) else None
        if not lang:
            return False
        return "*" in wanted or lang.lower() in wanted or lang.split("-")[0].lower() in wanted

    return ValueCheck(f"{SH}LanguageInConstraintComponent", ok)


def _in(members: list[Term]) -> ValueCheck:
    if not all(isinstance(m, ox.NamedNode) for m in members):
        # rdflib compares literals by value (01 = 1), pyoxigraph by term: not reproduced
        raise UnsupportedShapes("sh:in with literals or blank nodes is not supported by the fast validator")
    allowed = set(members)
    return ValueCheck(f"{SH}InConstraintComponent", lambda v, data: v in allowed)


def _or(alternatives: list[list[ValueCheck]]) -> ValueCheck:
    return ValueCheck(f"{SH}OrConstraintComponent",
                      lambda v, data: any(all(c.ok(v, data) for c in checks) for checks in alternatives),
                      frozenset().union(*(c.classes for checks in alternatives for c in checks)))


# -- compiling the shapes ------------------------------------------------------------------
@dataclass
class PropertyShape:
    """A property shape, compiled: the targets of the node shapes that hold it merged into its
    own (as ``checks.shacl.targeted_property_shapes`` gives them to pyshacl), and its checks."""

    node: Term
    path: list[str]  # predicates; more than one for an sh:alternativePath
    path_name: str
    severity: str
    message: str
    classes: set[str] = field(default_factory=set)
    subjects_of: set[str] = field(default_factory=set)
    selects: list[str] = field(default_factory=list)
    checks: list[ValueCheck] = field(default_factory=list)
    min_count: int | None = None
    max_count: int | None = None
    unique_lang: bool = False


class _Shapes:
    """Reads a shapes graph (pyoxigraph terms) and refuses what the fast path does not support."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.by_subject: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            if not isinstance(t.subject, ox.Triple) and not isinstance(t.object, ox.Triple):
                self.by_subject[t.subject][t.predicate.value].append(t.object)

    def values(self, node: Term, predicate: str) -> list[Term]:
        return self.by_subject.get(node, {}).get(predicate, [])

    def one(self, node: Term, predicate: str) -> Term | None:
        found = self.values(node, predicate)
        if len(found) > 1:
            raise UnsupportedShapes(f"{_name(node)} has {len(found)} values of {short_iri(predicate)}; the fast "
                                    "validator expects one")
        return found[0] if found else None

    def items(self, head: Term) -> list[Term]:
        out: list[Term] = []
        while head != ox.NamedNode(f"{RDF}nil"):
            out.append(self.values(head, f"{RDF}first")[0])
            head = self.values(head, f"{RDF}rest")[0]
        return out

    def refuse_others(self, node: Term, allowed: set[str]) -> None:
        for predicate in self.by_subject.get(node, {}):
            if predicate not in allowed:
                what = VALUE_PARAMETERS.get(predicate) or FOCUS_PARAMETERS.get(predicate) or _component(predicate)
                raise UnsupportedShapes(f"{_name(node)} uses {short_iri(predicate)} ({short_iri(what)}), which the "
                                        "fast validator does not support; validate with pyshacl")

    def value_checks(self, node: Term) -> list[ValueCheck]:
        checks: list[ValueCheck] = []
        for predicate, objects in self.by_subject.get(node, {}).items():
            for o in objects:
                if predicate == f"{SH}datatype":
                    if len(objects) > 1:
                        raise UnsupportedShapes(f"{_name(node)} has more than one sh:datatype")
                    checks.append(_datatype(o.value))
                elif predicate == f"{SH}class":
                    checks.append(_class(o.value))
                elif predicate == f"{SH}nodeKind":
                    checks.append(_node_kind(o.value))
                elif predicate == f"{SH}pattern":
                    if self.values(node, f"{SH}flags"):
                        raise UnsupportedShapes(f"{_name(node)} uses sh:flags")
                    checks.append(_pattern(o.value))
                elif predicate == f"{SH}minLength":
                    checks.append(_min_length(int(o.value)))
                elif predicate == f"{SH}languageIn":
                    checks.append(_language_in([m.value for m in self.items(o)]))
                elif predicate == f"{SH}in":
                    checks.append(_in(self.items(o)))
                elif predicate == f"{SH}or":
                    alternatives = []
                    for member in self.items(o):
                        self.refuse_others(member, {f"{RDF}type", *VALUE_PARAMETERS} - {f"{SH}or"})
                        alternatives.append(self.value_checks(member))
                    checks.append(_or(alternatives))
        return checks


def _component(predicate: str) -> str:
    """sh:hasValue -> sh:HasValueConstraintComponent: how a refused parameter's component is named."""
    local = predicate[len(SH):] if predicate.startswith(SH) else ""
    return f"{SH}{local[:1].upper()}{local[1:]}ConstraintComponent" if local else predicate


def _name(node: Term) -> str:
    return short_iri(node.value) if isinstance(node, ox.NamedNode) else "a blank-node shape"


def compile_shapes(triples: Iterable[ox.Triple]) -> list[PropertyShape]:
    """The property shapes, each with the targets of the node shapes that hold it (as
    ``checks.shacl.targeted_property_shapes`` gives them to pyshacl). Anything outside
    ``SUPPORTED`` raises ``UnsupportedShapes``."""
    g = _Shapes(triples)
    owners: dict[Term, list[Term]] = defaultdict(list)
    for node, predicates in g.by_subject.items():
        for prop in predicates.get(f"{SH}property", []):
            owners[prop].append(node)
    node_shapes = {n for n, ps in g.by_subject.items()
                   if f"{SH}property" in ps or any(t in ps for t in TARGETS)
                   or any(t.value == f"{SH}NodeShape" for t in ps.get(f"{RDF}type", []))} - set(owners)
    property_shapes = set(owners) | {n for n, ps in g.by_subject.items() if f"{SH}path" in ps}
    targets = {t for n in node_shapes | property_shapes for t in g.values(n, f"{SH}target")}
    or_members = {m for n in property_shapes for o in g.values(n, f"{SH}or") for m in g.items(o)}
    for node in node_shapes:
        g.refuse_others(node, {*DESCRIPTIVE, *TARGETS, f"{SH}property"})
    for target in targets:
        if not any(t.value == f"{SH}SPARQLTarget" for t in g.values(target, f"{RDF}type")):
            raise UnsupportedShapes("sh:target other than an sh:SPARQLTarget is not supported by the fast validator")
        g.refuse_others(target, {f"{RDF}type", f"{SH}select"})
    shapes = []
    for node in sorted(property_shapes, key=str):
        g.refuse_others(node, {*DESCRIPTIVE, *TARGETS, f"{SH}path", f"{SH}severity", *VALUE_PARAMETERS,
                               *FOCUS_PARAMETERS})
        shapes.append(_property_shape(g, node, [node, *owners[node]]))
    for node, predicates in g.by_subject.items():  # anything else that speaks SHACL is unknown to us
        if node not in node_shapes | property_shapes | targets | or_members and any(
                p.startswith(SH) for p in predicates):
            g.refuse_others(node, {f"{RDF}type", f"{RDF}first", f"{RDF}rest", f"{SH}alternativePath"})
    return [s for s in shapes if s.classes or s.subjects_of or s.selects]


def _property_shape(g: _Shapes, node: Term, holders: list[Term]) -> PropertyShape:
    path = g.one(node, f"{SH}path")
    if isinstance(path, ox.NamedNode):
        predicates, path_name = [path.value], short_iri(path.value)
    elif isinstance(path, ox.BlankNode):
        g.refuse_others(path, {f"{SH}alternativePath"})  # sh:inversePath, sh:zeroOrMorePath, ...
        predicates, path_name = [p.value for p in g.items(g.values(path, f"{SH}alternativePath")[0])], BLANK
        if not all(isinstance(p, ox.NamedNode) for p in g.items(g.values(path, f"{SH}alternativePath")[0])):
            raise UnsupportedShapes(f"{_name(node)}: only predicates in sh:alternativePath are supported")
    else:
        raise UnsupportedShapes(f"{_name(node)} has no sh:path the fast validator can follow")
    messages = g.values(node, f"{SH}message")
    if len(messages) != 1:
        raise UnsupportedShapes(f"{_name(node)} needs exactly one sh:message for the fast validator "
                                "(pyshacl's generated messages are not reproduced)")
    severity = g.one(node, f"{SH}severity")
    shape = PropertyShape(node, predicates, path_name, severity.value if severity else f"{SH}Violation",
                          messages[0].value, checks=g.value_checks(node))
    for holder in holders:
        shape.classes |= {c.value for c in g.values(holder, f"{SH}targetClass")}
        shape.subjects_of |= {p.value for p in g.values(holder, f"{SH}targetSubjectsOf")}
        for target in g.values(holder, f"{SH}target"):
            select = g.values(target, f"{SH}select")[0].value
            if _target_predicates(select) is None:
                raise UnsupportedShapes(f"{_name(node)}: a SPARQL target with a variable predicate "
                                        "(or a negated path): it could need any triple")
            if select not in shape.selects:
                shape.selects.append(select)
    minimum, maximum, unique = (g.one(node, f"{SH}{p}") for p in ("minCount", "maxCount", "uniqueLang"))
    shape.min_count = int(minimum.value) if minimum else None
    shape.max_count = int(maximum.value) if maximum else None
    shape.unique_lang = unique is not None and unique.value == "true"
    return shape


# -- validating ----------------------------------------------------------------------------
@cache
def compiled_shapes(path: Path | None = None) -> tuple[PropertyShape, ...]:
    """The compiled shapes (the shipped ones by default), once per process."""
    source = path or data_dir("shapes") / "ssc-shapes.ttl"
    try:
        triples = list(ox.parse(path=str(source), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError) as exc:
        raise InputError(f"cannot parse shapes: {exc}".splitlines()[0], path=str(source)) from exc
    return tuple(compile_shapes(triples))


@cache
def _ontology() -> tuple[Triple, ...]:
    return tuple(_triples(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)))


def _triples(quads: Iterable[ox.Quad]) -> Iterator[Triple]:
    for quad in quads:
        yield quad.subject, quad.predicate, quad.object  # type: ignore[misc]  # no RDF-star here


@cache
def _target_predicates(select: str) -> frozenset[ox.NamedNode] | None:
    """The predicates a SPARQL target can use, from its parse (``sparql.prepare``), and rdf:type
    and rdfs:subClassOf; None when it has a variable predicate.

    Why: the target runs on a Store of these triples only, not of the whole data (loading all
    of it took longer than validating it).
    """
    from .sparql_target import MalformedTarget, target_predicates

    try:
        named = target_predicates(select)
    except MalformedTarget as exc:
        raise UnsupportedShapes(f"a SPARQL target that does not parse: {exc}") from None
    return None if named is None else frozenset({ox.NamedNode(iri) for iri in named} | {TYPE, SUBCLASS})


def _index(triples: Iterable[Triple], predicates: set[ox.NamedNode]) -> dict[ox.NamedNode, dict[Term, Values]]:
    """One pass over the triples, the shapes' predicates indexed: the whole cost of reading the data
    (a Store took longer to load than this takes, and quads_for_pattern as long again to read).
    Each subject's values in the order they come, as rdflib's graph keeps the first of equal ones."""
    index: dict[ox.NamedNode, dict[Term, Values]] = {p: defaultdict(dict) for p in predicates}
    found = index.get
    for subject, predicate, value in triples:
        by_subject = found(predicate)
        if by_subject is not None:
            by_subject[subject][value] = None
    return index


def _target_store(data: Data, selects: list[str]) -> ox.Store:
    """The triples the SPARQL targets can use (``_target_predicates``), merged, in a Store."""
    store = ox.Store()
    for predicate in set().union(*(_target_predicates(select) or () for select in selects)):
        store.extend(ox.Quad(s, predicate, o)  # type: ignore[arg-type]  # a literal subject cannot be indexed
                     for s, objects in data.index.get(predicate, {}).items() for o in objects)
    return store


def _subclasses(index: dict[ox.NamedNode, dict[Term, Values]], classes: Iterable[str]) -> dict[str, set[str]]:
    """Each class with its subclasses (rdfs:subClassOf*, in the data and the ontology)."""
    below: dict[str, set[str]] = defaultdict(set)
    for child, parents in index.get(SUBCLASS, {}).items():
        for parent in parents:
            if isinstance(child, ox.NamedNode) and isinstance(parent, ox.NamedNode):
                below[parent.value].add(child.value)
    out = {}
    for cls in classes:
        found, todo = {cls}, [cls]
        while todo:
            for sub in below.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        out[cls] = found
    return out


def _focus_nodes(shape: PropertyShape, data: Data, store: ox.Store | None) -> set[Term]:
    """The shape's focus nodes: instances of its classes (and subclasses), subjects of its
    predicates, the rows of its SPARQL targets."""
    nodes: set[Term] = set()
    for cls in shape.classes:
        nodes |= data.instances_of(cls)
    for predicate in shape.subjects_of:
        nodes |= data.index[ox.NamedNode(predicate)].keys()
    for select in shape.selects:
        assert store is not None
        nodes |= {row["this"] for row in store.query(select)}  # type: ignore[union-attr]
    return nodes


def _results(shape: PropertyShape, focus: set[Term], data: Data) -> Iterator[tuple[Term, str, Term | None]]:
    """(focus node, constraint component, value node or None) of every result of one shape."""
    predicates = [ox.NamedNode(p) for p in shape.path]
    by_subject = [data.index[p] for p in predicates]
    empty: Values = {}
    low, high = shape.min_count or 0, shape.max_count
    for node in focus:
        values = by_subject[0].get(node, empty)
        if len(by_subject) > 1:
            values = dict.fromkeys(chain(values, *(b.get(node, empty) for b in by_subject[1:])))
        if len(values) > 1:
            values = _as_rdflib_tells_apart(values)
        if len(values) < low:
            yield node, f"{SH}MinCountConstraintComponent", None
        if high is not None and len(values) > high:
            yield node, f"{SH}MaxCountConstraintComponent", None
        for v in values:
            for check in shape.checks:
                if not check.ok(v, data):
                    yield node, check.component, v
        if shape.unique_lang:
            langs = [v.language.lower() for v in values if isinstance(v, ox.Literal) and v.language]
            for _ in {lang for lang in langs if langs.count(lang) > 1}:
                yield node, f"{SH}UniqueLangConstraintComponent", None


def _as_rdflib_tells_apart(values: Values) -> Values:
    """The first of each set of literals rdflib reads as one: it normalises the lexical form of
    the datatypes it converts and the whitespace of xsd:token and xsd:normalizedString (``"01"``
    and ``"1"`` as xsd:integer are one literal in its graph), and its graph keeps the first one
    added, which decides whether the value is ill-typed (``"TRUE"`` and ``"true"`` as
    xsd:boolean), so pyshacl counts and checks that one once."""
    if sum(isinstance(v, ox.Literal) and v.datatype.value in NORMALISED for v in values) < 2:
        return values
    kept: dict[object, Term] = {}
    for value in values:
        key = (as_rdflib(value).text, value.datatype.value) \
            if isinstance(value, ox.Literal) and value.datatype.value in NORMALISED else value
        kept.setdefault(key, value)
    return dict.fromkeys(kept.values())


def _short(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return short_iri(term.value)
    if isinstance(term, ox.Literal):
        return as_rdflib(term).text
    return BLANK


@contextmanager
def _without_gc() -> Iterator[None]:
    """Python's cyclic garbage collector off while the index is built: it has no cycles to find
    there, and walking its millions of new objects again and again took 45% of the time
    (measured on 1k PubMed records: 6.4-7.0 s with it, 3.8-4.0 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate(quads: Iterable[ox.Quad], shapes: tuple[PropertyShape, ...] | None = None) -> Report:
    """``checks.shacl.validate`` for the shipped shapes: the quads (all graphs merged) with the ontology."""
    return validate_triples(_triples(quads), shapes)


def validate_triples(triples: Iterable[Triple], shapes: tuple[PropertyShape, ...] | None = None) -> Report:
    """``validate`` for the mapping's triples (``GraphTriples``), which need no quads made."""
    with _without_gc():
        return _validate(triples, shapes if shapes is not None else compiled_shapes())


def _validate(triples: Iterable[Triple], shapes: tuple[PropertyShape, ...]) -> Report:
    selects = [select for s in shapes for select in s.selects]
    predicates = {ox.NamedNode(p) for s in shapes for p in [*s.path, *s.subjects_of]} | {TYPE, SUBCLASS}
    for select in selects:
        predicates |= _target_predicates(select) or frozenset()  # compile_shapes refused None
    index = _index(chain(triples, _ontology()), predicates)
    classes = {c for s in shapes for c in s.classes} | {c for s in shapes for check in s.checks for c in check.classes}
    data = Data(index, _subclasses(index, classes))
    store = _target_store(data, selects) if selects else None
    rows = []
    for shape in shapes:
        for focus, component, value in _results(shape, _focus_nodes(shape, data, store), data):
            rows.append(Result(
                severity=SEVERITY_NAMES.get(shape.severity, shape.severity), focus=_short(focus),
                path=shape.path_name, value=_short(value), message=shape.message, shape=_short(shape.node),
                constraint=short_iri(component)))
    return Report(sorted(rows))


__all__ = ["SUPPORTED", "UnsupportedShapes", "as_rdflib", "compile_shapes", "compiled_shapes", "validate",
           "validate_triples"]
