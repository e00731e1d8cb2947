"""Field lines of a task: ``- Chỉ đạo thực hiện: ...``, ``- Cơ quan phối hợp: ...``,
``- Thời gian hoàn thành: ...`` and their variants (``models/lexicons/field_labels.tsv``).

A field line is a label at the start of a line (after an optional ``-``/``+`` bullet), then a
colon, then the value. A value may run over the following lines until the next bullet, label or
numbered item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.vi.labels import label_roles
from pipeline.vi.lexicon import load_map
from pipeline.vi.markers import match_marker

__all__ = ["FieldLine", "match_field", "match_fields", "split_item_lines", "find_inline_fields", "find_trailing_fields"]


@dataclass(frozen=True, slots=True)
class FieldLine:
    field: str  # lead | executors | timeline | product
    label: str
    value: str
    value_offset: int  # where the value starts in the line


@cache
def _field_re() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {k.lower(): v for k, v in load_map("field_labels.tsv").items()}
    labels = sorted(table, key=len, reverse=True)
    alternation = "|".join(re.escape(label).replace(r"\ ", r"\s+").replace("/", r"\s*/\s*") for label in labels)
    # "- Chỉ đạo thực hiện: ...", "+ Thời gian:", "Cơ quan chủ trì : ...", "- Thời hạn (dự kiến): ..."
    pattern = re.compile(
        r"^\s*(?:[-–+•*]\s*)?(?P<label>" + alternation + r")\s*(?:\([^)]{0,40}\)\s*)?[:：]\s*(?P<value>.*)$",
        re.IGNORECASE,
    )
    return pattern, table


def match_field(line: str) -> FieldLine | None:
    """The field on ``line``, if it is a field line.

    >>> match_field("- Tham mưu, thực hiện: Ban Dân vận Thị ủy.").field
    'executors'
    """
    pattern, table = _field_re()
    m = pattern.match(line)
    if not m:
        return _generic_field(line)
    label = " ".join(m.group("label").split())
    key = re.sub(r"\s*/\s*", "/", label.lower())
    field = table.get(key)
    if field is None:
        return None
    return FieldLine(field, label, m.group("value").strip(), m.start("value"))


# a short label with a colon: "- Trách nhiệm thực hiện: ...", "Đơn vị tham gia: ...", "Thời gian dự kiến: ..."
GENERIC_LABEL_RE = re.compile(r"^\s*(?:[-–+•*]\s*)?(?P<label>[^\W\d_][^:：;.\d]{2,50}?)\s*[:：]\s*(?P<value>\S.*)$")


def _generic_field(line: str) -> FieldLine | None:
    """A label outside the lexicon, read by its key words (at most six words before the colon)."""
    m = GENERIC_LABEL_RE.match(line)
    if not m or len(m.group("label").split()) > 6:
        return None
    label = " ".join(m.group("label").split())
    for role, pattern in label_roles("label"):
        if pattern.search(label):
            return FieldLine(role, label, m.group("value").strip(), m.start("value"))
    return None


def find_trailing_fields(line: str) -> tuple[list[FieldLine], int] | None:
    """Fields written after the task's own sentence on its line: "... văn bản. Chủ trì: Sở Nội vụ.
    Phối hợp: ...; thời gian: Quý II/2024." — and where the task's text ends."""
    m = _next_label_re().search(line)
    if not m:
        return None
    fields = match_fields(line[m.end() :])
    if not fields:
        return None
    return [FieldLine(f.field, f.label, f.value, m.end() + f.value_offset) for f in fields], m.start() + (1 if line[m.start()] in ";.," else 0)


@cache
def _next_label_re() -> re.Pattern[str]:
    """A second label on the same line: "...; Cơ quan phối hợp: ...", "... . Thời gian: ..."."""
    table = {k.lower(): v for k, v in load_map("field_labels.tsv").items()}
    labels = sorted(table, key=len, reverse=True)
    alternation = "|".join(re.escape(label).replace(r"\ ", r"\s+").replace("/", r"\s*/\s*") for label in labels)
    # ";", "." or a spaced dash before the label: "... văn bản - Chủ trì: Sở Nội vụ - Thời gian: ..."
    return re.compile(
        r"(?:[;.,]|\s[-–])\s*(?:[-–+]\s*)?(?=(?:" + alternation + r")\s*(?:\([^)]{0,40}\)\s*)?[:：])", re.IGNORECASE
    )


