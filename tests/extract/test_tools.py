"""Extraction takes its NLP pipeline and party parser as arguments (pipeline.extract.tools)."""

from __future__ import annotations

import doctest
import importlib

import pytest

from pipeline.extract import extract
from pipeline.extract.parties import baseline_parties
from pipeline.extract.tools import Tools, with_parser
from pipeline.model import Party, PartyGroup
from pipeline.normalize import build_text
from pipeline.read.from_txt import read_txt
from pipeline.run import baseline_tools, default_tools, extract_text, run_until
from pipeline.segment import segment

PLAN = """ỦY BAN NHÂN DÂN
XÃ AN BÌNH
Số: 12/KH-UBND
An Bình, ngày 10 tháng 3 năm 2025
KẾ HOẠCH
Tuyên truyền phổ biến pháp luật năm 2025
I. NHIỆM VỤ
1. Tổ chức hội nghị quán triệt.
- Chủ trì: Công an xã, Văn phòng Đảng ủy
- Thời gian: Quý II/2025
"""


def _outline():
    return segment(build_text(read_txt("t.txt", PLAN.encode())))


def test_default_tools_are_built_once():
    assert default_tools() is default_tools()


def test_extract_uses_the_parser_it_is_given():
    """A parser passed in is the one that runs: nothing switches a module global."""
    seen: list[str] = []

    def spy(raw: str) -> PartyGroup:
        seen.append(raw)
        return PartyGroup(raw=raw, parties=(Party("X"),))

    plan = extract(_outline(), with_parser(default_tools(), spy))
    assert seen == ["Công an xã, Văn phòng Đảng ủy"]
    assert [p.name for p in plan.tasks[0].lead.parties] == ["X"]
    # and the default run in the same process is untouched
    again = extract(_outline(), default_tools())
    assert [p.name for p in again.tasks[0].lead.parties] == ["Công an xã", "Văn phòng Đảng ủy"]


def test_baseline_tools_split_on_commas_only():
    plan = extract(_outline(), baseline_tools())
    assert [p.name for p in plan.tasks[0].lead.parties] == ["Công an xã", "Văn phòng Đảng ủy"]
    group = baseline_parties("Ban Chỉ đạo; UBND các xã, thị trấn")
    assert [p.name for p in group.parties] == ["Ban Chỉ đạo", "UBND các xã", "thị trấn"]


@pytest.mark.parametrize(("raw", "empty"), [(None, True), ("", True), ("  ", True), ("Sở Y tế", False)])
def test_tools_parties_of_empty_values(raw, empty):
    calls: list[str] = []
    tools = Tools(nlp=default_tools().nlp, parse_parties=lambda r: calls.append(r) or PartyGroup(raw=r))
    tools.parties(raw)
    assert (calls == []) is empty


@pytest.mark.parametrize(
    ("phrase", "opens"),
    [("Sở Tài chính", True), ("các tổ chức chính trị - xã hội", True), ("Phó Trưởng Ban Chỉ đạo", True), ("tổ chức hội nghị", False)],
)
def test_opens_with_a_party(phrase, opens):
    assert default_tools().opens_with(phrase) is opens


@pytest.mark.parametrize(("stage", "kind"), [("read", "SourceDocument"), ("normalize", "Text"), ("segment", "Outline"), ("extract", "Plan")])
def test_run_until_each_stage(tmp_path, stage, kind):
    f = tmp_path / "p.txt"
    f.write_text(PLAN, encoding="utf-8")
    assert type(run_until(f, stage)).__name__ == kind


def test_run_until_refuses_an_unknown_stage(tmp_path):
    with pytest.raises(ValueError, match="unknown stage"):
        run_until(tmp_path / "p.txt", "tokenize")


def test_extract_text_matches_the_stages():
    assert extract_text(PLAN).tasks == extract(_outline(), default_tools()).tasks


@pytest.mark.parametrize("name", ["pipeline.extract.agency", "pipeline.extract.parties", "pipeline.extract.references"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted and not result.failed
