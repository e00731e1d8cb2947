"""The whole document: paragraphs outside the tasks are compared too; and every public verb
composes (issue 9: ``diff_plans(extract_file(a), extract_file(b))``, ``plan_from_dict``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import extract_file, extract_text
from pipeline.diff import diff_plans
from pipeline.diff.passages import AFTER, BEFORE, Passage, compare_passages, passages
from pipeline.export import plan_from_dict, plan_to_dict
from pipeline.model import Plan

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "corpus/plans/2023-duc-pho-bcd-qcdc.txt"
FINAL = ROOT / "corpus/diff/2023-duc-pho-bcd-qcdc-final.txt"
PURPOSE = "- Thực hiện có hiệu quả phương hướng, nhiệm vụ"


def plan_texts() -> tuple[str, str]:
    """The seed draft, and the same with one sentence of 'I- Mục đích, yêu cầu' changed."""
    old = DRAFT.read_text(encoding="utf-8")
    assert PURPOSE in old
    return old, old.replace(PURPOSE, "- Thực hiện thật tốt phương hướng, nhiệm vụ", 1)


def test_verbs_compose_on_plans():
    old, new = extract_file(DRAFT), extract_file(FINAL)
    diff = diff_plans(old, new)
    assert diff.changed and diff.passages_compared
    assert diff.tasks[0].change == "added" and diff.tasks[0].new_path == "II/1/1.5"


def test_plan_from_dict_round_trip_and_composes(tmp_path):
    data = plan_to_dict(extract_file(DRAFT))
    back = plan_from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
    assert isinstance(back, Plan) and plan_to_dict(back) == data
    diff = diff_plans(back, extract_file(FINAL))
    assert diff.changed and not diff.passages_compared  # JSON carries no full text
    assert [t.change for t in diff_plans(back, back).tasks] == []


def test_plan_from_dict_reads_gold_files():
    gold = json.loads((ROOT / "corpus/plans/2023-duc-pho-bcd-qcdc.gold.json").read_text("utf-8"))
    plan = plan_from_dict(gold)
    assert len(plan.tasks) == len(gold["tasks"]) and plan.document is not None


def test_plan_from_dict_refuses_what_is_not_a_plan():
    from pipeline.errors import NotAPlanError

    with pytest.raises(NotAPlanError):
        plan_from_dict({"name": "x"})  # type: ignore[arg-type]


def test_a_changed_purpose_sentence_is_reported():
    old_text, new_text = plan_texts()
    diff = diff_plans(extract_text(old_text), extract_text(new_text))
    assert diff.tasks == () and diff.changed
    (change,) = diff.passages
    assert (change.change, change.old_part, change.new_part) == ("modified", "I", "I")
    assert [(e.old.strip(), e.new.strip()) for e in change.text_edits if e.op != "equal"] == [
        ("có hiệu quả", "thật tốt")
    ]
    assert not diff_plans(extract_text(old_text), extract_text(old_text)).changed


def test_passages_skip_tasks_and_headings():
    plan = extract_file(DRAFT)
    found = passages(plan)
    texts = [p.text for p in found]
    assert all(t.text.split("\n")[0].strip() not in texts for t in plan.tasks)
    assert all(s.heading not in texts for s in plan.sections if s.heading)
    assert found[0].part == BEFORE and any(p.part == "I" for p in found)
    assert found[-1].part in (AFTER, *(s.path for s in plan.sections))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (["a b c", "d e f"], ["a b c", "d e f"], []),
        (["a b c"], ["a b c", "x y z"], [("added", None, "P")]),
        (["a b c", "x y z"], ["a b c"], [("removed", "P", None)]),
        (["một hai ba bốn"], ["một hai ba năm"], [("modified", "P", "P")]),
        (["một hai ba"], ["khác hẳn nhau"], [("removed", "P", None), ("added", None, "P")]),
    ],
)
def test_compare_passages(old, new, expected):
    changes = compare_passages([Passage("P", t) for t in old], [Passage("P", t) for t in new])
    assert [(c.change, c.old_part, c.new_part) for c in changes] == expected


def test_renderers_show_the_passages():
    from pipeline.diff import render_diff

    old_text, new_text = plan_texts()
    diff = diff_plans(extract_text(old_text), extract_text(new_text))
    assert "thật tốt" in render_diff(diff, "text")
    assert json.loads(render_diff(diff, "json"))["passages"][0]["from"] == "I"
    assert "<ins>thật tốt</ins>" in render_diff(diff, "html").replace("<ins>thật</ins> <ins>tốt</ins>", "<ins>thật tốt</ins>")
