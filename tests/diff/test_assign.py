"""The global assignment: exact on small problems, one component at a time on sparse ones."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.diff.assign import best_pairs, components, sparse_best_pairs


def brute_force(gains: list[list[float]]) -> float:
    n, m = len(gains), len(gains[0]) if gains else 0
    best = 0.0
    cols = list(range(m)) + [None] * n  # None: row left unpaired
    for choice in itertools.permutations(cols, n):
        best = max(best, sum(max(0.0, gains[i][j]) for i, j in enumerate(choice) if j is not None))
    return best


@pytest.mark.parametrize(
    ("gains", "expected"),
    [
        ([[0.9, 0.8], [0.85, 0.1]], [(0, 1), (1, 0)]),  # greedy would lose 0.65
        ([[0.5]], [(0, 0)]),
        ([[-0.5]], []),  # not worth pairing
        ([[0.2, 0.0, 0.9]], [(0, 2)]),  # one row, three columns
        ([[0.3], [0.7], [0.1]], [(1, 0)]),  # three rows, one column
        ([[0.0, 0.0], [0.0, 0.0]], []),
        ([], []),
    ],
)
def test_best_pairs(gains, expected):
    assert best_pairs(gains) == expected


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.integers(1, 5).flatmap(
            lambda m: st.lists(
                st.lists(st.floats(-1, 1, allow_nan=False), min_size=m, max_size=m),
                min_size=n,
                max_size=n,
            )
        )
    )
)
def test_best_pairs_is_optimal(gains):
    pairs = best_pairs(gains)
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    assert sum(gains[i][j] for i, j in pairs) == pytest.approx(brute_force(gains), abs=1e-9)


def test_components():
    parts = components([(0, 0), (1, 0), (2, 5), (3, 6), (3, 5)])
    assert sorted(parts) == [([0, 1], [0]), ([2, 3], [5, 6])]


def test_sparse_best_pairs_matches_dense():
    sparse = {(0, 0): 0.9, (0, 1): 0.8, (1, 0): 0.85, (5, 7): 0.4, (6, 7): -0.2}
    assert sparse_best_pairs(sparse) == [(0, 1), (1, 0), (5, 7)]


_sparse = st.dictionaries(
    st.tuples(st.integers(0, 7), st.integers(0, 7)),
    st.floats(0.01, 1, allow_nan=False),
    max_size=30,
)


@settings(max_examples=100, deadline=None)
@given(_sparse)
def test_large_parts_are_thinned_to_a_good_matching(gains):
    """A part over ``block`` items: one-to-one, positive pairs, at least half the best total."""
    exact = sparse_best_pairs(gains)
    thinned = sparse_best_pairs(gains, block=2)
    assert len({i for i, _ in thinned}) == len({j for _, j in thinned}) == len(thinned)
    assert all(gains[pair] > 0 for pair in thinned)
    total = sum(gains[pair] for pair in thinned)
    assert total >= 0.5 * sum(gains[pair] for pair in exact) - 1e-9
    # maximal: no edge left whose row and column are both free
    rows, cols = {i for i, _ in thinned}, {j for _, j in thinned}
    assert all(i in rows or j in cols for i, j in gains)


def test_a_large_part_keeps_its_obvious_pairs():
    """A chain of 400 near-equal items (one component): each keeps its own partner."""
    gains = {(k, k): 0.9 for k in range(400)}
    gains.update({(k, k + 1): 0.5 for k in range(399)})
    assert sparse_best_pairs(gains) == [(k, k) for k in range(400)]
