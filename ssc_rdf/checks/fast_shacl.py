"""Fast SHACL: the shipped shapes evaluated on a pyoxigraph Store, with the same result rows as pyshacl.

Why: pyshacl (about 19k triples/s per core) held the corpus pipeline back. Here each
property shape becomes a few SPARQL queries that pyoxigraph runs in Rust over the data
(all graphs merged, the ontology mixed in, as pyshacl sees it): the query returns only the
values that *might* break a value constraint (its filter keeps what surely conforms out),
and Python then applies pyshacl's own rule to those few rows, so the rows are identical.
The other way, Python over ``quads_for_pattern``, had to turn every value into a Python
object first: measured on 1k PubMed records (600k triples), scanning the shapes'
predicates alone took 1.1 s of CPU, while one property shape's query takes about 0.06 s.

Only the constraint components of the shipped shapes are supported (``SUPPORTED``); a
shapes graph that uses anything else is refused with ``UnsupportedShapes`` naming it, and
is validated by pyshacl (``checks.shacl``), which stays the reference.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..errors import UsageError
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
SUPPORTED = sorted([*TARGETS, f"{SH}SPARQLTarget", f"{SH}property", f"{SH}path", f"{SH}alternativePath",
                    f"{SH}severity", *VALUE_PARAMETERS, *FOCUS_PARAMETERS, *DESCRIPTIVE])
SHAPE_TYPES = {f"{SH}NodeShape", f"{SH}PropertyShape"}


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
                text = " ".join(text.split(" ")).strip()  # rdflib collapses runs of spaces
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


# A Store keeps valid literals of these datatypes as xsd:integer or xsd:dateTime: where a shape checks
# one of them, the data's literals are stored under a private datatype IRI instead, and read back.
COLLAPSING = {f"{XSD}{name}" for name in INTEGER_RANGES} | {f"{XSD}dateTime", f"{XSD}dateTimeStamp"}
PRIVATE = "urn:x-ssc-rdf:fast-shacl:xsd#"


def _stored(datatype: str) -> str:
    return PRIVATE + datatype[len(XSD):] if datatype in COLLAPSING else datatype


def _original(term: Term) -> Term:
    """A value read from the Store as the data had it (its private datatype undone)."""
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(PRIVATE):
        return ox.Literal(term.value, datatype=ox.NamedNode(XSD + term.datatype.value[len(PRIVATE):]))
    return term


# The Python types pyshacl's sh:datatype accepts for the datatypes it knows (``_assert_actual_datatype``).
VALUE_TYPES: dict[str, type | tuple[type, ...]] = {
    f"{XSD}string": (str, bytes), f"{RDF}langString": (str, bytes), f"{XSD}integer": int, f"{XSD}float": float,
    f"{XSD}decimal": Decimal, f"{XSD}boolean": bool, f"{XSD}date": date, f"{XSD}time": time,
    f"{XSD}dateTime": datetime}


# -- value constraints: a SPARQL filter that lets only possible failures through, and pyshacl's rule --
Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Context:
    """What the rules need from the data: the types of nodes and each class's subclasses."""

    store: ox.Store
    subclasses: dict[str, set[str]]

    def is_instance(self, node: Term, cls: str) -> bool:
        if isinstance(node, ox.Literal):
            return False
        wanted = self.subclasses.get(cls, {cls})
        return any(isinstance(q.object, ox.NamedNode) and q.object.value in wanted
                   for q in self.store.quads_for_pattern(node, TYPE, None))


@dataclass
class ValueCheck:
    """One constraint on each value node: ``sparql`` is true only of values pyshacl accepts;
    ``ok`` is pyshacl's rule itself."""

    component: str
    sparql: Callable[[Context], str]
    ok: Callable[[Term, Context], bool]
    classes: frozenset[str] = frozenset()  # the classes it needs the subclasses of
    datatypes: frozenset[str] = frozenset()  # the datatypes it checks


def _iri(value: str) -> str:
    return f"<{value}>"


