"""Tasks and sections from the outline.

An item is a task when it is assigned: it has field lines (lead, executors, timeline) or an
inline assignment. Other items are sections. A task's ``text`` is its heading and its own
paragraphs (sub-bullets included) without the label, the field lines and footnote marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.extract.agency import agency_heading
from pipeline.extract.fields import (
    FieldLine,
    find_inline_fields,
    find_trailing_fields,
    split_item_lines,
)
from pipeline.extract.inline import find_inline, partners_in, subjects_of, time_phrase
from pipeline.extract.parts import defers_to_appendix, is_closing, own_kinds, parts_of
from pipeline.extract.timeline import parse_timeline
from pipeline.extract.tools import Tools
from pipeline.model import Item, Outline, PartyGroup, Section, Task, Text, Timeline
from pipeline.vi.markers import match_marker

__all__ = ["build_tasks"]


def _line_value(text: Text, line_index: int, field: FieldLine, cont: list[int], lines: tuple[int, ...]) -> tuple[str, tuple[int, int]]:
    line = text.lines[line_index]
    parts = [field.value] + [text.line_text(lines[c]).strip() for c in cont]
    start = line.start + field.value_offset
    end = text.lines[lines[cont[-1]]].end if cont else start + len(field.value)  # several fields may share the line
    return " ".join(p for p in parts if p), (start, end)


def _item_text(text: Text, item: Item, text_lines: list[int]) -> str:
    first = text.line_text(item.lines[0])
    marker = match_marker(first)
    head = first[marker.label_end :] if marker else first
    parts = [head.strip()]
    parts += [text.line_text(item.lines[k + 1]).strip() for k in text_lines]
    return "\n".join(p for p in parts if p)


def build_tasks(
    outline: Outline,
    year: int | None,
    refs_of: Callable[[Item, str, int], tuple[str, ...]],
    tools: Tools,
    table_holders: frozenset[str] | set[str] = frozenset(),
) -> tuple[tuple[Section, ...], tuple[Task, ...]]:
    """Sections and tasks of the outline's items, in document order.

    Which items are tasks (the real-plan annotation guide): in a part that assigns work
    (:mod:`pipeline.extract.parts`), the deepest numbered items; elsewhere, items that carry field
    lines or an inline assignment; never items of the purposes and targets, closing sentences, or
    a part that sends its reader to the appendix table for the tasks. ``refs_of(item, text,
    offset)`` returns the reference keys cited in a task's text; ``tools`` parse the parties
    (:mod:`pipeline.extract.tools`); ``table_holders`` are the items
    whose task table (read by :mod:`pipeline.extract.tables`) holds their tasks.
    """
    text = outline.text
    has_children = {it.parent for it in outline.items if it.parent}
    heading_kinds = own_kinds(outline.items)  # read here and by parts_of: folded once
    parts = parts_of(outline.items, heading_kinds)
    deferred = _deferred_parts(outline.items)
    sections: list[Section] = []
    tasks: list[Task] = []
    agencies: dict[str, str] = {}
    for item, own_kind in zip(outline.items, heading_kinds, strict=True):
        own = [text.line_text(i) for i in item.lines[1:]]
        # the plan's closing paragraph ("Trong quá trình thực hiện, nếu có khó khăn ...") after the
        # last item, or a pointer to the appendix, is not the item's text
        cut = next((k for k, line in enumerate(own) if is_closing(line) or _is_pointer(line)), len(own))
        own = own[:cut]
        text_lines, fields = split_item_lines(own)
        body = _item_text(text, item, text_lines)
        values: dict[str, list[tuple[str, tuple[int, int], str]]] = {}
        for k, field, cont in fields:
            value, span = _line_value(text, item.lines[1 + k], field, [c + 1 for c in cont], item.lines)
            values.setdefault(field.field, []).append((value, span, field.label))
        if not values:  # "... (Chủ trì: Sở Nội vụ; thời gian: Quý I/2024)." at the end of the text
            body, values = _parenthesised_fields(text, item, text_lines, body)
        if not values:  # "1. Kiểm tra ... . Chủ trì: Sở Nội vụ. Thời gian: Quý II/2024." on its own line
            body, values = _trailing_fields(text, item, body)
        kind, part = parts[item.path]
        leaf = item.path not in has_children and item.path not in table_holders  # its rows are the tasks
        # a heading that names a part is a part, except a leaf inside a part that assigns work
        # ("8. Thi đua khen thưởng" under "V. GIẢI PHÁP"); a target is never a task
        names_part = own_kind == "context" or (own_kind is not None and (item.parent is None or not leaf))
        agency = agency_heading(item.heading, tools) if not names_part else None
        if agency:
            agencies[item.path] = agency[0]
        in_task_part = kind == "task" and part not in deferred and not names_part
        if kind == "context" or (names_part and not leaf) or own_kind == "context" or is_closing(body):
            sections.append(Section(item.path, item.number, item.heading, item.level, item.span))
            continue
        inline = None
        if not values and leaf and item.marker != "roman" and not agency:
            inline = find_inline(body, year, tools)
        is_task = bool(values) or inline is not None or (leaf and (in_task_part or (agency is not None and kind != "other")))
        if not is_task:
            heading = agency[0] if agency else item.heading
            sections.append(Section(item.path, item.number, heading, item.level, item.span))
            continue
        if agency and leaf:
            body = "\n".join(p for p in [agency[1].strip(), *(text.line_text(item.lines[k + 1]).strip() for k in text_lines)] if p)
        block = agency[0] if agency and leaf else None  # "1. Sở Y tế" / its duties: one task
        lead, executors, timeline = _parties_and_time(values, inline, body, year, tools, prose=block is None)
        if not lead.parties:  # "1. Sở Nội vụ: ..." — the agency leads the items under it
            owner = block or next((agencies[p] for p in _ancestors(item.path) if p in agencies), None)
            if owner:
                lead = tools.parties(owner)
                if not executors.parties and not executors.raw:
                    executors = _partners(body, tools)
        product = "; ".join(v for v, _, _ in values.get("product", [])) or None
        tasks.append(
            Task(
                path=item.path,
                number=item.number,
                text=body,
                lead=lead,
                executors=executors,
                timeline=timeline,
                references=refs_of(item, body, item.span[0]),
                span=item.span,
                product=product,
            )
        )
    return tuple(sections), tuple(tasks)


FieldValues = dict[str, list[tuple[str, tuple[int, int], str]]]
# labels of the party that carries a task out ("Đơn vị thực hiện", "Tham mưu, thực hiện"), as
# against those that take part beside it ("Phối hợp", "Đơn vị tham gia")
_PARTNER_LABEL_RE = re.compile(r"phối\s*hợp|tham\s*gia", re.IGNORECASE)


def _parties_and_time(
    values: FieldValues,
    inline: tuple[PartyGroup, PartyGroup, Timeline] | None,
    body: str,
    year: int | None,
    tools: Tools,
    prose: bool = True,
) -> tuple[PartyGroup, PartyGroup, Timeline]:
    """Lead, executors and timeline from the field lines, else from the prose (``prose``: not in
    an agency's block, whose heading names the lead)."""
    if inline is not None:
        return inline
    leads = values.get("lead", [])
    doers = [v for v in values.get("executors", []) if not _PARTNER_LABEL_RE.search(v[2])]
    partners = [v for v in values.get("executors", []) if _PARTNER_LABEL_RE.search(v[2])]
    if not leads and doers:  # "Đơn vị thực hiện: X" alone: X leads (the contract's rule)
        leads, doers = doers, []
    lead = _group(leads, tools)
    executors = _group(doers + partners, tools)
    timeline = _timeline(values.get("timeline"), year)
    if prose and not lead.parties and not executors.parties:  # a time field, the parties in prose
        prose = find_inline(body, year, tools)
        if prose is not None:
            lead, executors = prose[0], prose[1]
            if timeline.raw is None:
                timeline = prose[2]
    if timeline.raw is None and not values.get("timeline"):
        timeline = time_phrase(body, year)
    return lead, executors, timeline


def _partners(body: str, tools: Tools) -> PartyGroup:
    """Executors of an agency's duty: the parties after ``phối hợp (với)``, in order, once each."""
    raws = partners_in(body, tools)
    if not raws:
        return PartyGroup()
    groups = [tools.parties(r) for r in raws]
    seen: set[str] = set()
    parties = []
    for g in groups:
        for p in g.parties:
            if p.name not in seen:
                seen.add(p.name)
                parties.append(p)
    return PartyGroup(raw="; ".join(raws), parties=tuple(parties), and_related=any(g.and_related for g in groups))


def _is_pointer(line: str) -> bool:
    """A line of its own that sends the reader to the appendix: ``(Chi tiết nhiệm vụ tại Phụ lục
    kèm theo Kế hoạch này)``."""
    s = line.strip()
    return len(s) < 160 and s[:1] in "(*" and defers_to_appendix(s)


def _deferred_parts(items: tuple[Item, ...]) -> set[str]:
    """Parts whose heading sends the reader to the appendix for their tasks (``NHIỆM VỤ VÀ GIẢI
    PHÁP (chi tiết Phụ lục đính kèm)``). A pointer after a part's items does not: the real-plan
    gold keeps those items as tasks (the topics the appendix table then details)."""
    return {it.path for it in items if defers_to_appendix(it.heading)}


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)]


