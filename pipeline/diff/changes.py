"""The data of a plan diff: frozen, slotted records of plain values.

:func:`pipeline.diff.diff_plans` returns a :class:`PlanDiff`; the renderers
(:mod:`~pipeline.diff.render_json`, :mod:`~pipeline.diff.render_text`,
:mod:`~pipeline.diff.render_html`) turn it into the contract JSON, terminal text or an HTML page.
Paths are the plans' own hierarchical paths (``"II/1/1.5"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "ChangeKind",
    "WordEdit",
    "PartyChange",
    "TimelineChange",
    "ListChange",
    "TaskChange",
    "TaskView",
    "SectionChange",
    "PassageChange",
    "ValueChange",
    "PlanDiff",
    "TASK_FIELDS",
]

# The task fields the contract reports, in display order.
TASK_FIELDS = ("text", "lead", "executors", "timeline", "references")


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"  # same path, content changed
    RENUMBERED = "renumbered"  # new number, same (aligned) parent section
    MOVED = "moved"  # new parent section
    UNCHANGED = "unchanged"  # never listed in the contract output


@dataclass(frozen=True, slots=True)
class WordEdit:
    """One run of the word-level text diff.

    ``op`` is ``equal``, ``delete``, ``insert`` or ``replace``. ``old`` and ``new`` are exact
    slices of the two texts (whitespace included), so joining every ``old`` gives the old text
    back and joining every ``new`` gives the new text back.
    """

    op: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class PartyChange:
    """Lead or executor parties, compared by canonical name."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    old_raw: str | None = None
    new_raw: str | None = None
    and_related: tuple[bool, bool] | None = None  # (old, new) when it changed


@dataclass(frozen=True, slots=True)
class TimelineChange:
    """Old and new timeline, and how far the start and the end moved (days, new minus old)."""

    old_raw: str | None
    new_raw: str | None
    old_kind: str | None
    new_kind: str | None
    old_start: str | None
    old_end: str | None
    new_start: str | None
    new_end: str | None
    start_delta_days: int | None = None
    end_delta_days: int | None = None


@dataclass(frozen=True, slots=True)
class ListChange:
    """Items added and removed (references by number or name)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True, slots=True)
class TaskView:
    """What a renderer shows of one side of a task."""

    path: str
    text: str
    lead: str = ""
    executors: str = ""
    timeline: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskChange:
    """One aligned (or unaligned) task. ``fields`` lists the contract fields that changed."""

    change: ChangeKind
    old_path: str | None
    new_path: str | None
    fields: tuple[str, ...] = ()
    similarity: float | None = None
    old: TaskView | None = None
    new: TaskView | None = None
    text_edits: tuple[WordEdit, ...] = ()
    lead: PartyChange | None = None
    executors: PartyChange | None = None
    timeline: TimelineChange | None = None
    references: ListChange | None = None
    split_from: str | None = None  # added: the old task this one was split off
    merged_into: str | None = None  # removed: the new task it was merged into
    split_into: tuple[str, ...] = ()  # matched: new tasks split off this one
    merged_from: tuple[str, ...] = ()  # matched: old tasks merged into this one
    reordered: bool = False  # matched: its order relative to the other tasks changed


@dataclass(frozen=True, slots=True)
class SectionChange:
    change: ChangeKind
    old_path: str | None
    new_path: str | None
    fields: tuple[str, ...] = ()
    old_heading: str | None = None
    new_heading: str | None = None
    similarity: float | None = None
    text_edits: tuple[WordEdit, ...] = ()


@dataclass(frozen=True, slots=True)
class PassageChange:
    """A paragraph outside the tasks (header, preamble, purpose, organisation, captions...)
    added, removed or modified; ``old_part``/``new_part`` name where it is (a section path,
    ``đầu văn bản`` or ``cuối văn bản``)."""

    change: ChangeKind
    old_part: str | None
    new_part: str | None
    old_text: str | None
    new_text: str | None
    text_edits: tuple[WordEdit, ...] = ()


@dataclass(frozen=True, slots=True)
class ValueChange:
    """A header field: ``document_changes[name] == [old, new]`` in the JSON."""

    name: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """Everything that changed between two plans; unchanged tasks only in ``unchanged``."""

    old_source: str | None
    new_source: str | None
    document: tuple[ValueChange, ...] = ()
    document_extra: tuple[ValueChange, ...] = ()  # non-contract header fields (draft_label, ...)
    sections: tuple[SectionChange, ...] = ()
    tasks: tuple[TaskChange, ...] = ()
    unchanged: tuple[TaskChange, ...] = field(default=())
    references: ListChange = field(default_factory=ListChange)
    old_task_count: int = 0
    new_task_count: int = 0
    passages: tuple[PassageChange, ...] = ()  # text outside the tasks, paragraph by paragraph
    passages_compared: bool = False  # False when a side has no text (a plan .json file)

    @property
    def changed(self) -> bool:
        """Whether anything differs (the diff command's exit status 1)."""
        return bool(
            self.document or self.document_extra or self.sections or self.tasks
            or self.references or self.passages
        )  # fmt: skip