def _datatype(dt: str) -> ValueCheck:
    if dt in NOT_REPRODUCED:
        raise UnsupportedShapes(f"sh:datatype {short_iri(dt)} is not supported by the fast validator")

    def ok(v: Term, ctx: Context) -> bool:
        if not isinstance(v, ox.Literal):
            return False
        if v.language:
            return dt == f"{RDF}langString"
        if v.datatype.value != dt:
            return False
        seen = as_rdflib(v)
        if seen.ill_typed:
            return False
        expected = VALUE_TYPES.get(dt)
        return expected is None or isinstance(seen.value, expected)  # pyshacl assumes the others pass

    def sparql(ctx: Context) -> str:
        if dt == f"{RDF}langString":
            return "(isLiteral(?v) && lang(?v) != \"\")"
        surely = f"(isLiteral(?v) && datatype(?v) = {_iri(_stored(dt))})"
        if dt in PARSERS:  # rdflib parses these: only canonical forms surely pass
            canonical = CANONICAL.get(dt)
            return f"({surely} && REGEX(STR(?v), \"{canonical}\"))" if canonical else "false"
        return surely

    return ValueCheck(f"{SH}DatatypeConstraintComponent", sparql, ok, datatypes=frozenset({dt}))


# Lexical forms every parser (Rust's and rdflib's) reads the same way, without normalising them.
CANONICAL = {f"{XSD}positiveInteger": "^[1-9][0-9]{0,17}$", f"{XSD}nonNegativeInteger": "^(0|[1-9][0-9]{0,17})$",
             f"{XSD}integer": "^(0|-?[1-9][0-9]{0,17})$", f"{XSD}boolean": "^(true|false)$",
             f"{XSD}date": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"}


def _class(cls: str) -> ValueCheck:
    def sparql(ctx: Context) -> str:
        return f"EXISTS {{ {_instance('?v', ctx.subclasses.get(cls, {cls}), '?t')} }}"

    return ValueCheck(f"{SH}ClassConstraintComponent", sparql, lambda v, ctx: ctx.is_instance(v, cls),
                      frozenset({cls}))


NODE_KINDS = {f"{SH}IRI": ("isIRI(?v)", (ox.NamedNode,)), f"{SH}BlankNode": ("isBlank(?v)", (ox.BlankNode,)),
              f"{SH}Literal": ("isLiteral(?v)", (ox.Literal,)),
              f"{SH}BlankNodeOrIRI": ("!isLiteral(?v)", (ox.NamedNode, ox.BlankNode)),
              f"{SH}BlankNodeOrLiteral": ("!isIRI(?v)", (ox.BlankNode, ox.Literal)),
              f"{SH}IRIOrLiteral": ("!isBlank(?v)", (ox.NamedNode, ox.Literal))}


def _node_kind(kind: str) -> ValueCheck:
    expression, kinds = NODE_KINDS[kind]
    return ValueCheck(f"{SH}NodeKindConstraintComponent", lambda ctx: expression,
                      lambda v, ctx: isinstance(v, kinds))


def _text(v: Term) -> str:
    """The string pyshacl's string constraints look at (``value_node_to_string``)."""
    return as_rdflib(v).text if isinstance(v, ox.Literal) else v.value


def _pattern(pattern: str) -> ValueCheck:
    compiled = re.compile(pattern)  # pyshacl: Python's re, match or search

    return ValueCheck(f"{SH}PatternConstraintComponent", lambda ctx: "false",
                      lambda v, ctx: not isinstance(v, ox.BlankNode) and compiled.search(_text(v)) is not None)


def _min_length(length: int) -> ValueCheck:
    def sparql(ctx: Context) -> str:
        return (f"(isLiteral(?v) && (lang(?v) != \"\" || datatype(?v) = {_iri(XSD + 'string')}) "
                f"&& STRLEN(?v) >= {length})")

    return ValueCheck(f"{SH}MinLengthConstraintComponent", sparql,
                      lambda v, ctx: length == 0 or (not isinstance(v, ox.BlankNode) and len(_text(v)) >= length))


def _language_in(languages: list[str]) -> ValueCheck:
    wanted = {lang.lower() for lang in languages}

    def ok(v: Term, ctx: Context) -> bool:
        lang = v.language if isinstance(v, ox.Literal) else None
        if not lang:
            return False
        return "*" in wanted or lang.lower() in wanted or lang.split("-")[0].lower() in wanted

    listed = ", ".join(f"\"{lang}\"" for lang in sorted(wanted))
    return ValueCheck(f"{SH}LanguageInConstraintComponent",
                      lambda ctx: f"(isLiteral(?v) && LCASE(lang(?v)) IN ({listed}))", ok)


def _in(members: list[Term]) -> ValueCheck:
    if not all(isinstance(m, ox.NamedNode) for m in members):
        raise UnsupportedShapes("sh:in with literals or blank nodes is not supported by the fast validator")
    allowed = set(members)
    listed = ", ".join(_iri(m.value) for m in members)
    return ValueCheck(f"{SH}InConstraintComponent", lambda ctx: f"(isIRI(?v) && ?v IN ({listed}))",
                      lambda v, ctx: v in allowed)


def _or(alternatives: list[list[ValueCheck]]) -> ValueCheck:
    def sparql(ctx: Context) -> str:
        return "(" + " || ".join("(" + " && ".join(c.sparql(ctx) for c in checks) + ")"
                                 for checks in alternatives) + ")"

    return ValueCheck(f"{SH}OrConstraintComponent", sparql,
                      lambda v, ctx: any(all(c.ok(v, ctx) for c in checks) for checks in alternatives),
                      frozenset().union(*(c.classes for checks in alternatives for c in checks)),
                      frozenset().union(*(c.datatypes for checks in alternatives for c in checks)))


# -- compiling the shapes ------------------------------------------------------------------
@dataclass
class PropertyShape:
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
            if re.match(r"\s*(PREFIX|BASE)\b", select, re.IGNORECASE):
                raise UnsupportedShapes(f"{_name(node)}: a SPARQL target with PREFIX or BASE declarations")
            if select not in shape.selects:
                shape.selects.append(select)
    minimum, maximum, unique = (g.one(node, f"{SH}{p}") for p in ("minCount", "maxCount", "uniqueLang"))
    shape.min_count = int(minimum.value) if minimum else None
    shape.max_count = int(maximum.value) if maximum else None
    shape.unique_lang = unique is not None and unique.value == "true"
    return shape


# -- validating ----------------------------------------------------------------------------
@cache
def shipped_shapes(path: Path | None = None) -> tuple[PropertyShape, ...]:
    """The compiled shapes (the shipped ones by default), once per process."""
    source = path or data_dir("shapes") / "ssc-shapes.ttl"
    return tuple(compile_shapes(ox.parse(path=str(source), format=ox.RdfFormat.TURTLE)))


@cache
def _ontology() -> tuple[ox.Quad, ...]:
    return tuple(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))


