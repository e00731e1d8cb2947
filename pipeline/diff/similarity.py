"""Text similarity over Vietnamese words, fast enough for every pair of two 300-task plans.

A text becomes a bag of *terms*: its canonical syllables (:func:`pipeline.vi.fold.canon`)
and the pairs of adjacent syllables. Most Vietnamese words are one or two syllables
(``thực hiện``, ``Ban Chỉ đạo``), so syllable pairs stand in for words at a fraction of the cost
of a word segmenter (which :mod:`~pipeline.diff.words` uses for display only). Years are one term
(``#year``), so the same task in the 2023 and the 2024 plan still looks the same.

Terms are weighted by TF-IDF over both plans together: a phrase every task repeats
(``Quy chế dân chủ ở cơ sở``) counts little, a rare one (``tiếp công dân``) much.

>>> vecs = term_vectors(["Tổng kết năm 2023", "Tổng kết năm 2024", "Biểu dương điển hình"])
>>> round(cosines(vecs[:1], vecs[1:])[(0, 0)], 2)
1.0
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.diff.keys import syllables

__all__ = ["TermVector", "terms", "term_vectors", "cosine", "cosines", "containment"]


@dataclass(frozen=True, slots=True)
class TermVector:
    """TF-IDF weights of one text; ``norm`` is their Euclidean length (0 for an empty text)."""

    weights: dict[str, float]
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
    """TF-IDF vectors of ``texts``, the IDF taken over ``texts`` themselves."""
    words = [syllables(t, fold_years=True) for t in texts]
    bags = [_bag(w) for w in words]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    idf = {t: 1.0 + math.log(n / d) for t, d in df.items()}
    out = []
    for syllable_list, bag in zip(words, bags, strict=True):
        weights = {t: (1.0 + math.log(c)) * idf[t] for t, c in bag.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        out.append(TermVector(weights, norm, len(syllable_list)))
    return out


def cosines(
    left: Sequence[TermVector], right: Sequence[TermVector], *, floor: float = 0.05
) -> dict[tuple[int, int], float]:
    """Cosine similarity of every left/right pair above ``floor``, as ``{(i, j): cos}``.

    An inverted index over ``right`` visits only the pairs that share a term.
    """
    postings: dict[str, list[tuple[int, float]]] = {}
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
