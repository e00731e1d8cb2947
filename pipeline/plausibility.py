"""Doubts about a finished plan that no single stage can see: a numbered item whose text runs
implausibly long, as when items a stage did not recognise were appended to the one before
(``100.`` after ``99.`` read as text: issue 12). Reported as ``SEG003`` issues, never fixed here.

``check_items(plan) -> tuple[Issue, ...]`` reads only the plan (tasks and sections), so it runs
after extraction, from one place (:func:`pipeline.run.extract_source`).
"""

from __future__ import annotations

import re

from pipeline.model import Issue, Plan, Severity

__all__ = ["check_items", "MAX_ITEM_CHARS", "MAX_INNER_NUMBERS"]

# A task of a plan is a sentence or a paragraph; the longest in the bundled and shared corpora
# run to about 1,500 characters. Four times that is no longer one task.
MAX_ITEM_CHARS = 6_000
# lines inside one item's text that start like a numbered item ("100. ", "12) ", "XC. ")
MAX_INNER_NUMBERS = 1
_INNER_NUMBER_RE = re.compile(r"\n[ \t]*(?:\d{1,6}|[IVXLCDM]{1,8})[.)][ \t]+\S")


def check_items(plan: Plan) -> tuple[Issue, ...]:
    """``SEG003`` for each task or section heading that is implausibly long or holds lines that
    look like numbered items of their own."""
    issues: list[Issue] = []
    for path, text in [(t.path, t.text) for t in plan.tasks] + [(s.path, s.heading) for s in plan.sections]:
        inner = len(_INNER_NUMBER_RE.findall(text))
        if len(text) > MAX_ITEM_CHARS or inner > MAX_INNER_NUMBERS:
            why = (
                f"{len(text):,} characters" if len(text) > MAX_ITEM_CHARS
                else f"{inner} lines inside it start like numbered items"
            )  # fmt: skip
            issues.append(
                Issue(
                    "SEG003",
                    f"item {path} runs implausibly long ({why}): later items may have been "
                    "read as its text",
                    Severity.WARNING,
                    path,
                )
            )
    return tuple(issues)
