"""The embedded Oxigraph store: idempotent loads, atomic replace, failed loads."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import pytest

from ssc_rdf import api
from ssc_rdf.errors import InputError
from ssc_rdf.sinks.embedded import EmbeddedStore

from ..conftest import REVIEW, review_counts

TOTAL, IN_GRAPH = review_counts()

GRAPH = "https://w3id.org/ssc-rdf/id/graph/velier-2022"


def _write(tmp_path: Path, name: str, text: str | None = None) -> Path:
    path = tmp_path / name
    if text is None:
        api.write(api.convert([str(REVIEW)]), str(path))
    else:
        path.write_text(text)
    return path


def _count(store_dir: Path, graph: str | None = None) -> int:
    store = EmbeddedStore(store_dir, read_only=True)
    return store.count(graph)


def test_loading_twice_leaves_the_same_triples(cli, tmp_path):
    data = _write(tmp_path, "velier-2022.ttl")
    store = tmp_path / "store"
    assert cli("load", str(data), "--store", str(store)).exit_code == 0
    first = _count(store)
    assert _count(store, GRAPH) == TOTAL
    assert cli("load", str(data), "--store", str(store)).exit_code == 0
    assert _count(store) == first


def test_replace_leaves_only_the_new_triples(cli, tmp_path):
    store = tmp_path / "store"
    data = _write(tmp_path, "velier-2022.ttl")
    assert cli("load", str(data), "--store", str(store)).exit_code == 0
    smaller = tmp_path / "velier-2022.nt"  # same graph name (file stem), different content
    smaller.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    assert cli("load", str(smaller), "--store", str(store)).exit_code == 0
    assert _count(store, GRAPH) == TOTAL + 1  # added
    assert cli("load", str(smaller), "--store", str(store), "--replace").exit_code == 0
    assert _count(store, GRAPH) == 1  # swapped


def test_a_failed_load_leaves_the_old_graph(cli, tmp_path):
    store = tmp_path / "store"
    data = _write(tmp_path, "velier-2022.ttl")
    assert cli("load", str(data), "--store", str(store)).exit_code == 0
    before = _count(store)
    broken = tmp_path / "velier-2022.nt"
    broken.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\nnot n-triples\n")
    result = cli("load", str(broken), "--store", str(store), "--replace")
    assert result.exit_code == 2
    assert str(broken) in result.stderr and "cannot parse" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _count(store) == before and _count(store, GRAPH) == TOTAL


def test_quad_files_keep_their_graphs_and_graph_option_overrides(cli, tmp_path):
    store = tmp_path / "store"
    data = _write(tmp_path, "anything.nq")
    assert cli("load", str(data), "--store", str(store)).exit_code == 0
    assert _count(store, GRAPH) == IN_GRAPH  # the provenance is in its own graph
    assert cli("load", str(data), "--store", str(store), "--graph", "http://example.org/g").exit_code == 0
    assert _count(store, "http://example.org/g") == TOTAL  # everything, provenance included


def test_the_ontology_is_loaded_in_its_own_graph(tmp_path, cli):
    store = tmp_path / "store"
    assert cli("load", str(REVIEW), "--store", str(store)).exit_code == 0
    assert _count(store, "https://w3id.org/ssc-rdf/ontology") > 500


def test_the_default_graph_is_the_union_of_the_graphs_each_triple_once(cli, tmp_path):
    store = tmp_path / "store"
    shared = "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
    own = "<http://example.org/a> <http://example.org/b> <http://example.org/only-one> .\n"
    (tmp_path / "one.nt").write_text(shared + own)
    (tmp_path / "two.nt").write_text(shared)
    for name in ("one.nt", "two.nt", "two.nt"):
        assert cli("load", str(tmp_path / name), "--store", str(store), "--no-ontology").exit_code == 0

    def default_graph() -> list[str]:
        found = EmbeddedStore(store, read_only=True).store.query(
            "SELECT ?o WHERE { <http://example.org/a> <http://example.org/b> ?o } ORDER BY ?o")
        return [row["o"].value for row in found]

    assert default_graph() == ["http://example.org/c", "http://example.org/only-one"]
    (tmp_path / "one.nt").write_text(shared)  # a replacement takes away what only it said
    assert cli("load", str(tmp_path / "one.nt"), "--store", str(store), "--replace", "--no-ontology").exit_code == 0
    assert default_graph() == ["http://example.org/c"]


def test_a_bad_file_anywhere_in_the_inputs_stops_the_load_before_anything_is_written(cli, tmp_path):
    store = tmp_path / "store"
    good = tmp_path / "good.nt"
    good.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    broken = tmp_path / "broken.nt"
    broken.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/d> .\n" * 3 + "oops\n")
    result = cli("load", str(good), str(broken), "--store", str(store), "--no-ontology")
    assert result.exit_code == 2 and str(broken) in result.stderr
    assert not store.exists() or _count(store) == 0


def _quads(graphs: int, per_graph: int, shared: bool = True) -> list[ox.Quad]:
    ex = "http://example.org/"
    out = []
    for g in range(graphs):
        for i in range(per_graph):
            s = ox.NamedNode(f"{ex}s{i}" if shared else f"{ex}g{g}s{i}")
            out.append(ox.Quad(s, ox.NamedNode(f"{ex}p"), ox.Literal(str(i)), ox.NamedNode(f"{ex}graph{g}")))
    return out


def _state(store: EmbeddedStore) -> tuple[set, set]:
    named = {q for q in store.store if isinstance(q.graph_name, ox.NamedNode)}
    default = {q.triple for q in store.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return named, default


@pytest.mark.parametrize("replace", [False, True])
def test_a_streamed_load_keeps_the_union_and_leaves_no_staging_graph(replace):
    old, new = _quads(2, 3, shared=False), _quads(5, 7) + _quads(3, 4, shared=False)
    store = EmbeddedStore()
    store.add(iter(old))
    added = store.add(iter(new), replace=replace, chunk=4)  # several bulk-loader chunks
    assert added.quads == len(new) and len(added.graphs) == 5
    named, default = _state(store)
    replaced = {q.graph_name for q in new} if replace else set()
    assert named == {q for q in old if q.graph_name not in replaced} | set(new)
    assert default == {q.triple for q in named}
    assert not any(n.value.startswith("urn:ssc-rdf:staging:") for n in store.store.named_graphs())


def test_a_replace_that_fails_part_way_leaves_the_old_graphs_and_no_staging_graph():
    store = EmbeddedStore()
    store.add(_quads(3, 5))
    before = _state(store)

    def failing():
        yield from _quads(3, 2, shared=False)
        raise InputError("broken record", path="x.nt")

    with pytest.raises(InputError):
        store.add(failing(), replace=True)
    assert _state(store) == before
    assert not any(n.value.startswith("urn:ssc-rdf:staging:") for n in store.store.named_graphs())


def test_gzip_exports_load_back(cli, tmp_path):
    data = _write(tmp_path, "velier-2022.nq")
    assert cli("export", str(data), "-o", str(tmp_path / "bulk"), "--split", "100").exit_code == 0
    shards = sorted(str(p) for p in (tmp_path / "bulk").glob("*.nq.gz"))
    assert len(shards) > 1
    store = tmp_path / "store"
    assert cli("load", *shards, "--store", str(store), "--no-ontology").exit_code == 0
    assert _count(store, GRAPH) == IN_GRAPH and _count(store) == TOTAL


def test_a_compacted_store_holds_the_same_quads(cli, tmp_path, monkeypatch):
    from ssc_rdf.sinks import embedded

    data = _write(tmp_path, "velier-2022.nq")
    plain, compacted = tmp_path / "plain", tmp_path / "compacted"
    assert cli("load", str(data), "--store", str(plain)).exit_code == 0
    monkeypatch.setattr(embedded, "COMPACT_AFTER", 1)  # the review is far below the real threshold
    assert cli("load", str(data), "--store", str(compacted)).exit_code == 0

    def everything(store_dir: Path) -> tuple[int, set]:  # blank nodes get new labels in each load
        quads = list(EmbeddedStore(store_dir, read_only=True).store)
        return len(quads), {q for q in quads if not any(isinstance(t, ox.BlankNode) for t in q)}

    assert everything(plain) == everything(compacted) and everything(plain)[0] > TOTAL


def test_a_corrupt_gzip_file_is_a_one_line_error(cli, tmp_path):
    fake = tmp_path / "shard.nq.gz"
    fake.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    result = cli("load", str(fake), "--store", str(tmp_path / "store"), "--no-ontology")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert str(fake) in result.stderr and "Not a gzipped file" in result.stderr
    assert not (tmp_path / "store").exists()


def test_a_damaged_gzip_body_is_a_one_line_error(cli, tmp_path):
    good = _write(tmp_path, "velier-2022.nq")
    packed = bytearray(gzip.compress(good.read_bytes()))
    packed[40:80] = bytes(40)  # zero the middle of the deflate stream
    damaged = tmp_path / "velier-2022.nq.gz"
    damaged.write_bytes(bytes(packed))
    result = cli("load", str(damaged), "--store", str(tmp_path / "store"), "--no-ontology")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert str(damaged) in result.stderr and "cannot read file" in result.stderr


def test_a_closed_store_keeps_no_write_ahead_logs_of_its_load(tmp_path):
    """Each graph of a load is committed in a transaction, which RocksDB writes to its
    write-ahead logs, and it deletes those only when it next opens the store: after a load of
    1,000 records, 1.1 GB of the store's 1.4 GB, until whatever opened it next for writing."""
    store = EmbeddedStore(tmp_path / "store")
    store.add(_quads(200, 200, shared=False))
    store.close()
    logs = sum(f.stat().st_size for f in (tmp_path / "store").glob("*.log"))
    tables = sum(f.stat().st_size for f in (tmp_path / "store").glob("*.sst"))
    assert tables and logs < tables / 10, (logs, tables)
    assert store.count() == 200 * 200  # still open
    store.add(_quads(1, 3, shared=False), replace=True)  # for writing
    assert store.count() == 199 * 200 + 3


def test_a_store_a_caller_still_holds_stays_writable_after_close(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.add(_quads(3, 4, shared=False))
    held = store.store  # a caller's reference: the store is not closed and opened again
    store.close()
    assert store.store is held
    store.add(_quads(1, 2, shared=False), replace=True)
    store.close()
    assert store.count() == 2 * 4 + 2


def test_a_store_held_by_unread_query_results_stays_readable_after_close(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.add(_quads(3, 4, shared=False))
    results = store.store.query("SELECT * WHERE { ?s ?p ?o }")  # holds the store, unseen by Python
    store.close()
    assert store.count() == 12
    assert len(list(results)) == 12  # the union