def _subclasses(store: ox.Store, classes: Iterable[str]) -> dict[str, set[str]]:
    """Each class with its subclasses (rdfs:subClassOf*, in the data and the ontology)."""
    below: dict[str, set[str]] = defaultdict(set)
    for q in store.quads_for_pattern(None, SUBCLASS, None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            below[q.object.value].add(q.subject.value)
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


def _instance(var: str, classes: set[str], type_var: str) -> str:
    """A pattern: ``var`` is an instance of one of ``classes`` (not VALUES: over the union of
    graphs pyoxigraph ran that thirty times slower, 1.4 s against 0.04 s on 300k triples)."""
    if len(classes) == 1:
        return f"{var} a {_iri(next(iter(classes)))} ."
    listed = ", ".join(_iri(c) for c in sorted(classes))
    return f"{var} a {type_var} . FILTER({type_var} IN ({listed}))"


def _focus(shape: PropertyShape, ctx: Context) -> str:
    """A subquery binding ?this to the shape's focus nodes, each once: a journal typed in every
    record's graph would otherwise be joined with its title once per record, squared."""
    parts = []
    if shape.classes:
        parts.append("{ " + _instance("?this", set().union(*(ctx.subclasses[c] for c in shape.classes)),
                                      "?target") + " }")
    parts += [f"{{ ?this {_iri(p)} [] }}" for p in sorted(shape.subjects_of)]
    parts += [f"{{ {select} }}" for select in shape.selects]
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _path(shape: PropertyShape) -> str:
    return "(" + "|".join(_iri(p) for p in shape.path) + ")"


def _rows(store: ox.Store, query: str) -> Iterable[ox.QuerySolution]:
    return store.query(query, use_default_graph_as_union=True)  # type: ignore[return-value]


def _results(shape: PropertyShape, ctx: Context) -> list[tuple[Term, str, Term | None]]:
    """(focus node, constraint component, value node or None) of every result of one shape."""
    focus, path = _focus(shape, ctx), _path(shape)
    out: list[tuple[Term, str, Term | None]] = []
    if shape.checks:
        surely = " && ".join(c.sparql(ctx) for c in shape.checks)
        # COALESCE: a filter that raised an error would drop the row, and a failure with it
        query = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {path} ?v . FILTER(!COALESCE({surely}, false)) }}"
        for row in _rows(ctx.store, query):
            this, v = row["this"], _original(row["v"])
            out += [(this, c.component, v) for c in shape.checks if not c.ok(v, ctx)]
    if shape.min_count or shape.max_count is not None:
        low, high = shape.min_count or 0, shape.max_count
        bad = [f"?n < {low}"] if low else []
        bad += [f"?n > {high}"] if high is not None else []
        join = f"OPTIONAL {{ ?this {path} ?v }}" if low else f"?this {path} ?v ."
        query = (f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} {join} }} "
                 f"GROUP BY ?this }} FILTER({' || '.join(bad)}) }}")
        for row in _rows(ctx.store, query):
            n = int(row["n"].value)
            component = "MinCount" if n < low else "MaxCount"
            out.append((row["this"], f"{SH}{component}ConstraintComponent", None))
    if shape.unique_lang:
        query = (f"SELECT ?this ?lang WHERE {{ {focus} ?this {path} ?v . FILTER(isLiteral(?v) && lang(?v) != \"\") "
                 f"BIND(LCASE(lang(?v)) AS ?lang) }} GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?v) > 1)")
        out += [(row["this"], f"{SH}UniqueLangConstraintComponent", None) for row in _rows(ctx.store, query)]
    return out


