"""The tiers of :mod:`pipeline.store.ranking`, against the code they were first written as
(every column split into its words, no shortcut)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.store.ranking import (
    NEAR_MAX_TERMS,
    near_match,
    score_rows,
    spellings,
    tiered,
)
from pipeline.store.textkeys import BARRIER, abbreviation_variants

_TOKEN_RE = re.compile(rf"[^\W_]+|{BARRIER}")

# folded columns: a few words, separators of every kind, the clause barrier, an underscore
_PIECES = st.sampled_from(["dan", "van", "kheo", "d", "da", "ban", "ubnd", " ", "  ", ", ", "-",
                           "_", "/", BARRIER, f" {BARRIER} ", "\t", "x1", "2023", "\u00a0", "uy ban",
                           "nhan dan", "van hoa", "thong tin va the thao", "bdv"])  # fmt: skip
_COLUMNS = st.lists(_PIECES, max_size=14).map("".join)


class _Rows:
    """A connection answering the one query :func:`tiered` makes, from rows in memory."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows

    def execute(self, sql: str, params: list[int]) -> _Rows:
        self.found = [r for r in self.rows if r[0] in params]
        return self

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.found


def _has_run(text: str, seq: list[str], prefix: bool) -> bool:
    return f" {' '.join(seq)}{'' if prefix else ' '}" in text


def _tiered_before(
    rows: list[tuple[Any, ...]], terms: list[str], prefix: bool
) -> list[tuple[int, float]]:
    sequences = [terms, *abbreviation_variants(terms)]
    singles = [[[t], *abbreviation_variants([t])] for t in terms]
    last = len(terms) - 1
    tiers: dict[int, int] = {}
    for r in rows:
        columns = [f" {' '.join(_TOKEN_RE.findall(c or ''))} " for c in r[1:5]]
        if any(_has_run(c, seq, prefix) for c in columns for seq in sequences):
            tiers[r[0]] = 0
        elif 1 < len(terms) <= NEAR_MAX_TERMS and near_match(r[1:5], terms, prefix):
            tiers[r[0]] = 1
        elif all(
            any(_has_run(c, seq, prefix and k == last) for c in columns for seq in singles[k])
            for k in range(len(terms))
        ):
            tiers[r[0]] = 2
    scores = score_rows([r for r in rows if r[0] in tiers], spellings(terms), prefix)
    chosen = [r[0] for r in rows if r[0] in tiers]
    return [
        (i, -scores.get(i, 0.0))
        for i in sorted(chosen, key=lambda i: (tiers[i], -scores.get(i, 0.0), -i))
    ]


@settings(max_examples=300)
@given(
    st.lists(st.tuples(_COLUMNS, _COLUMNS, _COLUMNS, _COLUMNS), min_size=1, max_size=8),
    st.lists(
        st.sampled_from(["dan", "van", "kheo", "d", "ban", "ubnd", "vhtttt", "bdv"]),
        min_size=1,
        max_size=3,
    ),
    st.booleans(),
)
def test_tiers_as_first_written(
    columns: list[tuple[str, ...]], terms: list[str], prefix: bool
) -> None:
    rows = [(i + 1, *c) for i, c in enumerate(columns)]
    assert tiered(_Rows(rows), [r[0] for r in rows], terms, prefix) == _tiered_before(
        rows, terms, prefix
    )


# the long form of "vhtttt" has a clause end: one of its spellings holds the barrier
_LONG = "van hoa thong tin va the thao"


@pytest.mark.parametrize(
    "column",
    [
        _LONG,
        f"van hoa{BARRIER}thong tin va the thao",
        f"van hoa, {BARRIER} thong tin va the thao.",
        f"{BARRIER}van hoa {BARRIER}{BARRIER} thong tin va the thao{BARRIER}",
        "so van hoa thong tin va the thaoxx",
        "ubnd_huyen uy ban  nhan-dan",
        "",
    ],
)
@pytest.mark.parametrize("terms", [["vhtttt"], ["ubnd"], ["van", "hoa"], ["the", "thao"], ["thao"]])
@pytest.mark.parametrize("prefix", [False, True])
def test_tiers_with_the_barrier(column: str, terms: list[str], prefix: bool) -> None:
    rows = [(1, column, "", "", ""), (2, "", column, "", ""), (3, "", "", "", column + " ubnd")]
    assert tiered(_Rows(rows), [1, 2, 3], terms, prefix) == _tiered_before(rows, terms, prefix)
