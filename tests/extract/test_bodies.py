"""Where a known body's name ends: the same at any offset of any text (read from a window)."""

from __future__ import annotations

import pytest

from pipeline.extract.bodies import body_end

NAMES = [
    ("Ủy ban nhân dân tỉnh Nghệ An thực hiện", "Ủy ban nhân dân tỉnh Nghệ An"),
    ("Uỷ ban nhân dân tỉnh Hoà Bình ban hành", "Uỷ ban nhân dân tỉnh Hoà Bình"),  # old tone placement
    ("Bộ Chính trị khóa XII", "Bộ Chính trị"),
    ("UBND tỉnh Quảng Trị về", "UBND tỉnh Quảng Trị"),
    ("Tỉnh ủy Nghệ An", "Tỉnh ủy Nghệ An"),
    ("Thủ tướng Chính phủ, ", "Thủ tướng Chính phủ"),
    ("Ban Bí thư Trung ương Đảng", "Ban Bí thư Trung ương Đảng"),
]
PREFIXES = ["", "q ", "hoà ", "của ", "Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của " * 50, " " * 3000]


@pytest.mark.parametrize(("text", "name"), NAMES)
@pytest.mark.parametrize("prefix", PREFIXES, ids=lambda p: f"{len(p)} chars before")
def test_body_end_at_any_offset(text, name, prefix):
    end = body_end(text, 0)
    assert end == len(name), text
    assert body_end(prefix + text + " và" * 500, len(prefix)) == len(prefix) + end


def test_no_body():
    assert body_end("Tổ chức hội nghị", 0) == -1
