"""``diff_plans``: align two plans and describe every change, task by task."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from pipeline.diff.align import Alignment, align_sections, align_tasks, reordered_pairs
from pipeline.diff.changes import ChangeKind, PlanDiff, SectionChange, TaskChange
from pipeline.diff.fields import (
    compare_documents,
    compare_lists,
    compare_parties,
    compare_timelines,
    task_view,
    texts_differ,
)
from pipeline.diff.keys import parent_path, ref_name, task_ref_names
from pipeline.diff.load import check_plan_dict
from pipeline.diff.passages import compare_passages, passages
from pipeline.diff.words import Tokenizer, word_edits
from pipeline.model import Plan

__all__ = ["diff_plans", "PlanLike"]

# A plan: the pipeline's own Plan (extract_file, plan_from_dict), or its JSON object.
PlanLike = Plan | Mapping[str, Any]


def _as_dict(plan: PlanLike) -> tuple[Mapping[str, Any], Plan | None]:
    if isinstance(plan, Plan):
        from pipeline.export import plan_to_dict

        return plan_to_dict(plan), plan
    return check_plan_dict(plan), None


def diff_plans(
    old: PlanLike,
    new: PlanLike,
    *,
    old_name: str | None = None,
    new_name: str | None = None,
    tokenizer: Tokenizer | None = None,
) -> PlanDiff:
    """What changed from ``old`` to ``new``.

    Args:
        old, new: :class:`pipeline.model.Plan` objects (``extract_file``, ``plan_from_dict``)
            or plan dicts (``plan_to_dict`` output or stored plan JSON). When both are Plans with
            their text, the paragraphs outside the tasks are compared too (``diff.passages``).
        old_name, new_name: labels of the two versions (default: their ``source``).
        tokenizer: word spans for the text edits (default: underthesea, else syllables).

    Returns:
        A :class:`~pipeline.diff.changes.PlanDiff`. For the Đức Phổ draft and its final version,
        ``[(t.change, t.old_path, t.new_path) for t in diff.tasks][0]`` is
        ``("added", None, "II/1/1.5")``: the inserted task, while the tasks after it are
        ``renumbered`` with no field changed.
    """
    old, old_plan = _as_dict(old)
    new, new_plan = _as_dict(new)
    old_tasks: list[Mapping[str, Any]] = list(old.get("tasks") or ())
    new_tasks: list[Mapping[str, Any]] = list(new.get("tasks") or ())
    old_sections: list[Mapping[str, Any]] = list(old.get("sections") or ())
    new_sections: list[Mapping[str, Any]] = list(new.get("sections") or ())

    tasks = align_tasks(old_tasks, new_tasks)
    path_pairs = [(_path(old_tasks[i]), _path(new_tasks[j])) for i, j, _ in tasks.pairs]
    sections = align_sections(old_sections, new_sections, path_pairs)
    section_map = {_path(old_sections[i]): _path(new_sections[j]) for i, j, _ in sections.pairs}

    with_text = bool(old_plan and new_plan and old_plan.text and new_plan.text)
    task_changes = _task_changes(old_tasks, new_tasks, tasks, section_map, tokenizer)
    document, document_extra = compare_documents(old.get("document"), new.get("document"))
    return PlanDiff(
        old_source=old_name or _source(old),
        new_source=new_name or _source(new),
        document=document,
        document_extra=document_extra,
        sections=_section_changes(old_sections, new_sections, sections, section_map, tokenizer),
        tasks=tuple(c for c in task_changes if c.change != ChangeKind.UNCHANGED),
        unchanged=tuple(c for c in task_changes if c.change == ChangeKind.UNCHANGED),
        references=compare_lists(_plan_refs(old), _plan_refs(new)),
        old_task_count=len(old_tasks),
        new_task_count=len(new_tasks),
        passages=compare_passages(passages(old_plan), passages(new_plan), tokenizer)
        if with_text
        else (),
        passages_compared=with_text,
    )


def _path(item: Mapping[str, Any]) -> str:
    return str(item.get("path") or "")


def _source(plan: Mapping[str, Any]) -> str | None:
    value = plan.get("source") or plan.get("source_file")
    return str(value) if value else None


def _plan_refs(plan: Mapping[str, Any]) -> list[str]:
    return [name for name in (ref_name(r) for r in plan.get("references") or ()) if name]


def _place_kind(old_path: str, new_path: str, section_map: Mapping[str, str]) -> ChangeKind:
    """``modified`` in place, ``renumbered`` under the same (aligned) parent, else ``moved``."""
    if old_path == new_path:
        return ChangeKind.MODIFIED
    old_parent, new_parent = parent_path(old_path), parent_path(new_path)
    same_parent = section_map.get(old_parent, old_parent) == new_parent
    return ChangeKind.RENUMBERED if same_parent else ChangeKind.MOVED


def _document_order(
    pairs: Sequence[tuple[int, int]], n_old: int
) -> dict[tuple[str, int], tuple[float, int]]:
    """Sort keys: a new item at its index, a removed one right after its old predecessor."""
    old_to_new = dict(pairs)
    keys: dict[tuple[str, int], tuple[float, int]] = {}
    anchor = -1.0
    for i in range(n_old):
        if i in old_to_new:
            anchor = float(old_to_new[i])
        else:
            keys[("old", i)] = (anchor + 0.5, i)
    return keys


def _task_changes(
    old: Sequence[Mapping[str, Any]],
    new: Sequence[Mapping[str, Any]],
    alignment: Alignment,
    section_map: Mapping[str, str],
    tokenizer: Tokenizer | None,
) -> list[TaskChange]:
    pairs = [(i, j) for i, j, _ in alignment.pairs]
    reordered = reordered_pairs(pairs)
    split_from = {j: _path(old[i]) for i, j in alignment.splits}
    merged_into = {i: _path(new[j]) for i, j in alignment.merges}
    split_into: dict[int, list[str]] = {}
    merged_from: dict[int, list[str]] = {}
    for i, j in alignment.splits:
        split_into.setdefault(i, []).append(_path(new[j]))
    for i, j in alignment.merges:
        merged_from.setdefault(j, []).append(_path(old[i]))

    keyed: list[tuple[tuple[float, int], TaskChange]] = []
    for i, j, score in alignment.pairs:
        change = _matched_task(old[i], new[j], score, section_map, tokenizer)
        change = _with_extras(
            change,
            split_into=tuple(split_into.get(i, ())),
            merged_from=tuple(merged_from.get(j, ())),
            reordered=(i, j) in reordered,
        )
        keyed.append(((float(j), -1), change))
    paired_new = {j for _, j in pairs}
    for j, task in enumerate(new):
        if j not in paired_new:
            change = TaskChange(
                ChangeKind.ADDED,
                None,
                _path(task),
                new=task_view(task),
                split_from=split_from.get(j),
            )
            keyed.append(((float(j), -1), change))
    for (_, i), key in _document_order(pairs, len(old)).items():
        change = TaskChange(
            ChangeKind.REMOVED,
            _path(old[i]),
            None,
            old=task_view(old[i]),
            merged_into=merged_into.get(i),
        )
        keyed.append((key, change))
    keyed.sort(key=lambda item: item[0])
    return [change for _, change in keyed]


def _with_extras(change: TaskChange, **extras: Any) -> TaskChange:
    if change.change == ChangeKind.UNCHANGED and not any(extras.values()):
        return change
    return replace(change, **extras)


def _matched_task(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    score: float,
    section_map: Mapping[str, str],
    tokenizer: Tokenizer | None,
) -> TaskChange:
    text_changed = texts_differ(old.get("text"), new.get("text"))
    lead = compare_parties(old.get("lead"), new.get("lead"))
    executors = compare_parties(old.get("executors"), new.get("executors"))
    timeline = compare_timelines(old.get("timeline"), new.get("timeline"))
    references = compare_lists(task_ref_names(old), task_ref_names(new))
    fields = tuple(
        name
        for name, changed in (
            ("text", text_changed),
            ("lead", lead),
            ("executors", executors),
            ("timeline", timeline),
            ("references", references),
        )
        if changed
    )
    kind = _place_kind(_path(old), _path(new), section_map)
    if kind == ChangeKind.MODIFIED and not fields:
        kind = ChangeKind.UNCHANGED
    edits = ()
    if text_changed:
        edits = word_edits(
            str(old.get("text") or ""), str(new.get("text") or ""), tokenizer=tokenizer
        )
    return TaskChange(
        kind,
        _path(old),
        _path(new),
        fields=fields,
        similarity=score,
        old=task_view(old),
        new=task_view(new),
        text_edits=edits,
        lead=lead,
        executors=executors,
        timeline=timeline,
        references=references or None,
    )


def _section_changes(
    old: Sequence[Mapping[str, Any]],
    new: Sequence[Mapping[str, Any]],
    alignment: Alignment,
    section_map: Mapping[str, str],
    tokenizer: Tokenizer | None,
) -> tuple[SectionChange, ...]:
    keyed: list[tuple[tuple[float, int], SectionChange]] = []
    pairs = [(i, j) for i, j, _ in alignment.pairs]
    for i, j, score in alignment.pairs:
        a, b = old[i], new[j]
        changed = texts_differ(a.get("heading"), b.get("heading"))
        kind = _place_kind(_path(a), _path(b), section_map)
        if kind == ChangeKind.MODIFIED and not changed:
            continue
        edits = ()
        if changed:
            edits = word_edits(
                str(a.get("heading") or ""), str(b.get("heading") or ""), tokenizer=tokenizer
            )
        change = SectionChange(
            kind,
            _path(a),
            _path(b),
            ("heading",) if changed else (),
            a.get("heading"),
            b.get("heading"),
            score,
            edits,
        )
        keyed.append(((float(j), -1), change))
    paired_new = {j for _, j in pairs}
    for j, section in enumerate(new):
        if j not in paired_new:
            change = SectionChange(
                ChangeKind.ADDED, None, _path(section), new_heading=section.get("heading")
            )
            keyed.append(((float(j), -1), change))
    for (_, i), key in _document_order(pairs, len(old)).items():
        change = SectionChange(
            ChangeKind.REMOVED, _path(old[i]), None, old_heading=old[i].get("heading")
        )
        keyed.append((key, change))
    keyed.sort(key=lambda item: item[0])
    return tuple(change for _, change in keyed)
