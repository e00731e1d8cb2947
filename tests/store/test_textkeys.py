from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize.fold import fold
from pipeline.store.textkeys import expand_abbreviations, fold_aligned, number_key, query_terms

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + " -–“”,.;:()/\t\n0123456789"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đầu tư", "dau tu"),  # đ is a letter of its own: folded explicitly
        ("DÂN VẬN", "dan van"),
        ("Uỷ ban – Ủy ban", "uy ban - uy ban"),
        ("chuyển đổi số", "chuyen doi so"),
    ],
)
def test_fold_aligned_folds_like_fold(text: str, expected: str) -> None:
    assert fold_aligned(text) == expected


@given(st.text(alphabet=ALPHABET, max_size=60))
def test_fold_aligned_keeps_length_and_agrees_with_fold(text: str) -> None:
    import unicodedata

    aligned = fold_aligned(text)
    assert len(aligned) == len(unicodedata.normalize("NFC", text))
    assert " ".join(aligned.split()) == fold(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("120-KL/TW", "120/kl-tw"),
        ("33/CT-TTg", "33 / CT - TTg"),
        ("59/2023/NĐ-CP", "59/2023/ND-CP"),
        ("08-QĐi/TW", "08-qdi/tw"),
    ],
)
def test_number_keys_ignore_case_separators_and_d_stroke(a: str, b: str) -> None:
    assert number_key(a) == number_key(b)


def test_number_key_of_nothing() -> None:
    assert number_key(None) is None
    assert number_key(" / - ") is None


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ('"dân vận', ["dan", "van"]),
        ("text: NEAR(a b) AND OR NOT *", ["text", "near", "a", "b", "and", "or", "not"]),
        ("a_b c-d", ["a", "b", "c", "d"]),
        ("'; DROP TABLE tasks; --", ["drop", "table", "tasks"]),
        ("   ", []),
    ],
)
def test_query_terms_are_words_only(query: str, terms: list[str]) -> None:
    assert query_terms(query) == terms


def test_abbreviations_expand() -> None:
    assert expand_abbreviations(["ubnd", "huyen"]) == ["uy", "ban", "nhan", "dan", "huyen"]
    assert expand_abbreviations(["dan", "van"]) is None
