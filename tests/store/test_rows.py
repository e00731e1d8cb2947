from __future__ import annotations

from typing import Any

from pipeline.store.rows import plan_rows


def test_rows_of_a_gold_plan(plans: dict[str, dict[str, Any]]) -> None:
    plan = plans["2023-duc-pho-bcd-qcdc"]
    rows = plan_rows(plan, sha256="x", pipeline_version="v")
    assert len(rows.tasks) == len(plan["tasks"]) == 16
    assert rows.document.issuer_fold.startswith("ban chi dao thuc hien quy che dan chu")
    first = rows.tasks[0]
    assert first.path == "II/1/1.1" and first.section_path == "II/1"
    assert [p.name for p in first.leads] == [
        "Trưởng Ban Chỉ đạo thị xã",
        "Phó Trưởng Ban Chỉ đạo thị xã",
    ]
    assert first.timeline_kind == "continuous" and first.timeline_end is None
    assert rows.tasks[1].refs == ("120-kl-tw",)
    keys = [r.key for r in rows.refs]
    assert len(keys) == len(set(keys))


def test_rows_are_deterministic(plans: dict[str, dict[str, Any]]) -> None:
    plan = plans["2024-quang-tri-ubnd-cchc"]
    assert plan_rows(plan, sha256="x", pipeline_version="v") == plan_rows(
        plan, sha256="x", pipeline_version="v"
    )


def test_partial_plans_do_not_break_rows() -> None:
    for plan in (
        {},
        {"document": None, "tasks": []},
        {"tasks": [{"text": None, "lead": None, "timeline": {"end": "not a date"}, "span": [1]}]},
        {
            "tasks": [
                {
                    "path": "1",
                    "references": ["", None, "Luật Đất đai"],
                    "lead": {"parties": ["X", {"name": ""}]},
                }
            ]
        },
        {
            "document": {"date": {"year": "2024"}, "number": 7, "signer": {"name": "A"}},
            "references": ["x", {}],
        },
    ):
        rows = plan_rows(plan, sha256="x", pipeline_version="v")
        assert rows.document.sha256 == "x"
