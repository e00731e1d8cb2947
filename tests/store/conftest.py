"""Fixtures for the task database tests: plan dicts, temporary databases, plan folders."""

from __future__ import annotations

import copy
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.store import open_store
from pipeline.store.rows import plan_rows
from pipeline.store.sqlite import SqliteStore
from pipeline.store.sqlstore import SqlStore

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


# The store suite runs against every store. PostgreSQL needs a server: KEHOACH_TEST_PG is the
# URL of a database the tests may create databases from (.ci/run starts a throwaway cluster).
PG_ENV = "KEHOACH_TEST_PG"
BACKENDS = ["sqlite", "postgres"]


class PgPool:
    """Schemas of one test database, each migrated once and emptied (TRUNCATE) before reuse:
    an empty PostgreSQL store in milliseconds, where CREATE/DROP DATABASE take a second."""

    def __init__(self, dsn: str) -> None:
        import psycopg

        self.dsn = dsn
        self.admin = psycopg.connect(dsn, autocommit=True)
        self.free: list[str] = []
        self.made: list[str] = []
        self.loaded: tuple[str, SqlStore, tuple[Any, ...]] | None = None

    def take(self) -> str:
        if self.free:
            schema = self.free.pop()
            tables = [
                r[0]
                for r in self.admin.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = %s"
                    " AND tablename != '_migrations'",
                    (schema,),
                ).fetchall()
            ]
            if tables:
                listed = ", ".join(f'"{schema}"."{t}"' for t in tables)
                self.admin.execute(f"TRUNCATE {listed} RESTART IDENTITY CASCADE")
        else:
            schema = f"kehoach_t_{uuid.uuid4().hex[:10]}"
            self.admin.execute(f'CREATE SCHEMA "{schema}"')
            self.made.append(schema)
        return self.url(schema)

    def url(self, schema: str) -> str:
        sep = "&" if "?" in self.dsn else "?"
        return f"{self.dsn}{sep}options=-csearch_path%3D{schema}"

    def give_back(self, url: str) -> None:
        self.free.append(url.rsplit("%3D", 1)[1])

    def close(self) -> None:
        if self.loaded:
            self.loaded[1].close()
        for schema in self.made:
            self.admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        self.admin.close()


@pytest.fixture(scope="session")
def pg_pool() -> Iterator[PgPool]:
    """Empty PostgreSQL stores for the suite (KEHOACH_TEST_PG: a database they may use)."""
    dsn = os.environ.get(PG_ENV)
    if not dsn:
        pytest.skip(f"no PostgreSQL for the store suite: set {PG_ENV} (.ci/run does)")
    pytest.importorskip("psycopg", reason="psycopg is needed for the PostgreSQL store")
    pool = PgPool(dsn)
    yield pool
    pool.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_target(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """New empty databases of the backend under test: file paths or PostgreSQL URLs."""
    counter = iter(range(1000))
    if backend == "sqlite":
        yield lambda: str(tmp_path / f"kehoach-{next(counter)}.db")
        return
    pool: PgPool = request.getfixturevalue("pg_pool")
    taken: list[str] = []

    def make() -> str:
        taken.append(pool.take())
        return taken[-1]

    yield make
    for url in taken:
        pool.give_back(url)


@pytest.fixture
def make_store(make_target: Callable[[], str]) -> Iterator[Callable[[], SqlStore]]:
    """Open new empty stores of the backend under test (closed at the end)."""
    opened: list[SqlStore] = []

    def make() -> SqlStore:
        s = open_store(make_target())
        opened.append(s)  # type: ignore[arg-type]
        return s  # type: ignore[return-value]

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def store(make_store: Callable[[], SqlStore]) -> SqlStore:
    """An empty store of each backend (the suite runs on both)."""
    return make_store()


@pytest.fixture
def sqlite_store(db_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore.open(db_path)
    yield s
    s.close()


def load(store: SqlStore, plans: dict[str, dict[str, Any]]) -> SqlStore:
    """Write the four gold plans (paths ``/plans/<slug>.plan.json``) into ``store``."""
    for slug, plan in sorted(plans.items()):
        rows = plan_rows(plan, sha256=f"sha-{slug}", pipeline_version="test")
        store.write_document(rows, [f"/plans/{slug}.plan.json"])
    return store


def _signature(store: SqlStore) -> tuple[Any, ...]:
    row = store.conn.execute(
        "SELECT (SELECT max(id) FROM documents), (SELECT max(id) FROM tasks),"
        " (SELECT count(*) FROM ingest_runs), (SELECT max(id) FROM parties)"
    ).fetchone()
    return (*store.counts().values(), *row)


@pytest.fixture
def loaded_store(
    backend: str,
    request: pytest.FixtureRequest,
    plans: dict[str, dict[str, Any]],
    make_store: Callable[[], SqlStore],
) -> Iterator[SqlStore]:
    """A store of each backend holding the four gold plans. On PostgreSQL the loaded store
    is shared by the tests that leave it as they found it (its signature is checked after
    each test; a test that wrote to it gets it replaced)."""
    if backend == "sqlite":
        yield load(make_store(), plans)
        return
    pool: PgPool = request.getfixturevalue("pg_pool")
    if pool.loaded is None:
        url = pool.take()
        shared = load(open_store(url), plans)  # type: ignore[arg-type]
        pool.loaded = (url, shared, _signature(shared))
    url, shared, signature = pool.loaded
    yield shared
    if _signature(shared) != signature:
        shared.close()
        pool.give_back(url)
        pool.loaded = None


@pytest.fixture
def loaded_sqlite(sqlite_store: SqliteStore, plans: dict[str, dict[str, Any]]) -> SqliteStore:
    load(sqlite_store, plans)
    return sqlite_store


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
