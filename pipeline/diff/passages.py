"""The text outside the tasks: header, preamble and its citations, purpose and requirements
paragraphs, the organisation part, appendix captions, recipients and signature.

``passages(plan)`` cuts a plan's normalized text into paragraphs (one per line) that no task
covers and that are not a section heading (headings are compared as sections); each is labelled
with the section it sits in (``I``, ``III/2``) or ``đầu văn bản`` / ``cuối văn bản`` before the
first and after the last section. ``compare_passages(old, new)`` aligns the two lists in order
(difflib over folded texts: linear in practice for documents whose paragraphs mostly match) and
gives paragraph-level changes with word-level edits.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from pipeline.diff.changes import ChangeKind, PassageChange
from pipeline.diff.similarity import cosine, term_vectors
from pipeline.diff.words import Tokenizer, word_edits
from pipeline.model import Plan

__all__ = ["Passage", "passages", "compare_passages", "BEFORE", "AFTER"]

BEFORE = "đầu văn bản"
AFTER = "cuối văn bản"
_PAIR_SIMILARITY = 0.4  # a replaced paragraph at least this similar is "modified", else removed + added


@dataclass(frozen=True, slots=True)
class Passage:
    part: str
    text: str


def passages(plan: Plan) -> list[Passage]:
    """The paragraphs of ``plan.text`` outside every task and section heading, in order."""
    text = plan.text
    if not text:
        return []
    covered = sorted(t.span for t in plan.tasks if t.span[1] > t.span[0])
    starts = [a for a, _ in covered]
    reach: list[int] = []  # the furthest end among the spans starting at or before each index
    for _, b in covered:
        reach.append(max(b, reach[-1]) if reach else b)
    sections = sorted((s.span, s.path) for s in plan.sections if s.span[1] > s.span[0])
    sec_starts = [span[0] for span, _ in sections]
    headings = {span[0] for span, _ in sections}
    first = sections[0][0][0] if sections else len(text)
    last = max((span[1] for span, _ in sections), default=0)
    out: list[Passage] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line.strip() or start in headings:
            continue
        k = bisect.bisect_right(starts, start) - 1
        if k >= 0 and reach[k] > start:
            continue  # inside a task
        s = bisect.bisect_right(sec_starts, start) - 1
        if start < first:
            part = BEFORE
        elif s >= 0 and sections[s][0][1] > start:
            part = sections[s][1]
        elif start >= last:
            part = AFTER
        else:
            part = sections[s][1] if s >= 0 else BEFORE
        out.append(Passage(part, " ".join(line.split())))
    return out


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def compare_passages(
    old: Sequence[Passage], new: Sequence[Passage], tokenizer: Tokenizer | None = None
) -> tuple[PassageChange, ...]:
    """Paragraph-level changes from ``old`` to ``new`` (equal paragraphs are not listed)."""
    matcher = SequenceMatcher(None, [_key(p.text) for p in old], [_key(p.text) for p in new], autojunk=False)
    out: list[PassageChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        a, b = list(old[i1:i2]), list(new[j1:j2])
        while a and b:
            pa, pb = a[0], b[0]
            score = cosine(*term_vectors([pa.text, pb.text]))
            if score < _PAIR_SIMILARITY:
                break
            a.pop(0), b.pop(0)
            out.append(
                PassageChange(
                    ChangeKind.MODIFIED, pa.part, pb.part, pa.text, pb.text,
                    word_edits(pa.text, pb.text, tokenizer=tokenizer),
                )  # fmt: skip
            )
        out += [PassageChange(ChangeKind.REMOVED, p.part, None, p.text, None) for p in a]
        out += [PassageChange(ChangeKind.ADDED, None, p.part, None, p.text) for p in b]
    return tuple(out)
