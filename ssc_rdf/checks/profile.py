"""Check: the ontology is OWL 2 DL, as the OWL API (ROBOT, Protégé) decides.

owlready2 and HermiT accept punning that OWL 2 DL forbids, so the profile is checked by
the OWL API's own ``OWL2DLProfile`` in a small Java program shipped with the package
(``java/OwlProfileCheck.java``), compiled once into a cache directory. The OWL API jars
are Debian's (``libowlapi-java``), or any classpath in ``SSC_RDF_OWLAPI_CLASSPATH``
(a ROBOT jar bundles the OWL API too).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import SscError

_SOURCE = Path(__file__).with_name("java") / "OwlProfileCheck.java"
_MAIN = "OwlProfileCheck"
_DEBIAN_JARS = Path("/usr/share/java")
# owlapi-distribution and what Debian's libowlapi-java depends on for reading Turtle, RDF/XML and OWL syntaxes.
_DEBIAN_CLASSPATH = ("owlapi-distribution", "guava", "caffeine", "commons-io", "commons-codec", "commons-rdf-api",
                     "jsr305", "slf4j-api", "slf4j-nop", "hppcrt", "jackson-core", "jackson-databind",
                     "jackson-annotations", "xz", "atinject-jsr330-api", "httpclient", "httpcore",
                     "rdf4j-model-api", "rdf4j-model", "rdf4j-rio-api", "rdf4j-util")
_INSTALL = "apt-get install default-jdk-headless libowlapi-java"


class OwlApiMissing(SscError):
    """The profile check cannot run (no JDK or no OWL API); the other checks still can."""

    exit_code = 2


def owlapi_classpath() -> list[str]:
    """The OWL API jars and their dependencies; ``OwlApiMissing`` when they are not installed."""
    configured = os.environ.get("SSC_RDF_OWLAPI_CLASSPATH")
    if configured:
        return configured.split(os.pathsep)
    jars = [_DEBIAN_JARS / f"{name}.jar" for name in _DEBIAN_CLASSPATH]
    missing = [jar.name for jar in jars if not jar.is_file()]
    if missing:
        raise OwlApiMissing(f"the OWL 2 DL profile check needs the OWL API ({', '.join(missing)} not found in "
                            f"{_DEBIAN_JARS}): install it ({_INSTALL}) or set SSC_RDF_OWLAPI_CLASSPATH")
    return [str(jar) for jar in jars]


def _compiled(classpath: list[str]) -> Path:
    """The checker's class directory, compiled at first use (keyed by source and classpath)."""
    javac = shutil.which("javac")
    if javac is None:
        raise OwlApiMissing(f"the OWL 2 DL profile check needs a Java compiler (javac), which is not installed: "
                            f"{_INSTALL}")
    key = hashlib.sha256(_SOURCE.read_bytes() + os.pathsep.join(classpath).encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ssc-rdf" / f"owl-profile-{key}"
    if (cache / f"{_MAIN}.class").is_file():
        return cache
    cache.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix="build-", dir=cache.parent))
    done = subprocess.run([javac, "-d", str(build), "-cp", os.pathsep.join(classpath), str(_SOURCE)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        shutil.rmtree(build, ignore_errors=True)
        first = next((line for line in done.stderr.splitlines() if line.strip()), "no message")
        raise OwlApiMissing(f"cannot compile the OWL 2 DL profile checker against the OWL API ({first}): {_INSTALL}")
    try:
        build.rename(cache)  # atomic: a concurrent compilation that won leaves its own, identical, classes
    except OSError:
        shutil.rmtree(build, ignore_errors=True)
    return cache


def dl_profile_violations(ontology: Path) -> list[str]:
    """Each OWL 2 DL violation of the ontology file, one line each, as the OWL API words it."""
    java = shutil.which("java")
    if java is None:
        raise OwlApiMissing(f"the OWL 2 DL profile check needs Java, which is not installed: {_INSTALL}")
    classpath = owlapi_classpath()
    classes = _compiled(classpath)
    done = subprocess.run([java, "-cp", os.pathsep.join([str(classes), *classpath]), _MAIN, str(ontology)],
                          capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode == 3:
        raise SscError(f"{ontology}: the OWL API cannot read it: {lines[0] if lines else 'no message'}")
    if done.returncode not in (0, 1):
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise OwlApiMissing(f"the OWL 2 DL profile check failed to run ({last}): {_INSTALL}")
    return lines
