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

from pipeline.lexicon import load_map
from pipeline.segment.markers import match_marker

__all__ = ["FieldLine", "match_field", "split_item_lines"]


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
        return None
    label = " ".join(m.group("label").split())
    key = re.sub(r"\s*/\s*", "/", label.lower())
    field = table.get(key)
    if field is None:
        return None
    return FieldLine(field, label, m.group("value").strip(), m.start("value"))


def split_item_lines(lines: list[str]) -> tuple[list[int], list[tuple[int, FieldLine, list[int]]]]:
    """Split an item's lines (heading line excluded) into text lines and fields.

    Returns the indices of the text lines and, per field, ``(line index, field, continuation
    line indices)``.
    """
    text_lines: list[int] = []
    fields: list[tuple[int, FieldLine, list[int]]] = []
    open_field: tuple[int, FieldLine, list[int]] | None = None
    for i, line in enumerate(lines):
        f = match_field(line)
        if f is not None:
            open_field = (i, f, [])
            fields.append(open_field)
            continue
        stripped = line.lstrip()
        continues = (
            open_field is not None
            and stripped[:1].islower()
            and match_marker(stripped) is None
        )
        if continues and open_field is not None:
            open_field[2].append(i)
            continue
        open_field = None
        text_lines.append(i)
    return text_lines, fields
