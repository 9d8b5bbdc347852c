"""Sink: the linked data as a static site, with Apache and nginx configurations that do
the content negotiation and the 303 redirects, for hosting without Python."""

from __future__ import annotations

import gzip
import importlib.resources
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox

from ..errors import UsageError
from ..rdf import ONTOLOGY_IRI
from ..rdf.formats import BY_NAME
from ..rdf.prefixes import prefix_map
from ..rdf.typed import to_bytes
from ..sinks.files import write_all
from .dataset import DOCUMENTS, DOWNLOADS, Dataset
from .pages import Pages
from .void import describe

# What each server does with Accept for a resource IRI, as ordered regular expressions. A
# server weighs no q-values with regular expressions, so: the first type (in this order) the
# client accepts with no q-value (that is, q=1), else the first it accepts with any q but 0;
# no match is 406. Two types with different q-values below 1 are not compared: ``serve``
# negotiates exactly.
OFFERS = [
    ("ttl", r"text/turtle"), ("jsonld", r"application/ld\+json"), ("nt", r"application/n-triples"),
    ("rdf", r"application/rdf\+xml"), ("html", r"(text/html|application/xhtml\+xml|text/\*|\*/\*)"),
]
NO_Q = r"(?![^,]*;\s*q=)"
NOT_Q0 = r"(?!\s*;\s*q=0(\.0*)?\s*(,|$))"
NEGOTIATED = [(ext, ("^\\s*$|" if ext == "html" else "") + media + NO_Q) for ext, media in OFFERS] + \
    [(ext, media + NOT_Q0) for ext, media in OFFERS]
MEDIA_TYPES = {ext: media for ext, (_, media) in DOWNLOADS.items()} | {
    "html": "text/html", "svg": "image/svg+xml", "js": "text/javascript", "wasm": "application/wasm",
    "txt": "text/plain", "md": "text/markdown"}
W3ID = "w3id.htaccess"  # not named .htaccess: the site's server must not obey it
ASSETS = "assets"  # the site's own scripts and Oxigraph's WebAssembly build

HTACCESS = """\
# Content negotiation and 303 See Other for ssc-rdf's static site (Apache httpd 2.4).
# A resource IRI {root}x answers 303 to {root}x.html, .ttl, .jsonld, .nt or .rdf by Accept.
# Needs: mod_rewrite (negotiation), mod_mime (media types), mod_dir, and in the <Directory>
# of the site "Options FollowSymLinks" and "AllowOverride FileInfo Indexes
# Options=Indexes,MultiViews" (or All); see docs/deployment.md.
# mod_headers is optional: with it every response says "Vary: Accept" (mod_rewrite adds it to
# no redirect of an .htaccess) and lets pages of other sites read the data (CORS).
Options -Indexes -MultiViews
<IfModule mod_dir.c>
DirectoryIndex index.html
</IfModule>
ErrorDocument 404 {root}404.html
<IfModule mod_mime.c>
{addtypes}
AddCharset utf-8 .ttl .jsonld .nt .nq .trig .html .svg .js .md
</IfModule>
<IfModule mod_headers.c>
Header always merge Vary Accept
Header always set Access-Control-Allow-Origin "*"
</IfModule>
<IfModule mod_rewrite.c>
RewriteEngine On
RewriteBase {root}
# the server configurations are not part of the site
RewriteRule ^(\\.htaccess|nginx\\.conf\\.snippet|{w3id})$ - [R=404,L]
RewriteRule ^\\.well-known/void$ void.ttl [L]
# a page, not a SPARQL protocol endpoint: a client that wants results and no HTML learns so
RewriteCond %{{HTTP_ACCEPT}} application/sparql-results [NC]
RewriteCond %{{HTTP_ACCEPT}} !text/html [NC]
RewriteRule ^sparql$ - [R=406,L]
RewriteRule ^sparql$ sparql.html [L]
# a resource: no file of that name, but its page
RewriteCond %{{REQUEST_FILENAME}} -f [OR]
RewriteCond %{{REQUEST_FILENAME}}.html !-f
RewriteRule ^ - [L]
{negotiation}
RewriteRule ^ - [R=406,L]
</IfModule>
"""

