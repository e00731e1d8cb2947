"""Party names: each task shows the spelling it was written with; shared rows follow the
documents that are stored now, so an incremental database equals a fresh one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.store import Filters, SearchQuery
from pipeline.store.dump import dump_canonical
from pipeline.store.ingest import ingest
from pipeline.store.rows import plan_rows
from pipeline.store.sqlite import SqliteStore

CAPS = "ỦY BAN NHÂN DÂN HUYỆN"
OLD_TONE = "Uỷ ban nhân dân huyện"


def lead_plan(
    text: str, *leads: dict[str, Any], executors: tuple[dict[str, Any], ...] = ()
) -> dict[str, Any]:
    return {
        "document": {"doc_type": "Kế hoạch", "issuer": "Huyện ủy"},
        "tasks": [
            {
                "path": "1",
                "text": text,
                "lead": {"raw": "; ".join(p["name"] for p in leads), "parties": list(leads)},
                "executors": {"raw": None, "parties": list(executors), "and_related": False},
            }
        ],
    }


def write(path: Path, plan: dict[str, Any]) -> None:
    path.write_text(json.dumps(plan, ensure_ascii=False), "utf-8")


@pytest.fixture
def two_plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    write(
        folder / "a.plan.json",
        lead_plan("Tổ chức hội nghị sơ kết", {"name": OLD_TONE, "kind": "org"}),
    )
    write(
        folder / "b.plan.json",
        lead_plan(
            "Kiểm tra việc thực hiện",
            {"name": CAPS, "kind": "group", "alts": ["UBND HUYỆN"]},
            executors=({"name": "PHÒNG NỘI VỤ", "kind": "org"},),
        ),
    )
    return folder


def test_each_task_shows_the_spelling_it_was_written_with(
    two_plans: Path, store: SqliteStore
) -> None:
    ingest([two_plans], store, version="1")
    (a,) = store.search(SearchQuery("hoi nghi so ket"))
    (b,) = store.search(SearchQuery("kiem tra viec thuc hien"))
    assert a.leads == (OLD_TONE,)  # neither folded to "Ủy" nor borrowed from the other plan
    assert b.leads == (CAPS,)
    records = {r["text"]: r for r in store.iter_task_records(Filters())}
    assert records["Tổ chức hội nghị sơ kết"]["leads"] == OLD_TONE
    assert records["Kiểm tra việc thực hiện"]["leads"] == CAPS
    # one party for both spellings: grouping and filtering use the key
    assert store.counts()["parties"] == 2
    assert len(store.search(SearchQuery("", Filters(lead="uy ban nhan dan huyen")))) == 2


def test_a_changed_plan_leaves_nothing_of_its_old_spellings(
    two_plans: Path, store: SqliteStore, tmp_path: Path
) -> None:
    ingest([two_plans], store, version="1")
    write(
        two_plans / "b.plan.json",
        lead_plan("Kiểm tra việc thực hiện", {"name": "Ủy ban nhân dân huyện", "kind": "org"}),
    )
    assert ingest([two_plans], store, version="1").updated == 1
    with SqliteStore.open(tmp_path / "fresh.db") as fresh:
        ingest([two_plans], fresh, version="1")
        assert dump_canonical(store.conn) == dump_canonical(fresh.conn)
    aliases = {r[0] for r in store.conn.execute("SELECT alias FROM party_aliases")}
    assert aliases == {OLD_TONE, "Ủy ban nhân dân huyện"}
    names = {r[0]: r[1] for r in store.conn.execute("SELECT name, kind FROM parties")}
    assert CAPS not in names and "PHÒNG NỘI VỤ" not in names
    assert store.counts()["parties"] == 1


def test_a_deleted_plan_takes_its_spellings_along(two_plans: Path, store: SqliteStore) -> None:
    ingest([two_plans], store, version="1")
    b = two_plans / "b.plan.json"
    write(b, lead_plan("Tổ chức hội nghị sơ kết", {"name": OLD_TONE, "kind": "org"}))
    ingest([two_plans], store, version="1")  # b is now a copy of a: its old document goes
    assert store.counts()["documents"] == 1
    rows = store.conn.execute(
        "SELECT p.name, p.kind, a.alias FROM parties p JOIN party_aliases a ON a.party_id = p.id"
    )
    assert rows.fetchall() == [(OLD_TONE, "org", OLD_TONE)]


def test_the_display_name_of_a_party_is_its_commonest_spelling(store: SqliteStore) -> None:
    for i, name in enumerate([CAPS, OLD_TONE, OLD_TONE, "Ủy ban nhân dân huyện"]):
        plan = lead_plan(f"việc {i}", {"name": name, "kind": "org"})
        store.write_document(plan_rows(plan, sha256=f"h{i}", pipeline_version="v"), [f"/{i}"])
    assert store.conn.execute("SELECT name FROM parties").fetchall() == [(OLD_TONE,)]
    store.write_document(
        plan_rows(
            lead_plan("việc 9", {"name": "X", "kind": "org"}), sha256="h9", pipeline_version="v"
        ),
        ["/1", "/2"],  # two paths move to another content: their documents go
    )
    assert store.conn.execute("SELECT name FROM parties WHERE key != 'x'").fetchall() == [
        ("Ủy ban nhân dân huyện",)
    ]  # 1 use each: not the all-caps one


def test_the_same_files_in_any_order_give_the_same_database(
    plans: dict[str, Any], tmp_path: Path
) -> None:
    dumps = []
    for order in (1, -1):
        with SqliteStore.open(tmp_path / f"o{order}.db") as s:
            for slug, plan in sorted(plans.items())[::order]:
                s.write_document(plan_rows(plan, sha256=slug, pipeline_version="v"), [f"/{slug}"])
            dumps.append(dump_canonical(s.conn))
    assert dumps[0] == dumps[1]


def test_a_database_made_before_migration_0003_is_upgraded(
    loaded_sqlite: SqliteStore, db_path: Path
) -> None:
    expected = dump_canonical(loaded_sqlite.conn)
    conn = loaded_sqlite.conn
    # back to the 0002 layout: no per-task spelling, no use counts, stale display names
    conn.execute("DROP TABLE party_names")
    conn.execute("DROP TABLE document_ref_names")
    conn.execute("UPDATE refs SET number = upper(number), name = upper(name)")
    for table, column in (("task_parties", "name"), ("task_parties", "kind"),
                          ("task_parties", "alts"), ("party_aliases", "uses")):  # fmt: skip
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("UPDATE parties SET name = upper(name)")
    conn.execute("DELETE FROM _migrations WHERE name = '0003_written_spellings'")
    loaded_sqlite.close()
    with SqliteStore.open(db_path) as again:
        assert dump_canonical(again.conn) == expected


def test_display_never_folds_tone_placement_or_d_stroke(store: SqliteStore) -> None:
    plan = lead_plan("Phối hợp", {"name": "Phòng Văn hoá - Thông tin", "kind": "org"},
                     {"name": "Đoàn Thanh niên", "kind": "org"})  # fmt: skip
    store.write_document(plan_rows(plan, sha256="h", pipeline_version="v"), ["/p"])
    (hit,) = store.search(SearchQuery("phoi hop"))
    assert hit.leads == ("Phòng Văn hoá - Thông tin", "Đoàn Thanh niên")


def test_a_changed_plan_leaves_nothing_of_its_reference_spellings(
    store: SqliteStore, tmp_path: Path
) -> None:
    def citing(number: str, text: str) -> dict[str, Any]:
        plan = lead_plan(text, {"name": OLD_TONE, "kind": "org"})
        plan["references"] = [{"number": number, "type": "Kết luận", "mentions": ["1"]}]
        plan["tasks"][0]["references"] = [number]
        return plan

    folder = tmp_path / "refs"
    folder.mkdir()
    write(folder / "a.plan.json", citing("120/KL-TW", "Quán triệt kết luận"))
    write(folder / "b.plan.json", citing("120-KL/TW", "Sơ kết kết luận"))
    ingest([folder], store, version="1")
    assert store.citations("120/kl-tw").ref.number == "120-KL/TW"  # type: ignore[union-attr]
    write(folder / "b.plan.json", lead_plan("Sơ kết", {"name": OLD_TONE, "kind": "org"}))
    ingest([folder], store, version="1")
    assert store.citations("120/kl-tw").ref.number == "120/KL-TW"  # type: ignore[union-attr]
    with SqliteStore.open(tmp_path / "fresh.db") as fresh:
        ingest([folder], fresh, version="1")
        assert dump_canonical(store.conn) == dump_canonical(fresh.conn)
