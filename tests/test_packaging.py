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
    assert (data / "curated-format.schema.json").is_file()  # for editors, beside the package
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


@pytest.mark.slow
def test_the_sdist_holds_what_its_tests_need(tmp_path):
    """Built with the project's backend (hatchling) and unpacked elsewhere, the sdist runs a subset
    of its own tests from there, with its own code: nothing they read lives outside it."""
    import tarfile

    built = subprocess.run([sys.executable, "-c", "import sys; from hatchling.build import build_sdist; "
                            "print(build_sdist(sys.argv[1]))", str(tmp_path / "dist")],
                           check=True, cwd=REPO, capture_output=True, text=True)
    sdist = tmp_path / "dist" / built.stdout.strip().splitlines()[-1]
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    [root] = (tmp_path / "unpacked").iterdir()
    for needed in ("scripts/test.sh", "docs/curated-format.schema.json", "tests/fixtures/sources/SOURCES.tsv",
                   "queries/therapies-by-route.rq", "LICENSE", "CHANGELOG.md"):
        assert (root / needed).is_file(), needed
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(root)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q",
                          "tests/sources/test_curated_yaml.py", "tests/sparql/test_params.py",
                          "tests/test_project.py::test_shipped_files_name_only_paths_users_have",
                          "-k", "not keep_going"],
                         cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "error" not in run.stdout.splitlines()[-1]
    probe = subprocess.run([sys.executable, "-c", "import ssc_rdf; print(ssc_rdf.__file__)"], cwd=root, env=env,
                           capture_output=True, text=True, check=True)
    assert probe.stdout.strip().startswith(str(root))  # the sdist's code ran, not the checkout's
