"""docs/diff.md documents the command, its options and every key the JSON output can carry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.cli import build_parser
from pipeline.diff.render_json import diff_to_dict

DOC = Path(__file__).resolve().parents[2] / "docs" / "diff.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _keys(value, out: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            out.add(key)
            if key not in ("document_changes", "document_extra_changes"):  # field names, not keys
                _keys(item, out)
    elif isinstance(value, list):
        for item in value:
            _keys(item, out)
    return out


def test_options_documented(doc):
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    parser = sub.choices["diff"]
    for action in parser._actions:
        for flag in action.option_strings:
            if flag not in ("-h", "--help"):
                assert f"`{flag}" in doc, flag
        for choice in action.choices or ():
            assert f"--format {choice}" in doc, choice


def test_json_keys_documented(doc, make_task, make_plan, texts, diff):
    old = make_plan([make_task("II/1/1.1", texts[0]), make_task("II/1/1.2", " ".join(texts[1:3])),
                     make_task("II/1/1.3", texts[3]), make_task("II/1/1.4", texts[5]),
                     make_task("II/1/1.5", texts[6])],
                    sections=[("II/1", "Nhiệm vụ")])  # fmt: skip
    new = make_plan(
        [make_task("II/1/1.1", texts[0] + " Báo cáo.", lead=("Văn phòng thị xã",),
                   executors=("Ban Dân vận Thị ủy", "Phòng Nội vụ thị xã"),
                   timeline=("Quý I/2023", "quarter", "2023-01-01", "2023-03-31"), references=("1/QĐ",)),
         make_task("II/1/1.2", texts[1]), make_task("II/1/1.3", texts[2]),
         make_task("II/1/1.4", texts[6]), make_task("II/1/1.5", texts[5]), make_task("II/1/1.6", texts[4])],
        sections=[("II/1", "Nhiệm vụ trọng tâm")],
        document={"number": "45", "draft": False, "date": {"year": 2023}, "draft_label": None},
    )  # fmt: skip
    data = diff_to_dict(diff(old, new))
    prose = re.sub(r"```.*?```", "", doc, flags=re.S)
    documented = {
        w for span in re.findall(r"`([^`]+)`", prose) for w in re.findall(r"[a-z_]+", span)
    }
    assert _keys(data, set()) - documented == set()
