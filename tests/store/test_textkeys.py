from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.store.textkeys import (
    BARRIER,
    abbreviation_variants,
    expand_query_abbreviations,
    fold_aligned,
    number_key,
    query_terms,
)
from pipeline.vi.fold import fold
from pipeline.vi.lexicon import abbreviations

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
    assert expand_query_abbreviations(["ubnd", "huyen"]) == ["uy", "ban", "nhan", "dan", "huyen"]
    assert expand_query_abbreviations(["dan", "van"]) is None


@pytest.mark.parametrize(("short", "long"), sorted(abbreviations().items()))
def test_every_lexicon_abbreviation_is_searchable_both_ways(short: str, long: str) -> None:
    words = query_terms(long)
    assert words in abbreviation_variants(query_terms(short)), short
    assert any(v == query_terms(short) for v in abbreviation_variants(words)), long


def test_search_only_abbreviations_come_from_their_own_lexicon() -> None:
    from pipeline.vi.lexicon import load_map

    extras = load_map("search_abbreviations.tsv")
    assert "CĐS" in extras and "CĐS" not in abbreviations()
    assert abbreviation_variants(["cds"]) == [["chuyen", "doi", "so"]]


def test_long_forms_with_a_comma_also_match_across_the_clause_barrier() -> None:
    variants = abbreviation_variants(["pbgdpl"])
    assert ["pho", "bien", "giao", "duc", "phap", "luat"] in variants
    assert ["pho", "bien", BARRIER, "giao", "duc", "phap", "luat"] in variants


def test_store_and_extraction_abbreviation_helpers_have_different_names() -> None:
    import pipeline.store.textkeys as textkeys

    assert not hasattr(textkeys, "expand_abbreviations")
