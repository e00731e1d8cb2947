"""A kill at any moment leaves the database consistent; a rerun completes it with the same
content as one uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline.store.dump import dump_canonical
from pipeline.store.ingest import ingest
from pipeline.store.sqlite import SqliteStore

REPO = Path(__file__).resolve().parents[2]
N_FILES = 160


@pytest.fixture
def many_plans(tmp_path: Path, plans: dict[str, Any], make_variant: Any) -> Path:
    root = tmp_path / "many"
    for i in range(N_FILES):
        slug, plan = sorted(plans.items())[i % len(plans)]
        folder = root / str(2020 + i % 5)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:04d}-{slug}.plan.json").write_text(
            json.dumps(make_variant(plan, i), ensure_ascii=False), "utf-8"
        )
    (root / "broken.plan.json").write_text("{", "utf-8")
    (root / "dup.plan.json").write_bytes(
        (root / "2020" / "0000-2023-duc-pho-bcd-qcdc.plan.json").read_bytes()
    )
    return root


def _documents(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _ingest_cli(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", str(db), "-j", "2"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )


def _kill_when(proc: subprocess.Popen[bytes], db: Path, at_least: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if (n := _documents(db)) >= at_least:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return n
        time.sleep(0.003)
    proc.wait()
    return -1


def _check_consistent(db: Path) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = conn.execute(
        "SELECT count(*) FROM documents d WHERE task_count != (SELECT count(*) FROM tasks WHERE document_id = d.id)"
    ).fetchone()[0]
    assert partial == 0
    tasks, fts = (
        conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("tasks", "tasks_fts")
    )
    assert tasks == fts
    conn.close()


def test_kill_and_rerun_gives_the_same_database(many_plans: Path, tmp_path: Path) -> None:
    clean_db = tmp_path / "clean.db"
    with SqliteStore.open(clean_db) as s:
        ingest([many_plans], s)
        expected = dump_canonical(s.conn)
    assert len(expected["documents"]) == N_FILES

    db = tmp_path / "killed.db"
    killed_at = []
    for at_least in (5, 60, 120):
        killed_at.append(_kill_when(_ingest_cli(many_plans, db), db, at_least))
        _check_consistent(db)
    assert any(0 < n < N_FILES for n in killed_at), f"never killed mid-way: {killed_at}"
    assert _ingest_cli(many_plans, db).wait(timeout=120) == 0
    _check_consistent(db)
    with SqliteStore.open(db) as s:
        assert dump_canonical(s.conn) == expected
