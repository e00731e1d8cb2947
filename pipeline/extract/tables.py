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
from dataclasses import replace

from pipeline.extract.timeline import parse_timeline
from pipeline.extract.tools import Tools
from pipeline.model import Outline, Section, Task, Timeline, Zone
from pipeline.vi.labels import label_roles
from pipeline.vi.markers import ROMAN_RE

__all__ = ["extract_tables", "column_roles"]

# "(1)", "(2)" ... the column-number row
_COLNUM_RE = re.compile(r"^\(?\d{1,2}\)?$")
# a row's number: "1", "1.2", "1.2.3.", "IV", "B"
_STT_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,3}\.?|[IVXL]{1,6}|[A-H]")
# "A", "B", "C": parts of a table above its Roman groups
_LETTER_GROUP_RE = re.compile(r"[A-H]")
_TITLE_RE = re.compile(r"DANH\s+MỤC|NHIỆM\s+VỤ|PHỤ\s+LỤC", re.IGNORECASE)


def column_roles(cells: list[str]) -> dict[int, str] | None:
    """Map column index → role for a header row, or ``None`` if it is not a task-table header."""
    roles: dict[int, str] = {}
    for col, cell in enumerate(cells):
        for role, pattern in label_roles("column"):
            if role not in roles.values() and pattern.search(cell.strip()):
                roles[col] = role
                break
    values = set(roles.values())
    if "text" in values and ("lead" in values or "timeline" in values):
        return roles
    return None


Rows = dict[tuple[int, int], dict[int, list[int]]]


def _collect_rows(outline: Outline, zone: tuple[int, int]) -> tuple[Rows, list[tuple[int, int]]]:
    rows: Rows = {}
    order: list[tuple[int, int]] = []
    for i in range(*zone):
        cell = outline.text.lines[i].cell
        if cell is None:
            continue
        key = (cell.table, cell.row)
        if key not in rows:
            rows[key] = {}
            order.append(key)
        rows[key].setdefault(cell.col, []).append(i)
    return rows, order


def _appendix_heading(outline: Outline, zone: tuple[int, int], path: str = "PL") -> Section:
    """The ``DANH MỤC ...`` line under ``PHỤ LỤC`` (else the first line) as the section ``PL``."""
    text = outline.text
    chosen = zone[0]
    for i in range(*zone):
        s = text.line_text(i).strip()
        if text.lines[i].cell is not None:
            break
        if _TITLE_RE.search(s) and not s.upper().startswith("PHỤ LỤC") and s.isupper():
            chosen = i
            break
    line = text.lines[chosen]
    return Section(path, None, text.line_text(chosen).strip(), 1, (line.start, line.end))


def extract_tables(outline: Outline, year: int | None, tools: Tools) -> tuple[tuple[Section, ...], tuple[Task, ...], dict[int, str]]:
    """Sections, tasks and a line → path map for the task tables of the body and the appendix.

    Appendix rows get paths under ``PL`` (``PL/III/9``); a task table in the body gets paths
    under the item that holds it (``II/2/1``).
    """
    sections: list[Section] = []
    tasks: list[Task] = []
    paths: dict[int, str] = {}
    owner = {i: it.path for it in outline.items for i in it.lines}
    for zone_kind, a, b in outline.zones:
        if zone_kind == Zone.BODY:
            parts = [((a, b), None)]
        elif zone_kind == Zone.APPENDIX:  # one part per "PHỤ LỤC": PL, PL2, PL3 ...
            starts = [i for i in range(a, b) if _opens_appendix(outline.text.line_text(i))] or [a]
            starts[0] = a
            ends = [*starts[1:], b]
            parts = [((s, e), "PL" if k == 0 else f"PL{k + 1}") for k, (s, e) in enumerate(zip(starts, ends, strict=True))]
        else:
            continue
        for span, appendix in parts:
            rows, order = _collect_rows(outline, span)
            by_table: dict[int, list[tuple[int, int]]] = {}
            for key in order:
                by_table.setdefault(key[0], []).append(key)
            part_sections: list[Section] = []
            found_any = False
            for keys in by_table.values():
                first_line = next(iter(rows[keys[0]].values()))[0]
                base = appendix if appendix is not None else owner.get(first_line, "")
                found = _table_tasks(outline, rows, keys, base, year, len(tasks), tools)
                if found is None:
                    continue
                found_any = True
                t_sections, t_tasks, t_paths = found
                part_sections.extend(t_sections)
                tasks.extend(t_tasks)
                paths.update(t_paths)
            if appendix is not None and found_any:
                sections.append(_appendix_heading(outline, span, appendix))
            sections.extend(part_sections)
    return tuple(sections), tuple(tasks), paths


# "PHỤ LỤC", "PHỤ LỤC II", "PHỤ LỤC 02": each opens its own appendix
APPENDIX_TITLE_RE = re.compile(r"^\s*PH[ỤU]\s*L[ỤU]C\b")


