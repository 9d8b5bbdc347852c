// The static site's SPARQL page: the query in the address (?query=...) runs in the browser, on
// the site's data dump loaded into Oxigraph (WebAssembly). As the embedded store has it, the
// named graphs are kept and their union is the default graph.
import init, { Store, defaultGraph, namedNode } from "./oxigraph/web.js";

const form = document.getElementById("sparql");
const textarea = document.getElementById("query");
const status = document.getElementById("status");
const results = document.getElementById("results");
const answer = document.getElementById("answer");
const prefixes = JSON.parse(document.getElementById("prefixes").textContent);
const { dump, base, ontology, root } = form.dataset;
const labelProperties = JSON.parse(form.dataset.labels);
let labels = new Map();

// A readable name for each IRI, as the pages have it: the first label property that has one.
function readLabels(store) {
  const found = new Map();
  for (const property of labelProperties) {
    for (const quad of store.match(null, namedNode(property), null, defaultGraph())) {
      if (!found.has(quad.subject.value)) found.set(quad.subject.value, quad.object.value);
    }
  }
  return found;
}

// The prefixes the query does not declare itself, declared in front, as the CLI does.
function withPrefixes(query) {
  const declared = new Set([...query.matchAll(/PREFIX\s+([A-Za-z][\w.-]*)?:/gi)].map((m) => m[1] || ""));
  const missing = Object.entries(prefixes).filter(([p]) => !declared.has(p));
  return missing.map(([p, ns]) => `PREFIX ${p}: <${ns}>\n`).join("") + query;
}

// Where a term links: our resources to their pages, other web IRIs to themselves.
function href(iri) {
  if (iri.startsWith(base)) return `${root}${iri.slice(base.length)}.html`;
  if (iri.startsWith(ontology)) return `${root}ontology/${iri.slice(ontology.length)}.html`;
  return /^https?:\/\//.test(iri) ? iri : null;
}

// A term as SPARQL JSON results have it ({type, value}) in a table cell: an IRI by its label,
// linked to its page; the value itself in data-value (and in the link's tooltip).
function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  td.dataset.value = term.value;
  const link = term.type === "uri" ? href(term.value) : null;
  const text = term.type === "uri" ? labels.get(term.value) ?? term.value : term.value;
  if (link) {
    const a = document.createElement("a");
    a.href = link;
    a.title = term.value;
    a.textContent = text;
    td.append(a);
  } else {
    td.textContent = text;
  }
  return td;
}

function table(head, rows) {
  const t = document.createElement("table");
  const tr = t.insertRow();
  for (const name of head) {
    const th = document.createElement("th");
    th.textContent = name;
    tr.append(th);
  }
  for (const row of rows) t.insertRow().append(...row.map(cell));
  return t;
}

// SELECT and ASK as SPARQL JSON results; CONSTRUCT and DESCRIBE as quads, which have no such format.
function run(store, query) {
  try {
    return JSON.parse(store.query(query, { results_format: "application/sparql-results+json" }));
  } catch (error) {
    const quads = store.query(query);
    if (!Array.isArray(quads)) throw error;
    const term = (t) => ({ type: t.termType === "NamedNode" ? "uri" : "literal", value: t.value });
    return { head: { vars: ["subject", "predicate", "object"] },
             results: { bindings: quads.map((q) => ({ subject: term(q.subject), predicate: term(q.predicate),
                                                       object: term(q.object) })) } };
  }
}

function show(result) {
  answer.replaceChildren();
  if ("boolean" in result) {
    answer.textContent = result.boolean ? "yes" : "no";
    answer.dataset.rows = "1";
  } else {
    const head = result.head.vars;
    const rows = result.results.bindings;
    answer.append(table(head, rows.map((row) => head.map((name) => row[name]))));
    answer.dataset.rows = String(rows.length);
  }
  results.hidden = false;
}

// The 404 page's search by name: the same query as the server's (web/search.py), the words
// a JSON string, which is also a SPARQL string literal.
function labelSearch(words) {
  const literal = JSON.stringify(words.split(/\s+/).filter(Boolean).join(" ").slice(0, 200));
  return `SELECT ?resource ?label WHERE {
  VALUES ?words { ${literal} }
  ?resource <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?words))))
} ORDER BY STR(?label) LIMIT 100`;
}

async function main() {
  const params = new URLSearchParams(location.search);
  const words = params.get("q");
  const query = params.get("query") ?? (words && words.trim() ? labelSearch(words) : null);
  if (query === null) {
    status.textContent = "";
    return;
  }
  textarea.value = query;
  status.textContent = "Loading the data…";
  try {
    const [, data] = await Promise.all([init(), fetch(dump).then((r) => {
      if (!r.ok) throw new Error(`${dump}: ${r.status}`);
      return r.text();
    })]);
    const store = new Store();
    store.load(data, { format: "application/n-quads" });
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }");
    labels = readLabels(store);
    status.textContent = "Running…";
    const started = performance.now();
    show(run(store, withPrefixes(query)));
    status.textContent = `Done in ${Math.round(performance.now() - started)} ms.`;
    status.dataset.state = "done";
  } catch (error) {
    status.textContent = `Error: ${error.message ?? error}`;
    status.dataset.state = "error";
  }
}

main();
