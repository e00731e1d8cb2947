"""Text similarity over Vietnamese words, fast enough for every pair of two 300-task plans.

A text becomes a bag of *terms*: its canonical syllables (:func:`pipeline.normalize.fold.canon`)
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

__all__ = ["TermVector", "terms", "term_vectors", "cosines", "containment"]


@dataclass(frozen=True, slots=True)
class TermVector:
    """TF-IDF weights of one text; ``norm`` is their Euclidean length (0 for an empty text)."""

    weights: dict[str, float]
    norm: float
    size: int  # number of syllables


def terms(text: str | None) -> Counter[str]:
    """Syllables and adjacent syllable pairs of ``text``, counted."""
    words = syllables(text, fold_years=True)
    bag = Counter(words)
    bag.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return bag


def term_vectors(texts: Sequence[str | None]) -> list[TermVector]:
    """TF-IDF vectors of ``texts``, the IDF taken over ``texts`` themselves."""
    bags = [terms(t) for t in texts]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    idf = {t: 1.0 + math.log(n / d) for t, d in df.items()}
    out = []
    for text, bag in zip(texts, bags, strict=True):
        weights = {t: (1.0 + math.log(c)) * idf[t] for t, c in bag.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        out.append(TermVector(weights, norm, len(syllables(text))))
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
    for i, vec in enumerate(left):
        if not vec.norm:
            continue
        acc: dict[int, float] = {}
        get = acc.get
        for t, w in vec.weights.items():
            posting = postings.get(t)
            if posting:
                for j, wj in posting:
                    acc[j] = get(j, 0.0) + w * wj
        for j, dot in acc.items():
            cos = dot / vec.norm
            if cos >= floor:
                out[(i, j)] = min(1.0, cos)
    return out


def containment(part: TermVector, whole: TermVector) -> float:
    """Share of ``part``'s term weight found in ``whole`` (1.0: every term of part is in whole)."""
    total = sum(part.weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in part.weights.items() if t in whole.weights) / total
