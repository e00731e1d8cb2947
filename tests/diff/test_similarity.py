"""Text similarity over Vietnamese words: TF-IDF on syllables and syllable pairs."""

from __future__ import annotations

import pytest

from pipeline.diff.similarity import containment, cosines, term_vectors, terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thị uỷ", {"thị": 1, "ủy": 1, "thị ủy": 1}),  # canonical tone placement
        ("năm 2023", {"năm": 1, "#year": 1, "năm #year": 1}),  # years fold to one key
        ("", {}),
        (None, {}),
        ("Dân, dân", {"dân": 2, "dân dân": 1}),
    ],
)
def test_terms(text, expected):
    assert dict(terms(text)) == expected


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("Tổng kết năm 2023", "Tổng kết năm 2024", 0.99, 1.0),  # consecutive years
        ("Thị uỷ Đức Phổ", "THỊ ỦY ĐỨC PHỔ", 0.99, 1.0),  # case and tone placement
        ("Biểu dương điển hình", "Rà soát thủ tục hành chính", 0.0, 0.0),  # nothing shared
        (
            "Đánh giá, xếp loại Ban Chỉ đạo các xã, phường.",
            "Đánh giá, xếp loại Ban Chỉ đạo các xã, phường năm 2023.",
            0.7,
            0.99,
        ),
    ],
)
def test_cosine(a, b, low, high):
    vecs = term_vectors([a, b, "Tổ chức hội nghị"])
    cos = cosines(vecs[:1], vecs[1:2], floor=0.0).get((0, 0), 0.0)
    assert low <= cos <= high


def test_containment_of_a_piece():
    whole, piece, other = term_vectors(
        [
            "Xây dựng kế hoạch giám sát. Tổ chức tập huấn nghiệp vụ.",
            "Tổ chức tập huấn nghiệp vụ.",
            "Khen thưởng",
        ]
    )
    assert containment(piece, whole) == pytest.approx(1.0)
    assert containment(whole, piece) < 0.6
    assert containment(other, whole) == 0.0


def test_empty_text_has_no_similarity():
    empty, text = term_vectors(["", "Tổ chức"])
    assert cosines([empty], [text]) == {}
    assert containment(empty, text) == 0.0
