"""A :class:`~pipeline.diff.changes.PlanDiff` as one self-contained HTML page.

The page has no external assets (inline CSS, no script), so a clerk can open it offline or
attach it to a mail. It shows the counts first, then the header changes, then every changed
task side by side (old left, new right) with deletions as ``<del>`` and insertions as
``<ins>``; unchanged tasks are folded in a ``<details>`` element. Every value from the plans
is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from pipeline.diff.changes import (
    ChangeKind,
    PartyChange,
    PlanDiff,
    SectionChange,
    TaskChange,
    TaskView,
    WordEdit,
)
from pipeline.diff.render_json import summary_counts
from pipeline.diff.render_text import format_value, preview

__all__ = ["render_html"]

# (Vietnamese label, English kind) for the summary and the badges.
_LABELS = {
    "added": "Thêm mới",
    "removed": "Bỏ",
    "modified": "Sửa đổi",
    "renumbered": "Đánh số lại",
    "moved": "Chuyển mục",
    "unchanged": "Giữ nguyên",
    "split": "Tách",
    "merged": "Gộp",
}
_FIELD_LABELS = {
    "text": "Nội dung",
    "lead": "Chủ trì / chỉ đạo",
    "executors": "Thực hiện / phối hợp",
    "timeline": "Thời gian",
    "references": "Văn bản dẫn chiếu",
}
_DOC_LABELS = {
    "number": "Số",
    "symbol": "Ký hiệu",
    "date": "Ngày",
    "draft": "Dự thảo",
    "title": "Trích yếu",
    "issuer": "Cơ quan ban hành",
    "parent_issuer": "Cơ quan cấp trên",
    "place": "Địa danh",
    "signer": "Người ký",
    "recipients": "Nơi nhận",
    "doc_type": "Loại văn bản",
    "system": "Hệ thống",
    "draft_label": "Dấu dự thảo",
}

_CSS = """
:root{--add:#dafbe1;--add-ink:#116329;--del:#ffebe9;--del-ink:#82071e;--mod:#fff8c5;
--line:#d0d7de;--muted:#57606a;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font:15px/1.5 "Segoe UI","Noto Sans","Helvetica Neue",Arial,sans-serif;color:#1f2328;
margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid
var(--line);padding-bottom:4px}h3{font-size:15px;margin:0;display:flex;gap:8px;flex-wrap:wrap;
align-items:center}
.files{color:var(--muted);margin:0 0 16px;overflow-wrap:anywhere}
.summary{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.count{border:1px solid var(--line);border-radius:8px;padding:8px 12px;min-width:96px;background:#fff}
.count b{display:block;font-size:22px}.count span{color:var(--muted);font-size:13px}
.count.added{background:var(--add)}.count.removed{background:var(--del)}
.count.modified{background:var(--mod)}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid var(--line);padding:6px 8px;vertical-align:top;text-align:left;
overflow-wrap:anywhere}
thead th{background:var(--bg);font-weight:600}
col.label{width:150px}
.task{border:1px solid var(--line);border-radius:8px;margin:0 0 16px;overflow:hidden;background:#fff}
.task>header{padding:8px 12px;background:var(--bg);border-bottom:1px solid var(--line)}
.task table th,.task table td{border-left:0;border-right:0}
.task table tr>*:first-child{border-left:0}.task table tr:last-child>*{border-bottom:0}
.task.compact td{border-top:0;vertical-align:middle}
.task.compact summary{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.task.added td.new{background:#f3fcf5}.task.removed td.old{background:#fff6f5}
.text{white-space:pre-wrap}
.badge{font-size:12px;font-weight:600;border-radius:12px;padding:1px 9px;border:1px solid var(--line);
background:#fff;white-space:nowrap}
.badge.added{background:var(--add);color:var(--add-ink)}.badge.removed{background:var(--del);
color:var(--del-ink)}.badge.modified{background:var(--mod)}
.path{font-family:ui-monospace,"SFMono-Regular",Consolas,monospace;font-size:14px}
.fields,.note,.empty{color:var(--muted);font-weight:400;font-size:13px}
tr.changed>th{box-shadow:inset 3px 0 #bf8700}
del{background:var(--del);color:var(--del-ink);text-decoration:line-through;border-radius:2px}
ins{background:var(--add);color:var(--add-ink);text-decoration:none;border-radius:2px}
details{margin:8px 0}summary{cursor:pointer;color:var(--muted)}
ul.plain{margin:8px 0;padding-left:20px}
.shift{color:var(--muted);font-size:13px}
"""


def render_html(diff: PlanDiff) -> str:
    """The whole page as a string."""
    old_name, new_name = diff.old_source or "OLD", diff.new_source or "NEW"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>So sánh kế hoạch: {escape(old_name)} → {escape(new_name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>So sánh kế hoạch</h1>",
        f"<p class='files'>Cũ: <b>{escape(old_name)}</b> → Mới: "
        f"<b>{escape(new_name)}</b> · {diff.old_task_count} → {diff.new_task_count} "
        "nhiệm vụ</p>",
        _summary(diff),
        _document(diff),
        _sections(diff.sections),
        "<h2>Nhiệm vụ</h2>",
    ]
    if not diff.tasks:
        parts.append("<p class='empty'>Không có nhiệm vụ nào thay đổi.</p>")
    parts += _task_blocks(diff.tasks)
    parts.append(_unchanged(diff.unchanged))
    parts.append(_references(diff))
    parts.append(_passages(diff))
    parts.append("</body></html>\n")
    return "\n".join(p for p in parts if p)


def _delta(days: int | None) -> str:
    """``91`` → ``+91 ngày``; ``0`` → ``không đổi``; None → ``không rõ``."""
    if days is None:
        return "không rõ"
    return f"{days:+d} ngày" if days else "không đổi"


def _label(kind: str) -> str:
    return escape(_LABELS.get(kind, kind))


def _summary(diff: PlanDiff) -> str:
    counts = summary_counts(diff)
    kinds = ["added", "removed", "modified", "renumbered", "moved", "unchanged"]
    kinds += [k for k in ("split", "merged") if counts[k]]
    boxes = "".join(
        f"<div class='count {k}'><b>{counts[k]}</b><span>{_label(k)}</span></div>" for k in kinds
    )
    return f"<div class='summary'>{boxes}</div>"


def _value(value: Any, tag: str) -> str:
    """A header value marked as deleted or inserted; an empty value is a plain dash."""
    if value in (None, "", [], {}):
        return "<span class='empty'>—</span>"
    if isinstance(value, bool):
        return f"<{tag}>{'có' if value else 'không'}</{tag}>"
    return f"<{tag}>{escape(format_value(value))}</{tag}>"


def _doc_label(name: str) -> str:
    if name in _DOC_LABELS:
        return escape(_DOC_LABELS[name])
    return escape(name)


def _document(diff: PlanDiff) -> str:
    changes = (*diff.document, *diff.document_extra)
    if not changes:
        return ""
    rows = "".join(
        f"<tr><th>{_doc_label(c.name)}</th><td>{_value(c.old, 'del')}</td>"
        f"<td>{_value(c.new, 'ins')}</td></tr>"
        for c in changes
    )
    return (
        "<h2>Thông tin văn bản</h2>"
        "<table><colgroup><col class='label'><col><col></colgroup>"
        f"<thead><tr><th></th><th>Cũ</th><th>Mới</th></tr></thead>{rows}</table>"
    )


def _place(old: str | None, new: str | None) -> str:
    if old and new and old != new:
        return f"<span class='path'>{escape(old)}</span> → <span class='path'>{escape(new)}</span>"
    return f"<span class='path'>{escape(old or new or '')}</span>"


def _sections(sections: tuple[SectionChange, ...]) -> str:
    if not sections:
        return ""
    rows = []
    for c in sections:
        old_side, new_side = (
            _edit_sides(c.text_edits)
            if c.text_edits
            else (
                escape(c.old_heading or ""),
                escape(c.new_heading or ""),
            )
        )
        rows.append(
            f"<tr><td><span class='badge {c.change}'>{escape(str(c.change))}</span> "
            f"{_place(c.old_path, c.new_path)}</td><td>{old_side}</td><td>{new_side}</td></tr>"
        )
    return (
        "<h2>Mục</h2><table>"
        "<colgroup><col style='width:26%'><col><col></colgroup>"
        "<thead><tr><th></th><th>Cũ</th><th>Mới</th></tr></thead>"
        + "".join(rows)
        + "</table>"
    )


def _mark(tag: str, text: str) -> str:
    """``<tag>`` around the text, its surrounding whitespace left outside the mark."""
    core = text.strip()
    if not core:
        return escape(text)
    head, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{escape(head)}<{tag}>{escape(core)}</{tag}>{escape(tail)}"


def _edit_sides(edits: tuple[WordEdit, ...]) -> tuple[str, str]:
    old, new = [], []
    for e in edits:
        if e.op == "equal":
            old.append(escape(e.old))
            new.append(escape(e.new))
            continue
        old.append(_mark("del", e.old))
        new.append(_mark("ins", e.new))
    return "".join(old), "".join(new)


def _party_sides(old: str, new: str, change: PartyChange | None) -> tuple[str, str]:
    if not change or not (change.added or change.removed):
        return escape(old), escape(new)
    old_side = "; ".join(
        f"<del>{escape(n)}</del>" if n in change.removed else escape(n)
        for n in old.split("; ")
        if n
    )
    new_side = "; ".join(
        f"<ins>{escape(n)}</ins>" if n in change.added else escape(n) for n in new.split("; ") if n
    )
    return old_side, new_side


def _rows(c: TaskChange) -> list[tuple[str, str, str]]:
    """``(field, old cell, new cell)`` for the side-by-side table."""
    old = c.old or TaskView(path="", text="")
    new = c.new or TaskView(path="", text="")
    if c.text_edits:
        text = _edit_sides(c.text_edits)
    else:
        text = (escape(old.text), escape(new.text))
    lead = _party_sides(old.lead, new.lead, c.lead)
    executors = _party_sides(old.executors, new.executors, c.executors)
    if c.timeline:
        shift = (
            f"<div class='shift'>bắt đầu {escape(_delta(c.timeline.start_delta_days))}"
            f", kết thúc {escape(_delta(c.timeline.end_delta_days))}</div>"
        )
        timeline = (_mark("del", old.timeline), _mark("ins", new.timeline) + shift)
    else:
        timeline = (escape(old.timeline), escape(new.timeline))
    removed_refs = set(c.references.removed) if c.references else set()
    added_refs = set(c.references.added) if c.references else set()
    references = (
        "; ".join(
            f"<del>{escape(r)}</del>" if r in removed_refs else escape(r) for r in old.references
        ),
        "; ".join(
            f"<ins>{escape(r)}</ins>" if r in added_refs else escape(r) for r in new.references
        ),
    )
    cells = {"text": text, "lead": lead, "executors": executors, "timeline": timeline,
             "references": references}  # fmt: skip
    return [(name, *cells[name]) for name in _FIELD_LABELS]


def _is_compact(c: TaskChange) -> bool:
    """Renumbered or moved with nothing else changed: one row, not a side-by-side table."""
    return c.change in (ChangeKind.RENUMBERED, ChangeKind.MOVED) and not c.fields


def _task_blocks(changes: tuple[TaskChange, ...]) -> list[str]:
    """One article per changed task; consecutive compact ones share one table."""
    blocks: list[str] = []
    run: list[TaskChange] = []
    for c in (*changes, None):
        if c is not None and _is_compact(c):
            run.append(c)
            continue
        if run:
            blocks.append(_compact_group(run))
            run = []
        if c is not None:
            blocks.append(_task(c))
    return blocks


def _compact_group(changes: list[TaskChange]) -> str:
    rows = "".join(
        f"<tr><td><span class='badge {c.change}'>{_label(str(c.change))}</span></td>"
        f"<td>{_place(c.old_path, c.new_path)}{_notes(c)}</td>"
        f"<td><details><summary>{escape(preview(c.new.text if c.new else '', 90))}</summary>"
        f"<div class='text'>{escape(c.new.text if c.new else '')}</div></details></td></tr>"
        for c in changes
    )
    return (
        "<article class='task compact'><table><colgroup><col style='width:190px'>"
        f"<col style='width:260px'><col></colgroup>{rows}</table></article>"
    )


def _notes(c: TaskChange) -> str:
    notes = []
    if c.split_from:
        notes.append(f"{_LABELS['split']} từ {escape(c.split_from)}")
    if c.merged_into:
        notes.append(f"{_LABELS['merged']} vào {escape(c.merged_into)}")
    if c.split_into:
        notes.append(f"tách thành {escape(', '.join(c.split_into))}")
    if c.merged_from:
        notes.append(f"gộp từ {escape(', '.join(c.merged_from))}")
    if c.reordered:
        notes.append("đổi thứ tự (order changed)")
    return "".join(f" <span class='note'>· {n}</span>" for n in notes)


def _task(c: TaskChange) -> str:
    fields = ", ".join(_FIELD_LABELS.get(f, f) for f in c.fields)
    header = (
        f"<header><h3><span class='badge {c.change}'>{_label(str(c.change))}</span>"
        f"{_place(c.old_path, c.new_path)}"
        + (f"<span class='fields'>{escape(fields)}</span>" if fields else "")
        + _notes(c)
        + "</h3></header>"
    )
    old_head = escape(c.old_path) if c.old_path else "—"
    new_head = escape(c.new_path) if c.new_path else "—"
    rows = "".join(
        f"<tr{' class=changed' if name in c.fields else ''}><th>{escape(_FIELD_LABELS[name])}</th>"
        f"<td class='text old'>{old if c.old else '<span class=empty>—</span>'}</td>"
        f"<td class='text new'>{new if c.new else '<span class=empty>—</span>'}</td></tr>"
        for name, old, new in _rows(c)
        if old or new or name == "text"
    )
    table = (
        "<table><colgroup><col class='label'><col><col></colgroup>"
        f"<thead><tr><th></th><th>Cũ <span class='path'>{old_head}</span></th>"
        f"<th>Mới <span class='path'>{new_head}</span></th></tr></thead>{rows}</table>"
    )
    return f"<article class='task {c.change}'>{header}{table}</article>"


def _unchanged(unchanged: tuple[TaskChange, ...]) -> str:
    if not unchanged:
        return ""
    items = "".join(
        f"<li><span class='path'>{escape(c.new_path or '')}</span> "
        f"{escape(' '.join((c.new.text if c.new else '').split()))}</li>"
        for c in unchanged
    )
    return (
        f"<details><summary>{len(unchanged)} nhiệm vụ giữ nguyên </summary>"
        f"<ul class='plain'>{items}</ul></details>"
    )


def _references(diff: PlanDiff) -> str:
    if not diff.references:
        return ""
    items = [f"<li><ins>{escape(r)}</ins></li>" for r in diff.references.added]
    items += [f"<li><del>{escape(r)}</del></li>" for r in diff.references.removed]
    return (
        "<h2>Văn bản dẫn chiếu</h2>"
        f"<ul class='plain'>{''.join(items)}</ul>"
    )


def _passages(diff: PlanDiff) -> str:
    """The paragraphs outside the tasks that changed, old and new side by side."""
    head = "<h2>Ngoài các nhiệm vụ</h2>"
    if not diff.passages_compared:
        return head + "<p class='empty'>Không so sánh: một bên là tệp .json, không có toàn văn.</p>"
    if not diff.passages:
        return head + "<p class='empty'>Không có đoạn nào thay đổi.</p>"
    rows = []
    for c in diff.passages:
        if c.text_edits:
            old, new = _edit_sides(c.text_edits)
        else:
            old = f"<del>{escape(c.old_text)}</del>" if c.old_text else ""
            new = f"<ins>{escape(c.new_text)}</ins>" if c.new_text else ""
        where = escape(c.new_part or c.old_part or "")
        rows.append(f"<tr><th>{_label(c.change)}<br><span class='path'>{where}</span></th><td>{old}</td><td>{new}</td></tr>")
    return (
        f"{head}<table><thead><tr><th></th><th>Cũ</th><th>Mới</th></tr></thead>"
        f"{''.join(rows)}</table>"
    )
