"""Which old task (or section) became which new one.

Every pair of an old and a new task gets a score from three signals:

* **text** (weight 0.7): cosine of the Vietnamese word vectors (:mod:`.similarity`);
* **fields** (0.2): overlap of lead and executor parties and references, same timeline;
* **position** (0.1): same path, same number, same relative place in the plan.

A pair is a candidate only when the texts are alike (cosine ≥ 0.35, or ≥ 0.25 for a task that
kept its path and all its fields). Only the likely pairs are scored (:func:`.similarity.similar_pairs`:
the tasks sharing the rarest words, the same path, the same text, the same place in the plan),
so two 5,000-task plans align in seconds, not hours. The candidates are then paired one-to-one by a global assignment
(:mod:`.assign`) that maximizes the total score, so an inserted task, a renumbering, a move to
another section or a reordering cannot push the pairs out of step the way a line diff does.

Afterwards, an unpaired task whose words are mostly found inside one task of the other version
is recorded as a **split** (one old task became two) or a **merge** (two became one).

Sections are aligned the same way on their headings, with the task pairs as votes: a section
whose tasks went to a section of the new plan is that section, even when its heading changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.diff.assign import sparse_best_pairs
from pipeline.diff.keys import norm_text, parent_path, party_names, task_ref_names
from pipeline.diff.similarity import (
    TermIndex,
    TermVector,
    containment,
    cosine,
    similar_pairs,
    term_vectors,
)

__all__ = ["Alignment", "align_tasks", "align_sections", "reordered_pairs"]

TEXT_WEIGHT, FIELD_WEIGHT, POSITION_WEIGHT = 0.7, 0.2, 0.1
MIN_TEXT = 0.35  # below this, two tasks are different tasks ...
MIN_TEXT_SAME_PLACE = 0.25  # ... unless they kept their path and their fields
SAME_PLACE_FIELDS = 0.99
FLOOR = 0.2  # score below which a pair is never worth making
SPLIT_CONTAINMENT = 0.7  # share of a piece's words found in the whole
SPLIT_OVERLAP_MAX = 0.5  # ... and not already in the whole's own partner
SPLIT_MIN_WORDS = 4

SECTION_MIN_HEADING = 0.3
SECTION_MIN_VOTES = 0.5
WINDOW = 3  # tasks on either side of the same relative place are candidates too


@dataclass(frozen=True, slots=True)
class Alignment:
    """Index pairs ``(old, new)`` with their scores, plus splits and merges.

    ``splits`` holds ``(old, new)`` for a new item split off the old one (the new item is
    otherwise unpaired); ``merges`` holds ``(old, new)`` for an old item merged into the new one.
    """

    pairs: tuple[tuple[int, int, float], ...]
    splits: tuple[tuple[int, int], ...] = ()
    merges: tuple[tuple[int, int], ...] = ()


def align_tasks(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> Alignment:
    """Pair the tasks of two plans (see the module docstring)."""
    vectors = term_vectors([t.get("text") for t in old] + [t.get("text") for t in new])
    old_vecs, new_vecs = vectors[: len(old)], vectors[len(old) :]
    old_index, new_index = TermIndex(old_vecs), TermIndex(new_vecs)
    old_keys = [_field_keys(t) for t in old]
    new_keys = [_field_keys(t) for t in new]

    def score(i: int, j: int, text: float | None = None) -> float:
        text = cosine(old_vecs[i], new_vecs[j]) if text is None else text
        fields = _field_similarity(old_keys[i], new_keys[j])
        position = _position_similarity(old[i], new[j], i, j, len(old), len(new))
        return TEXT_WEIGHT * text + FIELD_WEIGHT * fields + POSITION_WEIGHT * position

    def rank(i: int, j: int) -> tuple[float, bool, float]:
        """Which of the pieces of a split (or parts of a merge) continues the task."""
        fields = _field_similarity(old_keys[i], new_keys[j])
        same_place = old[i].get("path") == new[j].get("path")
        return (round(fields, 3), same_place, cosine(old_vecs[i], new_vecs[j]))

    scores: dict[tuple[int, int], float] = {}
    extra = _same_place_pairs(old, new)
    for (i, j), text in similar_pairs(old_index, new_index, extra=extra).items():
        if text < MIN_TEXT and not (
            old[i].get("path") == new[j].get("path")
            and text >= MIN_TEXT_SAME_PLACE
            and _field_similarity(old_keys[i], new_keys[j]) >= SAME_PLACE_FIELDS
        ):
            continue
        scores[(i, j)] = score(i, j, text)
    pairs = sparse_best_pairs({edge: s - FLOOR for edge, s in scores.items()})
    pairs, splits, merges = _splits_and_merges(pairs, old_index, new_index, rank)
    return Alignment(
        tuple((i, j, round(scores.get((i, j)) or score(i, j), 3)) for i, j in pairs),
        tuple(splits),
        tuple(merges),
    )


def align_sections(
    old: Sequence[Mapping[str, Any]],
    new: Sequence[Mapping[str, Any]],
    task_pairs: Sequence[tuple[str, str]],
) -> Alignment:
    """Pair the sections of two plans by heading, position and the tasks they hold.

    Args:
        old, new: the ``sections`` lists of the two plans.
        task_pairs: ``(old path, new path)`` of every aligned task.
    """
    vectors = term_vectors([s.get("heading") for s in old] + [s.get("heading") for s in new])
    extra = _same_place_pairs(old, new)
    headings = similar_pairs(vectors[: len(old)], vectors[len(old) :], floor=0.0, extra=extra)
    old_index = {s.get("path"): i for i, s in enumerate(old)}
    new_index = {s.get("path"): j for j, s in enumerate(new)}
    votes: dict[tuple[int, int], int] = {}
    old_sizes: dict[int, int] = {}
    new_sizes: dict[int, int] = {}
    for old_path, new_path in task_pairs:
        i, j = old_index.get(parent_path(old_path)), new_index.get(parent_path(new_path))
        if i is not None and j is not None:
            votes[(i, j)] = votes.get((i, j), 0) + 1
    old_parents = Counter(parent_path(p) for p, _ in task_pairs)
    new_parents = Counter(parent_path(p) for _, p in task_pairs)
    for i, s in enumerate(old):
        old_sizes[i] = old_parents.get(s.get("path"), 0)  # type: ignore[arg-type]
    for j, s in enumerate(new):
        new_sizes[j] = new_parents.get(s.get("path"), 0)  # type: ignore[arg-type]
    scores: dict[tuple[int, int], float] = {}
    for i, j in set(headings) | set(votes):
        heading = headings.get((i, j), 0.0)
        if norm_text(old[i].get("heading")) == norm_text(new[j].get("heading")):
            heading = 1.0
        vote = votes.get((i, j), 0) / max(old_sizes[i], new_sizes[j], 1)
        if heading < SECTION_MIN_HEADING and vote < SECTION_MIN_VOTES:
            continue
        position = _position_similarity(old[i], new[j], i, j, len(old), len(new))
        if _depth(old[i]) != _depth(new[j]):
            position = 0.0
        scores[(i, j)] = 0.5 * heading + 0.3 * vote + 0.2 * position
    pairs = sparse_best_pairs({edge: s - FLOOR / 2 for edge, s in scores.items()})
    return Alignment(tuple((i, j, round(scores[(i, j)], 3)) for i, j in pairs))


def reordered_pairs(pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """Pairs outside the longest run that kept its order: the tasks that changed places."""
    ordered = sorted(pairs)
    tails: list[int] = []  # tails[k]: index in ordered of the smallest tail of a run of k+1
    previous = [-1] * len(ordered)
    for k, (_, j) in enumerate(ordered):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if ordered[tails[mid]][1] < j:
                lo = mid + 1
            else:
                hi = mid
        previous[k] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(k)
        else:
            tails[lo] = k
    keep: set[int] = set()
    k = tails[-1] if tails else -1
    while k >= 0:
        keep.add(k)
        k = previous[k]
    return {pair for k, pair in enumerate(ordered) if k not in keep}


# --------------------------------------------------------------------------- scoring


def _same_place_pairs(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """Candidates whatever their words: the same path, the same text, the same relative place.

    The same text pairs each of its old occurrences with the new ones of about the same rank
    (a text repeated a thousand times does not make a million pairs).
    """
    n, m = len(old), len(new)
    if not n or not m:
        return []
    pairs: list[tuple[int, int]] = []
    new_paths: dict[Any, int] = {}
    new_texts: dict[str, list[int]] = {}
    for j, item in enumerate(new):
        new_paths.setdefault(item.get("path"), j)
        new_texts.setdefault(norm_text(item.get("text") or item.get("heading")), []).append(j)
    seen: Counter[str] = Counter()
    for i, item in enumerate(old):
        j = new_paths.get(item.get("path"))
        if j is not None and item.get("path"):
            pairs.append((i, j))
        key = norm_text(item.get("text") or item.get("heading"))
        same = new_texts.get(key) if key else None
        if same:
            rank = seen[key]
            seen[key] += 1
            pairs.extend((i, j) for j in same[max(0, rank - 1) : rank + 2])
        middle = round(i * (m - 1) / max(n - 1, 1))
        pairs.extend((i, j) for j in range(max(0, middle - WINDOW), min(m, middle + WINDOW + 1)))
    return pairs


@dataclass(frozen=True, slots=True)
class _FieldKeys:
    lead: frozenset[str]
    executors: frozenset[str]
    timeline: tuple[str | None, ...]
    references: frozenset[str]


def _field_keys(task: Mapping[str, Any]) -> _FieldKeys:
    timeline = task.get("timeline") or {}
    return _FieldKeys(
        frozenset(norm_text(n) for n in party_names(task.get("lead"))),
        frozenset(norm_text(n) for n in party_names(task.get("executors"))),
        (timeline.get("kind"), timeline.get("start"), timeline.get("end")),
        frozenset(norm_text(r) for r in task_ref_names(task)),
    )


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _field_similarity(a: _FieldKeys, b: _FieldKeys) -> float:
    if a.timeline == b.timeline:
        timeline = 1.0
    else:
        timeline = 0.5 if a.timeline[0] == b.timeline[0] else 0.0
    parts = (
        _jaccard(a.lead, b.lead),
        _jaccard(a.executors, b.executors),
        timeline,
        _jaccard(a.references, b.references),
    )
    return sum(parts) / len(parts)


def _position_similarity(
    a: Mapping[str, Any], b: Mapping[str, Any], i: int, j: int, n: int, m: int
) -> float:
    if a.get("path") == b.get("path"):
        label = 1.0
    elif a.get("number") and a.get("number") == b.get("number"):
        label = 0.5
    else:
        label = 0.0
    rank = 1.0 - abs(i / max(n - 1, 1) - j / max(m - 1, 1))
    return 0.5 * label + 0.5 * rank


def _depth(section: Mapping[str, Any]) -> int:
    return str(section.get("path") or "").count("/")


# --------------------------------------------------------------------------- splits and merges


def _splits_and_merges(
    pairs: Sequence[tuple[int, int]],
    old_index: TermIndex,
    new_index: TermIndex,
    rank: Callable[[int, int], tuple[float, bool, float]],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """``(pairs, splits, merges)``: the items the assignment left unpaired that are pieces.

    A piece of a split is an unpaired new task whose words are mostly inside one old task (and
    not already in that task's partner); a part of a merge, the other way round. Of the pieces of
    one old task (its partner included), the one that ranks best continues it (``rank``: same
    fields, then same path, then text); the others are split off. Likewise for merges.
    """
    old, new = old_index.vectors, new_index.vectors
    old_to_new = dict(pairs)
    new_to_old = {j: i for i, j in pairs}
    pieces: dict[int, list[int]] = {}
    for j in (j for j in range(len(new)) if j not in new_to_old):
        i = _best_container(new[j], old_index)
        partner = old_to_new.get(i) if i is not None else None
        if i is not None and (
            partner is None or containment(new[j], new[partner]) < SPLIT_OVERLAP_MAX
        ):
            pieces.setdefault(i, []).append(j)
    parts: dict[int, list[int]] = {}
    for i in (i for i in range(len(old)) if i not in old_to_new):
        j = _best_container(old[i], new_index)
        partner = new_to_old.get(j) if j is not None else None
        if j is not None and (
            partner is None or containment(old[i], old[partner]) < SPLIT_OVERLAP_MAX
        ):
            parts.setdefault(j, []).append(i)

    paired = dict(old_to_new)
    splits: list[tuple[int, int]] = []
    for i, js in pieces.items():
        group = js + ([paired[i]] if i in paired else [])
        if len(group) < 2:
            continue  # one piece of a removed task: a rewrite, not a split
        keep = max(group, key=lambda j: rank(i, j))
        paired[i] = keep
        splits.extend((i, j) for j in group if j != keep)
    owner = {j: i for i, j in paired.items()}  # one-to-one, kept so below
    merges: list[tuple[int, int]] = []
    for j, is_ in parts.items():
        partner = owner.get(j)
        group = [i for i in is_ if i not in paired] + ([partner] if partner is not None else [])
        if len(group) < 2:
            continue
        keep = max(group, key=lambda i: rank(i, j))
        if partner is not None and keep != partner:
            del paired[partner]
        paired[keep] = j
        owner[j] = keep
        merges.extend((i, j) for i in group if i != keep)
    return sorted(paired.items()), sorted(splits), sorted(merges)


def _best_container(part: TermVector, wholes: TermIndex) -> int | None:
    if part.size < SPLIT_MIN_WORDS:
        return None
    best, best_score = None, SPLIT_CONTAINMENT
    for k in wholes.containers(part, SPLIT_CONTAINMENT):
        whole = wholes.vectors[k]
        if whole.size <= part.size // 2:
            continue
        score = containment(part, whole)
        if score >= best_score:
            best, best_score = k, score
    return best