NGINX = """\
# Content negotiation and 303 See Other for ssc-rdf's static site (nginx).
# Include in the server block whose root holds the site at {root}, e.g. for the files in
# /srv/www{root}: "root /srv/www; include /srv/www{root}nginx.conf.snippet;".
# A resource IRI {root}x answers 303 to {root}x.html, .ttl, .jsonld, .nt or .rdf by Accept.
error_page 404 {root}404.html;
location = {root}nginx.conf.snippet {{ return 404; }}
location ~ ^{root}(.*/)?\\.ht {{ return 404; }}
location = {root}{w3id_file} {{ return 404; }}
location = {root}.well-known/void {{
    default_type text/turtle; charset utf-8;
    add_header Vary Accept always; add_header Access-Control-Allow-Origin * always;
    try_files {root}void.ttl =404;
}}
location = {root}sparql {{
    # a page, not a SPARQL protocol endpoint: a client that wants results and no HTML learns so
    set $ssc_results "";
    if ($http_accept ~* "application/sparql-results") {{ set $ssc_results wants; }}
    if ($http_accept ~* "text/html") {{ set $ssc_results "${{ssc_results}}-html"; }}
    if ($ssc_results = wants) {{ return 406; }}
    rewrite ^ {root}sparql.html last;  # not try_files: an "if" that matched would drop it
}}
location {root} {{
    types {{
{types}
    }}
    charset utf-8;
    charset_types text/turtle application/ld+json application/n-triples application/n-quads application/trig
                  image/svg+xml text/javascript text/markdown;
    index index.html;
    autoindex off;
    add_header Vary Accept always;
    add_header Access-Control-Allow-Origin * always;
    if (-f $request_filename) {{ break; }}
    if (!-f $request_filename.html) {{ break; }}
    # the path as the client sent it, percent-encoding kept, for the Location (a regular
    # expression's capture would be escaped again); decoded only when a query follows
    set $ssc_path $request_uri;
    if ($is_args) {{ set $ssc_path $uri; }}
    set $ssc_ext "";
{negotiation}
    if ($ssc_ext = "") {{ return 406; }}
    return 303 $ssc_path.$ssc_ext;
}}
"""


def htaccess(root: str) -> str:
    """The Apache configuration of a site published at the path ``root``."""
    addtypes = "\n".join(f"AddType {media} .{ext}" for ext, media in MEDIA_TYPES.items())
    negotiation = "\n".join(f'RewriteCond %{{HTTP_ACCEPT}} "{pattern}" [NC]\nRewriteRule ^(.+)$ $1.{ext} [R=303,L]'
                            for ext, pattern in NEGOTIATED)
    return HTACCESS.format(root=root, addtypes=addtypes, negotiation=negotiation, w3id=re.escape(W3ID))


def nginx(root: str) -> str:
    """The nginx configuration (a server block's part) of a site published at the path ``root``."""
    types = "\n".join(f"        {media} {ext};" for ext, media in MEDIA_TYPES.items())
    # nginx has no else: the most preferred type is set last
    negotiation = "\n".join(f'    if ($http_accept ~* "{pattern}") {{ set $ssc_ext {ext}; }}'
                            for ext, pattern in reversed(NEGOTIATED))
    return NGINX.format(root=root, types=types, negotiation=negotiation, w3id_file=W3ID)


def w3id_htaccess(base: str, host: str) -> str:
    """The ``.htaccess`` of the w3id.org entry for ``base``'s namespace: 303s with content
    negotiation straight to the files of the site hosted at ``host`` (ending in ``/``).

    It sits in the registry's directory of the namespace (``ssc-rdf/`` for the default base):
    the data under ``id/`` and the ontology beside it, as the IRIs have them.
    """
    prefix = _w3id_prefix(base)
    files = "|".join(sorted(MEDIA_TYPES))
    lines = [f"# w3id.org entry for {base} and its ontology {ONTOLOGY_IRI}, written by ssc-rdf publish --w3id.",
             f"# Copy it as {_w3id_directory()}/.htaccess into https://github.com/perma-id/w3id.org.",
             f"# It sends every IRI, by Accept, to the static site hosted at {host} (303 See Other).",
             # mod_rewrite adds no Vary to the redirects of an .htaccess
             "<IfModule mod_headers.c>", "Header always merge Vary Accept", "</IfModule>",
             "RewriteEngine on",
             f"RewriteRule ^{prefix}?$ {host} [R=303,L]",
             # files, the endpoint page and the description: as they are
             rf"RewriteRule ^{prefix}(sparql|\.well-known/void|download/.+|.+\.({files}))$ {host}$1 [R=303,L]"]
    ontology = _w3id_ontology()
    lines.append(rf"RewriteRule ^{ontology}\.({files})$ {host}ontology.$1 [R=303,L]")
    for ext, pattern in NEGOTIATED:
        lines += [f'RewriteCond %{{HTTP_ACCEPT}} "{pattern}" [NC]',
                  f"RewriteRule ^{prefix}(.+)$ {host}$1.{ext} [R=303,L]",
                  f'RewriteCond %{{HTTP_ACCEPT}} "{pattern}" [NC]',
                  f"RewriteRule ^{ontology}$ {host}ontology.{ext} [R=303,L]"]
    lines += [f"RewriteRule ^({prefix}.+|{ontology})$ - [R=406,L]", ""]
    return "\n".join(lines)


