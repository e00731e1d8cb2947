from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import PipelineError
from pipeline.store import open_store
from pipeline.store.dump import dump_canonical
from pipeline.store.rows import plan_rows
from pipeline.store.schema import MIGRATIONS
from pipeline.store.sqlite import SqliteStore


def test_migrations_are_recorded_once(db_path: Path) -> None:
    SqliteStore.open(db_path).close()
    with SqliteStore.open(db_path) as again:
        names = [r[0] for r in again.conn.execute("SELECT name FROM _migrations ORDER BY name")]
        mode = again.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert names == [name for name, _ in MIGRATIONS]
    assert mode == "wal"


def test_a_newer_database_is_refused(db_path: Path) -> None:
    SqliteStore.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _migrations VALUES ('9999_future', 'now')")
    conn.commit()
    conn.close()
    with pytest.raises(PipelineError, match="newer kehoach") as err:
        SqliteStore.open(db_path)
    assert err.value.code == "unsupported"


def test_a_file_that_is_not_sqlite_is_left_untouched(tmp_path: Path) -> None:
    target = tmp_path / "notes.db"
    target.write_bytes(b"my precious notes " * 100)
    with pytest.raises(PipelineError, match="not a SQLite database") as err:
        open_store(target)
    assert err.value.code == "db_foreign"
    assert target.read_bytes() == b"my precious notes " * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_another_apps_database_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "other.db"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE accounts (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(PipelineError, match="not a kehoach one"):
        open_store(target)


def test_read_commands_do_not_create_a_database(tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as err:
        open_store(tmp_path / "missing.db", create=False)
    assert err.value.code == "not_found"
    assert not (tmp_path / "missing.db").exists()


def test_rewriting_a_document_replaces_its_rows(store: SqliteStore, plans: dict[str, Any]) -> None:
    plan = plans["2024-quang-tri-ubnd-cchc"]
    rows = plan_rows(plan, sha256="h", pipeline_version="1")
    store.write_document(rows, ["/a.txt"])
    first = dump_canonical(store.conn)
    store.write_document(rows, ["/a.txt"])
    assert dump_canonical(store.conn) == first
    assert store.counts()["tasks"] == len(plan["tasks"])
    if isinstance(store, SqliteStore):
        fts_rows = store.conn.execute("SELECT count(*) FROM tasks_fts_docsize").fetchone()[0]
        assert fts_rows == len(plan["tasks"])


def test_a_path_moving_to_new_content_drops_the_old_document(
    store: SqliteStore, plans: dict[str, Any], make_store: Any
) -> None:
    a, b = plans["2024-quang-tri-ubnd-cchc"], plans["2023-duc-pho-bcd-qcdc"]
    store.write_document(plan_rows(a, sha256="old", pipeline_version="1"), ["/x.txt"])
    store.write_document(plan_rows(b, sha256="new", pipeline_version="1"), ["/x.txt"])
    assert store.counts()["documents"] == 1
    assert store.counts()["tasks"] == len(b["tasks"])
    fresh = make_store()
    fresh.write_document(plan_rows(b, sha256="new", pipeline_version="1"), ["/x.txt"])
    assert dump_canonical(fresh.conn) == dump_canonical(store.conn)  # no orphan party or ref left


def test_duplicates_share_one_document(store: SqliteStore, plans: dict[str, Any]) -> None:
    rows = plan_rows(plans["2023-duc-pho-bcd-qcdc"], sha256="h", pipeline_version="1")
    store.write_document(rows, ["/b/copy.txt"])
    store.link_sources("h", ["/a/orig.txt"])
    assert store.counts()["documents"] == 1 and store.counts()["sources"] == 2
    assert store.conn.execute("SELECT path FROM documents").fetchone()[0] == "/a/orig.txt"


def test_parties_are_merged_by_canonical_key(store: SqliteStore) -> None:
    def plan(name: str) -> dict[str, Any]:
        return {
            "tasks": [
                {"path": "1", "text": "x", "lead": {"raw": name, "parties": [{"name": name}]}}
            ]
        }

    store.write_document(
        plan_rows(plan("Uỷ ban nhân dân huyện"), sha256="1", pipeline_version="v"), ["/1"]
    )
    store.write_document(
        plan_rows(plan("Ủy ban nhân dân huyện"), sha256="2", pipeline_version="v"), ["/2"]
    )
    rows = store.conn.execute(
        "SELECT p.name, count(a.alias) FROM parties p JOIN party_aliases a ON a.party_id = p.id"
        " GROUP BY p.id, p.name"
    ).fetchall()
    assert rows == [("Ủy ban nhân dân huyện", 2)]
