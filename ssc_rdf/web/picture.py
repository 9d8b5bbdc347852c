"""A picture of what a review says: its curated statements as an SVG graph, drawn on the server
(no JavaScript, no layout library): therapies in the middle, their routes, cell sources and
mechanisms on the left, the disease and what it is made of on the right. Each edge's tooltip
(an SVG ``<title>``) holds its evidence sentence; each node links to its page."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import pyoxigraph as ox

from ..rdf.terms import SSC
from ..rdf.typed import solutions, value

COLUMNS = ["Cell sources, routes, mechanisms", "Therapies", "Disease", "Components, manifestations", "Sites"]
# predicate -> (column of its subject, column of its object); the first rule naming a node places it
PLACES = [
    (SSC.treats, 1, 2), (SSC.hasCellSource, 1, 0), (SSC.hasRoute, 1, 0), (SSC.hasMechanism, 1, 0),
    (SSC.combines, 1, 1), (SSC.hasMember, 1, 1), (SSC.targetsComponent, 1, 3), (SSC.addressesManifestation, 1, 3),
    (SSC.hasComponent, 2, 3), (SSC.hasManifestation, 2, 3), (SSC.hasForm, 2, 2), (SSC.subtypeOf, 2, 2),
    (SSC.affectsSite, 3, 4),
]
COLOURS = ["#2b6cb0", "#c05621", "#2f855a", "#805ad5", "#b83280", "#718096", "#b7791f", "#00838f", "#9b2c2c",
           "#1a202c", "#d53f8c", "#38a169", "#3182ce", "#dd6b20"]
WIDTH, GAP, LINE, PAD, TOP = 170, 60, 14, 6, 44
CHARS = 24  # per line of a node's label


@dataclass(frozen=True)
class Statement:
    subject: str
    predicate: str
    object: str
    evidence: str
    modality: str


@dataclass
class Node:
    iri: str
    label: str
    column: int
    lines: list[str]
    y: float = 0.0

    @property
    def height(self) -> float:
        return len(self.lines) * LINE + 2 * PAD


def statements(store: ox.Store, source: str | None = None, about: str | None = None) -> list[Statement]:
    """The curated statements (of the publication ``source``, or touching ``about``), sorted."""
    where = f"?st <{_PROV}wasDerivedFrom> <{source}> ." if source else ""
    if about:
        where += f" FILTER(?s = <{about}> || ?o = <{about}>)"
    query = f"""SELECT ?s ?p ?o (SAMPLE(?e) AS ?ev) (SAMPLE(?m) AS ?mod) WHERE {{
                  ?st a {SSC.CuratedStatement} ; <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o .
                  OPTIONAL {{ ?st {SSC.evidence} ?e }} OPTIONAL {{ ?st {SSC.modality} ?m }} {where}
                }} GROUP BY ?s ?p ?o ORDER BY ?s ?p ?o"""
    return [Statement(value(r["s"]), value(r["p"]), value(r["o"]), value(r["ev"]) if r["ev"] else "",
                      value(r["mod"]) if r["mod"] else "") for r in solutions(store, query)]


def svg(found: list[Statement], label: Callable[[str], str], href: Callable[[str], str | None],
        title: str) -> str:
    """The statements as an SVG graph (empty text when there are none)."""
    if not found:
        return ""
    nodes = _place(found, label)
    columns = sorted({n.column for n in nodes.values()})
    x = {c: i * (WIDTH + GAP) for i, c in enumerate(columns)}
    _order(nodes, found, columns)
    height = max(sum(n.height + 10 for n in nodes.values() if n.column == c) for c in columns)
    for c in columns:  # each column centred
        column = sorted((n for n in nodes.values() if n.column == c), key=lambda n: n.y)
        y = TOP + (height - sum(n.height + 10 for n in column)) / 2
        for n in column:
            n.y = y
            y += n.height + 10
    predicates = list(dict.fromkeys(s.predicate for s in found))
    colour = {p: COLOURS[i % len(COLOURS)] for i, p in enumerate(predicates)}
    width = x[columns[-1]] + WIDTH + GAP  # room for the arcs of the last column
    legend_y = TOP + height + 16
    total = legend_y + 20 * ((len(predicates) + 2) // 3) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total:.0f}" width="100%" role="img" '
           f'class="picture" font-family="system-ui, sans-serif" font-size="12">',
           f"<title>{escape(title)}</title>"]
    for c in columns:
        head = textwrap.wrap(COLUMNS[c], CHARS)
        out.append(f'<text y="{TOP - 6 - LINE * (len(head) - 1)}" text-anchor="middle" font-weight="600" fill="#334">'
                   + "".join(f'<tspan x="{x[c] + WIDTH / 2}" dy="{LINE if i else 0}">{escape(line)}</tspan>'
                             for i, line in enumerate(head)) + "</text>")
    for s in found:
        a, b = nodes[s.subject], nodes[s.object]
        hedged = s.modality and not s.modality.endswith("#asserted")
        tip = f"{a.label} {label(s.predicate)} {b.label}"
        if s.evidence:
            tip += f"\n“{s.evidence}”"
        if hedged:
            tip += f"\n({label(s.modality)})"
        out.append(f'<g class="edge"><title>{escape(tip)}</title><path d="{_path(a, b, x)}" fill="none" '
                   f'stroke="{colour[s.predicate]}" stroke-width="2.5"'
                   + (' stroke-dasharray="6 4"' if hedged else "") + "/></g>")
    for n in nodes.values():
        link = href(n.iri)
        text = "".join(f'<tspan x="{x[n.column] + WIDTH / 2}" dy="{LINE if i else 0}">{escape(line)}</tspan>'
                       for i, line in enumerate(n.lines))
        box = (f'<g class="node"><title>{escape(n.label)}</title><rect x="{x[n.column]}" y="{n.y:.1f}" '
               f'width="{WIDTH}" height="{n.height}" rx="6" fill="#f1f5fb" stroke="#7a9ccc"/>'
               f'<text y="{n.y + PAD + LINE - 3:.1f}" text-anchor="middle" fill="#1d2430">{text}</text></g>')
        out.append(f'<a href="{escape(link)}">{box}</a>' if link else box)
    for i, p in enumerate(predicates):
        lx, ly = (i % 3) * (width / 3), legend_y + 20 * (i // 3)
        out.append(f'<line x1="{lx:.0f}" y1="{ly}" x2="{lx + 24:.0f}" y2="{ly}" stroke="{colour[p]}" '
                   f'stroke-width="2.5"/><text x="{lx + 30:.0f}" y="{ly + 4}" fill="#334">{escape(label(p))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _place(found: list[Statement], label: Callable[[str], str]) -> dict[str, Node]:
    column: dict[str, int] = {}
    for predicate, subject_column, object_column in PLACES:
        for s in found:
            if s.predicate == predicate.value:
                column.setdefault(s.subject, subject_column)
                column.setdefault(s.object, object_column)
    for s in found:  # a predicate the rules do not know: from a therapy to what it is about
        column.setdefault(s.subject, 1)
        column.setdefault(s.object, 3)
    return {iri: Node(iri, label(iri), c, textwrap.wrap(label(iri), CHARS) or [iri]) for iri, c in column.items()}


def _order(nodes: dict[str, Node], found: list[Statement], columns: list[int]) -> None:
    """Fewer crossings: therapies by name, every other column by the mean rank of its neighbours."""
    neighbours: dict[str, list[str]] = {}
    for s in found:
        neighbours.setdefault(s.subject, []).append(s.object)
        neighbours.setdefault(s.object, []).append(s.subject)
    placed: set[int] = set()
    first = 1 if 1 in columns else columns[0]
    for rank, n in enumerate(sorted((n for n in nodes.values() if n.column == first), key=lambda n: n.label)):
        n.y = rank
    placed.add(first)
    for c in sorted(columns, key=lambda c: abs(c - first)):
        if c in placed:
            continue
        for n in nodes.values():
            if n.column == c:
                ranks = [nodes[m].y for m in neighbours[n.iri] if nodes[m].column in placed]
                n.y = sum(ranks) / len(ranks) if ranks else 1e6
        column = sorted((n for n in nodes.values() if n.column == c), key=lambda n: (n.y, n.label))
        for rank, n in enumerate(column):
            n.y = rank
        placed.add(c)


def _path(a: Node, b: Node, x: dict[int, int]) -> str:
    """A curve from ``a`` to ``b``: between columns side to side, within one an arc on its right."""
    ay, by = a.y + a.height / 2, b.y + b.height / 2
    if a.column == b.column:
        right = x[a.column] + WIDTH
        bulge = right + min(GAP - 8, 20 + abs(by - ay) / 4)
        return f"M{right},{ay:.1f} C{bulge:.1f},{ay:.1f} {bulge:.1f},{by:.1f} {right},{by:.1f}"
    if a.column < b.column:
        x1, x2 = x[a.column] + WIDTH, x[b.column]
    else:
        x1, x2 = x[a.column], x[b.column] + WIDTH
    middle = (x1 + x2) / 2
    return f"M{x1},{ay:.1f} C{middle:.1f},{ay:.1f} {middle:.1f},{by:.1f} {x2},{by:.1f}"


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PROV = "http://www.w3.org/ns/prov#"