def match_fields(line: str) -> list[FieldLine]:
    """Every field of a line: ``- Chủ trì: Sở Nội vụ; Phối hợp: Sở Tài chính; Thời gian: Quý I``.

    >>> [f.field for f in match_fields("- Chủ trì: Sở Nội vụ; Thời gian: Quý I/2024")]
    ['lead', 'timeline']
    """
    first = match_field(line)
    if first is None:
        return []
    out: list[FieldLine] = []
    current = first
    while True:
        start = current.value_offset
        nxt = _next_label_re().search(line, start)
        if nxt is None:
            out.append(current)
            return out
        out.append(FieldLine(current.field, current.label, line[start : nxt.start()].strip(), start))
        following = match_field(line[nxt.end() :])
        if following is None:
            out[-1] = current
            return out
        current = FieldLine(following.field, following.label, following.value, nxt.end() + following.value_offset)


# fields in a parenthesis at the end of a task: "... (Chủ trì: Sở Nội vụ; thời gian: Quý I/2024)."
PAREN_FIELDS_RE = re.compile(r"\s*\((?P<inner>[^()]{4,400})\)\s*[.;]?\s*$")


def _closing_parenthesis(line: str) -> tuple[int, int, int] | None:
    """``(start, inner_start, inner_end)`` of the parenthesis that ends ``line`` (as
    :data:`PAREN_FIELDS_RE` finds it, the spaces before it included), found from the line's end
    in one pass: a regex search with a leading ``\\s*`` was quadratic on long runs of spaces."""
    tail = line.rstrip()
    if tail[-1:] in (".", ";"):
        tail = tail[:-1].rstrip()
    if not tail.endswith(")"):
        return None
    opening = tail.rfind("(", max(0, len(tail) - 402), len(tail) - 1)
    inner_start, inner_end = opening + 1, len(tail) - 1
    if opening < 0 or not 4 <= inner_end - inner_start <= 400 or ")" in tail[inner_start:inner_end]:
        return None
    start = opening
    while start > 0 and line[start - 1].isspace():
        start -= 1
    return start, inner_start, inner_end


def find_inline_fields(line: str) -> tuple[list[FieldLine], int] | None:
    """Fields written in a closing parenthesis of a line, and where that parenthesis starts."""
    found = _closing_parenthesis(line)
    if not found:
        return None
    start, base, end = found
    fields = match_fields(line[base:end])
    if not fields:
        return None
    return [FieldLine(f.field, f.label, f.value, base + f.value_offset) for f in fields], start


# a value that the next line continues: "...; Công an tỉnh;" / "Sở Công Thương," / "... và"
UNFINISHED_RE = re.compile(r"(?:[,;]|\s(?:và|của|với|cùng|các))\s*$")


def _unfinished(open_field: tuple[int, FieldLine, list[int]], lines: list[str]) -> bool:
    """The field's value so far stops mid-list, or is one word on its label's line ("Quý")."""
    _, field, cont = open_field
    last = lines[cont[-1]].strip() if cont else field.value.strip()
    if not last:
        return not cont  # "Thời hạn hoàn thành:" alone: the value is on the next line
    return bool(UNFINISHED_RE.search(last)) or (not cont and len(last.split()) == 1 and not last.endswith("."))


def split_item_lines(lines: list[str]) -> tuple[list[int], list[tuple[int, FieldLine, list[int]]]]:
    """Split an item's lines (heading line excluded) into text lines and fields.

    Returns the indices of the text lines and, per field, ``(line index, field, continuation
    line indices)``.
    """
    text_lines: list[int] = []
    fields: list[tuple[int, FieldLine, list[int]]] = []
    open_field: tuple[int, FieldLine, list[int]] | None = None
    for i, line in enumerate(lines):
        found = match_fields(line)
        if found:
            for f in found:
                open_field = (i, f, [])
                fields.append(open_field)
            continue
        stripped = line.lstrip()
        continues = (
            open_field is not None
            and match_marker(stripped) is None
            and (stripped[:1].islower() or _unfinished(open_field, lines))
        )
        if continues and open_field is not None:
            open_field[2].append(i)
            continue
        open_field = None
        text_lines.append(i)
    return text_lines, fields
