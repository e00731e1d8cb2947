"""Locked, damaged and foreign databases each get their own code and one line (issue 12
item 9), and two ingesters on one database neither duplicate nor deadlock (issue 13)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.errors import EXIT_CODES, PipelineError
from pipeline.store import SearchQuery, open_store
from pipeline.store.dump import dump_canonical
from pipeline.store.ingest import ingest
from pipeline.store.rows import plan_rows
from pipeline.store.sqlite import SqliteStore


def test_a_locked_database_is_db_locked(db_path: Path, plans: dict[str, Any]) -> None:
    SqliteStore.open(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    rows = plan_rows(next(iter(plans.values())), sha256="h", pipeline_version="1")
    try:
        # at opening, or at the first write
        with pytest.raises(PipelineError) as err, SqliteStore.open(db_path, timeout=0.1) as s:
            s.write_document(rows, ["/a"])
        assert err.value.code == "db_locked" and "\n" not in err.value.message
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_damaged_database_is_db_corrupt(
    loaded_sqlite: SqliteStore, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded_sqlite.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for start in range(page * 2, len(data), page):  # every page but the schema's
        data[start + 16 : start + page] = b"\xa5" * (page - 16)
    db_path.write_bytes(bytes(data))
    code = main(["search", "", "--year", "2024", "--db", str(db_path)])
    err = capsys.readouterr().err
    assert code == EXIT_CODES["db_corrupt"], err
    assert err.count("\n") == 1 and "[db_corrupt]" in err


def test_a_foreign_file_is_db_foreign(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE accounts (id INTEGER)")
    conn.commit()
    conn.close()
    assert main(["search", "x", "--db", str(other)]) == EXIT_CODES["db_foreign"]
    assert "[db_foreign]" in capsys.readouterr().err


def test_codes_are_distinct() -> None:
    codes = [EXIT_CODES[c] for c in ("db_locked", "db_corrupt", "db_foreign")]
    assert len(set(codes)) == 3 and not set(codes) & {
        v for k, v in EXIT_CODES.items() if not k.startswith("db_")
    }


def test_two_ingesters_at_once_give_one_copy_of_each_document(
    plan_folder: Path, make_target: Callable[[], str]
) -> None:
    target = make_target()
    open_store(target).close()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with open_store(target) as store:
                ingest([plan_folder], store, version="1")
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    with open_store(target) as together, open_store(make_target()) as alone:
        ingest([plan_folder], alone, version="1")
        assert together.counts() == alone.counts()
        a, b = dump_canonical(together.conn), dump_canonical(alone.conn)
        for name in ("documents", "tasks", "parties", "refs", "sources"):
            assert a[name] == b[name]
        assert together.search(SearchQuery("dan van"))