def _opens_appendix(line: str) -> bool:
    return bool(APPENDIX_TITLE_RE.match(line))


def _table_tasks(
    outline: Outline, rows: Rows, keys: list[tuple[int, int]], base: str, year: int | None, done: int, tools: Tools
) -> tuple[list[Section], list[Task], dict[int, str]] | None:
    """The tasks of one table, or ``None`` when it has no task-table header."""
    text = outline.text
    sections: list[Section] = []
    tasks: list[Task] = []
    paths: dict[int, str] = {}
    roles: dict[int, str] | None = None
    group = top = base
    used_groups: set[str] = set()
    for key in keys:
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
        row_roles = roles
        if "number" not in roles.values() and _STT_RE.fullmatch(values[0].strip()):
            # a header row without its number cell ("| Nội dung | Đơn vị thực hiện | ..." over
            # "| 1.1 | Xây dựng ... | Sở ... |"): the row's first cell is the number
            row_roles = {c + 1: r for c, r in roles.items()} | {0: "number"}
        by_role = {role: values[c].strip() if c < len(values) else "" for c, role in row_roles.items()}
        if not by_role.get("text") and len(filled) >= 2 and by_role.get("number"):
            # the heading of a row of sub-rows, one cell off: a heading, nothing else
            by_role = {"number": by_role["number"], "text": filled[1]}
        number = by_role.get("number", "").strip(" .")
        content = by_role.get("text", "")
        if not number and len(filled) >= 2 and ROMAN_RE.match(filled[0].strip() + "."):
            number, content = filled[0].strip(" ."), filled[1]
        span = (text.lines[lines[0]].start, text.lines[lines[-1]].end)
        if number and (re.fullmatch(r"[IVXL]+", number) or _LETTER_GROUP_RE.fullmatch(number)):
            if _LETTER_GROUP_RE.fullmatch(number):  # "A", "B": parts above the Roman groups
                top = f"{base}/{number}" if base else number
                group = top
            else:
                group = f"{top}/{number}" if top else number
            while group in used_groups:  # a number printed twice (a typo): "IV" then "IV'"
                group += "'"
            used_groups.add(group)
            sections.append(Section(group, number, content or " ".join(filled[1:]), group.count("/") + 1, span))
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
        leaf = number or str(done + len(tasks) + 1)
        path = f"{group}/{leaf}" if group else leaf
        for i in lines:
            paths[i] = path
        lead = tools.parties((by_role.get("lead") or "").strip())
        executors = tools.parties((by_role.get("executors") or "").strip())
        timeline = _timeline(by_role.get("timeline"), year)
        tasks.append(
            Task(path, number or None, content, lead, executors, timeline, (), span, by_role.get("product") or None)
        )
    if roles is None:
        return None
    leaves, parent_rows = _leaf_rows(tasks)
    return sections + parent_rows, leaves, paths


def _leaf_rows(tasks: list[Task]) -> tuple[list[Task], list[Section]]:
    """Rows with sub-rows (``5.1`` above ``5.1.1``, ``5.1.2``): the deepest rows are the tasks; a
    parent row is one only where it has a lead cell of its own, else it is a section that the
    sub-rows' paths go through (``PL/B/IV/5.1/5.1.1``). Linear in the rows."""
    has_sub: set[tuple[str, str]] = set()  # (group, number) of every row that has sub-rows
    for t in tasks:
        parts = (t.number or "").split(".")
        for k in range(1, len(parts)):
            has_sub.add((_group(t.path), ".".join(parts[:k])))
    parents: dict[tuple[str, str], str] = {}  # (group, number) of a parent row that is a section -> its path
    out: list[Task] = []
    sections: list[Section] = []
    for t in tasks:
        group = _group(t.path)
        parts = (t.number or "").split(".")
        owner = next((parents[(group, ".".join(parts[:k]))] for k in range(len(parts) - 1, 0, -1)
                      if (group, ".".join(parts[:k])) in parents), None)
        if owner is not None:
            t = replace(t, path=f"{owner}/{t.number}")
        if t.number and (group, t.number) in has_sub and not t.lead.raw:
            parents[(group, t.number)] = t.path
            sections.append(Section(t.path, t.number, t.text, t.path.count("/") + 1, t.span))
            continue
        out.append(t)
    return out, sections


def _group(path: str) -> str:
    """``PL/B/IV/5.1`` → ``PL/B/IV``: the group a row's path starts in (before any re-parenting)."""
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _task_dict(t: Task) -> dict[str, object]:
    return {f: getattr(t, f) for f in t.__slots__}  # type: ignore[attr-defined]


def _timeline(raw: str | None, year: int | None) -> Timeline:
    raw = (raw or "").strip()
    return parse_timeline(raw, year) if raw else Timeline()
