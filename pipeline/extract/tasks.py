"""Tasks and sections from the outline.

An item is a task when it is assigned: it has field lines (lead, executors, timeline) or an
inline assignment. Other items are sections. A task's ``text`` is its heading and its own
paragraphs (sub-bullets included) without the label, the field lines and footnote marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.extract.fields import (
    FieldLine,
    find_inline_fields,
    find_trailing_fields,
    split_item_lines,
)
from pipeline.extract.inline import find_inline
from pipeline.extract.parties import parse_parties
from pipeline.extract.timeline import parse_timeline
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
) -> tuple[tuple[Section, ...], tuple[Task, ...]]:
    """Sections and tasks of the outline's items, in document order.

    ``refs_of(item, text, offset)`` returns the reference keys cited in a task's text.
    """
    text = outline.text
    has_children = {it.parent for it in outline.items if it.parent}
    sections: list[Section] = []
    tasks: list[Task] = []
    agencies: dict[str, str] = {}
    for item in outline.items:
        own = [text.line_text(i) for i in item.lines[1:]]
        text_lines, fields = split_item_lines(own)
        body = _item_text(text, item, text_lines)
        values: dict[str, list[tuple[str, tuple[int, int]]]] = {}
        for k, field, cont in fields:
            value, span = _line_value(text, item.lines[1 + k], field, [c + 1 for c in cont], item.lines)
            values.setdefault(field.field, []).append((value, span))
        if not values:  # "... (Chủ trì: Sở Nội vụ; thời gian: Quý I/2024)." at the end of the text
            body, values = _parenthesised_fields(text, item, text_lines, body)
        if not values:  # "1. Kiểm tra ... . Chủ trì: Sở Nội vụ. Thời gian: Quý II/2024." on its own line
            body, values = _trailing_fields(text, item, body)
        inline = None
        if not values and item.path not in has_children and item.marker != "roman":
            inline = find_inline(body, year)
        if not values and inline is None:
            agency = _agency_heading(item.heading)
            if agency:
                agencies[item.path] = agency
            sections.append(Section(item.path, item.number, agency or item.heading, item.level, item.span))
            continue
        if inline is not None:
            lead, executors, timeline = inline
        else:
            lead = _group(values.get("lead"))
            executors = _group(values.get("executors"))
            timeline = _timeline(values.get("timeline"), year)
            if not lead.parties and not executors.parties:  # a time field, the parties in prose
                prose = find_inline(body, year)
                if prose is not None:
                    lead, executors = prose[0], prose[1]
        if not lead.parties:  # "1. Sở Nội vụ: ..." — the agency leads the items under it
            owner = next((agencies[p] for p in _ancestors(item.path) if p in agencies), None)
            if owner:
                lead = parse_parties(owner)
        product = "; ".join(v for v, _ in values.get("product", [])) or None
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


# "Sở Nội vụ: Là cơ quan thường trực ..." — an agency, then a colon
AGENCY_HEADING_RE = re.compile(r"^(?P<agency>[A-ZĐÀ-Ỹ][^:.]{2,160}?)\s*:\s*\S")


def _agency_heading(heading: str) -> str | None:
    """The agency a per-agency paragraph is written for, or ``None``."""
    m = AGENCY_HEADING_RE.match(heading)
    if not m:
        return None
    from pipeline.nlp import load_nlp

    agency = m.group("agency")
    doc = load_nlp()(agency)
    opens = any(sp.start == 0 and sp.label_ in ("HEAD", "GROUP") for sp in doc.spans["cues"])
    return agency if opens else None


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)]


def _parenthesised_fields(
    text: Text, item: Item, text_lines: list[int], body: str
) -> tuple[str, dict[str, list[tuple[str, tuple[int, int]]]]]:
    """Fields written in a closing parenthesis of the item's last text line."""
    last = item.lines[text_lines[-1] + 1] if text_lines else item.lines[0]
    line = text.lines[last]
    found = find_inline_fields(text.line_text(last))
    if found is None:
        return body, {}
    fields, paren_start = found
    values: dict[str, list[tuple[str, tuple[int, int]]]] = {}
    for f in fields:
        start = line.start + f.value_offset
        values.setdefault(f.field, []).append((f.value, (start, start + len(f.value))))
    cut = len(text.line_text(last)) - paren_start
    return body[: len(body) - cut].rstrip() + ("." if body.rstrip().endswith(".") else ""), values


def _trailing_fields(
    text: Text, item: Item, body: str
) -> tuple[str, dict[str, list[tuple[str, tuple[int, int]]]]]:
    """Fields after the task's sentence on the item's own line."""
    first = item.lines[0]
    line = text.lines[first]
    found = find_trailing_fields(text.line_text(first))
    if found is None:
        return body, {}
    fields, cut = found
    values: dict[str, list[tuple[str, tuple[int, int]]]] = {}
    for f in fields:
        start = line.start + f.value_offset
        value = f.value.rstrip(" )")  # "(Sở Nội vụ thực hiện, thời gian: tháng 11/2024)"
        values.setdefault(f.field, []).append((value, (start, start + len(value))))
    head = text.line_text(first)
    marker = match_marker(head)
    own = head[marker.label_end if marker else 0 : cut].strip().rstrip(" ;,")
    rest = body.split("\n", 1)
    return own + ("\n" + rest[1] if len(rest) > 1 else ""), values


def _group(values: list[tuple[str, tuple[int, int]]] | None) -> PartyGroup:
    if not values:
        return PartyGroup()
    raw = "; ".join(v for v, _ in values)
    parsed = [parse_parties(v) for v, _ in values]
    parties = tuple(p for g in parsed for p in g.parties)
    span = (values[0][1][0], values[-1][1][1])
    return PartyGroup(raw=raw, parties=parties, and_related=any(g.and_related for g in parsed), span=span)


def _timeline(values: list[tuple[str, tuple[int, int]]] | None, year: int | None) -> Timeline:
    if not values:
        return Timeline()
    raw, span = values[0]
    t = parse_timeline(raw, year)
    return Timeline(t.raw, t.kind, t.start, t.end, t.inferred_year, span)
