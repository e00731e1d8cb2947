"""Field-level changes between two versions of a task, and of the document header.

Values are compared on their contract keys (:func:`~pipeline.diff.keys.norm_text`), so a
different spelling of the same value (``Thị uỷ`` / ``Thị ủy``, a trailing full stop) is no
change, while the change itself is reported in the original spelling.

>>> change = compare_timelines(
...     {"raw": "Quý II, III/ 2023.", "kind": "quarter", "start": "2023-04-01", "end": "2023-09-30"},
...     {"raw": "Quý III/2023.", "kind": "quarter", "start": "2023-07-01", "end": "2023-09-30"})
>>> change.start_delta_days, change.end_delta_days
(91, 0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pipeline.diff.changes import ListChange, PartyChange, TaskView, TimelineChange, ValueChange
from pipeline.diff.keys import key_set, norm_text, norm_value, party_names, task_ref_names

__all__ = [
    "DOCUMENT_FIELDS",
    "compare_parties",
    "compare_timelines",
    "compare_lists",
    "compare_documents",
    "texts_differ",
    "task_view",
    "timeline_label",
]

# Header fields of the contract, in its order; other header keys are reported as extras.
DOCUMENT_FIELDS = (
    "system",
    "doc_type",
    "number",
    "symbol",
    "issuer",
    "parent_issuer",
    "place",
    "date",
    "title",
    "draft",
    "signer",
    "attachment",
    "recipients",
)
# Keys that describe a file or an annotation, not the document.
_NOT_HEADER = frozenset({"span", "spans", "gold_version", "source_file", "alts", "partial"})


def texts_differ(old: str | None, new: str | None) -> bool:
    return norm_text(old) != norm_text(new)


def compare_parties(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> PartyChange | None:
    """Parties added and removed (by canonical name); None when the group is the same.

    When neither side names a party, the raw values are compared instead.
    """
    old, new = old or {}, new or {}
    old_keys, new_keys = key_set(party_names(old)), key_set(party_names(new))
    added = tuple(name for key, name in new_keys.items() if key not in old_keys)
    removed = tuple(name for key, name in old_keys.items() if key not in new_keys)
    related = (bool(old.get("and_related")), bool(new.get("and_related")))
    raw_changed = not old_keys and not new_keys and texts_differ(old.get("raw"), new.get("raw"))
    if not (added or removed or raw_changed or related[0] != related[1]):
        return None
    return PartyChange(
        added=added,
        removed=removed,
        old_raw=old.get("raw"),
        new_raw=new.get("raw"),
        and_related=related if related[0] != related[1] else None,
    )


def _timeline_key(timeline: Mapping[str, Any]) -> tuple[Any, ...]:
    key = (timeline.get("kind") or "unspecified", timeline.get("start"), timeline.get("end"))
    if key == ("unspecified", None, None):
        return (*key, norm_text(timeline.get("raw")))
    return key


def _days_between(old: str | None, new: str | None) -> int | None:
    try:
        return (dt.date.fromisoformat(str(new)) - dt.date.fromisoformat(str(old))).days
    except ValueError:
        return None


def compare_timelines(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> TimelineChange | None:
    """The timeline change, with the shift of its start and end in days; None when the same.

    Timelines are the same when their kind and dates are (``Năm 2023`` = ``Trong năm 2023``).
    """
    old, new = old or {}, new or {}
    if _timeline_key(old) == _timeline_key(new):
        return None
    return TimelineChange(
        old_raw=old.get("raw"),
        new_raw=new.get("raw"),
        old_kind=old.get("kind"),
        new_kind=new.get("kind"),
        old_start=old.get("start"),
        old_end=old.get("end"),
        new_start=new.get("start"),
        new_end=new.get("end"),
        start_delta_days=_days_between(old.get("start"), new.get("start")),
        end_delta_days=_days_between(old.get("end"), new.get("end")),
    )


def compare_lists(old: list[str], new: list[str]) -> ListChange:
    """Names added and removed, compared by canonical key (references)."""
    old_keys, new_keys = key_set(old), key_set(new)
    return ListChange(
        added=tuple(name for key, name in new_keys.items() if key not in old_keys),
        removed=tuple(name for key, name in old_keys.items() if key not in new_keys),
    )


def compare_documents(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> tuple[tuple[ValueChange, ...], tuple[ValueChange, ...]]:
    """Header changes: ``(contract fields, other fields)``, each ``ValueChange(name, old, new)``.

    A number assigned (``null`` → ``"45"``), a date filled in and a draft mark dropped
    (``draft: true`` → ``false``) all show here.
    """
    old, new = old or {}, new or {}
    names = list(DOCUMENT_FIELDS) + [
        k for k in dict.fromkeys([*old, *new]) if k not in DOCUMENT_FIELDS and k not in _NOT_HEADER
    ]
    contract, extra = [], []
    for name in names:
        a, b = old.get(name), new.get(name)
        if norm_value(a) != norm_value(b):
            (contract if name in DOCUMENT_FIELDS else extra).append(ValueChange(name, a, b))
    return tuple(contract), tuple(extra)


def timeline_label(timeline: Mapping[str, Any] | None) -> str:
    """``Quý III/2023`` (raw, trimmed), else ``quarter 2023-07-01..2023-09-30``."""
    timeline = timeline or {}
    raw = " ".join(str(timeline.get("raw") or "").split()).rstrip(".;,")
    if raw:
        return raw
    start, end = timeline.get("start"), timeline.get("end")
    if start or end:
        return f"{timeline.get('kind') or ''} {start or '…'}..{end or '…'}".strip()
    return ""


def _group_label(group: Mapping[str, Any] | None) -> str:
    names = party_names(group)
    if names:
        tail = " và các đơn vị liên quan" if (group or {}).get("and_related") else ""
        return "; ".join(names) + tail
    return " ".join(str((group or {}).get("raw") or "").split())


def task_view(task: Mapping[str, Any]) -> TaskView:
    """One side of a task as the renderers show it."""
    return TaskView(
        path=str(task.get("path") or ""),
        text=str(task.get("text") or ""),
        lead=_group_label(task.get("lead")),
        executors=_group_label(task.get("executors")),
        timeline=timeline_label(task.get("timeline")),
        references=tuple(task_ref_names(task)),
    )
