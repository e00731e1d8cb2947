"""PostgreSQL's newest matches (:mod:`pipeline.store.pg_newest`): each of the three ways
(walk, GIN index, filter first), forced in turn, finds exactly what the plain query finds;
the narrow ``task_search`` table follows ``tasks`` through inserts, updates and deletes."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pipeline.store import Filters, SearchQuery, open_store, pg_newest
from pipeline.store.pg_search import _candidates, _with_columns
from pipeline.store.rows import plan_rows
from pipeline.store.search import where_clauses
from pipeline.store.sqlstore import SqlStore
from pipeline.store.textkeys import query_terms

COPIES = 12  # the four gold plans, each this many times: a few hundred tasks


@pytest.fixture(scope="module")
def many(
    pg_pool: Any,
    plans: dict[str, dict[str, Any]],
) -> Iterator[SqlStore]:
    url = pg_pool.take()
    store = open_store(url)
    for n in range(COPIES):
        for slug, plan in sorted(plans.items()):
            doc = dict(plan.get("document") or {})
            doc["number"] = str(100 + n)
            doc["date"] = {**(doc.get("date") or {}), "year": 2018 + n % 6}
            copy = {**plan, "document": doc}
            rows = plan_rows(copy, sha256=f"sha-{slug}-{n}", pipeline_version="test")
            store.write_document(rows, [f"/plans/{slug}-{n}.plan.json"])
    yield store  # type: ignore[misc]
    store.close()
    pg_pool.give_back(url)


WAYS: dict[str, dict[str, float]] = {
    "walk": {"INDEX_COST": math.inf, "CANDIDATE_COST": math.inf},
    "index": {"WALK_COST": math.inf, "CANDIDATE_COST": math.inf},
    "filter first": {"WALK_COST": math.inf, "INDEX_COST": math.inf},
}

QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("dan van", {}),
    ("ke hoach", {}),
    ("to chuc thuc hien", {}),
    ("ubnd", {}),
    ("bao cao", {"year_from": 2020, "year_to": 2021}),
    ("tuyen truyen", {"kind": "continuous"}),
    ("trien khai", {"due_from": "2023-01-01", "due_to": "2024-12-31"}),
    ("thuc hien", {"lead": "uy ban nhan dan"}),
    ("kiem tra", {"issuer": "duc pho"}),
    ("thuc hien", {"issuer": "duc pho", "year_from": 2019, "due_from": "2020-01-01"}),
    ("khong co tu nay", {}),
]


def _plain(conn: Any, tsquery: str, where: tuple[list[str], list[Any]], limit: int) -> list[int]:
    clauses, params = where
    cond = "".join(" AND " + c for c in clauses)
    sql = (
        "SELECT t.id FROM task_search t JOIN documents d ON d.id = t.document_id"
        f" WHERE t.search @@ to_tsquery('simple', ?){cond} ORDER BY t.id DESC LIMIT ?"
    )
    return [r[0] for r in conn.execute(sql, [tsquery, *params, limit]).fetchall()]


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize(("text", "filters"), QUERIES)
@pytest.mark.parametrize("limit", [1, 7, 100])
def test_each_way_finds_what_the_plain_query_finds(
    many: SqlStore,
    monkeypatch: pytest.MonkeyPatch,
    way: str,
    text: str,
    filters: dict[str, Any],
    limit: int,
) -> None:
    monkeypatch.setattr(pg_newest, "PROBE_ROWS", 5)  # past the probe at once
    for name, value in WAYS[way].items():
        monkeypatch.setattr(pg_newest, name, value)
    f = Filters(**filters)
    tsquery = _with_columns(_candidates(query_terms(text), False), f)
    assert tsquery
    where = where_clauses(f)
    expected = _plain(many.conn, tsquery, where, limit)
    assert pg_newest.newest(many.conn, tsquery, where, limit) == expected
    assert bool(expected) == (text != "khong co tu nay"), "the table should find tasks"


def test_the_ways_are_chosen_by_cost(many: SqlStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the measured costs, a small probe on a common phrase under a selective due filter
    goes filter first; a word no task holds goes to the index."""
    monkeypatch.setattr(pg_newest, "PROBE_ROWS", 20)
    taken: list[str] = []
    for name in ("_indexed", "_filter_first"):
        real: Callable[..., list[int]] = getattr(pg_newest, name)

        def spy(*args: Any, _real: Callable[..., list[int]] = real, _name: str = name) -> list[int]:
            taken.append(_name)
            return _real(*args)

        monkeypatch.setattr(pg_newest, name, spy)
    where = where_clauses(Filters(due_from="2023-03-01", due_to="2023-03-31"))
    pg_newest.newest(many.conn, "'thuc' & 'hien'", where, 100)
    pg_newest.newest(many.conn, "'khongcotunay'", ([], []), 100)
    assert taken == ["_filter_first", "_indexed"]


def test_task_search_follows_tasks(
    store: SqlStore, backend: str, plans: dict[str, dict[str, Any]]
) -> None:
    if backend != "postgres":
        pytest.skip("task_search is PostgreSQL's")
    plan = plans[sorted(plans)[0]]
    store.write_document(plan_rows(plan, sha256="a", pipeline_version="t"), ["/a.plan.json"])
    count = "SELECT (SELECT count(*) FROM tasks), (SELECT count(*) FROM task_search)"
    tasks, searched = store.conn.execute(count).fetchone()
    assert tasks == searched > 0
    store.conn.execute("UPDATE tasks SET text_fold = 'tu moi xyzzy' WHERE id = (SELECT min(id) FROM tasks)")
    assert [h.text for h in store.search(SearchQuery("xyzzy"))]
    store.conn.execute("DELETE FROM documents")
    assert store.conn.execute(count).fetchone() == (0, 0)
