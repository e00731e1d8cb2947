import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.vi.syllables import is_syllable, split_glued, unglue


@pytest.mark.parametrize(
    "word",
    [
        "nghiêng",
        "hoạch",
        "khuyếch",
        "quyền",
        "Nguyễn",
        "giữa",
        "thuyền",
        "oanh",
        "huỳnh",
        "khuya",
        "Phước",
        "người",
    ],
)
def test_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("TRIỂNKHAI", "TRIỂN KHAI"),
        ("CHÍNHPHỦ", "CHÍNH PHỦ"),
        ("vềviệc", "về việc"),
        ("kếhoạch", "kế hoạch"),
        ("antoàn", "an toàn"),
        ("tiêuchuẩn", "tiêu chuẩn"),  # a glide-final nucleus takes no coda
        ("tốtđẹpnhất", "tốt đẹp nhất"),
        # left alone: one syllable, no Vietnamese letters, not a syllable at all, or two readings
        ("người", "người"),
        ("Internet", "Internet"),
        ("Krông", "Krông"),
        ("Đắk", "Đắk"),
        ("OCOP", "OCOP"),
        ("thịtrấn", "thịtrấn"),  # thị|trấn or thịt|rấn
        ("quanhệ", "quanhệ"),  # quan|hệ or qua|nhệ
    ],
)
def test_split_glued(glued, split):
    assert split_glued(glued) == split


def test_unglue_keeps_punctuation_and_numbers():
    assert unglue("Quyết định số 34/2014/QĐ-TTg vềviệc Quy định, thị trấn;") == (
        "Quyết định số 34/2014/QĐ-TTg về việc Quy định, thị trấn;"
    )


@given(st.text(alphabet="aăâeêioôơuưy ̣̀́̃̉bcdđghklmnpqrstvx ,.ĐÂ", max_size=40))
def test_unglue_only_inserts_spaces(text):
    assert unglue(text).replace(" ", "") == text.replace(" ", "")
