"""Real triple-store servers for the tests, started on 127.0.0.1 and stopped by them.

A server that cannot be started fails the test in CI (``CI`` set) and is skipped,
with the way to install it, on a developer's machine.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def missing(what: str, how: str) -> None:
    message = f"{what} is not installed: {how}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class OxigraphServer:
    """``oxigraph serve`` (PyPI package oxigraph), on disk.

    Stock by default: its default graph is a graph of its own, as most stores have it out
    of the box; ``union_default_graph`` makes queries read the union of all graphs instead.
    """

    def __init__(self, directory: Path, union_default_graph: bool = False) -> None:
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        if not Path(binary).exists():
            missing("the Oxigraph server", "pip install oxigraph")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(directory), "--bind", f"127.0.0.1:{self.port}", "--timeout-s", "30",
             *(["--union-default-graph"] if union_default_graph else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until_up(f"{self.base}/query?query=ASK%7B%7D", self.process)

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}
CheckpointInterval = 60

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 5
ServerThreads = 5

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


class VirtuosoServer:
    """Virtuoso Open Source 7 (Debian virtuoso-opensource-7-bin), bound to 127.0.0.1 only.

    Anonymous SPARQL updates are granted so that the plain Graph Store endpoint
    accepts writes; the server lives in a temporary directory.
    """

    def __init__(self, directory: Path) -> None:
        binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
        if not binary or not isql:
            missing("Virtuoso", "apt-get install virtuoso-opensource-7-bin (.ci/run does it)")
        sql_port, http_port = free_port(), free_port()
        ini = directory / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(d=directory, sql_port=sql_port, http_port=http_port))
        self.base = f"http://127.0.0.1:{http_port}"
        self.sql = f"127.0.0.1:{sql_port}"
        self.directory = directory  # in DirsAllowed: where --bulk may put its files
        self.process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=directory,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_up(f"{self.base}/sparql?query=ASK%7B%7D", self.process, seconds=60)
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, stdout=subprocess.DEVNULL, timeout=60)

    @property
    def store(self) -> str:
        return f"{self.base}/sparql-graph-crud"

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# Apache Jena ARQ, as Debian packages it (libapache-jena-java): the second SPARQL engine the
# shipped questions must run unchanged in. Its jars have no Class-Path, so the path is listed here.
JAVA_DIR = Path(os.environ.get("JENA_JAR_DIR", "/usr/share/java"))
JENA_DEPENDENCIES = ("caffeine", "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
                     "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpcore",
                     "jackson-annotations", "jackson-core", "jackson-databind", "jakarta.json-api", "jsonld-java",
                     "protobuf", "thrift", "titanium-json-ld", "slf4j-api", "slf4j-nop")


def jena_classpath(workdir: Path) -> str:
    """The class path of Jena's command-line tools, or a failure (CI) or skip saying how to install them.

    Debian's jena-core moves Xerces' classes to ``xerces.*`` but leaves its message files under
    ``org/apache/jena/ext/xerces``: without them where the classes look, Jena cannot start. They
    are copied to ``workdir``, which goes first on the path.
    """
    import zipfile

    jars = sorted(JAVA_DIR.glob("jena-*.jar")) + [JAVA_DIR / f"{name}.jar" for name in JENA_DEPENDENCIES]
    if shutil.which("java") is None or not (JAVA_DIR / "jena-cmds.jar").exists() or not all(
            j.exists() for j in jars):
        missing("Apache Jena ARQ", "apt-get install libapache-jena-java default-jre-headless")
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as core:
        for name in core.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = workdir / name.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(core.read(name))
    return os.pathsep.join([str(workdir), *(str(j) for j in jars if not j.stem[-1].isdigit())])


def jena_select(classpath: str, query: Path, data: list[Path]) -> dict:
    """A SELECT query run by Jena ARQ's ``sparql`` command on files, its answer as SPARQL JSON."""
    command = ["java", "-cp", classpath, "arq.sparql", "--strict", "--query", str(query), "--results=json"]
    for path in data:
        command += ["--data", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"Jena ARQ refused {query.name}: {done.stderr.strip()[:2000]}"
    return json.loads(done.stdout)


def system_binary(name: str) -> str | None:
    """A Debian server's program: on the PATH, or in /usr/sbin, which a user's PATH may lack."""
    found = shutil.which(name) or f"/usr/sbin/{name}"
    return found if Path(found).exists() else None


def _mount(directory: Path, site: Path, path: str) -> Path:
    """A document root in ``directory`` that holds ``site`` at the URL path ``path`` (``/`` or ``/x/``)."""
    if path == "/":
        return site
    www = directory / "www"
    target = www / path.strip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(site, target_is_directory=True)
    return www


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


NGINX_CONF = """\
{user}
worker_processes 1;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        include {snippet};
    }}
}}
"""


class NginxServer:
    """Debian's nginx, unprivileged on 127.0.0.1, serving a published site at ``path`` with the
    ``nginx.conf.snippet`` the site holds, included as its comment says."""

    def __init__(self, directory: Path, site: Path, path: str = "/") -> None:
        binary = system_binary("nginx")
        if binary is None:
            missing("nginx", "apt-get install nginx (.ci/run does it)")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        directory.mkdir(parents=True, exist_ok=True)
        conf = directory / "nginx.conf"
        # as root, the workers would be nobody, who cannot read pytest's private temporary directories
        user = "user root;" if os.geteuid() == 0 else ""
        conf.write_text(NGINX_CONF.format(user=user, d=directory, port=self.port, root=_mount(directory, site, path),
                                          snippet=site / "nginx.conf.snippet"))
        self.log = directory / "error.log"
        self.process = subprocess.Popen(
            [binary, "-p", str(directory), "-c", str(conf),
             "-g", f"daemon off; pid {directory}/nginx.pid; error_log {self.log};"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_up(self.base + "/", self.process)

    def stop(self) -> None:
        _stop(self.process)


APACHE_MODULES = ("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers")

HTTPD_CONF = """\
ServerRoot {d}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {d}/httpd.pid
DefaultRuntimeDir {d}
ErrorLog {d}/error.log
LogLevel warn
{modules}
TypesConfig /etc/mime.types
DocumentRoot {root}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {root}>
    Options FollowSymLinks
    AllowOverride {override}
    Require all granted
</Directory>
"""


class ApacheServer:
    """Debian's Apache httpd, on 127.0.0.1 with a minimal configuration of its own: ``modules``
    loaded, ``override`` as the site directory's AllowOverride, ``site`` at ``path``, its
    ``.htaccess`` doing the rest."""

    def __init__(self, directory: Path, site: Path, path: str = "/", *, modules: tuple[str, ...] = APACHE_MODULES,
                 override: str = "FileInfo Indexes Options=Indexes,MultiViews", port: int | None = None) -> None:
        binary = system_binary("apache2")
        library = Path("/usr/lib/apache2/modules")
        if binary is None or not library.is_dir():
            missing("Apache httpd", "apt-get install apache2 (.ci/run does it)")
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        directory.mkdir(parents=True, exist_ok=True)
        conf = directory / "httpd.conf"
        loads = "\n".join(f"LoadModule {m}_module {library}/mod_{m}.so" for m in modules)
        root = _mount(directory, site, path)
        conf.write_text(HTTPD_CONF.format(d=directory, port=self.port, modules=loads, root=root,
                                          override=override))
        self.log = directory / "error.log"
        self.process = subprocess.Popen([binary, "-f", str(conf), "-DFOREGROUND"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_up(self.base + "/", self.process)

    def stop(self) -> None:
        _stop(self.process)


class ServeServer:
    """``ssc-rdf serve`` in a process of its own, with its base under ``path``."""

    def __init__(self, data: list[Path], path: str = "/") -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ssc_rdf.cli", "serve", *map(str, data), "--port", str(self.port),
             "--base", self.base + path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_up(self.base + path, self.process, seconds=60)

    def stop(self) -> None:
        _stop(self.process)
