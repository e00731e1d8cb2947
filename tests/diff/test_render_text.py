"""The terminal rendering: markers without colour, ANSI colour only when asked."""

from __future__ import annotations

import pytest

from pipeline.diff.render_text import format_delta, format_value, render_text


@pytest.fixture
def result(make_task, make_plan, texts, diff):
    old = make_plan([make_task("II/1/1.1", texts[0]), make_task("II/1/1.2", texts[1])])
    new = make_plan(
        [make_task("II/1/1.1", texts[0].replace("nâng cao", "không ngừng nâng cao"),
                   lead=("Trưởng Ban Chỉ đạo thị xã", "Văn phòng thị xã")),
         make_task("II/1/1.2", texts[2])],
        document={"number": "45", "draft": False, "date": {"year": 2023, "month": 2, "day": 15}},
    )  # fmt: skip
    return diff(old, new)


def test_plain_text(result):
    out = render_text(result)
    assert "\x1b[" not in out
    assert "Tasks: 2 → 2; 1 added, 1 removed, 1 modified" in out
    assert "number: [-(none)-] → {+45+}" in out
    assert "date: [-…/…/2023-] → {+15/2/2023+}" in out
    assert "~ II/1/1.1  modified: text, lead" in out
    assert "{+không ngừng+}" in out
    assert "lead: {+Văn phòng thị xã+}" in out
    assert "+ II/1/1.2  added" in out and "- II/1/1.2  removed" in out


def test_colour(result):
    out = render_text(result, color=True)
    assert "\x1b[32m" in out and "\x1b[31m" in out
    assert "{+" not in out and "[-" not in out


def test_long_unchanged_runs_are_elided(make_task, make_plan, diff):
    words = " ".join(f"từ{k}" for k in range(40))
    old = make_plan([make_task("II/1/1.1", f"{words} cũ {words}.")])
    new = make_plan([make_task("II/1/1.1", f"{words} mới {words}.")])
    line = next(ln for ln in render_text(diff(old, new)).splitlines() if "text:" in ln)
    assert line.count("…") == 2 and "[-cũ-]{+mới+}" in line.replace(" ", "")
    assert len(line) < 200


def test_no_changes(seed, diff):
    assert "(no task changed)" in render_text(diff(seed, seed))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "(none)"),
        (True, "yes"),
        ({"year": 2023, "month": None, "day": None}, "…/…/2023"),
        ({"authority": "T/M BAN THƯỜNG VỤ", "name": None}, "authority: T/M BAN THƯỜNG VỤ"),
        (["a", "b"], "a; b"),
        ([], "(none)"),
        ("45", "45"),
    ],
)
def test_format_value(value, text):
    assert format_value(value) == text


@pytest.mark.parametrize(
    ("days", "text"), [(91, "+91 days"), (-1, "-1 day"), (0, "unchanged"), (None, "n/a")]
)
def test_format_delta(days, text):
    assert format_delta(days) == text


def test_control_characters_from_the_plan_are_neutralised(make_task, make_plan, diff):
    old = make_plan([make_task("II/1/1.1", "Tổ chức hội nghị sơ kết công tác dân vận năm 2023.")])
    new = make_plan(
        [make_task("II/1/1.1", "Tổ chức hội nghị sơ kết công tác dân vận năm 2024.\x1b]0;x\x07\r")]
    )
    for color in (False, True):
        out = render_text(diff(old, new), color=color)
        assert "\x07" not in out and "\r" not in out and "\x1b]" not in out
