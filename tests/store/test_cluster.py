"""Ingest on a Dask cluster (issue 13 item 3): a LocalCluster of two worker processes gives
the same database as the local pool, with failures recorded and the batch going on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.store.dump import dump_canonical
from pipeline.store.ingest import ingest
from pipeline.store.sqlite import SqliteStore


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    distributed = pytest.importorskip("distributed", reason="dask.distributed is the cluster")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=40,
        ) as local,
        distributed.Client(local) as client,
    ):  # fmt: skip
        yield client


def test_dask_gives_the_same_database_as_the_local_pool(
    plan_folder: Path, tmp_path: Path, cluster: object
) -> None:
    with SqliteStore.open(tmp_path / "dask.db") as on_dask:
        summary = ingest([plan_folder], on_dask, version="1", dask=cluster)
        assert summary.counts() == {
            "new": 4, "updated": 0, "unchanged": 0, "duplicate": 1, "failed": 4,
        }  # fmt: skip
        got = dump_canonical(on_dask.conn)
    with SqliteStore.open(tmp_path / "pool.db") as local:
        ingest([plan_folder], local, version="1", jobs=2)
        assert got == dump_canonical(local.conn)


def test_a_rerun_on_dask_changes_nothing(plan_folder: Path, tmp_path: Path, cluster: object) -> None:
    with SqliteStore.open(tmp_path / "k.db") as store:
        ingest([plan_folder], store, version="1", dask=cluster)
        again = ingest([plan_folder], store, version="1", dask=cluster)
        assert again.unchanged == 5 and again.failed_before == 4


def test_an_unreachable_scheduler_is_one_line(plan_folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from pipeline.store.cluster import connect

    with pytest.raises(PipelineError) as err:
        connect("tcp://127.0.0.1:9", timeout=1)
    assert err.value.code == "unreadable"
