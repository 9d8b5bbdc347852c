"""HTML pages (resource, home, ontology, SPARQL form), the same for the server and the site."""

from __future__ import annotations

import json
import re
from functools import cache, cached_property
from importlib import import_module
from urllib.parse import urlsplit

import jinja2
import pyoxigraph as ox

from .. import __version__
from ..rdf import ONTOLOGY_IRI, ONTOLOGY_NS
from ..rdf.formats import BY_NAME
from ..rdf.prefixes import prefix_map
from ..rdf.terms import SSC
from ..rdf.typed import Term, solutions, value
from .dataset import DOCUMENTS, DOWNLOADS, LABELS, Dataset
from .picture import statements, svg

FORMAT_NAMES = {"html": "HTML"} | {ext: BY_NAME[name].name for ext, (name, _) in DOWNLOADS.items()}
EXTERNAL = {"http://purl.obolibrary.org/obo/": "http://purl.obolibrary.org/obo/"}


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("ssc_rdf.web", "templates"),
                             autoescape=jinja2.select_autoescape(["html"]), keep_trailing_newline=True)
    env.globals["version"] = __version__
    return env


def root_path(base: str) -> str:
    return urlsplit(base).path or "/"


class Pages:
    def __init__(self, data: Dataset, *, sparql: bool = True) -> None:
        self.data = data
        self.root = root_path(data.base)
        self.has_sparql = sparql  # a static site published without its SPARQL page links to none

    def prepare(self) -> None:
        """What the first pages would each pay for, done once when a server starts: the templates
        compiled (0.03 s each), the JSON-LD compactor imported (pyld, which imports requests:
        0.15 s) and the dataset's description counted."""
        for name in environment().list_templates(extensions=["html"]):
            environment().get_template(name)
        import_module("pyld.jsonld")
        _ = self.data.about

    def href(self, node: Term) -> str | None:
        """Where a link goes: our resources to their HTML page, the other IRIs minted here (the
        downloads, the endpoint) to themselves, identifiers to their resolvers."""
        if not isinstance(node, ox.NamedNode):
            return None
        iri = node.value
        local = self.data.local(iri)
        if local is not None:
            path = local.lstrip("/")
            itself = path == "ontology" or not self.data.exists(iri)
            return self.root + path if itself else f"{self.root}{path}.html"
        return iri if iri.startswith(("http://", "https://")) else None

    def _render(self, template: str, **values) -> str:
        return environment().get_template(template).render(root=self.root, has_sparql=self.has_sparql, **values)

    def resource(self, iri: str) -> str:
        data = self.data
        rows = []
        for row in data.rows(iri):
            value = row.value
            rows.append({
                "piri": row.predicate, "plabel": data.label(ox.NamedNode(row.predicate)),
                "phref": self.href(ox.NamedNode(row.predicate)),
                "href": self.href(value), "text": data.label(value) if isinstance(value, ox.NamedNode) else
                value.value if isinstance(value, ox.Literal) else str(value),
                "lang": value.language if isinstance(value, ox.Literal) else None,
                "evidence": [{"modality": e.modality,
                              "parts": highlight(e.sentence, self._words(ox.NamedNode(iri), value))}
                             for e in row.evidence],
            })
        # grouped by property, each group folded when long: a review is linked from hundreds of mentions
        groups: dict[str, dict] = {}
        for t in data.incoming(iri):
            group = groups.setdefault(t.predicate.value, {"plabel": data.label(t.predicate), "piri": t.predicate.value,
                                                          "links": []})
            group["links"].append({"href": self.href(t.subject), "text": data.label(t.subject)})
        incoming = sorted(groups.values(), key=lambda g: (len(g["links"]), g["plabel"]))
        for group in incoming:
            group["links"] = sorted(group["links"], key=lambda link: link["text"])[:500]
        page = self.href(ox.NamedNode(iri))
        assert page is not None, "a page is for one of the resources published here"
        doc = page.removesuffix(".html")
        types = data.types(iri)
        title = data.label(ox.NamedNode(iri))
        review = SSC.ReviewArticle in types
        return self._render(
            "resource.html", title=title, iri=iri, rows=rows, incoming=incoming,
            picture=self.picture(iri, f"What {title} says" if review else f"What the reviews say about {title}",
                                 review=review),
            types=[{"href": self.href(t), "label": data.label(t)} for t in types],
            formats=[(ext, FORMAT_NAMES[ext]) for ext in DOCUMENTS], doc=doc, jsonld=self.jsonld(iri),
            schema_org=self.schema_org(iri))

    def _words(self, *nodes: Term) -> list[str]:
        """How the texts name these resources: their mentions' quotes, labels and other names."""
        named = " ".join(f"<{n.value}>" for n in nodes if isinstance(n, ox.NamedNode))
        if not named:
            return []
        query = f"""SELECT DISTINCT ?w WHERE {{ VALUES ?e {{ {named} }}
                      {{ ?m <{_OA}hasBody> ?e ; <{_OA}hasTarget>/<{_OA}hasSelector>/<{_OA}exact> ?w }}
                      UNION {{ ?e <{_RDFS_LABEL}>|<{_ALT_LABEL}> ?w }} }}"""
        return [value(r["w"]) for r in solutions(self.data.store, query)]

    def picture(self, iri: str, title: str, *, review: bool) -> str:
        """The curated statements of the review ``iri``, or those about ``iri``, as an SVG graph."""
        found = statements(self.data.store, source=iri) if review else statements(self.data.store, about=iri)
        return svg(found, lambda i: self.data.label(ox.NamedNode(i)), lambda i: self.href(ox.NamedNode(i)), title)

    def jsonld(self, iri: str) -> str:
        """The resource's triples as compacted JSON-LD, safe inside a <script> element: no ``<``,
        ``>`` or ``&`` is left for ``</script>`` or ``<!--`` to be made of (JSON escapes them)."""
        return json.dumps(self.data.jsonld(iri, "html"), ensure_ascii=False).translate(_SCRIPT_SAFE)

    def schema_org(self, iri: str) -> str | None:
        """schema.org JSON-LD, the shape search engines read (Google Scholar, Dataset Search): a
        ScholarlyArticle for a publication, a Dataset for the dataset; None for other resources."""
        if iri == self.data.base + "dataset":
            document = self._dataset()
        elif SSC.Publication in self.data.types(iri):
            document = self._article(iri)
        else:
            return None
        return json.dumps(document, ensure_ascii=False).translate(_SCRIPT_SAFE)

    def _values(self, iri: str) -> dict[str, list[Term]]:
        """A resource's objects by predicate IRI."""
        out: dict[str, list[Term]] = {}
        for t in self.data.triples(iri):
            out.setdefault(t.predicate.value, []).append(t.object)
        return out

    def _article(self, iri: str) -> dict:
        facts = self._values(iri)

        def text(prop: str) -> str | None:
            return next((value(o) for o in facts.get(prop, [])), None)

        authors = []
        for creator in facts.get(_DCT + "creator", []):
            if isinstance(creator, ox.NamedNode):
                about = self._values(creator.value)
                person = {"@type": "Person", **{key: value(about[_SCHEMA + key][0]) for key in
                                                ("name", "givenName", "familyName") if _SCHEMA + key in about}}
                authors.append((int(value(about.get(SSC.position.value, [ox.Literal("0")])[0])), person))
        ids = [{"@type": "PropertyValue", "propertyID": name, "value": found}
               for name, prop in (("DOI", _BIBO + "doi"), ("PMID", _FABIO + "hasPubMedId"),
                                  ("PMCID", _FABIO + "hasPubMedCentralId")) if (found := text(prop))]
        article: dict = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "@id": iri,
                         "name": text(_DCT + "title"), "author": [p for _, p in sorted(authors, key=lambda a: a[0])],
                         "datePublished": text(_DCT + "issued") or text(_FABIO + "hasPublicationYear"),
                         "identifier": ids, "sameAs": sorted(value(o) for o in facts.get(_SCHEMA + "sameAs", [])),
                         "abstract": text(_DCT + "abstract"), "inLanguage": text(_DCT + "language"),
                         "about": [{"@id": value(o), "name": self.data.label(o)}
                                   for o in facts.get(_SCHEMA + "about", [])],
                         "url": self.data.base + (self.href(ox.NamedNode(iri)) or "").removeprefix(self.root)}
        for journal in facts.get(_DCT + "isPartOf", []):
            if isinstance(journal, ox.NamedNode):
                about = self._values(journal.value)
                name = next((value(o) for o in about.get(_DCT + "title", [])), self.data.label(journal))
                issns = [value(o) for prop in ("issn", "eissn") for o in about.get(_BIBO + prop, [])]
                article["isPartOf"] = {"@type": "Periodical", "name": name, **({"issn": issns} if issns else {})}
        return {key: found for key, found in article.items() if found not in (None, [], "")}

    def _dataset(self) -> dict:
        from .void import DESCRIPTION, LICENSE, PUBLISHER, TITLE

        base = self.data.base
        return {"@context": "https://schema.org", "@type": "Dataset", "@id": base + "dataset",
                "name": TITLE, "description": DESCRIPTION, "license": LICENSE, "url": base + "dataset.html",
                "creator": {"@type": "Organization", "name": PUBLISHER}, "version": __version__,
                "distribution": [{"@type": "DataDownload", "encodingFormat": media, "name": FORMAT_NAMES[ext],
                                  "contentUrl": f"{base}download/dataset.{ext}"}
                                 for ext, (_, media) in sorted(DOWNLOADS.items())]}

    def _items(self, query: str) -> list[dict]:
        return [{"href": self.href(r["x"]), "text": self.data.label(r["x"])} for r in solutions(self.data.store, query)]

    _REVIEWS = f"SELECT DISTINCT ?x WHERE {{ ?x a {SSC.ReviewArticle} }} ORDER BY ?x"

    @cached_property
    def _review_iri(self) -> str | None:
        for row in solutions(self.data.store, self._REVIEWS):
            return value(row["x"])
        return None

    def _diseases(self) -> list[dict]:
        return self._items(f"SELECT DISTINCT ?x WHERE {{ ?x a {SSC.Disease} }} ORDER BY ?x")

    def _therapies(self) -> list[dict]:
        # from the statements, whatever their modality: a therapy the source only hedges, or
        # limits to a manifestation, is still one it discusses
        return self._items(f"""SELECT DISTINCT ?x WHERE {{ ?st a {SSC.CuratedStatement} ; <{_RDF_SUBJECT}> ?x ;
                                   <{_RDF_PREDICATE}> ?p . VALUES ?p {{ {SSC.treats} {SSC.addressesManifestation} }}
                               }} ORDER BY ?x""")

    def home(self) -> str:
        items = self._items
        diseases = self._diseases()
        therapies = self._therapies()
        reviews = items(self._REVIEWS)
        publications = items(f"SELECT DISTINCT ?x WHERE {{ ?x a {SSC.Publication} ; "
                             f"<http://purl.org/dc/terms/abstract> ?a }} ORDER BY ?x LIMIT 200")
        first = self._review_iri
        drawn = self.picture(first, f"What {reviews[0]['text']} says", review=True) if first else ""
        return self._render("home.html", title="Cellular therapies for systemic sclerosis, as linked data",
                            diseases=diseases, therapies=therapies, publications=publications,
                            picture=drawn,
                            review=reviews[0] if reviews else {"href": self.root, "text": "(no review loaded)"},
                            downloads=[(ext, FORMAT_NAMES[ext]) for ext in DOWNLOADS])

    def ontology(self) -> str:
        data = self.data
        onto = ox.NamedNode(ONTOLOGY_IRI)
        def first(node: ox.NamedNode, prop: str) -> str:
            for q in data.store.quads_for_pattern(node, ox.NamedNode(prop), None, ox.DefaultGraph()):
                return value(q.object)
            return ""
        sections = []
        kinds = [("Classes", "http://www.w3.org/2002/07/owl#Class"),
                 ("Object properties", "http://www.w3.org/2002/07/owl#ObjectProperty"),
                 ("Data properties", "http://www.w3.org/2002/07/owl#DatatypeProperty"),
                 ("Vocabulary (named individuals)", "http://www.w3.org/2002/07/owl#NamedIndividual")]
        for title, kind in kinds:
            terms = []
            for q in sorted(data.store.quads_for_pattern(None, ox.NamedNode(_RDF_TYPE), ox.NamedNode(kind),
                                                         ox.DefaultGraph()), key=lambda q: value(q.subject)):
                term = q.subject
                if not isinstance(term, ox.NamedNode) or not term.value.startswith(str(SSC)):
                    continue
                facts: dict[str, list[dict[str, str | None]]] = {}
                for t in data.triples(term.value):
                    if t.predicate.value in _SHOWN:
                        facts.setdefault(_SHOWN[t.predicate.value], []).append(
                            {"href": self.href(t.object), "text": data.label(t.object)})
                terms.append({"id": term.value[len(str(SSC)):], "short": data.short(term.value),
                              "label": data.label(term), "definition": first(term, _DEFINITION),
                              "facts": [{"label": k, "vals": v} for k, v in sorted(facts.items())]})
            sections.append({"title": title, "terms": terms})
        return self._render("ontology.html", title=first(onto, "http://purl.org/dc/terms/title") or "Ontology",
                            iri=ONTOLOGY_IRI, version_info=first(onto, "http://www.w3.org/2002/07/owl#versionInfo"),
                            description=first(onto, "http://purl.org/dc/terms/description"), sections=sections,
                            formats=[(ext, FORMAT_NAMES[ext]) for ext in DOCUMENTS])

    def not_found(self, iri: str = "") -> str:
        """The 404 page: a way back in rather than a dead end; ``iri``, what was asked for (an excerpt)."""
        return self._render("404.html", title="Not found", iri=iri, entries=self._entries)

    @cached_property
    def _entries(self) -> list[dict]:
        return self._diseases() + self._therapies()

    def _cell(self, text: str) -> dict[str, str | None]:
        """A result's value for the page: an IRI with a page (or a resolver) becomes a link."""
        if text.startswith(("http://", "https://")):
            try:
                node = ox.NamedNode(text)
            except ValueError:
                return {"text": text, "href": None}
            if (href := self.href(node)) is not None:
                return {"text": self.data.label(node), "href": href, "title": text}
        return {"text": text, "href": None}

    def sparql_in_browser(self) -> str:
        """The static site's SPARQL page: the queries run in the browser on the data dump."""
        from ..sparql.catalogue import named_queries

        return self._render("sparql-browser.html", title="SPARQL in the browser",
                            questions=list(named_queries().values()), base=self.data.base, ontology=ONTOLOGY_NS,
                            prefixes=json.dumps(prefix_map()).translate(_SCRIPT_SAFE),
                            labels=json.dumps([p.value for p in LABELS]))

    def sparql(self, query: str = "", table: dict | None = None) -> str:
        from ..sparql.catalogue import named_queries

        if table is not None:  # IRIs as links named by their labels, as on every other page
            table = {"vars": table["vars"], "rows": [[self._cell(text) for text in row] for row in table["rows"]]}
        return self._render("sparql.html", title="SPARQL endpoint", query=query, table=table,
                            questions=list(named_queries().values()))


