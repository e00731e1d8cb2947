"""pipeline.store.corrections: statuses against the current extraction, applying, history."""

from __future__ import annotations

import pytest

from pipeline.store import open_store
from pipeline.store.corrections import (
    Correction,
    add_correction,
    apply_corrections,
    correction_status,
    corrections_for,
    field_value,
    history_for,
)

LEAD_A = {"raw": "A", "parties": [{"name": "Phòng Nội vụ", "kind": "org"}]}
LEAD_B = {"raw": "B", "parties": [{"name": "Ban Dân vận", "kind": "org"}]}
LEAD_C = {"raw": "C", "parties": [{"name": "Công an", "kind": "org"}]}


def _c(field, value, extracted):
    return Correction(
        1, "a.txt", "h", "I/1", field, value, extracted, "lan", "2026-01-01T00:00:00+00:00", None
    )


@pytest.mark.parametrize(
    ("field", "value", "extracted", "current", "status"),
    [
        ("lead", LEAD_B, LEAD_A, LEAD_A, "applied"),
        ("lead", LEAD_B, LEAD_A, LEAD_B, "agrees"),
        ("lead", LEAD_B, LEAD_A, {"raw": "x", "parties": [{"name": "BAN DÂN VẬN"}]}, "agrees"),
        ("lead", LEAD_B, LEAD_A, LEAD_C, "disagrees"),
        ("timeline", {"raw": "Quý II/2024", "kind": "quarter", "start": "2024-04-01", "end": "2024-06-30"},
         {"raw": "Quý 2", "kind": "unspecified", "start": None, "end": None},
         {"raw": "Quý II, 2024", "kind": "quarter", "start": "2024-04-01", "end": "2024-06-30"}, "agrees"),
        ("references", ["120-KL/TW"], [], ["120/KL-TW"], "agrees"),
        ("references", ["120-KL/TW"], [], ["33/CT-TTg"], "disagrees"),
        ("span", [10, 50], [10, 80], [10, 80], "applied"),
    ],
)  # fmt: skip
def test_status(field, value, extracted, current, status):
    assert correction_status(_c(field, value, extracted), current) == status


def test_orphan_when_the_task_is_gone():
    plan = {"tasks": [{"path": "I/2", "text": "x"}]}
    _, statuses = apply_corrections(plan, {("I/1", "lead"): _c("lead", LEAD_B, LEAD_A)})
    assert statuses == {("I/1", "lead"): "orphan"}


def test_apply_keeps_the_extraction_untouched():
    plan = {
        "tasks": [
            {"path": "I/1", "text": "abcdef", "lead": {**LEAD_A, "span": [0, 3]}, "span": [0, 6]}
        ]
    }
    standing = {
        ("I/1", "lead"): _c("lead", LEAD_B, LEAD_A),
        ("I/1", "span"): _c("span", [1, 4], [0, 6]),
    }
    out, statuses = apply_corrections(plan, standing, text="abcdef")
    assert out["tasks"][0]["lead"]["parties"] == LEAD_B["parties"]
    assert out["tasks"][0]["lead"]["span"] == [0, 3]
    assert out["tasks"][0]["text"] == "bcd"
    assert plan["tasks"][0]["lead"]["raw"] == "A"
    assert set(statuses.values()) == {"applied"}


def test_field_value_drops_party_spans():
    task = {"lead": {"raw": "x", "parties": [{"name": "A", "kind": "role"}], "span": [1, 2]}}
    assert field_value(task, "lead") == {"raw": "x", "parties": [{"name": "A", "kind": "role"}]}
    assert field_value({}, "references") == []


def test_history_newest_wins_and_withdrawal(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        conn = store.conn
        for value in (LEAD_A, LEAD_B):
            add_correction(conn, source="a.txt", sha256="h1", task_path="I/1", field="lead",
                           value=value, extracted=LEAD_C, author="lan")  # fmt: skip
        assert corrections_for(conn, ["a.txt"], "zz")[("I/1", "lead")].value == LEAD_B
        # found by content hash as well as by path
        assert corrections_for(conn, ["b.txt"], "h1")[("I/1", "lead")].value == LEAD_B
        add_correction(conn, source="a.txt", sha256="h1", task_path="I/1", field="lead",
                       value=None, extracted=LEAD_C, author="minh")  # fmt: skip
        assert corrections_for(conn, ["a.txt"], "h1") == {}
        assert [c.author for c in history_for(conn, ["a.txt"], "h1")] == ["lan", "lan", "minh"]


@pytest.mark.parametrize(("field", "author"), [("nope", "lan"), ("lead", "  ")])
def test_bad_corrections_are_refused(tmp_path, field, author):
    from pipeline.errors import PipelineError

    with open_store(tmp_path / "k.db") as store, pytest.raises(PipelineError):
        add_correction(store.conn, source="a", sha256="h", task_path="I", field=field,
                       value=LEAD_A, extracted=None, author=author)  # fmt: skip
