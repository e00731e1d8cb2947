"""diff_plans: each change kind, as ``(change, from, to, fields)`` rows (the contract's view).

Plans are written as specs: ``(path, text, overrides)`` where ``text`` is an index into the
``texts`` fixture, a tuple of indices (texts joined: a task that will be split, or a merge), or
a literal string.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.diff.changes import ChangeKind

A, B, C, D = 0, 1, 2, 5
LEAD2 = {"lead": ("Phó Trưởng Ban Thường trực Ban Chỉ đạo thị xã",)}
Q3 = {"timeline": ("Quý III/2023", "quarter", "2023-07-01", "2023-09-30")}

CASES = [
    # id, old spec, new spec, expected rows
    ("unchanged",
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {})],
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {})],
     []),
    ("added at the end",
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {})],
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {}), ("II/1/1.3", C, {})],
     [("added", None, "II/1/1.3", ())]),
    ("removed",
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {}), ("II/1/1.3", C, {})],
     [("II/1/1.1", A, {}), ("II/1/1.2", C, {})],
     [("removed", "II/1/1.2", None, ()), ("renumbered", "II/1/1.3", "II/1/1.2", ())]),
    ("modified text, one word",
     [("II/1/1.1", "Tổ chức quán triện Luật thực hiện dân chủ ở cơ sở cho cán bộ, đảng viên.", {})],
     [("II/1/1.1", "Tổ chức quán triệt Luật thực hiện dân chủ ở cơ sở cho cán bộ, đảng viên.", {})],
     [("modified", "II/1/1.1", "II/1/1.1", ("text",))]),
    ("modified lead",
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {})],
     [("II/1/1.1", A, {}), ("II/1/1.2", B, LEAD2)],
     [("modified", "II/1/1.2", "II/1/1.2", ("lead",))]),
    ("modified executors and timeline",
     [("II/1/1.1", A, {})],
     [("II/1/1.1", A, {"executors": ("Ban Dân vận Thị ủy", "Văn phòng thị xã"), **Q3})],
     [("modified", "II/1/1.1", "II/1/1.1", ("executors", "timeline"))]),
    ("modified references",
     [("II/1/1.1", A, {"references": ("120-KL/TW",)})],
     [("II/1/1.1", A, {"references": ("120-KL/TW", "10/2022/QH15")})],
     [("modified", "II/1/1.1", "II/1/1.1", ("references",))]),
    ("inserted first: the rest renumbered",
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {})],
     [("II/1/1.1", C, {}), ("II/1/1.2", A, {}), ("II/1/1.3", B, {})],
     [("added", None, "II/1/1.1", ()), ("renumbered", "II/1/1.1", "II/1/1.2", ()),
      ("renumbered", "II/1/1.2", "II/1/1.3", ())]),
    ("renumbered and re-dated",
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {})],
     [("II/1/1.1", C, {}), ("II/1/1.2", A, {}), ("II/1/1.3", B, Q3)],
     [("added", None, "II/1/1.1", ()), ("renumbered", "II/1/1.1", "II/1/1.2", ()),
      ("renumbered", "II/1/1.2", "II/1/1.3", ("timeline",))]),
    ("moved across sections",
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {}), ("II/2/2.1", C, {})],
     [("II/1/1.1", A, {}), ("II/2/2.1", C, {}), ("II/2/2.2", B, {})],
     [("moved", "II/1/1.2", "II/2/2.2", ())]),
    ("reordered",
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {}), ("II/1/1.3", C, {})],
     [("II/1/1.1", A, {}), ("II/1/1.2", C, {}), ("II/1/1.3", B, {})],
     [("renumbered", "II/1/1.3", "II/1/1.2", ()), ("renumbered", "II/1/1.2", "II/1/1.3", ())]),
    ("split",
     [("II/1/1.1", A, {}), ("II/1/1.2", (B, D), {})],
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {}), ("II/1/1.3", D, {})],
     [("modified", "II/1/1.2", "II/1/1.2", ("text",)), ("added", None, "II/1/1.3", ())]),
    ("merged",
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {}), ("II/1/1.3", D, {})],
     [("II/1/1.1", A, {}), ("II/1/1.2", (B, D), {})],
     [("modified", "II/1/1.2", "II/1/1.2", ("text",)), ("removed", "II/1/1.3", None, ())]),
    ("replaced in place: removed and added, not modified",
     [("II/1/1.1", A, {}), ("II/1/1.2", B, {})],
     [("II/1/1.1", A, {}), ("II/1/1.2", C, {})],
     [("added", None, "II/1/1.2", ()), ("removed", "II/1/1.2", None, ())]),
]  # fmt: skip


def build(spec: list[tuple[str, Any, dict[str, Any]]], texts, make_task, make_plan) -> dict:
    tasks = []
    for path, text, overrides in spec:
        if isinstance(text, int):
            text = texts[text]
        elif isinstance(text, tuple):
            text = " ".join(texts[k] for k in text)
        tasks.append(make_task(path, text, **overrides))
    return make_plan(tasks)


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_change_kinds(old, new, expected, texts, make_task, make_plan, diff, changes):
    result = diff(build(old, texts, make_task, make_plan), build(new, texts, make_task, make_plan))
    assert sorted(changes(result), key=str) == sorted(expected, key=str)


def test_split_and_merge_are_linked(texts, make_task, make_plan, diff):
    whole = build([("II/1/1.1", A, {}), ("II/1/1.2", (B, D), {})], texts, make_task, make_plan)
    pieces = build(
        [("II/1/1.1", A, {}), ("II/1/1.2", B, {}), ("II/1/1.3", D, {})], texts, make_task, make_plan
    )
    split = {c.new_path: c for c in diff(whole, pieces).tasks}
    assert split["II/1/1.3"].split_from == "II/1/1.2"
    assert split["II/1/1.2"].split_into == ("II/1/1.3",)
    merged = {c.old_path: c for c in diff(pieces, whole).tasks}
    assert merged["II/1/1.3"].merged_into == "II/1/1.2"
    assert merged["II/1/1.2"].merged_from == ("II/1/1.3",)


def test_reordered_flag(texts, make_task, make_plan, diff):
    old = build(
        [("II/1/1.1", A, {}), ("II/1/1.2", B, {}), ("II/1/1.3", C, {})], texts, make_task, make_plan
    )
    new = build(
        [("II/1/1.1", A, {}), ("II/1/1.2", C, {}), ("II/1/1.3", B, {})], texts, make_task, make_plan
    )
    flagged = [c for c in diff(old, new).tasks if c.reordered]
    assert len(flagged) == 1


def test_section_renumbered_tasks_follow_it(texts, make_task, make_plan, diff):
    """A section inserted before II/1: II/1 becomes II/2, its tasks are renumbered, not moved."""
    old = make_plan(
        [make_task("II/1/1.1", texts[A]), make_task("II/1/1.2", texts[B])],
        sections=[("II", "Nhiệm vụ"), ("II/1", "Công tác tuyên truyền")],
    )
    new = make_plan(
        [
            make_task("II/1/1.1", texts[C]),
            make_task("II/2/2.1", texts[A]),
            make_task("II/2/2.2", texts[B]),
        ],
        sections=[
            ("II", "Nhiệm vụ"),
            ("II/1", "Công tác kiểm tra, giám sát"),
            ("II/2", "Công tác tuyên truyền"),
        ],
    )
    result = diff(old, new)
    assert [(str(c.change), c.old_path, c.new_path) for c in result.sections] == [
        ("added", None, "II/1"),
        ("renumbered", "II/1", "II/2"),
    ]
    kinds = {(c.old_path, c.new_path): str(c.change) for c in result.tasks}
    assert kinds == {
        (None, "II/1/1.1"): "added",
        ("II/1/1.1", "II/2/2.1"): "renumbered",
        ("II/1/1.2", "II/2/2.2"): "renumbered",
    }


def test_section_heading_change(texts, make_task, make_plan, diff):
    old = make_plan(
        [make_task("II/1/1.1", texts[A])], sections=[("II/1", "Tham mưu Ban Thường vụ Thị ủy")]
    )
    new = make_plan(
        [make_task("II/1/1.1", texts[A])], sections=[("II/1", "Tham mưu Thường trực Thị ủy")]
    )
    (change,) = diff(old, new).sections
    assert (str(change.change), change.fields) == ("modified", ("heading",))
    assert [e.op for e in change.text_edits if e.op != "equal"]


def test_consecutive_years(seed, diff):
    """The 2024 plan of the same body: tasks carried over are re-dated, one dropped, one new."""
    new = {**seed, "tasks": [dict(t) for t in seed["tasks"]]}
    new["document"] = {**seed["document"], "title": "thực hiện Quy chế dân chủ ở cơ sở năm 2024"}
    for task in new["tasks"]:
        task["text"] = (
            task["text"]
            .replace("2023", "2024")
            .replace("2024 và triển khai nhiệm vụ năm 2024", "2024 và triển khai nhiệm vụ năm 2025")
        )
        timeline = dict(task["timeline"])
        for key in ("start", "end"):
            if timeline.get(key):
                timeline[key] = timeline[key].replace("2023", "2024")
        timeline["raw"] = (timeline.get("raw") or "").replace("2023", "2024")
        task["timeline"] = timeline
    dropped = new["tasks"].pop(9)  # II/1/1.10
    new["tasks"].append(
        {
            **new["tasks"][-1],
            "path": "II/2/2.7",
            "number": "2.7",
            "text": "Sơ kết 01 năm thi hành Luật Thực hiện dân chủ ở cơ sở trên địa bàn thị xã.",
        }
    )
    result = diff(seed, new)
    by_old = {c.old_path: c for c in result.tasks if c.old_path}
    assert by_old[dropped["path"]].change == ChangeKind.REMOVED
    assert [c.new_path for c in result.tasks if c.change == ChangeKind.ADDED] == ["II/2/2.7"]
    carried = [c for c in result.tasks if c.old_path and c.new_path]
    assert len(carried) + len(result.unchanged) == len(seed["tasks"]) - 1
    yearly = by_old["II/1/1.5"]  # "Năm 2023" → "Năm 2024"
    assert yearly.timeline is not None
    assert (yearly.timeline.start_delta_days, yearly.timeline.end_delta_days) == (365, 366)
    assert ("title", "thực hiện Quy chế dân chủ ở cơ sở năm 2023") in [
        (c.name, c.old) for c in result.document
    ]


def test_identical_plans_have_no_changes(seed, diff):
    result = diff(seed, seed)
    assert (result.tasks, result.sections, result.document, result.references) == (
        (),
        (),
        (),
        result.references,
    )
    assert not result.references
    assert len(result.unchanged) == len(seed["tasks"])


def test_document_changes(seed, diff):
    new = {
        **seed,
        "document": {
            **seed["document"],
            "number": "45",
            "draft": False,
            "date": {"year": 2023, "month": 2, "day": 15},
            "draft_label": None,
        },
    }
    seed["document"]["draft_label"] = "DỰ THẢO"
    result = diff(seed, new)
    assert {c.name: [c.old, c.new] for c in result.document} == {
        "number": [None, "45"],
        "date": [{"year": 2023, "month": None, "day": None}, {"year": 2023, "month": 2, "day": 15}],
        "draft": [True, False],
    }
    assert [c.name for c in result.document_extra] == ["draft_label"]


def test_plan_references(seed, diff):
    new = {
        **seed,
        "references": [*seed["references"][1:], {"number": "10/2022/QH15", "type": "Luật"}],
    }
    result = diff(seed, new)
    assert result.references.added == ("10/2022/QH15",)
    assert result.references.removed == ("01-QC/BCĐ",)


def test_empty_plans(diff, make_plan):
    result = diff(make_plan([]), make_plan([]))
    assert (result.tasks, result.unchanged) == ((), ())


@settings(max_examples=30, deadline=None)
@given(order=st.permutations(range(8)), dropped=st.integers(0, 7))
def test_permuted_tasks_are_all_paired(order, dropped, texts, make_task, make_plan, diff):
    """Any reordering (and one deletion) keeps every surviving task paired with itself."""
    old = make_plan([make_task(f"II/1/1.{k + 1}", texts[k]) for k in range(8)])
    kept = [k for k in order if k != dropped]
    new = make_plan([make_task(f"II/1/1.{n + 1}", texts[k]) for n, k in enumerate(kept)])
    result = diff(old, new)
    pairs = {(c.old_path, c.new_path) for c in (*result.tasks, *result.unchanged)}
    expected = {(f"II/1/1.{k + 1}", f"II/1/1.{n + 1}") for n, k in enumerate(kept)}
    assert expected <= pairs
    assert [c.old_path for c in result.tasks if c.change == ChangeKind.REMOVED] == [
        f"II/1/1.{dropped + 1}"
    ]


@settings(max_examples=20, deadline=None)
@given(
    a=st.lists(st.sampled_from(range(8)), max_size=8, unique=True),
    b=st.lists(st.sampled_from(range(8)), max_size=8, unique=True),
)
def test_diff_is_symmetric(a, b, texts, make_task, make_plan, diff):
    """Added one way is removed the other way, with the same pairs."""
    old = make_plan([make_task(f"II/1/1.{n + 1}", texts[k]) for n, k in enumerate(a)])
    new = make_plan([make_task(f"II/1/1.{n + 1}", texts[k]) for n, k in enumerate(b)])
    forward, backward = diff(old, new), diff(new, old)
    added = sorted(c.new_path for c in forward.tasks if c.change == ChangeKind.ADDED)
    removed = sorted(c.old_path for c in backward.tasks if c.change == ChangeKind.REMOVED)
    assert added == removed
    pairs = {
        (c.old_path, c.new_path)
        for c in (*forward.tasks, *forward.unchanged)
        if c.old_path and c.new_path
    }
    back = {
        (c.new_path, c.old_path)
        for c in (*backward.tasks, *backward.unchanged)
        if c.old_path and c.new_path
    }
    assert pairs == back


def test_a_long_plan_of_alike_tasks(texts, make_task, make_plan, diff):
    """600 tasks that differ by a number, 60 inserted at the top: every task keeps its partner.

    The texts are alike enough that every pair is a candidate by its words; only the likely
    pairs are compared (similarity.similar_pairs) and the one large part of the assignment is
    thinned (assign.BLOCK), and the result is still the obvious one.
    """
    old_texts = [f"{texts[k % 8]} Đợt {k}." for k in range(600)]
    new_texts = [f"Nhiệm vụ mới {k}: {texts[(k * 3) % 8]}" for k in range(60)] + old_texts
    old = make_plan([make_task(f"II/1/1.{n + 1}", t) for n, t in enumerate(old_texts)])
    new = make_plan([make_task(f"II/1/1.{n + 1}", t) for n, t in enumerate(new_texts)])
    result = diff(old, new)
    pairs = {(c.old_path, c.new_path) for c in (*result.tasks, *result.unchanged) if c.old_path}
    assert pairs == {(f"II/1/1.{n + 1}", f"II/1/1.{n + 61}") for n in range(600)}
    assert sum(c.change == ChangeKind.ADDED for c in result.tasks) == 60
