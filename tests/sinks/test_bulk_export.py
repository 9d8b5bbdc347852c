"""``ssc-rdf export``: gzip N-Quads shards with a manifest."""

from __future__ import annotations

import gzip
import hashlib
import json

import pyoxigraph as ox

from ssc_rdf import api
from ssc_rdf.rdf.formats import BY_NAME
from ssc_rdf.sinks.files import serialize

from ..conftest import REVIEW


def test_shards_manifest_and_content(cli, tmp_path):
    out = tmp_path / "bulk"
    result = cli("export", str(REVIEW), "-o", str(out), "--split", "200")
    assert result.exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    conversion = api.convert([str(REVIEW)])
    total = len(set(conversion.quads()))
    sizes = [f["quads"] for f in manifest["files"]]
    assert sizes[:-1] == [200] * (len(sizes) - 1) and 0 < sizes[-1] <= 200 and sum(sizes) == total
    quads = set()
    for entry in manifest["files"]:
        raw = (out / entry["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
        part = list(ox.parse(gzip.decompress(raw), format=ox.RdfFormat.N_QUADS))
        assert len(part) == entry["quads"]
        quads |= set(part)
    expected = set(ox.parse(serialize(conversion.quads(), BY_NAME["nquads"]), format=ox.RdfFormat.N_QUADS))
    assert quads == expected
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"] + [
        f"part-{i:05d}.nq.gz" for i in range(1, len(sizes) + 1)]


def test_export_is_deterministic(cli, tmp_path):
    for name in ("a", "b"):
        assert cli("export", str(REVIEW), "-o", str(tmp_path / name), "--split", "300").exit_code == 0
    assert (tmp_path / "a" / "manifest.json").read_text() == (tmp_path / "b" / "manifest.json").read_text()


def test_bad_split_and_bad_input(cli, tmp_path):
    assert cli("export", str(REVIEW), "-o", str(tmp_path / "x"), "--split", "0").exit_code == 2
    bad = tmp_path / "bad.nt"
    bad.write_text("nonsense\n")
    result = cli("export", str(bad), "-o", str(tmp_path / "y"))
    assert result.exit_code == 2 and "cannot parse" in result.stderr
    assert not (tmp_path / "y" / "manifest.json").exists()
