"""Batched writes (issue 13): many documents in one transaction, each whole or not at all;
a document the database refuses is left out alone and the batch goes on. On both stores."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from pipeline.store import ingest as ingest_module
from pipeline.store.ingest import ingest
from pipeline.store.rows import DocumentRows, plan_rows
from pipeline.store.sqlstore import SqlStore


def _rows(plan: dict[str, Any], n: int) -> DocumentRows:
    doc = dict(plan.get("document") or {})
    doc["number"] = str(500 + n)
    return plan_rows({**plan, "document": doc}, sha256=f"h{n}", pipeline_version="v")


def _refused(rows: DocumentRows) -> DocumentRows:
    """The same rows with two tasks at one position: the database's unique key refuses it
    after the document row and some tasks are already written."""
    tasks = list(rows.tasks)
    tasks.append(dataclasses.replace(tasks[-1], path="dup"))
    return dataclasses.replace(rows, tasks=tuple(tasks))


def test_a_batch_writes_every_document_but_the_refused_one(
    store: SqlStore, plans: dict[str, Any]
) -> None:
    plan = next(iter(plans.values()))
    good, bad, last = _rows(plan, 1), _refused(_rows(plan, 2)), _rows(plan, 3)
    errors = store.write_documents([(good, ["/a.txt"]), (bad, ["/b.txt"]), (last, ["/c.txt"])])
    assert [e is None for e in errors] == [True, False, True]
    assert errors[1] is not None and errors[1].code == "invalid_output"
    counts = store.counts()
    assert counts["documents"] == 2
    assert counts["tasks"] == len(good.tasks) + len(last.tasks)
    assert sorted(store.source_states()) == ["/a.txt", "/c.txt"]


def test_an_empty_batch_writes_nothing(store: SqlStore) -> None:
    assert store.write_documents([]) == []
    assert store.counts()["documents"] == 0


def test_a_batch_equals_one_write_per_document(
    make_store: Any, plans: dict[str, Any]
) -> None:
    items = [(_rows(p, i), [f"/{i}.txt"]) for i, p in enumerate(plans.values())]
    batched, single = make_store(), make_store()
    assert batched.write_documents(items) == [None] * len(items)
    for rows, paths in items:
        single.write_document(rows, paths)
    assert batched.counts() == single.counts()
    assert batched.source_states() == single.source_states()


@pytest.mark.parametrize("batch", [1, 2, 64])
def test_ingest_writes_in_batches(
    plan_folder: Path, store: SqlStore, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    sizes: list[int] = []
    write = store.write_documents

    def spy(items: Any) -> Any:
        sizes.append(len(items))
        return write(items)

    monkeypatch.setattr(ingest_module, "WRITE_BATCH", batch)
    monkeypatch.setattr(ingest_module, "WRITE_SECONDS", 60.0)
    monkeypatch.setattr(store, "write_documents", spy)
    summary = ingest([plan_folder], store)
    assert sum(sizes) == summary.new
    assert max(sizes) <= batch
    if batch > 1 and summary.new > 1:
        assert len(sizes) < summary.new
