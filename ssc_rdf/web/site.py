"""Sink: the linked data as a static site, with Apache and nginx configurations that do
the content negotiation and the 303 redirects, for hosting without Python."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..rdf.formats import BY_NAME
from ..rdf.prefixes import prefix_map
from ..rdf.typed import to_bytes
from ..sinks.files import write_all
from .dataset import DOCUMENTS, DOWNLOADS, Dataset
from .pages import Pages
from .void import describe

HTACCESS = """\
# Content negotiation and 303 See Other for ssc-rdf's static site (Apache, mod_rewrite).
# A resource IRI /x answers 303 to /x.html, /x.ttl, /x.jsonld, /x.nt or /x.rdf by Accept.
Options -MultiViews
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/n-quads .nq
AddType application/trig .trig
AddType application/rdf+xml .rdf
AddCharset utf-8 .ttl .jsonld .nt .nq .trig .html
Header append Vary Accept
RewriteEngine On
RewriteBase {root}
RewriteRule ^\\.well-known/void$ void.ttl [L]
RewriteRule ^sparql$ sparql.html [L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteCond %{{REQUEST_FILENAME}}.ttl -f
RewriteRule ^(.+)$ $1.ttl [R=303,L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteCond %{{REQUEST_FILENAME}}.jsonld -f
RewriteRule ^(.+)$ $1.jsonld [R=303,L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{HTTP_ACCEPT}} application/n-triples
RewriteCond %{{REQUEST_FILENAME}}.nt -f
RewriteRule ^(.+)$ $1.nt [R=303,L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{HTTP_ACCEPT}} application/rdf\\+xml
RewriteCond %{{REQUEST_FILENAME}}.rdf -f
RewriteRule ^(.+)$ $1.rdf [R=303,L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}}.html -f
RewriteRule ^(.+)$ $1.html [R=303,L]
"""

NGINX = """\
# Content negotiation and 303 See Other for ssc-rdf's static site (nginx).
# Include inside the server block that serves OUT_DIR as its root at {root}.
types {{
    text/turtle ttl; application/ld+json jsonld; application/n-triples nt;
    application/n-quads nq; application/trig trig; application/rdf+xml rdf; text/html html;
}}
# (this map goes in the http block)
# map $http_accept $ssc_ext {{
#     default html;
#     ~text/turtle ttl;
#     ~application/ld\\+json jsonld;
#     ~application/n-triples nt;
#     ~application/rdf\\+xml rdf;
# }}
location = {root}.well-known/void {{ default_type text/turtle; try_files /void.ttl =404; }}
location = {root}sparql {{ try_files /sparql.html =404; }}
location {root} {{
    add_header Vary Accept;
    if (-f $request_filename) {{ break; }}
    if (-f $request_filename.$ssc_ext) {{ return 303 $uri.$ssc_ext; }}
    if (-f $request_filename.html) {{ return 303 $uri.html; }}
}}
"""


def publish(data: Dataset, out: Path) -> int:
    """Write every page, document, the description and downloads; return the file count."""
    pages = Pages(data)
    files: dict[Path, bytes] = {}
    for iri in [*data.resources, *data.ontology_terms]:
        relative = (data.local(iri) or "").lstrip("/")
        if not relative or relative.endswith("/"):
            continue
        files[out / f"{relative}.html"] = pages.resource(iri).encode("utf-8")
        for ext, (fmt, _) in DOCUMENTS.items():
            files[out / f"{relative}.{ext}"] = data.document(iri, fmt)
    files[out / "index.html"] = pages.home().encode("utf-8")
    files[out / "ontology.html"] = pages.ontology().encode("utf-8")
    from ..resources import ontology_path

    ontology = list(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))
    for ext, (fmt, _) in DOCUMENTS.items():
        files[out / f"ontology.{ext}"] = to_bytes(ontology, BY_NAME[fmt],
                                                  prefix_map() if fmt in ("turtle", "xml") else None)
    void = describe(data)
    files[out / "void.ttl"] = to_bytes(void, ox.RdfFormat.TURTLE, prefix_map())
    for ext, (fmt, _) in DOWNLOADS.items():
        files[out / "download" / f"dataset.{ext}"] = data.dump(fmt)
    files[out / "sparql.html"] = pages.sparql().encode("utf-8")
    files[out / ".htaccess"] = HTACCESS.format(root=pages.root).encode()
    files[out / "nginx.conf.snippet"] = NGINX.format(root=pages.root).encode()
    write_all(files)
    return len(files)