def _parenthesised_fields(
    text: Text, item: Item, text_lines: list[int], body: str
) -> tuple[str, FieldValues]:
    """Fields written in a closing parenthesis of the item's last text line."""
    last = item.lines[text_lines[-1] + 1] if text_lines else item.lines[0]
    line = text.lines[last]
    found = find_inline_fields(text.line_text(last))
    if found is None:
        return body, {}
    fields, paren_start = found
    values: FieldValues = {}
    for f in fields:
        start = line.start + f.value_offset
        values.setdefault(f.field, []).append((f.value, (start, start + len(f.value)), f.label))
    cut = len(text.line_text(last)) - paren_start
    return body[: len(body) - cut].rstrip() + ("." if body.rstrip().endswith(".") else ""), values


def _trailing_fields(
    text: Text, item: Item, body: str
) -> tuple[str, FieldValues]:
    """Fields after the task's sentence on the item's own line."""
    first = item.lines[0]
    line = text.lines[first]
    found = find_trailing_fields(text.line_text(first))
    if found is None:
        return body, {}
    fields, cut = found
    values: FieldValues = {}
    for f in fields:
        start = line.start + f.value_offset
        value = f.value.rstrip(" )")  # "(Sở Nội vụ thực hiện, thời gian: tháng 11/2024)"
        values.setdefault(f.field, []).append((value, (start, start + len(value)), f.label))
    head = text.line_text(first)
    marker = match_marker(head)
    own = head[marker.label_end if marker else 0 : cut].strip().rstrip(" ;,")
    rest = body.split("\n", 1)
    return own + ("\n" + rest[1] if len(rest) > 1 else ""), values


def _group(values: list[tuple[str, tuple[int, int], str]] | None, tools: Tools) -> PartyGroup:
    if not values:
        return PartyGroup()
    raw = "; ".join(dict.fromkeys(v for v, _, _ in values))
    parsed = [tools.parties(subjects_of(v, tools)) for v in dict.fromkeys(v for v, _, _ in values)]
    parties = tuple({p.name: p for g in parsed for p in g.parties}.values())
    span = (values[0][1][0], values[-1][1][1])
    return PartyGroup(raw=raw, parties=parties, and_related=any(g.and_related for g in parsed), span=span)


def _timeline(values: list[tuple[str, tuple[int, int], str]] | None, year: int | None) -> Timeline:
    """Several time fields (one per group of bullets): ``raw`` holds each distinct value, the kind
    and range are the first one's."""
    if not values:
        return Timeline()
    first, span, _ = values[0]
    t = parse_timeline(first, year)
    raw = "; ".join(dict.fromkeys(v for v, _, _ in values))
    return Timeline(raw, t.kind, t.start, t.end, t.inferred_year, (span[0], values[-1][1][1]))
