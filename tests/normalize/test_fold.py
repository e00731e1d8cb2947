import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize.fold import canon, fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thị uỷ Đức Phổ", "thị ủy đức phổ"),  # old tone placement
        ("Hoà  bình", "hòa bình"),  # whitespace folded
        ("ca\u0301p u\u0309y", "cáp ủy"),  # decomposed marks composed
        ("Lao động – Thương binh", "lao động - thương binh"),  # en dash
        ("chính trị-xã hội", "chính trị - xã hội"),  # dash spacing
        ("Quý IV", "quý iv"),  # "qu" is a consonant: the tone stays on "y"
        ("hoàn thành", "hoàn thành"),  # closed syllable: one spelling only
    ],
)
def test_canon(text, expected):
    assert canon(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đầu tư", "dau tu"),  # đ is folded, unlike FTS5's remove_diacritics
        ("DÂN VẬN", "dan van"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Uỷ ban", "uy ban"),
        ("chuyển đổi số", "chuyen doi so"),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ĐĂÂÊÔƠƯ", max_size=40))
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    once = fold(text)
    assert fold(once) == once
    assert once.isascii()
