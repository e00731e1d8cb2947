"""SEG003: a numbered item whose text runs implausibly long is reported (issue 12, no silent loss)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import extract_file, extract_text
from pipeline.export import plan_from_dict
from pipeline.plausibility import MAX_ITEM_CHARS, check_items

ROOT = Path(__file__).resolve().parents[1]


def _plan(text: str):
    return plan_from_dict({"tasks": [{"path": "II/99", "text": text}]})


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Tổ chức hội nghị chuyên đề.", False),
        ("Tổ chức hội nghị.\n100. Tổ chức tập huấn.\n101. Kiểm tra.", True),  # items 100+ appended
        ("Tổ chức hội nghị.\nXC. Nhóm việc.\nXCI. Nhóm khác.", True),
        ("Tổ chức hội nghị:\n- ở xã;\n- ở phường.", False),
        ("Nội dung.\n1. một điểm nhỏ", False),  # one inner number is ordinary
        ("x " * (MAX_ITEM_CHARS // 2 + 10), True),
    ],
)
def test_long_items_are_flagged(text, flagged):
    issues = check_items(_plan(text))
    assert bool(issues) == flagged
    assert all(i.code == "SEG003" and i.path == "II/99" for i in issues)


def test_the_seed_has_no_such_doubt():
    plan = extract_file(ROOT / "corpus/plans/2023-duc-pho-bcd-qcdc.txt")
    assert not [i for i in plan.issues if i.code == "SEG003"]


def test_a_long_numbered_list_is_either_read_or_reported():
    """130 items: either every item is a task, or the item that swallowed the rest is reported."""
    body = "".join(
        f"{i}. Tổ chức hội nghị chuyên đề số {i} tại các xã.\n- Chủ trì: Phòng Nội vụ.\n"
        for i in range(1, 131)
    )
    plan = extract_text(
        "ỦY BAN NHÂN DÂN\nHUYỆN A\nSố: 1/KH-UBND\n\nKẾ HOẠCH\nThực hiện công tác năm 2024\n\n"
        "I. MỤC ĐÍCH\nBảo đảm hiệu quả.\nII. NHIỆM VỤ\n" + body
    )
    assert len(plan.tasks) == 130 or any(i.code == "SEG003" for i in plan.issues)
