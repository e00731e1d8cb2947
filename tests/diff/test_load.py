"""Loading the two sides: plan JSON as is, documents through extraction, one-line errors."""

from __future__ import annotations

import json
import sys

import pytest

from pipeline.diff.load import check_plan_dict, load_plan
from pipeline.errors import NotAPlanError, PipelineError, ReadError


def test_json_plan(tmp_path, seed):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
    assert load_plan(path)["tasks"] == seed["tasks"]


@pytest.mark.parametrize(
    ("content", "error", "code"),
    [
        ("{", ReadError, "corrupt"),
        ("[1, 2]", NotAPlanError, "not_a_plan"),
        ('{"tasks": {}}', NotAPlanError, "not_a_plan"),
        ('{"name": "x"}', NotAPlanError, "not_a_plan"),
        ('{"document": {}, "references": {}}', NotAPlanError, "not_a_plan"),
        ('{"tasks": [{"text": "no path"}]}', NotAPlanError, "not_a_plan"),
        ('{"tasks": [], "sections": [1]}', NotAPlanError, "not_a_plan"),
        ('{"tasks": [], "document": "x"}', NotAPlanError, "not_a_plan"),
    ],
)
def test_bad_json(tmp_path, content, error, code):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(error) as info:
        load_plan(path)
    assert info.value.code == code and info.value.path == str(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"tasks": [], "x": "\xe9"}')
    with pytest.raises(ReadError) as info:
        load_plan(path)
    assert info.value.code == "encoding"


def test_missing_file(tmp_path):
    with pytest.raises(ReadError) as info:
        load_plan(tmp_path / "none.txt")
    assert info.value.code == "not_found"


def test_documents_are_extracted(seed_plan):
    from pathlib import Path

    txt = Path(__file__).resolve().parents[2] / "corpus/plans/2023-duc-pho-bcd-qcdc.txt"
    plan = load_plan(txt)
    assert [t["path"] for t in plan["tasks"]] == [t["path"] for t in seed_plan["tasks"]]


def test_extraction_missing(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pipeline.run", None)  # import fails
    path = tmp_path / "plan.txt"
    path.write_text("Kế hoạch", encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        load_plan(path)
    assert info.value.code == "tool_missing"


def test_check_plan_dict_accepts_a_minimal_plan():
    assert check_plan_dict({"tasks": []}) == {"tasks": []}
    header_only = {"document": {"number": "1556"}, "references": []}  # a partial gold
    assert check_plan_dict(header_only) is header_only


@pytest.mark.parametrize(
    "task",
    [
        {"path": "1", "lead": "Sở Nội vụ"},
        {"path": "1", "timeline": "Quý I/2024"},
        {"path": "1", "text": 12},
        {"path": "1", "references": "120-KL/TW"},
        {"path": "1", "executors": {"parties": "Sở Nội vụ"}},
    ],
)
def test_malformed_tasks_are_not_a_plan(task):
    from pipeline.diff.load import check_plan_dict
    from pipeline.errors import NotAPlanError

    with pytest.raises(NotAPlanError):
        check_plan_dict({"tasks": [task]}, "x.json")
