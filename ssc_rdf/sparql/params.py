"""Parameters of the competency questions: ``--param disease=MONDO:0005100`` asks a shipped
question about another disease than systemic sclerosis.

A question declares each parameter in its header, ``# Parameter: disease (?askedDisease): a
disease; default ssc:systemic-sclerosis``, and binds its variable with one line
``VALUES ?askedDisease { ssc:systemic-sclerosis }``, so the file as shipped runs unchanged in
any SPARQL engine. A value given is parsed into an RDF term first (pyoxigraph checks IRIs) and
that term, written in N-Triples syntax, replaces the default in the VALUES line: what a user
types never becomes query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from ..errors import UsageError
from ..identifiers import DOI_RE, KEY_RE
from ..rdf import DEFAULT_BASE
from ..rdf.prefixes import prefix_map
from ..rdf.terms import SKOS
from ..resources import ontology_path
from ..vocabulary import KIND_CLASSES, ontology_entities

_DECLARATION = re.compile(
    r"^# Parameter: (?P<name>\w+) \(\?(?P<variable>\w+)\): an? (?P<kind>[\w-]+); default (?P<default>\S+)[ \t]*$",
    re.MULTILINE)
_CURIE = re.compile(r"^(?P<prefix>[A-Za-z][\w.-]*):(?P<local>\S+)$")

Term = ox.NamedNode | ox.Literal


@dataclass(frozen=True)
class Parameter:
    name: str  # as given on the command line
    variable: str  # the query's variable, bound by its VALUES line
    kind: str  # a kind of the vocabulary (disease, tissue...) or "doi"
    default: str  # as the query writes it

    def describe(self) -> str:
        """``disease=ssc:systemic-sclerosis (a disease: key, CURIE or IRI)``, for listings."""
        accepts = "a DOI" if self.kind == "doi" else f"a {self.kind}: key, CURIE or IRI"
        return f"{self.name}={self.default} ({accepts})"


def declared(text: str) -> list[Parameter]:
    """The parameters a query's header declares."""
    return [Parameter(m["name"], m["variable"], m["kind"], m["default"]) for m in _DECLARATION.finditer(text)]


def parse_assignments(assignments: tuple[str, ...] | list[str], parameters: list[Parameter]) -> dict[str, str]:
    """``("disease=MONDO:0005100",)`` -> ``{"disease": "MONDO:0005100"}``, names checked."""
    known = {p.name for p in parameters}
    out: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals or not value.strip():
            raise UsageError(f"--param {assignment!r}: write NAME=VALUE")
        if name not in known:
            offered = ", ".join(sorted(known)) or "none"
            raise UsageError(f"--param {name}: this question has no such parameter (its parameters: {offered})")
        out[name] = value.strip()
    return out


def bind(text: str, values: dict[str, str], base: str = DEFAULT_BASE) -> str:
    """The query with each given parameter's VALUES line binding the term of its value instead."""
    by_name = {p.name: p for p in declared(text)}
    for name, value in values.items():
        parameter = by_name[name]
        line = re.compile(rf"^([ \t]*)VALUES \?{parameter.variable} \{{ [^\n{{}}]* \}}[ \t]*$", re.MULTILINE)
        if len(line.findall(text)) != 1:
            raise UsageError(f"the query binds ?{parameter.variable} in no single VALUES line: cannot set {name}")
        binding = f"VALUES ?{parameter.variable} {{ {term(parameter, value, base)} }}"
        text = line.sub(lambda m, b=binding: m[1] + b, text)  # type: ignore[misc]
    return text


def term(parameter: Parameter, value: str, base: str = DEFAULT_BASE) -> Term:
    """A value as the RDF term it names: a DOI literal, or an IRI from an IRI, a CURIE
    (``MONDO:0005100``, ``ssc:systemic-sclerosis``) or a key; an external IRI an ontology
    entity matches (``skos:exactMatch``) stands for that entity."""
    if parameter.kind == "doi":
        doi = value.removeprefix("https://doi.org/").removeprefix("doi:")
        if not DOI_RE.match(doi):
            raise UsageError(f"--param {parameter.name}: not a DOI (10.NNNN/suffix): {value!r}")
        return ox.Literal(doi)
    iri = _iri(parameter, value, base)
    return ox.NamedNode(_entity_matching(iri) or iri)


def _iri(parameter: Parameter, value: str, base: str) -> str:
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if value.startswith(("http://", "https://")):
        try:
            return ox.NamedNode(value).value
        except ValueError:
            raise UsageError(f"--param {parameter.name}: not a valid IRI: {value!r}") from None
    if KEY_RE.match(value):
        entity = ontology_entities().get(value)
        return entity.iri if entity and entity.iri else f"{base}entity/{value}"
    curie = _CURIE.match(value)
    if curie:
        namespace = prefix_map().get(curie["prefix"])
        iri = namespace + curie["local"] if namespace else _obo().expand(value)
        if iri:
            try:
                return ox.NamedNode(iri).value
            except ValueError:
                pass
    raise UsageError(f"--param {parameter.name}: {value!r} is neither a key, a CURIE with a known prefix "
                     "(ssc:, MONDO:, ...) nor an IRI")


def _entity_matching(iri: str) -> str | None:
    """The ontology entity whose skos:exactMatch is ``iri`` (MONDO:0005100 -> ssc:systemic-sclerosis)."""
    return _exact_matches().get(iri)


@cache
def _exact_matches() -> dict[str, str]:
    """External IRI -> the ontology entity that matches it exactly."""
    store = ox.Store()
    store.bulk_load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
    return {q.object.value: q.subject.value for q in store.quads_for_pattern(None, SKOS.exactMatch, None)
            if isinstance(q.object, ox.NamedNode) and isinstance(q.subject, ox.NamedNode)}


@cache
def _obo():  # -> curies.Converter
    """OBO Foundry prefixes (MONDO:, CL:, UBERON:...) from prefixmaps, the maintained map."""
    from prefixmaps import load_converter

    return load_converter("obo")


def candidates_query(parameter: Parameter) -> str | None:
    """A query for the values of a parameter's kind the data's curated statements name (with a
    label), to suggest when a question finds nothing; None for a kind without a class."""
    cls = KIND_CLASSES.get(parameter.kind)
    if cls is None:
        return None
    rdf, rdfs, ssc = (prefix_map()[p] for p in ("rdf", "rdfs", "ssc"))
    return (f"SELECT DISTINCT ?value ?label WHERE {{ ?statement a <{ssc}CuratedStatement> ; "
            f"<{rdf}subject>|<{rdf}object> ?value . ?value a {cls} . OPTIONAL {{ ?value <{rdfs}label> ?label }} }} "
            "ORDER BY ?value")
