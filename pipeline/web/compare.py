"""The compare page's model: the plan diff of :mod:`pipeline.diff`, plus the text outside the
tasks (purpose, requirements, organisation paragraphs), which the task diff does not report.

A paragraph outside the tasks is a line of the normalized text inside a section's span that is
neither a section heading nor inside a task's span. The two lists of paragraphs are aligned
with :mod:`difflib` on folded keys; a replaced pair gets a word-level diff.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from pipeline.store.textkeys import fold_key

__all__ = ["Paragraph", "ParagraphChange", "outside_paragraphs", "diff_outside"]

_WORD_RE = re.compile(r"\S+|\s+")


@dataclass(frozen=True, slots=True)
class Paragraph:
    section: str  # path of the innermost section holding it
    text: str


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    change: str  # added | removed | modified
    old: Paragraph | None
    new: Paragraph | None
    edits: tuple[tuple[str, str, str], ...] = ()  # (op, old words, new words)


def outside_paragraphs(text: str, plan: dict[str, Any]) -> list[Paragraph]:
    sections = [s for s in plan.get("sections") or [] if s.get("span")]
    tasks = [t["span"] for t in plan.get("tasks") or [] if t.get("span")]
    heads = {s["span"][0] for s in sections}
    out: list[Paragraph] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip() or start in heads:
            continue
        if any(a <= start and end <= b for a, b in tasks):
            continue
        holding = [s for s in sections if s["span"][0] <= start and end <= s["span"][1]]
        if not holding:
            continue
        inner = max(holding, key=lambda s: s["span"][0])
        out.append(Paragraph(inner.get("path") or "", line.strip()))
    return out


def _word_edits(old: str, new: str) -> tuple[tuple[str, str, str], ...]:
    a, b = _WORD_RE.findall(old), _WORD_RE.findall(new)
    matcher = difflib.SequenceMatcher(
        None, [fold_key(w) or w for w in a], [fold_key(w) or w for w in b], autojunk=False
    )
    return tuple(
        (op, "".join(a[i1:i2]), "".join(b[j1:j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def diff_outside(old: list[Paragraph], new: list[Paragraph]) -> list[ParagraphChange]:
    """What changed in the paragraphs outside the tasks, in document order."""
    keys_a = [fold_key(p.text) for p in old]
    keys_b = [fold_key(p.text) for p in new]
    changes: list[ParagraphChange] = []
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for k in range(paired):
            ratio = difflib.SequenceMatcher(None, keys_a[i1 + k], keys_b[j1 + k]).ratio()
            if ratio >= 0.4:
                edits = _word_edits(olds[k].text, news[k].text)
                changes.append(ParagraphChange("modified", olds[k], news[k], edits))
            else:
                changes.append(ParagraphChange("removed", olds[k], None))
                changes.append(ParagraphChange("added", None, news[k]))
        changes += [ParagraphChange("removed", p, None) for p in olds[paired:]]
        changes += [ParagraphChange("added", None, p) for p in news[paired:]]
    return changes
