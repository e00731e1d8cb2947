"""Text similarity over Vietnamese words, in time linear in the number of texts.

A text becomes a bag of *terms*: its canonical syllables (:func:`pipeline.vi.fold.canon`)
and the pairs of adjacent syllables. Most Vietnamese words are one or two syllables
(``thực hiện``, ``Ban Chỉ đạo``), so syllable pairs stand in for words at a fraction of the cost
of a word segmenter (which :mod:`~pipeline.diff.words` uses for display only). Years are one term
(``#year``), so the same task in the 2023 and the 2024 plan still looks the same.

Terms are weighted by TF-IDF over both plans together: a phrase every task repeats
(``Quy chế dân chủ ở cơ sở``) counts little, a rare one (``tiếp công dân``) much.

Comparing every pair of two 2,000-task plans is quadratic, so :func:`similar_pairs` compares
only the *candidates* of each text: the ``top`` texts of the other side that share most of its
rarest terms (an inverted index read rarest term first, up to a fixed budget of postings), plus
the pairs the caller adds (same path, same place). While the other side is small (every posting
of a text fits the budget and it has at most ``top`` partners), the candidates are every pair
that shares a term, so the result is the exact all-pairs one.

>>> vecs = term_vectors(["Tổng kết năm 2023", "Tổng kết năm 2024", "Biểu dương điển hình"])
>>> round(cosines(vecs[:1], vecs[1:])[(0, 0)], 2)
1.0
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import neg

from pipeline.diff.keys import syllables

__all__ = [
    "TermVector",
    "terms",
    "term_vectors",
    "cosine",
    "cosines",
    "similar_pairs",
    "containment",
    "TermIndex",
]

TOP = 10  # candidates per text and side
BUDGET = 512  # postings read per text: past it, the more common terms of the text are skipped


@dataclass(frozen=True, slots=True)
class TermVector:
    """TF-IDF weights of one text; ``norm`` is their Euclidean length (0 for an empty text).

    The weights are keyed by term ids, numbered in the terms' sorted order by the
    :func:`term_vectors` call that made them: compare only vectors of one call.
    """

    weights: dict[int, float]
    norm: float
    size: int  # number of syllables


def terms(text: str | None) -> Counter[str]:
    """Syllables and adjacent syllable pairs of ``text``, counted."""
    return _bag(syllables(text, fold_years=True))


def _bag(words: list[str]) -> Counter[str]:
    bag = Counter(words)
    bag.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return bag


def term_vectors(texts: Sequence[str | None]) -> list[TermVector]:
    """TF-IDF vectors of ``texts``, the IDF taken over ``texts`` themselves.

    Terms become small integers (their rank in sorted order, so ties between terms break as
    between the strings): integer keys hash and compare without reading the strings, about a
    tenth off a 2,000-task diff.
    """
    words = [syllables(t, fold_years=True) for t in texts]
    bags = [_bag(w) for w in words]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    ids = {t: k for k, t in enumerate(sorted(df))}  # ids in the terms' order: ties break alike
    idf = {ids[t]: 1.0 + math.log(n / d) for t, d in df.items()}
    out = []
    for syllable_list, bag in zip(words, bags, strict=True):
        keys = map(ids.__getitem__, bag)
        weights = {k: (1.0 + math.log(c)) * idf[k] for k, c in zip(keys, bag.values(), strict=True)}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        out.append(TermVector(weights, norm, len(syllable_list)))
    return out


def cosines(
    left: Sequence[TermVector], right: Sequence[TermVector], *, floor: float = 0.05
) -> dict[tuple[int, int], float]:
    """Cosine similarity of every left/right pair above ``floor``, as ``{(i, j): cos}``.

    An inverted index over ``right`` visits only the pairs that share a term.
    """
    postings: dict[int, list[tuple[int, float]]] = {}
    for j, vec in enumerate(right):
        if vec.norm:
            for t, w in vec.weights.items():
                postings.setdefault(t, []).append((j, w / vec.norm))
    out: dict[tuple[int, int], float] = {}
    width = len(right)
    for i, vec in enumerate(left):
        if not vec.norm:
            continue
        acc = [0.0] * width
        for t, w in vec.weights.items():
            for j, wj in postings.get(t, ()):
                acc[j] += w * wj
        least = floor * vec.norm
        for j, dot in enumerate(acc):
            if dot > 0.0 and dot >= least:
                out[(i, j)] = min(1.0, dot / vec.norm)
    return out


def similar_pairs(
    left: Sequence[TermVector] | TermIndex,
    right: Sequence[TermVector] | TermIndex,
    *,
    floor: float = 0.05,
    extra: Iterable[tuple[int, int]] = (),
    top: int = TOP,
    budget: int = BUDGET,
) -> dict[tuple[int, int], float]:
    """:func:`cosines` of the candidate pairs only (see the module docstring), ``extra`` added.

    Each text of either side brings its ``top`` best partners by the dot product over its
    rarest terms (read rarest first while the postings read stay within ``budget``); the
    cosine of every candidate is then computed exactly, as :func:`cosines` does. Either side
    may be given as its :class:`TermIndex` already built.
    """
    left_index = left if isinstance(left, TermIndex) else TermIndex(left)
    right_index = right if isinstance(right, TermIndex) else TermIndex(right)
    left, right = left_index.vectors, right_index.vectors
    candidates = set(extra)
    for i, vec in enumerate(left):
        candidates.update((i, j) for j in right_index.nearest(vec, top, budget))
    for j, vec in enumerate(right):
        candidates.update((i, j) for i in left_index.nearest(vec, top, budget))
    by_left: dict[int, list[int]] = defaultdict(list)
    for i, j in sorted(candidates):
        by_left[i].append(j)
    unit = right_index.unit
    out: dict[tuple[int, int], float] = {}
    for i, js in by_left.items():
        vec = left[i]
        if not vec.norm:
            continue
        items = list(vec.weights.items())
        least = floor * vec.norm
        for j in js:
            weights = unit[j]
            dot = 0.0  # summed in the order cosines() sums it, so the result is the same float
            for t, w in items:
                wj = weights.get(t)
                if wj is not None:
                    dot += w * wj
            if dot > 0.0 and dot >= least:
                out[(i, j)] = min(1.0, dot / vec.norm)
    return out


class TermIndex:
    """An inverted index over ``vectors``: ``postings[term]`` lists ``(index, unit weight)``."""

    def __init__(self, vectors: Sequence[TermVector]) -> None:
        self.vectors = vectors
        self.unit: list[dict[int, float]] = [
            {t: w / vec.norm for t, w in vec.weights.items()} if vec.norm else {} for vec in vectors
        ]
        self.postings: dict[int, list[tuple[int, float]]] = {}
        for j, unit in enumerate(self.unit):
            for t, w in unit.items():
                self.postings.setdefault(t, []).append((j, w))

    def rarest_first(self, vec: TermVector) -> list[int]:
        """The terms of ``vec`` found in the index, the rarest first (ties by the term)."""
        found = [t for t in vec.weights if t in self.postings]
        return sorted(found, key=lambda t: (len(self.postings[t]), t))

    def nearest(self, vec: TermVector, top: int, budget: int) -> list[int]:
        """Up to ``top`` indexed vectors sharing most of ``vec``'s rarest terms, best first."""
        acc: defaultdict[int, float] = defaultdict(float)
        spent = 0
        for t in self.rarest_first(vec):
            posting = self.postings[t]
            spent += len(posting)
            if spent > budget:
                break
            w = vec.weights[t]
            for j, wj in posting:
                acc[j] += w * wj
        if len(acc) <= top:
            return sorted(acc)
        # (weight, -index) pairs built and compared in C: the same order as a key function
        return [-j for _, j in heapq.nlargest(top, zip(acc.values(), map(neg, acc), strict=True))]

    def containers(self, part: TermVector, share: float) -> list[int]:
        """Every indexed vector that may hold ``share`` of ``part``'s term weight, in order.

        A vector that lacks a set of ``part``'s terms weighing more than ``1 - share`` of the
        whole cannot hold ``share`` of it; so the postings of the rarest such set are enough.
        """
        total = sum(part.weights.values())
        need = (1.0 - share + 0.01) * total  # a margin for rounding: more candidates, never fewer
        found: set[int] = set()
        got = 0.0
        for t in sorted(part.weights, key=lambda t: (len(self.postings.get(t, ())), t)):
            found.update(k for k, _ in self.postings.get(t, ()))
            got += part.weights[t]
            if got > need:
                return sorted(found)
        return list(range(len(self.vectors)))  # an empty part: every vector, as before


def cosine(a: TermVector, b: TermVector) -> float:
    """Cosine similarity of two vectors (0.0 when either text is empty)."""
    if not a.norm or not b.norm:
        return 0.0
    if len(b.weights) < len(a.weights):
        a, b = b, a
    dot = sum(w * b.weights[t] for t, w in a.weights.items() if t in b.weights)
    return min(1.0, dot / (a.norm * b.norm))


def containment(part: TermVector, whole: TermVector) -> float:
    """Share of ``part``'s term weight found in ``whole`` (1.0: every term of part is in whole)."""
    total = sum(part.weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in part.weights.items() if t in whole.weights) / total
