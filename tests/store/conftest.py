"""Fixtures for the task database tests: plan dicts, temporary databases, plan folders."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.store.rows import plan_rows
from pipeline.store.sqlite import SqliteStore

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def plan_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.plan.json"))


@pytest.fixture(scope="session")
def plans(plan_files: list[Path]) -> dict[str, dict[str, Any]]:
    """The four gold plans (three layouts plus the seed), by slug."""
    return {p.name.removesuffix(".plan.json"): json.loads(p.read_text("utf-8")) for p in plan_files}


@pytest.fixture
def make_variant() -> Callable[[dict[str, Any], int], dict[str, Any]]:
    """A distinct copy of a plan: number, date and every task text marked with ``n``."""

    def make(plan: dict[str, Any], n: int) -> dict[str, Any]:
        out = copy.deepcopy(plan)
        doc = out.get("document") or {}
        doc["number"] = str(100 + n)
        for t in out["tasks"]:
            t["text"] = f"{t['text']} (bản {n})"
        return out

    return make


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kehoach.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore.open(db_path)
    yield s
    s.close()


@pytest.fixture
def loaded_store(store: SqliteStore, plans: dict[str, dict[str, Any]]) -> SqliteStore:
    """A store holding the four gold plans (paths ``/plans/<slug>.plan.json``)."""
    for slug, plan in sorted(plans.items()):
        rows = plan_rows(plan, sha256=f"sha-{slug}", pipeline_version="test")
        store.write_document(rows, [f"/plans/{slug}.plan.json"])
    return store


@pytest.fixture
def plan_folder(tmp_path: Path, plan_files: list[Path]) -> Path:
    """good/: the four plans; copies/: one duplicate; bad/: broken files; extras that must be
    skipped (a gold file, a README)."""
    root = tmp_path / "plans"
    (root / "good" / "2024").mkdir(parents=True)
    (root / "copies").mkdir()
    (root / "bad").mkdir()
    for p in plan_files:
        shutil.copy(p, root / "good" / "2024" / p.name)
    shutil.copy(plan_files[0], root / "copies" / "same-as-first.plan.json")
    (root / "bad" / "truncated.plan.json").write_text('{"tasks": [', "utf-8")
    (root / "bad" / "not-a-plan.plan.json").write_text('["a list"]', "utf-8")
    (root / "bad" / "empty.txt").write_bytes(b"")
    (root / "bad" / "fake.docx").write_bytes(b"this is not a zip file")
    (root / "good" / "notes.gold.json").write_text("{}", "utf-8")
    (root / "README.md").write_text("# not a plan", "utf-8")
    return root
