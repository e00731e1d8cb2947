"""``kehoach export --gold DIR`` on every store: task and header corrections applied, only the
corrected plans written, re-ingest keeps them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.cli import main
from pipeline.store import open_store
from pipeline.store.corrections import DOCUMENT, add_correction
from tests.store.conftest import load

SLUG = "2024-quang-tri-ubnd-cchc"
LEAD = {"raw": "Sở Nội vụ", "parties": [{"name": "Sở Nội vụ", "kind": "org"}]}


def _correct(store: Any, plan: dict[str, Any]) -> str:
    task = plan["tasks"][0]
    source = f"/plans/{SLUG}.plan.json"
    add_correction(store.conn, source=source, sha256=f"sha-{SLUG}", task_path=task["path"],
                   field="lead", value=LEAD, extracted=task.get("lead"), author="lan")  # fmt: skip
    for field, value in (("issuer", "Ủy ban nhân dân tỉnh Quảng Trị (đã sửa)"),
                         ("date", {"year": 2024, "month": 2, "day": 29})):  # fmt: skip
        add_correction(store.conn, source=source, sha256=f"sha-{SLUG}", task_path=DOCUMENT,
                       field=field, value=value, extracted=None, author="minh")  # fmt: skip
    return str(task["path"])


def test_export_gold_on_each_store(
    make_target: Callable[[], str], plans: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    target = make_target()
    with open_store(target) as store:
        path = _correct(load(store, plans), plans[SLUG])
        # a re-ingest of the same document rewrites its rows, never the corrections
        load(store, plans)
    out = tmp_path / "gold"
    assert main(["export", "--gold", str(out), "--db", target]) == 0
    files = sorted(f.name for f in out.iterdir())
    assert files == [f"{SLUG}.gold.json"]
    gold = json.loads((out / files[0]).read_text(encoding="utf-8"))
    assert gold["gold_version"] == 1 and gold["source_file"] == f"{SLUG}.plan.json"
    assert gold["document"]["issuer"] == "Ủy ban nhân dân tỉnh Quảng Trị (đã sửa)"
    assert gold["document"]["date"] == {"year": 2024, "month": 2, "day": 29}
    task = next(t for t in gold["tasks"] if t["path"] == path)
    assert task["lead"]["parties"] == LEAD["parties"]
    untouched = {k: v for k, v in plans[SLUG]["document"].items() if k not in ("issuer", "date")}
    assert {k: gold["document"][k] for k in untouched} == untouched
    assert gold["sections"] == plans[SLUG]["sections"]


def test_export_gold_without_corrections_writes_nothing(
    make_target: Callable[[], str], plans: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    target = make_target()
    with open_store(target) as store:
        assert load(store, plans).corrected_plans() == []
    assert main(["export", "--gold", str(tmp_path / "g"), "--db", target]) == 0
    assert list((tmp_path / "g").iterdir()) == []