def _short(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return short_iri(term.value)
    if isinstance(term, ox.Literal):
        return as_rdflib(term).text
    return BLANK


def validate_store(store: ox.Store, shapes: tuple[PropertyShape, ...] | None = None) -> Report:
    """Validate a store that holds the data and the ontology (any graphs: they are merged)."""
    shapes = shapes if shapes is not None else shipped_shapes()
    classes = {c for s in shapes for c in s.classes} | {c for s in shapes for check in s.checks for c in check.classes}
    ctx = Context(store, _subclasses(store, classes))
    rows = []
    for shape in shapes:
        for focus, component, value in _results(shape, ctx):
            rows.append(Result(
                severity=SEVERITY_NAMES.get(shape.severity, shape.severity), focus=_short(focus),
                path=shape.path_name, value=_short(value), message=shape.message, shape=_short(shape.node),
                constraint=short_iri(component)))
    return Report(sorted(rows))


def _special(shapes: tuple[PropertyShape, ...]) -> frozenset[ox.NamedNode]:
    """The predicates whose literals must keep their datatype in the Store (see ``COLLAPSING``)."""
    return frozenset(ox.NamedNode(p) for s in shapes for c in s.checks if c.datatypes & COLLAPSING for p in s.path)


def _kept(quads: Iterable[ox.Quad], special: frozenset[ox.NamedNode]) -> Iterator[ox.Quad]:
    for q in quads:
        if q.predicate in special:
            o = q.object
            if isinstance(o, ox.Literal) and o.datatype.value in COLLAPSING:
                private = ox.Literal(o.value, datatype=ox.NamedNode(_stored(o.datatype.value)))
                q = ox.Quad(q.subject, q.predicate, private, q.graph_name)
        yield q


def validate(quads: Iterable[ox.Quad], shapes: tuple[PropertyShape, ...] | None = None) -> Report:
    """``checks.shacl.validate`` for the shipped shapes: the quads (all graphs merged) with the ontology."""
    shapes = shapes if shapes is not None else shipped_shapes()
    store = ox.Store()
    special = _special(shapes)
    store.extend(_kept(quads, special) if special else quads)
    store.extend(_kept(_ontology(), special) if special else _ontology())
    return validate_store(store, shapes)


__all__ = ["SUPPORTED", "UnsupportedShapes", "as_rdflib", "compile_shapes", "shipped_shapes", "validate"]