_SCRIPT_SAFE = {ord(c): f"\\u{ord(c):04x}" for c in "<>&"}
_DCT = "http://purl.org/dc/terms/"
_SCHEMA = "https://schema.org/"
_BIBO = "http://purl.org/ontology/bibo/"
_FABIO = "http://purl.org/spar/fabio/"
_OA = "http://www.w3.org/ns/oa#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"


def highlight(sentence: str, words: list[str]) -> list[tuple[str, bool]]:
    """The sentence in parts, the words (any case; the longest first) marked: what in an evidence
    sentence names the statement's subject or object."""
    found = [w for w in sorted(set(words), key=len, reverse=True) if len(w) > 2]
    if not found:
        return [(sentence, False)]
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in found), re.IGNORECASE)
    parts: list[tuple[str, bool]] = []
    at = 0
    for match in pattern.finditer(sentence):
        parts += [(sentence[at:match.start()], False), (match.group(), True)]
        at = match.end()
    parts.append((sentence[at:], False))
    return [part for part in parts if part[0]]
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
_RDF_PREDICATE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"
_DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"
_SHOWN = {
    "http://www.w3.org/2000/01/rdf-schema#subClassOf": "subclass of",
    "http://www.w3.org/2002/07/owl#equivalentClass": "equivalent to",
    "http://www.w3.org/2000/01/rdf-schema#domain": "domain",
    "http://www.w3.org/2000/01/rdf-schema#range": "range",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "type",
    "http://www.w3.org/2004/02/skos/core#altLabel": "also called",
    "http://www.w3.org/2004/02/skos/core#exactMatch": "exact match",
    "http://www.w3.org/2004/02/skos/core#closeMatch": "close match",
    "http://www.w3.org/2004/02/skos/core#broadMatch": "broader match",
    "http://www.w3.org/2004/02/skos/core#relatedMatch": "related match",
    "http://www.w3.org/2000/01/rdf-schema#comment": "note",
}
