"""A :class:`~pipeline.diff.changes.PlanDiff` for the terminal.

One line per changed task (``+`` added, ``-`` removed, ``~`` modified, ``>`` renumbered or
moved), then one indented line per changed field. Text edits show the changed words with a few
words of context: deletions ``[-like this-]`` and insertions ``{+like this+}``, or in red and
green when ``color`` is on (the CLI turns it on only when stdout is a terminal).
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.diff.changes import (
    ChangeKind,
    ListChange,
    PartyChange,
    PassageChange,
    PlanDiff,
    SectionChange,
    TaskChange,
    TimelineChange,
    WordEdit,
)
from pipeline.diff.render_json import summary_counts
from pipeline.i18n import tr

__all__ = ["render_text", "format_value", "format_delta", "preview"]

CONTEXT_WORDS = 6
PREVIEW_CHARS = 160
_MARK = {
    ChangeKind.ADDED: "+",
    ChangeKind.REMOVED: "-",
    ChangeKind.MODIFIED: "~",
    ChangeKind.RENUMBERED: ">",
    ChangeKind.MOVED: ">",
}
_RED, _GREEN, _YELLOW, _BOLD, _DIM, _RESET = (
    "\x1b[31m",
    "\x1b[32m",
    "\x1b[33m",
    "\x1b[1m",
    "\x1b[2m",
    "\x1b[0m",
)


class _Style:
    def __init__(self, color: bool):
        self.color = color

    def paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text

    def deleted(self, text: str) -> str:
        return self.paint(_RED, text) if self.color else f"[-{text}-]"

    def inserted(self, text: str) -> str:
        return self.paint(_GREEN, text) if self.color else f"{{+{text}+}}"

    def added_item(self, text: str) -> str:
        return self.paint(_GREEN, f"+{text}") if self.color else f"{{+{text}+}}"

    def removed_item(self, text: str) -> str:
        return self.paint(_RED, f"-{text}") if self.color else f"[-{text}-]"


def render_text(diff: PlanDiff, *, color: bool = False) -> str:
    """The whole diff as lines of text (ending with a newline)."""
    style = _Style(color)
    lines = [
        style.paint(_BOLD, f"{tr('Plan diff')}: {diff.old_source or 'OLD'} → {diff.new_source or 'NEW'}")
    ]
    lines.append(_summary_line(diff))
    if diff.document or diff.document_extra:
        lines += ["", style.paint(_BOLD, tr("Document"))]
        for change in (*diff.document, *diff.document_extra):
            old, new = format_value(change.old), format_value(change.new)
            lines.append(f"  {tr(change.name)}: {style.deleted(old)} → {style.inserted(new)}")
    if diff.sections:
        lines += ["", style.paint(_BOLD, tr("Sections"))]
        lines += [_section_line(c, style) for c in diff.sections]
    lines += ["", style.paint(_BOLD, tr("Tasks"))]
    if not diff.tasks:
        lines.append(f"  ({tr('no task changed')})")
    for change in diff.tasks:
        lines += _task_lines(change, style)
    if diff.references:
        lines += ["", style.paint(_BOLD, tr("References"))]
        lines += [f"  {style.added_item(r)}" for r in diff.references.added]
        lines += [f"  {style.removed_item(r)}" for r in diff.references.removed]
    lines += ["", style.paint(_BOLD, tr("Outside the tasks"))]
    if not diff.passages_compared:
        lines.append(f"  ({tr('not compared: a side is a plan .json file, which has no full text')})")
    elif not diff.passages:
        lines.append(f"  ({tr('no paragraph changed')})")
    lines += [line for c in diff.passages for line in _passage_lines(c, style)]
    return _safe("\n".join(lines) + "\n")


# Terminal control characters a plan value could carry (ESC, CSI, BEL, CR, ...): shown as "�" so
# that a crafted plan cannot drive the terminal; the colour codes this module writes are kept.
_CONTROL_RE = re.compile(r"\x1b(?!\[(?:0|1|2|31|32|33)m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    return _CONTROL_RE.sub("\ufffd", text)


def _passage_lines(c: PassageChange, style: _Style) -> list[str]:
    head = f"  {_MARK.get(c.change, '?')} {_place(c.old_part, c.new_part)}  {tr(c.change)}"
    if c.text_edits:
        return [head, f"      {_edit_line(c.text_edits, style)}"]
    return [head, f"      {preview(c.new_text or c.old_text or '')}"]


def _summary_line(diff: PlanDiff) -> str:
    counts = summary_counts(diff)
    kinds = ("added", "removed", "modified", "renumbered", "moved", "unchanged")
    parts = [f"{counts[k]} {tr(k)}" for k in kinds]
    for extra in ("split", "merged"):
        if counts[extra]:
            parts.append(f"{counts[extra]} {tr(extra)}")
    line = f"{tr('Tasks')}: {diff.old_task_count} → {diff.new_task_count}; " + ", ".join(parts)
    if diff.passages_compared:
        line += f"; {tr('paragraphs outside the tasks changed')}: {len(diff.passages)}"
    return line


def format_value(value: Any) -> str:
    """A header value for display: ``{"year": 2023, "month": 2, "day": 15}`` → ``15/2/2023``."""
    if value is None or value == "":
        return f"({tr('none')})"
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, dict) and {"year", "month", "day"} >= value.keys():
        return "/".join(str(value.get(k) or "…") for k in ("day", "month", "year"))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {format_value(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return "; ".join(format_value(v) for v in value) or f"({tr('none')})"
    return str(value)


def format_delta(days: int | None) -> str:
    """``91`` → ``+91 days``; ``0`` → ``unchanged``; None → ``n/a``."""
    if days is None:
        return tr("n/a")
    if days == 0:
        return tr("unchanged")
    unit = tr("day") if abs(days) == 1 else tr("days")
    return f"{days:+d} {unit}"


def _place(old: str | None, new: str | None) -> str:
    if old and new and old != new:
        return f"{old} → {new}"
    return old or new or "?"


def _section_line(c: SectionChange, style: _Style) -> str:
    line = f"  {_MARK.get(c.change, '?')} {_place(c.old_path, c.new_path)}  {tr(c.change)}"
    if c.change == ChangeKind.ADDED:
        return f"{line}: {c.new_heading or ''}"
    if c.change == ChangeKind.REMOVED:
        return f"{line}: {c.old_heading or ''}"
    if c.text_edits:
        return f"{line}: {_edit_line(c.text_edits, style)}"
    return line


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _task_lines(c: TaskChange, style: _Style) -> list[str]:
    head = f"  {_MARK.get(c.change, '?')} {_place(c.old_path, c.new_path)}  {tr(c.change)}"
    if c.fields:
        head += ": " + ", ".join(tr(f) for f in c.fields)
    notes = []
    if c.split_from:
        notes.append(f"{tr('split from')} {c.split_from}")
    if c.merged_into:
        notes.append(f"{tr('merged into')} {c.merged_into}")
    if c.split_into:
        notes.append(f"{tr('split into')} {', '.join(c.split_into)}")
    if c.merged_from:
        notes.append(f"{tr('merged from')} {', '.join(c.merged_from)}")
    if c.reordered:
        notes.append(tr("order changed"))
    if notes:
        head += f"  ({'; '.join(notes)})"
    colour = {ChangeKind.ADDED: _GREEN, ChangeKind.REMOVED: _RED}.get(c.change, _YELLOW)
    lines = [style.paint(colour, head) if style.color else head]
    if c.change == ChangeKind.ADDED and c.new:
        lines.append(f"      {preview(c.new.text)}")
    if c.change == ChangeKind.REMOVED and c.old:
        lines.append(f"      {preview(c.old.text)}")
    if c.text_edits:
        lines.append(f"      {tr('text')}: {_edit_line(c.text_edits, style)}")
    for name in ("lead", "executors"):
        party: PartyChange | None = getattr(c, name)
        if party:
            lines.append(f"      {tr(name)}: {_party_line(party, style)}")
    if c.timeline:
        lines.append(f"      {tr('timeline')}: {_timeline_line(c.timeline, style)}")
    if c.references:
        lines.append(f"      {tr('references')}: {_list_line(c.references, style)}")
    return lines


def _party_line(p: PartyChange, style: _Style) -> str:
    parts = [style.added_item(n) for n in p.added]
    parts += [style.removed_item(n) for n in p.removed]
    if p.and_related is not None:
        old, new = (format_value(v) for v in p.and_related)
        parts.append(f"{tr('and related')}: {old} → {new}")
    if not parts:
        parts.append(f"{style.deleted(p.old_raw or '')} → {style.inserted(p.new_raw or '')}")
    return "  ".join(parts)


def _timeline_line(t: TimelineChange, style: _Style) -> str:
    none = f"({tr('none')})"
    old = " ".join((t.old_raw or t.old_kind or none).split())
    new = " ".join((t.new_raw or t.new_kind or none).split())
    shift = f"{tr('start')} {format_delta(t.start_delta_days)}, {tr('end')} {format_delta(t.end_delta_days)}"
    return f"{style.deleted(old)} → {style.inserted(new)}  ({shift})"


def _list_line(change: ListChange, style: _Style) -> str:
    parts = [style.added_item(n) for n in change.added]
    parts += [style.removed_item(n) for n in change.removed]
    return "  ".join(parts)


def _edit_line(edits: tuple[WordEdit, ...], style: _Style) -> str:
    """The text with its edits inline: ``CONTEXT_WORDS`` words of context around each change,
    longer unchanged runs elided, whitespace folded to one line."""
    fragments: list[tuple[str, str]] = []
    for e in edits:
        if e.op == "equal":
            fragments.append(("equal", _equal_text(e)))
            continue
        if e.old.strip():
            fragments.append(("delete", e.old))
        if e.new.strip():
            fragments.append(("insert", e.new))
    out = []
    last = len(fragments) - 1
    for k, (op, text) in enumerate(fragments):
        if op == "equal":
            out.append(_context(text, first=k == 0, final=k == last))
            continue
        core = text.strip()
        lead, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        mark = style.deleted(core) if op == "delete" else style.inserted(core)
        out.append(f"{lead}{mark}{tail}")
    return " ".join("".join(out).split())


def _equal_text(e: WordEdit) -> str:
    """The unchanged run, with whichever side's trailing space separates it from the change."""
    core = e.new.rstrip()
    new_space, old_space = e.new[len(core) :], e.old[len(e.old.rstrip()) :]
    return core + (new_space if len(new_space) >= len(old_space) else old_space)


def _context(text: str, *, first: bool, final: bool) -> str:
    words = text.split()
    keep_head = 0 if first else CONTEXT_WORDS
    keep_tail = 0 if final else CONTEXT_WORDS
    if len(words) <= keep_head + keep_tail + 1:
        return text
    head = words[:keep_head]
    tail = words[len(words) - keep_tail :] if keep_tail else []
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + " ".join([*head, "…", *tail]) + trail