def _w3id_directory() -> str:
    """The registry's directory: the first path segment of the ontology IRI."""
    return urlsplit(ONTOLOGY_IRI).path.strip("/").split("/")[0]


def _w3id_ontology() -> str:
    return re.escape(urlsplit(ONTOLOGY_IRI).path.strip("/").removeprefix(_w3id_directory() + "/"))


def _w3id_prefix(base: str) -> str:
    """The base's path inside the registry's directory (``id/``), as a regular expression."""
    parts = urlsplit(base)
    directory = _w3id_directory()
    if parts.netloc != "w3id.org" or not parts.path.startswith(f"/{directory}/"):
        raise UsageError(f"--w3id needs a base under https://w3id.org/{directory}/, not {base}")
    return re.escape(parts.path.removeprefix(f"/{directory}/"))


def publish(data: Dataset, out: Path, *, w3id: str | None = None, sparql: bool = True) -> int:
    """Write every page, document, the description and downloads; return the file count.

    Files are named by the decoded path of their IRI (``%3C`` is ``<`` on disk), since web
    servers decode a request's path before they look for its file. With ``w3id``, the URL the
    site is hosted at, ``w3id.htaccess`` is the entry for the w3id.org registry. Without
    ``sparql``, no SPARQL page (nor a word of it in VoID).
    """
    data.sparql = "browser" if sparql else None  # before any page or document reads the description
    pages = Pages(data, sparql=sparql)
    if w3id is not None:
        w3id = w3id if w3id.endswith("/") else w3id + "/"
        if urlsplit(w3id).scheme not in ("http", "https") or re.search(r"[\s\"'<>\\]", w3id):
            raise UsageError(f"--w3id needs the http(s) URL the site is hosted at, not {w3id!r}")
        if urlsplit(w3id).path != pages.root:
            raise UsageError(f"the site's pages link to {pages.root}: host it there, not at {w3id}")
    files: dict[Path, bytes] = {}
    for iri in [*data.resources, *data.ontology_terms]:
        relative = unquote((data.local(iri) or "").lstrip("/"))
        if not relative or relative.endswith("/"):
            continue
        files[out / f"{relative}.html"] = pages.resource(iri).encode("utf-8")
        for ext, (fmt, _) in DOCUMENTS.items():
            files[out / f"{relative}.{ext}"] = data.document(iri, fmt)
    files[out / "index.html"] = pages.home().encode("utf-8")
    files[out / "404.html"] = pages.not_found().encode("utf-8")
    files[out / "ontology.html"] = pages.ontology().encode("utf-8")
    from ..resources import ontology_path

    ontology = list(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))
    for ext, (fmt, _) in DOCUMENTS.items():
        files[out / f"ontology.{ext}"] = to_bytes(ontology, BY_NAME[fmt],
                                                  prefix_map() if fmt in ("turtle", "xml") else None)
    void = describe(data, data.sparql)
    files[out / "void.ttl"] = to_bytes(void, ox.RdfFormat.TURTLE, prefix_map())
    for ext, (fmt, _) in DOWNLOADS.items():
        files[out / "download" / f"dataset.{ext}"] = data.dump(fmt)
    if sparql:
        files[out / "sparql.html"] = pages.sparql_in_browser().encode("utf-8")
        files |= {out / ASSETS / name: body for name, body in browser_sparql_files().items()}
    files[out / ".htaccess"] = htaccess(pages.root).encode()
    files[out / "nginx.conf.snippet"] = nginx(pages.root).encode()
    if w3id is not None:
        files[out / W3ID] = w3id_htaccess(data.base, w3id).encode()
    write_all(files)
    return len(files)


def browser_sparql_files() -> dict[str, bytes]:
    """The SPARQL page's script and Oxigraph's WebAssembly build (npm ``oxigraph``), shipped in
    the package (the WebAssembly gzipped) so that publishing needs no network."""
    static = importlib.resources.files("ssc_rdf.web") / "static"
    out = {"sparql.js": static.joinpath("sparql.js").read_bytes()}
    for name in ("web.js", "LICENSE.md"):
        out[f"oxigraph/{name}"] = static.joinpath("oxigraph", name).read_bytes()
    out["oxigraph/web_bg.wasm"] = gzip.decompress(static.joinpath("oxigraph", "web_bg.wasm.gz").read_bytes())
    return out
