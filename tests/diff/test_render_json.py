"""The diff JSON: contract keys always there, richer keys beside them."""

from __future__ import annotations

import json

from pipeline.diff.render_json import diff_to_dict, render_json, summary_counts

CONTRACT_TASK_KEYS = {"change", "from", "to", "fields"}


def _pair(make_task, make_plan, texts):
    old = make_plan([make_task("II/1/1.1", texts[0]), make_task("II/1/1.2", " ".join(texts[1:3])),
                     make_task("II/1/1.3", texts[3])])  # fmt: skip
    new = make_plan(
        [make_task("II/1/1.1", texts[0].replace("cấp ủy", "cấp ủy, chính quyền"),
                   timeline=("Quý III/2023", "quarter", "2023-07-01", "2023-09-30")),
         make_task("II/1/1.2", texts[1]), make_task("II/1/1.3", texts[2]), make_task("II/2/2.1", texts[3])],
        document={"number": "45", "draft": False, "date": {"year": 2023}},
        references=["10/2022/QH15"],
    )  # fmt: skip
    return old, new


def test_contract_shape(make_task, make_plan, texts, diff):
    data = diff_to_dict(diff(*_pair(make_task, make_plan, texts)))
    assert {"document_changes", "sections", "tasks", "references"} <= data.keys()
    assert data["document_changes"] == {"number": [None, "45"], "draft": [True, False]}
    assert data["references"] == {"added": ["10/2022/QH15"], "removed": []}
    for task in data["tasks"]:
        assert task.keys() >= CONTRACT_TASK_KEYS
        assert task["change"] in {"added", "removed", "modified", "renumbered", "moved"}
    rows = {(t["change"], t["from"], t["to"]): t for t in data["tasks"]}
    assert rows[("added", None, "II/1/1.3")]["split_from"] == "II/1/1.2"
    assert rows[("moved", "II/1/1.3", "II/2/2.1")]["fields"] == []
    modified = rows[("modified", "II/1/1.1", "II/1/1.1")]
    assert modified["fields"] == ["text", "timeline"]
    assert modified["details"]["timeline"]["start_delta_days"] == 181
    edits = modified["details"]["text"]["edits"]
    assert "".join(e["new"] for e in edits) == modified["details"]["text"]["new"]
    assert [e["new"].strip() for e in edits if e["op"] == "insert"] == [", chính quyền"]


def test_summary_and_round_trip(make_task, make_plan, texts, diff):
    result = diff(*_pair(make_task, make_plan, texts))
    data = json.loads(render_json(result))
    assert data["summary"] == {"old_tasks": 3, "new_tasks": 4, **summary_counts(result)}
    assert data["summary"]["split"] == 1
    assert data["unchanged"] == []


def test_added_and_removed_carry_their_content(make_task, make_plan, texts, diff):
    data = diff_to_dict(diff(make_plan([make_task("II/1/1.1", texts[0])]),
                             make_plan([make_task("II/1/1.1", texts[4])])))  # fmt: skip
    by_change = {t["change"]: t for t in data["tasks"]}
    assert by_change["added"]["new"]["text"] == texts[4]
    assert by_change["removed"]["old"]["text"] == texts[0]
    assert "similarity" not in by_change["added"]
