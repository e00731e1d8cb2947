"""The outline: numbered items of the body with their levels and paths, built with a stack.

A new label whose family is already on the stack closes everything below that level and
becomes a sibling; a family not on the stack nests under the deepest open item of a higher rank
(``roman`` > ``arabic`` > ``decimal`` by depth > ``letter``). Bullets (``-``, ``+``) never open
items: they are lines of the item above them (field lines, sub-points).
"""

from __future__ import annotations

from pipeline.model import BlockKind, Issue, Item, Outline, Text, Zone
from pipeline.segment.zones import find_zones
from pipeline.vi.markers import Marker, match_marker, roman_value

_RANK = {"part": -1, "roman": 0, "arabic": 1, "decimal2": 2, "decimal3": 3, "decimal4": 4, "letter": 5}
_OUTLINE_FAMILIES = ("part", "roman", "arabic", "decimal", "letter")


def _ordinal(marker: Marker) -> int | None:
    num = marker.number or ""
    if marker.family == "roman":
        return roman_value(num)
    if marker.family == "arabic":
        return int(num)
    if marker.family == "decimal":
        return int(num.rsplit(".", 1)[-1])
    if marker.family == "letter":
        return "abcdđefghijklmnopqrstuvwxyz".find(num) + 1
    return None


def clean_heading(rest: str) -> str:
    """The heading text after a label, without trailing tabs and spaces."""
    return rest.strip().rstrip("\t ")


def segment(text: Text) -> Outline:
    """Zone ``text`` and build its outline (see :mod:`pipeline.segment`)."""
    layout = find_zones(text)
    issues: list[Issue] = []
    items: list[dict[str, object]] = []
    body = next(((a, b) for z, a, b in layout.zones if z == Zone.BODY), None)
    if body is None:
        issues.append(Issue("SEG002", "no numbered body found"))
        return Outline(text, layout.zones, (), tuple(issues), layout.type_line, layout.title_lines)
    stack: list[tuple[str, str, int]] = []  # (depth key, path, item index)
    seen: dict[str, int] = {}
    last_ordinal: dict[str, int] = {}
    current: dict[str, object] | None = None
    for i in range(*body):
        if text.lines[i].kind == BlockKind.PAGE_HEADER:
            continue  # a page number between two items belongs to neither
        line = text.line_text(i)
        marker = match_marker(line)
        if marker is None or marker.family not in _OUTLINE_FAMILIES:
            if current is not None:
                current["lines"].append(i)  # type: ignore[union-attr]
            continue
        key = marker.depth_key
        rank = _RANK.get(key, 6)
        keys = [k for k, _, _ in stack]
        if key in keys:
            del stack[keys.index(key) :]
        else:
            while stack and _RANK.get(stack[-1][0], 6) > rank:
                stack.pop()
        parent = stack[-1][1] if stack else None
        number = marker.number or ""
        path = f"{parent}/{number}" if parent else number
        if path in seen:
            seen[path] += 1
            issues.append(Issue("SEG001", f"number {number} repeated under {parent or 'the top'}", path=path))
            path = f"{path}~{seen[path]}"
        else:
            seen[path] = 1
        ordinal = _ordinal(marker)
        scope = f"{parent}|{key}"
        if ordinal is not None:
            expected = last_ordinal.get(scope, 0) + 1
            if ordinal > expected:
                issues.append(Issue("SEG001", f"numbering jumps to {number} (expected {expected})", path=path))
            last_ordinal[scope] = ordinal
        current = {
            "path": path,
            "number": number,
            "marker": marker.family,
            "level": len(stack) + 1,
            "heading": clean_heading(marker.rest),
            "lines": [i],
            "parent": parent,
        }
        items.append(current)
        stack.append((key, path, len(items) - 1))
    out = []
    for it in items:
        lines = tuple(it["lines"])  # type: ignore[arg-type]
        first, last = text.lines[lines[0]], text.lines[lines[-1]]
        out.append(
            Item(
                path=str(it["path"]),
                number=str(it["number"]),
                marker=str(it["marker"]),
                level=int(it["level"]),  # type: ignore[call-overload]
                heading=str(it["heading"]),
                lines=lines,
                span=(first.start, last.end),
                parent=it["parent"],  # type: ignore[arg-type]
            )
        )
    return Outline(text, layout.zones, tuple(out), tuple(issues), layout.type_line, layout.title_lines)
