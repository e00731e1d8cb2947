"""The worked pair in corpus/diff/: draft → final of the Đức Phổ plan, extracted from the .txt
files, must reproduce the expected diff exactly (what ``score_diff.py`` scores, all 1.0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "corpus/plans/2023-duc-pho-bcd-qcdc.txt"
FINAL = ROOT / "corpus/diff/2023-duc-pho-bcd-qcdc-final.txt"
GOLD = ROOT / "corpus/diff/2023-duc-pho-bcd-qcdc.draft-to-final.gold.json"


def _task_changes(items):
    """As the scorer sees them: (kind, from, to) → fields; moved and renumbered are one kind."""
    out = {}
    for c in items or []:
        kind = "renumbered" if c["change"] in ("moved", "renumbered") else c["change"]
        if kind == "renumbered" and c.get("from") == c.get("to"):
            kind = "modified"
        out[(kind, c.get("from"), c.get("to"))] = set(c.get("fields") or [])
    return out


@pytest.fixture(scope="module")
def predicted(tmp_path_factory):
    pytest.importorskip("pipeline.run")
    out = tmp_path_factory.mktemp("diff") / "draft-to-final.json"
    assert main(["diff", str(DRAFT), str(FINAL), "--format", "json", "-o", str(out)]) == 1
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))


def test_tasks(predicted, gold):
    assert _task_changes(predicted["tasks"]) == _task_changes(gold["tasks"])


def test_sections(predicted, gold):
    assert _task_changes(predicted["sections"]) == _task_changes(gold.get("sections"))


def test_document(predicted, gold):
    assert predicted["document_changes"] == gold["document_changes"]


def test_references(predicted, gold):
    for side in ("added", "removed"):
        assert set(predicted["references"][side]) == set(gold["references"][side])


def test_rich_details(predicted):
    rows = {(t["change"], t["from"]): t for t in predicted["tasks"]}
    timeline = rows[("modified", "II/2/2.3")]["details"]["timeline"]
    assert (timeline["start_delta_days"], timeline["end_delta_days"]) == (91, 0)
    executors = rows[("modified", "II/2/2.2")]["details"]["executors"]
    assert executors["added"] == ["Văn phòng thị xã"]
    edits = rows[("modified", "II/2/2.5")]["details"]["text"]["edits"]
    assert [e["old"].strip() for e in edits if e["op"] != "equal"] == [
        "(tùy thuộc vào tình hình thực tế)"
    ]
    assert predicted["document_extra_changes"] == {"draft_label": ["DỰ THẢO", None]}
