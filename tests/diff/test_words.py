"""Word-level edits: one word changed shows as one word, and nothing of either text is lost."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.diff import words
from pipeline.diff.words import realign, syllable_spans, word_edits, word_spans


def changed(old: str, new: str, **kwargs) -> list[tuple[str, str, str]]:
    return [
        (e.op, e.old.strip(), e.new.strip())
        for e in word_edits(old, new, **kwargs)
        if e.op != "equal"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # one syllable fixed
        ("Tổ chức quán triện Luật", "Tổ chức quán triệt Luật", [("replace", "triện", "triệt")]),
        # a parenthesis dropped
        ("ở các địa phương, đơn vị (tùy thuộc vào tình hình thực tế).",
         "ở các địa phương, đơn vị.",
         [("delete", "(tùy thuộc vào tình hình thực tế)", "")]),
        # a quarter dropped from a timeline
        ("Quý II, III/2023", "Quý III/2023", [("delete", "II,", "")]),
        # a year changed
        ("Tổng kết năm 2023", "Tổng kết năm 2024", [("replace", "2023", "2024")]),
        # words inserted
        ("Ban Dân vận Thị ủy.", "Ban Dân vận Thị ủy; Văn phòng thị xã.", [("insert", "", "; Văn phòng thị xã")]),
        # only spacing and tone placement differ: no edit
        ("Thị uỷ  Đức Phổ", "Thị ủy Đức Phổ", []),
        ("", "", []),
        ("", "Mới", [("insert", "", "Mới")]),
    ],
)  # fmt: skip
def test_syllable_edits(old, new, expected):
    assert changed(old, new, tokenizer=syllable_spans) == expected


def test_underthesea_words_make_one_edit_per_word():
    pytest.importorskip("underthesea")
    # "triển khai" is one word: replacing it is one edit, not two syllable edits
    assert changed("Tổ chức triển khai Luật", "Tổ chức thực hiện Luật") == [
        ("replace", "triển khai", "thực hiện")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Thị uỷ  Đức\nPhổ",  # double space, newline, old tone placement
        "“Dân vận khéo” – (nếu có)…",
        "a\u00a0b\u200bc",  # no-break space, zero-width space
        "   ",
        "",
        "Cộng hoà xã hội chủ nghĩa Việt Nam\n\nĐộc lập - Tự do - Hạnh phúc",
    ],
)
def test_word_spans_cover_every_visible_character(text):
    spans = word_spans(text)
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert spans == sorted(spans)


def test_words_do_not_cross_lines():
    pytest.importorskip("underthesea")
    text = "Ban Chỉ\nđạo thị xã"
    assert all("\n" not in text[s:e] for s, e in word_spans(text))


@pytest.mark.parametrize(
    ("tokens", "text", "expected"),
    [
        (["Thị uỷ", "Đức Phổ"], "Thị  uỷ Đức\tPhổ", [(0, 7), (8, 15)]),
        (
            ["Ban", "Chỉ đạo"],
            "Ban (x) Chỉ đạo",
            [(0, 3), (4, 5), (5, 6), (6, 7), (8, 15)],
        ),  # skipped marks kept
        (["Ban", "Chỉ đạo"], "Ban Chỉ x đạo", None),  # a word torn apart: misaligned
        (["Ủy ban"], "Uỷ ban", None),  # the tokenizer changed the text
    ],
)
def test_realign(tokens, text, expected):
    assert realign(tokens, text) == expected


def test_fallback_to_syllables_without_underthesea(monkeypatch):
    monkeypatch.setattr(words, "_load_word_tokenize", lambda: None)
    assert word_spans("Ban Chỉ đạo.") == [(0, 3), (4, 7), (8, 11), (11, 12)]


def test_fallback_when_tokens_do_not_match(monkeypatch):
    monkeypatch.setattr(words, "_load_word_tokenize", lambda: lambda text, **kw: ["xyz"])
    assert word_spans("Ban Chỉ đạo") == syllable_spans("Ban Chỉ đạo")


def test_fallback_when_the_tokenizer_fails(monkeypatch):
    def broken(text, **kwargs):
        raise RuntimeError("model missing")

    monkeypatch.setattr(words, "_load_word_tokenize", lambda: broken)
    assert word_spans("Ban Chỉ đạo") == syllable_spans("Ban Chỉ đạo")


_PIECES = [
    *"abcđăâêôơư ÁÀẢẠạấầẩệộờ\u00a0\u200b\n,.;()“”-/0123456789",
    "Thị ",
    "uỷ",
    "ủy",
    " Ban Chỉ đạo",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(old=_TEXT, new=_TEXT)
def test_edits_are_lossless(old, new):
    edits = word_edits(old, new, tokenizer=syllable_spans)
    assert "".join(e.old for e in edits) == old
    assert "".join(e.new for e in edits) == new
    assert all(e.op in {"equal", "delete", "insert", "replace"} for e in edits)


@settings(max_examples=30, deadline=None)
@given(old=_TEXT, new=_TEXT)
def test_edits_are_lossless_with_underthesea(old, new):
    edits = word_edits(old, new)
    assert "".join(e.old for e in edits) == old
    assert "".join(e.new for e in edits) == new
