"""Plan diff: what changed between two versions of a plan, task by task.

::

    from pipeline.diff import diff_plans, load_plan, render_diff

    diff = diff_plans(load_plan("du-thao.docx"), load_plan("ban-hanh.docx"))
    print(render_diff(diff, "text"))

Stages: :mod:`.align` pairs old and new tasks and sections (text similarity over Vietnamese
words, fields and position, solved globally by :mod:`.assign`); :mod:`.fields` and
:mod:`.words` describe what changed in each pair; :mod:`.render_json`, :mod:`.render_text` and
:mod:`.render_html` present it. The diff works on plan dicts (the JSON contract), so stored plan
JSON files compare without re-extracting. See ``docs/diff.md``.
"""

from __future__ import annotations

from pipeline.diff.changes import ChangeKind, PlanDiff, TaskChange
from pipeline.diff.compare import diff_plans
from pipeline.diff.load import load_plan
from pipeline.diff.render import FORMATS, render_diff, write_output

__all__ = [
    "diff_plans",
    "load_plan",
    "render_diff",
    "write_output",
    "FORMATS",
    "PlanDiff",
    "TaskChange",
    "ChangeKind",
]
