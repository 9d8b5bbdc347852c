"""Corpus mode on a Dask cluster (``--scheduler``): the same shards, manifest and resume as ``-j``."""

from __future__ import annotations

import json

import distributed
import pytest

from ssc_rdf.pipeline.corpus import convert_corpus, input_key


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes on 127.0.0.1, one thread each: an existing engine, as a user has."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


def test_a_dask_run_writes_the_shards_and_manifest_of_a_local_run(cluster, corpus, tmp_path):
    options = dict(formats=["nt", "turtle"], base="https://w3id.org/ssc-rdf/id/", batch_records=20, validate=True)
    local = convert_corpus(list(map(str, corpus)), tmp_path / "local", jobs=2, **options)
    remote = convert_corpus(list(map(str, corpus)), tmp_path / "dask", scheduler=cluster.scheduler_address, **options)
    assert (remote.records, remote.triples, sorted(remote.shards)) == (local.records, local.triples,
                                                                         sorted(local.shards)) == (55, local.triples,
                                                                                                   sorted(local.shards))
    for shard in local.shards:
        assert (tmp_path / "dask" / shard).read_bytes() == (tmp_path / "local" / shard).read_bytes(), shard
    manifests = [json.loads((tmp_path / d / "manifest.json").read_text()) for d in ("local", "dask")]
    assert manifests[0]["inputs"] == manifests[1]["inputs"]
    again = convert_corpus(list(map(str, corpus)), tmp_path / "dask", scheduler=cluster.scheduler_address, **options)
    assert again.skipped_inputs == [input_key(str(p)) for p in corpus] and again.records == 0


def test_an_unreachable_scheduler_is_a_usage_error(cli, corpus, tmp_path):
    result = cli("convert", str(corpus[0]), "-o", f"{tmp_path}/out/", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    assert "Dask scheduler" in result.stderr and len(result.stderr.strip().splitlines()) == 1
