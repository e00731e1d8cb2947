"""``kehoach serve --db postgresql://...``: search, the plan page, corrections (and the facets
that see them) and exports on a PostgreSQL store. Runs when ``$KEHOACH_TEST_PG`` names a
server the tests may make schemas in (``.ci/run`` starts a throwaway cluster); skipped with
the reason otherwise."""

from __future__ import annotations

import json
import os
import re
import uuid

import pytest

PG_ENV = "KEHOACH_TEST_PG"
pytestmark = pytest.mark.skipif(
    not os.environ.get(PG_ENV),
    reason=f"no PostgreSQL for the web tests: set {PG_ENV} (.ci/run does)",
)


@pytest.fixture
def pg_env(web_env):
    """The web tests' documents ingested into a fresh schema of the PostgreSQL server."""
    psycopg = pytest.importorskip("psycopg", reason="psycopg is needed for PostgreSQL")
    from pipeline.store import open_store
    from pipeline.store.ingest import ingest

    dsn = os.environ[PG_ENV]
    schema = f"kehoach_web_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{dsn}{'&' if '?' in dsn else '?'}options=-csearch_path%3D{schema}"
    try:
        with open_store(url) as store:
            summary = ingest([web_env.docs], store, jobs=1)
            assert summary.failed == 0, summary.failures
        yield web_env, url
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def pg_client(pg_env):
    from starlette.testclient import TestClient

    from pipeline.web.app import ServeConfig, create_app

    env, url = pg_env
    app = create_app(ServeConfig(url, env.data, "127.0.0.1", "kiemthu"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c, url


def _doc_id(url: str, name: str) -> int:
    from pipeline.store import open_store

    with open_store(url, create=False) as store:
        row = store.conn.execute(  # type: ignore[attr-defined]
            "SELECT document_id FROM sources WHERE path LIKE ?", (f"%{name}",)
        ).fetchone()
    return int(row[0])


def test_search_plan_and_corrections_on_postgresql(pg_client):
    c, url = pg_client
    page = c.get("/", params={"q": "dan van"}).text
    assert '<li class="hit">' in page and "<mark>" in page.lower()
    doc = _doc_id(url, "2023-duc-pho-bcd-qcdc.txt")
    plan = c.get(f"/ke-hoach/{doc}")
    assert plan.status_code == 200 and 'id="t-II-1-1_1"' in plan.text
    token = re.search(r'name="csrf" value="([^"]+)"', plan.text).group(1)
    form = {"csrf": token, "task": "II/1/1.1", "field": "lead", "value": "Ban Dân vận Thị ủy",
            "action": "save", "note": "trên PostgreSQL"}  # fmt: skip
    r = c.post(f"/ke-hoach/{doc}/sua", data=form, follow_redirects=False)
    assert r.status_code == 303
    row = c.get(f"/ke-hoach/{doc}").text.split('id="t-II-1-1_1"', 1)[1].split("</tr>", 1)[0]
    assert "Ban Dân vận Thị ủy" in row and "đã sửa · kiemthu" in row
    hits = c.get("/", params={"chu_tri": "Ban Dân vận Thị ủy"}).text
    assert f"/ke-hoach/{doc}#t-II-1-1_1" in hits  # the lead facet sees the correction
    assert ">Ban Dân vận Thị ủy (1)</option>" in hits
    csv = c.get("/xuat.csv", params={"q": "tiep tuc quan triet nang cao nhan thuc"})
    assert csv.status_code == 200 and "Ban Dân vận Thị ủy" in csv.content.decode("utf-8-sig")
    assert c.get("/van-ban-dan-chieu", params={"so": "120-KL/TW"}).status_code == 200
    assert c.get("/so-sanh").status_code == 200


def test_header_corrections_on_postgresql(pg_client, tmp_path):
    from pipeline.cli import main

    c, url = pg_client
    doc = _doc_id(url, "2023-duc-pho-bcd-qcdc.txt")
    plan = c.get(f"/ke-hoach/{doc}").text
    token = re.search(r'name="csrf" value="([^"]+)"', plan).group(1)
    form = {"csrf": token, "scope": "document", "issuer": "Ban Thường vụ Thị ủy Đức Phổ",
            "date": "15/03/2021", "doc_type": "Kế hoạch", "symbol": "KH/BCĐ", "action": "save"}  # fmt: skip
    assert c.post(f"/ke-hoach/{doc}/sua", data=form, follow_redirects=False).status_code == 303
    header = c.get(f"/ke-hoach/{doc}").text.split('id="dau"', 1)[1].split("</section>", 1)[0]
    assert "Ban Thường vụ Thị ủy Đức Phổ" in header and "Cơ quan ban hành đã sửa" in header
    hits = c.get("/", params={"co_quan": "Ban Thường vụ Thị ủy Đức Phổ", "nam": "2021"}).text
    assert f"/ke-hoach/{doc}#" in hits and "phần đầu đã sửa" in hits
    out = tmp_path / "gold"
    assert main(["export", "--gold", str(out), "--db", url]) == 0
    gold = json.loads((out / "2023-duc-pho-bcd-qcdc.gold.json").read_text(encoding="utf-8"))
    assert gold["document"]["issuer"] == "Ban Thường vụ Thị ủy Đức Phổ"
    assert gold["document"]["date"] == {"year": 2021, "month": 3, "day": 15}
