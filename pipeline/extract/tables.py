"""Appendix task tables (``PHỤ LỤC ... DANH MỤC NHIỆM VỤ``): rows to tasks under ``PL/...``.

Columns are found by the words of their header cells, in any order: ``TT``/``STT`` (number),
``Nội dung``/``Nhiệm vụ`` (text), ``chủ trì`` (lead), ``phối hợp`` (executors), ``Thời gian``/
``Thời hạn``/``Tiến độ`` (timeline), ``Sản phẩm``/``Kết quả`` (product). A row whose number is a
Roman numeral (or that has a single filled cell) is a group row and becomes a section
(``PL/I``); a numbered row becomes a task (``PL/I/1``). A row without a number whose text cell
continues the previous row (a row split over a page) is joined to it; the column-number row
``(1) (2) (3)`` is skipped.
"""

from __future__ import annotations

import re

from pipeline.extract.parties import parse_parties
from pipeline.extract.timeline import parse_timeline
from pipeline.model import Outline, PartyGroup, Section, Task, Timeline, Zone
from pipeline.segment.markers import ROMAN_RE

__all__ = ["extract_tables", "column_roles"]

_HEADER_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"^(?:s?tt|số\s*tt|stt|số thứ tự)\.?$", re.IGNORECASE)),
    ("lead", re.compile(r"chủ\s*trì|chịu trách nhiệm|đơn vị thực hiện|cơ quan thực hiện", re.IGNORECASE)),
    ("executors", re.compile(r"phối\s*hợp", re.IGNORECASE)),
    ("timeline", re.compile(r"thời\s*(?:gian|hạn|điểm)|tiến\s*độ", re.IGNORECASE)),
    ("product", re.compile(r"sản\s*phẩm|kết quả|hình thức", re.IGNORECASE)),
    ("text", re.compile(r"nội\s*dung|nhiệm\s*vụ|công\s*việc|tên|hoạt động", re.IGNORECASE)),
)
# "(1)", "(2)" ... the column-number row
_COLNUM_RE = re.compile(r"^\(?\d{1,2}\)?$")
_TITLE_RE = re.compile(r"DANH\s+MỤC|NHIỆM\s+VỤ|PHỤ\s+LỤC", re.IGNORECASE)


def column_roles(cells: list[str]) -> dict[int, str] | None:
    """Map column index → role for a header row, or ``None`` if it is not a task-table header."""
    roles: dict[int, str] = {}
    for col, cell in enumerate(cells):
        for role, pattern in _HEADER_WORDS:
            if role not in roles.values() and pattern.search(cell.strip()):
                roles[col] = role
                break
    values = set(roles.values())
    if "text" in values and ("lead" in values or "timeline" in values):
        return roles
    return None


def extract_tables(outline: Outline, year: int | None) -> tuple[tuple[Section, ...], tuple[Task, ...], dict[int, str]]:
    """Sections, tasks and a line → path map for the task tables of the appendix zone."""
    text = outline.text
    zone = next(((a, b) for z, a, b in outline.zones if z == Zone.APPENDIX), None)
    if zone is None:
        return (), (), {}
    rows: dict[tuple[int, int], dict[int, list[int]]] = {}
    order: list[tuple[int, int]] = []
    heading = None
    heading_line = None
    for i in range(*zone):
        line = text.lines[i]
        if line.cell is None:
            s = text.line_text(i).strip()
            if heading is None and _TITLE_RE.search(s) and not s.upper().startswith("PHỤ LỤC") and s.isupper():
                heading, heading_line = s, i
            continue
        key = (line.cell.table, line.cell.row)
        if key not in rows:
            rows[key] = {}
            order.append(key)
        rows[key].setdefault(line.cell.col, []).append(i)
    if not order:
        return (), (), {}
    if heading is None:
        first = zone[0]
        heading, heading_line = text.line_text(first).strip(), first
    sections: list[Section] = [
        Section("PL", None, heading, 1, (text.lines[heading_line].start, text.lines[heading_line].end))  # type: ignore[index]
    ]
    tasks: list[Task] = []
    paths: dict[int, str] = {}
    roles: dict[int, str] | None = None
    group = "PL"
    for key in order:
        cells = rows[key]
        ncols = max(cells) + 1
        values = ["\n".join(text.line_text(i).strip() for i in cells.get(c, [])) for c in range(ncols)]
        lines = [i for c in sorted(cells) for i in cells[c]]
        header = column_roles(values)
        if header is not None:
            roles = header
            continue
        if roles is None:
            continue
        filled = [v for v in values if v.strip()]
        if filled and all(_COLNUM_RE.match(v.strip()) for v in filled):
            continue
        by_role = {role: values[c].strip() if c < len(values) else "" for c, role in roles.items()}
        number = by_role.get("number", "").strip(" .")
        content = by_role.get("text", "")
        if not number and len(filled) >= 2 and ROMAN_RE.match(filled[0].strip() + "."):
            number, content = filled[0].strip(" ."), filled[1]
        span = (text.lines[lines[0]].start, text.lines[lines[-1]].end)
        if number and re.fullmatch(r"[IVXL]+", number):
            group = f"PL/{number}"
            sections.append(Section(group, number, content or " ".join(filled[1:]), 2, span))
            for i in lines:
                paths[i] = group
            continue
        if len(filled) == 1 and not number:
            if tasks and content:  # a text cell continued from the previous page
                last = tasks[-1]
                tasks[-1] = Task(**{**_task_dict(last), "text": f"{last.text}\n{content}", "span": (last.span[0], span[1])})
            continue
        if not content:
            continue
        path = f"{group}/{number}" if number else f"{group}/{len(tasks) + 1}"
        for i in lines:
            paths[i] = path
        lead = _parties(by_role.get("lead"))
        executors = _parties(by_role.get("executors"))
        timeline = _timeline(by_role.get("timeline"), year)
        tasks.append(
            Task(path, number or None, content, lead, executors, timeline, (), span, by_role.get("product") or None)
        )
    return tuple(sections), tuple(tasks), paths


def _task_dict(t: Task) -> dict[str, object]:
    return {f: getattr(t, f) for f in t.__slots__}  # type: ignore[attr-defined]


def _parties(raw: str | None) -> PartyGroup:
    raw = (raw or "").strip()
    return parse_parties(raw) if raw else PartyGroup()


def _timeline(raw: str | None, year: int | None) -> Timeline:
    raw = (raw or "").strip()
    return parse_timeline(raw, year) if raw else Timeline()
