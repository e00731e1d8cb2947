"""A :class:`~pipeline.diff.changes.PlanDiff` as the contract's diff JSON.

The contract keys (``document_changes``, ``sections``, ``tasks`` with ``change``/``from``/``to``/
``fields``, ``references``) are always present. Richer information sits under extra keys that
readers of the contract may ignore: ``summary`` (counts), ``similarity``, ``details`` (per-field
changes and word edits), ``split_from``/``merged_into`` (and their inverse ``split_into``/
``merged_from``), ``reordered``, ``old``/``new`` (what an added or removed task says),
``document_extra_changes`` and ``unchanged``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from pipeline.diff.changes import (
    ChangeKind,
    PartyChange,
    PlanDiff,
    SectionChange,
    TaskChange,
    TaskView,
    TimelineChange,
    WordEdit,
)

__all__ = ["diff_to_dict", "render_json", "summary_counts"]


def summary_counts(diff: PlanDiff) -> dict[str, int]:
    """Tasks per change kind (``unchanged`` included), plus splits and merges."""
    counts = Counter(str(c.change) for c in diff.tasks)
    out = {kind.value: counts.get(kind.value, 0) for kind in ChangeKind}
    out["unchanged"] = len(diff.unchanged)
    out["split"] = sum(1 for c in diff.tasks if c.split_from)
    out["merged"] = sum(1 for c in diff.tasks if c.merged_into)
    return out


def diff_to_dict(diff: PlanDiff) -> dict[str, Any]:
    """The JSON-ready dict (contract keys first)."""
    return {
        "from": diff.old_source,
        "to": diff.new_source,
        "document_changes": {c.name: [c.old, c.new] for c in diff.document},
        "sections": [_section(c) for c in diff.sections],
        "tasks": [_task(c) for c in diff.tasks],
        "references": {
            "added": list(diff.references.added),
            "removed": list(diff.references.removed),
        },
        "summary": {
            "old_tasks": diff.old_task_count,
            "new_tasks": diff.new_task_count,
            **summary_counts(diff),
        },
        "document_extra_changes": {c.name: [c.old, c.new] for c in diff.document_extra},
        "unchanged": [{"from": c.old_path, "to": c.new_path} for c in diff.unchanged],
        "passages_compared": diff.passages_compared,
        "passages": [
            {
                "change": str(c.change), "from": c.old_part, "to": c.new_part,
                "old": c.old_text, "new": c.new_text, "edits": _edits(c.text_edits),
            }  # fmt: skip
            for c in diff.passages
        ],
    }


def render_json(diff: PlanDiff) -> str:
    return json.dumps(diff_to_dict(diff), ensure_ascii=False, indent=1) + "\n"


def _edits(edits: tuple[WordEdit, ...]) -> list[dict[str, str]]:
    return [{"op": e.op, "old": e.old, "new": e.new} for e in edits]


def _head(c: SectionChange | TaskChange) -> dict[str, Any]:
    """What every section and task change says: its kind, paths, changed fields and similarity."""
    out: dict[str, Any] = {"change": str(c.change), "from": c.old_path, "to": c.new_path, "fields": list(c.fields)}
    if c.similarity is not None:
        out["similarity"] = c.similarity
    return out


def _section(c: SectionChange) -> dict[str, Any]:
    out = _head(c)
    if c.old_heading is not None or c.new_heading is not None:
        out["heading"] = {"old": c.old_heading, "new": c.new_heading}
    if c.text_edits:
        out["heading"]["edits"] = _edits(c.text_edits)
    return out


def _parties(p: PartyChange) -> dict[str, Any]:
    out: dict[str, Any] = {
        "added": list(p.added),
        "removed": list(p.removed),
        "old_raw": p.old_raw,
        "new_raw": p.new_raw,
    }
    if p.and_related is not None:
        out["and_related"] = list(p.and_related)
    return out


def _timeline(t: TimelineChange) -> dict[str, Any]:
    return {
        "old": {"raw": t.old_raw, "kind": t.old_kind, "start": t.old_start, "end": t.old_end},
        "new": {"raw": t.new_raw, "kind": t.new_kind, "start": t.new_start, "end": t.new_end},
        "start_delta_days": t.start_delta_days,
        "end_delta_days": t.end_delta_days,
    }


def _view(v: TaskView) -> dict[str, Any]:
    return {
        "text": v.text,
        "lead": v.lead,
        "executors": v.executors,
        "timeline": v.timeline,
        "references": list(v.references),
    }


def _task(c: TaskChange) -> dict[str, Any]:
    out = _head(c)
    for name in ("split_from", "merged_into"):
        if getattr(c, name):
            out[name] = getattr(c, name)
    for name in ("split_into", "merged_from"):
        if getattr(c, name):
            out[name] = list(getattr(c, name))
    if c.reordered:
        out["reordered"] = True
    details: dict[str, Any] = {}
    if "text" in c.fields and c.old and c.new:
        details["text"] = {"old": c.old.text, "new": c.new.text, "edits": _edits(c.text_edits)}
    if c.lead:
        details["lead"] = _parties(c.lead)
    if c.executors:
        details["executors"] = _parties(c.executors)
    if c.timeline:
        details["timeline"] = _timeline(c.timeline)
    if c.references:
        details["references"] = {
            "added": list(c.references.added),
            "removed": list(c.references.removed),
        }
    if details:
        out["details"] = details
    if c.change == ChangeKind.ADDED and c.new:
        out["new"] = _view(c.new)
    if c.change == ChangeKind.REMOVED and c.old:
        out["old"] = _view(c.old)
    return out
