"""Text similarity over Vietnamese words: TF-IDF on syllables and syllable pairs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.diff.similarity import (
    TermIndex,
    containment,
    cosines,
    similar_pairs,
    term_vectors,
    terms,
)


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


_WORDS = [
    "tổ",
    "chức",
    "hội",
    "nghị",
    "triển",
    "khai",
    "kế",
    "hoạch",
    "dân",
    "vận",
    "cơ",
    "sở",
    "xã",
    "phường",
    "kiểm",
    "tra",
    "giám",
    "sát",
    "năm",
]
_texts = st.lists(
    st.lists(st.sampled_from(_WORDS), min_size=0, max_size=12).map(" ".join), max_size=9
)


@settings(max_examples=60, deadline=None)
@given(left=_texts, right=_texts)
def test_similar_pairs_is_exact_on_small_plans(left, right):
    """Every pair sharing a term is a candidate while a side fits the budget: cosines() exactly."""
    vecs = term_vectors(left + right)
    a, b = vecs[: len(left)], vecs[len(left) :]
    assert similar_pairs(a, b, top=len(b) + 1, budget=10**6) == cosines(a, b)


@settings(max_examples=40, deadline=None)
@given(left=_texts, right=_texts, top=st.integers(1, 3), budget=st.integers(1, 20))
def test_similar_pairs_are_exact_cosines(left, right, top, budget):
    """With a small budget some pairs are left out, but the pairs given have their exact cosine."""
    vecs = term_vectors(left + right)
    a, b = vecs[: len(left)], vecs[len(left) :]
    full = cosines(a, b)
    some = similar_pairs(a, b, top=top, budget=budget, extra=[(0, 0)] if a and b else [])
    assert all(full[pair] == value for pair, value in some.items())
    if a and b and (0, 0) in full:
        assert (0, 0) in some  # an extra pair is always compared


def test_similar_pairs_finds_a_task_far_from_its_place():
    """A rare word brings the partner however far it moved and however many tasks there are."""
    left = [f"Tổ chức hội nghị triển khai kế hoạch số {k} tại xã" for k in range(400)]
    right = list(reversed(left))
    vecs = term_vectors(left + right)
    found = similar_pairs(vecs[:400], vecs[400:], top=4, budget=64)
    assert all(found.get((k, 399 - k)) == pytest.approx(1.0) for k in range(400))
    assert len(found) <= 400 * 8  # each side brings at most ``top`` partners


@settings(max_examples=60, deadline=None)
@given(parts=_texts, wholes=_texts)
def test_containers_hold_every_container(parts, wholes):
    """containers() may give extra candidates but never misses a whole holding 70% of a part."""
    vecs = term_vectors(parts + wholes)
    index = TermIndex(vecs[len(parts) :])
    for part in vecs[: len(parts)]:
        if not part.weights:
            continue
        found = set(index.containers(part, 0.7))
        assert {k for k, w in enumerate(index.vectors) if containment(part, w) >= 0.7} <= found
