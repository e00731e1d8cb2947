"""Alignment internals: scores, thresholds, order, sections."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.diff.align import align_sections, align_tasks, reordered_pairs


@pytest.mark.parametrize(
    ("pairs", "moved"),
    [
        ([(0, 0), (1, 1), (2, 2)], set()),
        ([(0, 0), (1, 2), (2, 1)], {(1, 2)}),  # a swap: one of the two is flagged
        ([(0, 2), (1, 0), (2, 1)], {(0, 2)}),  # the first went to the end
        ([(0, 5), (3, 6), (7, 1)], {(7, 1)}),
        ([], set()),
    ],
)
def test_reordered_pairs(pairs, moved):
    assert reordered_pairs(pairs) == moved


@given(st.permutations(range(7)))
def test_reordered_pairs_leave_an_increasing_run(order):
    pairs = list(enumerate(order))
    kept = sorted(set(pairs) - reordered_pairs(pairs))
    assert [j for _, j in kept] == sorted(j for _, j in kept)


def test_identical_texts_pair_by_position(make_task):
    """Two tasks with the same text in two sections: each stays with its own section."""
    text = "Tổng kết, đánh giá kết quả thực hiện năm 2023."
    old = [make_task("II/1/1.1", text), make_task("II/2/2.1", text)]
    new = [make_task("II/1/1.1", text), make_task("II/2/2.1", text)]
    assert [(i, j) for i, j, _ in align_tasks(old, new).pairs] == [(0, 0), (1, 1)]


def test_rewritten_task_in_place_with_same_fields_is_paired(make_task):
    """Same path and fields, most words rewritten but the subject kept: modified, not replaced."""
    old = [
        make_task(
            "II/1/1.1", "Tổ chức hội nghị sơ kết công tác dân vận của hệ thống chính trị thị xã."
        )
    ]
    new = [
        make_task(
            "II/1/1.1", "Hội nghị sơ kết công tác dân vận tổ chức vào cuối quý, mời các xã dự."
        )
    ]
    assert len(align_tasks(old, new).pairs) == 1


def test_dissimilar_tasks_are_not_paired(make_task, texts):
    old = [make_task("II/1/1.1", texts[0])]
    new = [make_task("II/1/1.1", texts[3], lead=("Văn phòng thị xã",))]
    assert align_tasks(old, new).pairs == ()


def test_scores_are_reported(make_task, texts):
    old = [make_task("II/1/1.1", texts[0])]
    new = [make_task("II/1/1.2", texts[0])]
    ((i, j, score),) = align_tasks(old, new).pairs
    assert (i, j) == (0, 0) and 0.8 < score <= 1.0


def test_sections_pair_by_heading_and_by_their_tasks():
    old = [
        {"path": "I", "heading": "Mục đích, yêu cầu"},
        {"path": "II", "heading": "Nhiệm vụ trọng tâm"},
    ]
    new = [{"path": "I", "heading": "Mục đích, yêu cầu"},
           {"path": "II", "heading": "Các giải pháp chủ yếu"}]  # fmt: skip
    without = align_sections(old, new, [])
    assert [(i, j) for i, j, _ in without.pairs] == [(0, 0)]
    with_votes = align_sections(old, new, [("II/1.1", "II/1.1"), ("II/1.2", "II/1.2")])
    assert [(i, j) for i, j, _ in with_votes.pairs] == [(0, 0), (1, 1)]
