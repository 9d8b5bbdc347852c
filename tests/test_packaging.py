"""A non-editable install (a built wheel) finds the ontology, context, shapes and queries."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import REPO, REVIEW


@pytest.fixture(scope="module")
def wheel_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
                   check=True)
    wheel = next(out.glob("ssc_rdf-*.whl"))
    unpacked = out / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    return unpacked


def test_wheel_ships_the_data_files(wheel_dir):
    data = wheel_dir / "ssc_rdf" / "_data"
    assert (data / "ontology" / "ssc.ttl").is_file()
    assert (data / "ontology" / "context.jsonld").is_file()
    assert (data / "shapes" / "ssc-shapes.ttl").is_file()
    assert (wheel_dir / "ssc_rdf" / "checks" / "java" / "OwlProfileCheck.java").is_file()  # compiled at first use
    static = wheel_dir / "ssc_rdf" / "web" / "static"  # what publish writes for SPARQL in the browser
    for name in ("sparql.js", "oxigraph/web.js", "oxigraph/web_bg.wasm.gz", "oxigraph/LICENSE.md"):
        assert (static / name).is_file(), name


def test_installed_package_converts_from_anywhere(wheel_dir, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(wheel_dir))
    probe = subprocess.run(
        [sys.executable, "-c", "from ssc_rdf.resources import ontology_path; print(ontology_path())"],
        check=True, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert probe.stdout.strip().startswith(str(wheel_dir))
    out = tmp_path / "out.ttl"
    subprocess.run([sys.executable, "-m", "ssc_rdf.cli", "convert", str(REVIEW), "-o", str(out), "-q"],
                   check=True, env=env, cwd=tmp_path)
    assert "systemic-sclerosis" in out.read_text()
