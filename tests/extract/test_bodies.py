"""Where a known body's name ends: the same at any offset of any text (read from a window)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


@given(st.lists(st.text(alphabet="ab ", max_size=3), max_size=8), st.text(alphabet="ab ", max_size=4))
def test_first_char_groups_keep_the_order_of_the_matches(keys, text):
    """A group holds every key the text may start with, in the lexicon's order (empty keys too)."""
    from pipeline.extract.bodies import _group, by_first_char

    entries = tuple(keys)
    grouped = [k for k in _group(by_first_char(entries, lambda k: k), text) if text.startswith(k)]
    assert grouped == [k for k in entries if text.startswith(k)]


_PIECES = ["Ủy ban nhân dân", "Uỷ ban", "UBND", "tỉnh", "huyện", "Nghệ An", "Hoà Bình", "Đông Quang", "Bộ",
           "Chính trị", "Tỉnh ủy", "Sở", "Nội vụ", "VPCP", "xã", "thành phố", "q", "hoà", " ", ", ", "của"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=8), st.integers(0, 40), st.booleans())
def test_body_end_by_groups_equals_the_whole_lexicon_loop(pieces, pos, abbreviated):
    """body_end tries only the names of the group of the text's first letter: the same end as
    trying every name of the lexicon."""
    import pipeline.extract.bodies as bodies

    text = " ".join(pieces)
    pos = min(pos, len(text))
    fast = bodies.body_end(text, pos, abbreviated)
    whole = {"names": bodies._names(), "abbr": bodies._abbreviations(), "places": bodies.known_places()}
    saved = bodies._names_by_first, bodies._abbreviations_by_first, bodies._places_by_first
    try:
        bodies._names_by_first = lambda: {"": whole["names"]}
        bodies._abbreviations_by_first = lambda: {"": whole["abbr"]}
        bodies._places_by_first = lambda: {"": whole["places"]}
        slow = bodies.body_end(text, pos, abbreviated)
    finally:
        bodies._names_by_first, bodies._abbreviations_by_first, bodies._places_by_first = saved
    assert fast == slow
