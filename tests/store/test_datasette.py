"""The SQLite database in Datasette (issue 12 item 6): the full-text index follows
sqlite-utils' conventions, so Datasette shows its search box on ``tasks``, and the folded
columns make ``dau tu`` find ``Đầu tư`` there."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from pipeline.store.sqlite import SqliteStore


def test_datasette_finds_the_index_and_searches_without_accents(
    loaded_sqlite: SqliteStore, db_path: Path
) -> None:
    app = pytest.importorskip("datasette.app", reason="datasette is a dev dependency")
    loaded_sqlite.close()

    async def visit() -> tuple[str, list[dict[str, object]], str | None]:
        ds = app.Datasette([str(db_path)])
        page = await ds.client.get("/kehoach/tasks")
        found = await ds.client.get("/kehoach/tasks.json?_search=dau+tu&_shape=array&_size=max")
        fts = await ds.get_database("kehoach").fts_table("tasks")
        return page.text, found.json(), fts

    page, rows, fts = asyncio.run(visit())
    assert fts == "tasks_fts"
    assert 'name="_search"' in page
    folded = [
        " ".join(
            str(r[c]) for c in ("text_fold", "lead_fold", "executors_fold", "context_fold")
        ).split()
        for r in rows
    ]
    assert rows and all("dau" in words and "tu" in words for words in folded)
    assert any("Đầu tư" in str(r["text"]) or "đầu tư" in str(r["text"]) for r in rows)
    direct = loaded_sqlite_search(db_path)
    assert {r["id"] for r in rows} >= direct


def loaded_sqlite_search(db_path: Path) -> set[int]:
    """The tasks whose own text holds the folded words "dau tu" (what Datasette must find)."""
    with SqliteStore.open(db_path) as store:
        return {
            r[0]
            for r in store.conn.execute(
                "SELECT id FROM tasks WHERE ' ' || text_fold || ' ' LIKE '% dau tu %'"
            )
        }
