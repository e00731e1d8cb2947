"""Fixtures of the web tests: a small database of real plans (the seed, its final version, a
plan whose task text holds markup, four stored plan JSON files), an app and a test client."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed (pip install kehoach[web])")

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "plans" / "2023-duc-pho-bcd-qcdc.txt"
FINAL = ROOT / "corpus" / "diff" / "2023-duc-pho-bcd-qcdc-final.txt"
STORED = ROOT / "tests" / "store" / "fixtures"
HOSTILE = "<script>alert('x')</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"


def hostile_text() -> str:
    text = SEED.read_text(encoding="utf-8")
    assert "1.1. Tiếp tục quán triệt" in text
    return text.replace(
        "1.1. Tiếp tục quán triệt", f"1.1. Tiếp tục {HOSTILE} quán triệt {HOSTILE_IMG}", 1
    )


@dataclass
class WebEnv:
    root: Path
    docs: Path
    db: Path
    data: Path

    def app(self, host: str = "127.0.0.1", user: str = "kiemthu"):
        from pipeline.web.app import ServeConfig, create_app

        return create_app(ServeConfig(self.db, self.data, host, user))

    def ingest(self, *paths: Path, version: str | None = None):
        from pipeline.store import open_store
        from pipeline.store.ingest import ingest

        with open_store(self.db) as store:
            return ingest(list(paths) or [self.docs], store, jobs=1, version=version)

    def doc_id(self, name: str) -> int:
        from pipeline.store import open_store

        with open_store(self.db, create=False) as store:
            row = store.conn.execute(  # type: ignore[attr-defined]
                "SELECT document_id FROM sources WHERE path LIKE ?", (f"%{name}",)
            ).fetchone()
        assert row, name
        return int(row[0])


def make_env(root: Path) -> WebEnv:
    docs = root / "docs"
    docs.mkdir(parents=True)
    shutil.copy(SEED, docs / SEED.name)
    shutil.copy(FINAL, docs / FINAL.name)
    (docs / "2023-hostile.txt").write_text(hostile_text(), encoding="utf-8")
    for plan in sorted(STORED.glob("*.plan.json")):
        if not plan.name.startswith("2023-duc-pho"):
            shutil.copy(plan, docs / plan.name)
    env = WebEnv(root, docs, root / "kehoach.db", root / "kehoach-web")
    summary = env.ingest()
    assert summary.failed == 0, summary.failures
    return env


@pytest.fixture
def hostile() -> tuple[str, str]:
    """The markup put into a task's text by :func:`hostile_text`."""
    return HOSTILE, HOSTILE_IMG


@pytest.fixture
def web_env(tmp_path: Path) -> WebEnv:
    return make_env(tmp_path)


@pytest.fixture
def client(web_env: WebEnv):
    from starlette.testclient import TestClient

    with TestClient(web_env.app(), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture
def csrf(client) -> str:
    """The session's CSRF token, as a page's forms carry it."""
    import re

    page = client.get("/nap").text
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    assert m, "no CSRF field on the upload page"
    return m.group(1)
