"""What task extraction doubts, reported as data (``issues``) with the span it concerns.

* ``EXT001``: a lead or executors value was written (a label, a cell) but no party was read from it;
* ``EXT002``: a time phrase was found but could not be normalized (kind ``unspecified`` and the
  phrase names no event or pace such as ``khi có yêu cầu``, ``theo tiến độ``);
* ``EXT003``: the year of a timeline was taken from the plan (``Quý IV`` in a 2024 plan), for a
  reviewer to confirm.

>>> from pipeline.model import PartyGroup, Task, Timeline
>>> t = Task("II/1", "1", "...", PartyGroup(raw="theo quy định"), PartyGroup(), Timeline(), (), (0, 3))
>>> [i.code for i in task_doubts((t,))]
['EXT001']
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.extract.inline import is_event
from pipeline.model import Issue, Severity, Task

__all__ = ["task_doubts"]



def task_doubts(tasks: Iterable[Task]) -> tuple[Issue, ...]:
    """The doubts about ``tasks``, in their order."""
    out: list[Issue] = []
    for t in tasks:
        for role, group in (("lead", t.lead), ("executors", t.executors)):
            if group.raw and group.raw.strip(" .;,") and not group.parties and not group.and_related:
                out.append(
                    Issue("EXT001", f"no party read from the {role} value “{group.raw[:80]}”", path=t.path, span=group.span or t.span)
                )
        tl = t.timeline
        if tl.raw and tl.kind == "unspecified" and not is_event(tl.raw):
            out.append(Issue("EXT002", f"time phrase not normalized: “{tl.raw[:80]}”", path=t.path, span=tl.span or t.span))
        if tl.raw and tl.inferred_year:
            out.append(
                Issue("EXT003", f"year of “{tl.raw[:80]}” taken from the plan", Severity.INFO, path=t.path, span=tl.span or t.span)
            )
    return tuple(out)
