"""The outline: numbered items of the body with their levels and paths, built with a stack.

A new label whose family is already on the stack closes everything below that level and
becomes a sibling; a family not on the stack nests under the deepest open item of a higher rank
(``roman`` > ``arabic`` > ``decimal`` by depth > ``letter``). Bullets (``-``, ``+``) never open
items: they are lines of the item above them (field lines, sub-points).

The outline is bounded whatever the input: an item nested deeper than ``MAX_DEPTH`` levels, or
past ``MAX_ITEMS`` items in one list, is not opened; its line stays text of the item above (never
dropped) and one ``SEG004`` issue per outline says how many lines were kept so. (A 1,000-level
``1.1.1...`` outline otherwise builds paths of a million characters: quadratic time and memory.)
"""

from __future__ import annotations

from collections import Counter

from pipeline.model import BlockKind, Issue, Item, Outline, Text, Zone
from pipeline.segment.zones import find_zones
from pipeline.vi.markers import Marker, match_marker, roman_value

_RANK = {"part": -1, "roman": 0, "arabic": 1, "decimal2": 2, "decimal3": 3, "decimal4": 4, "letter": 5}
_OUTLINE_FAMILIES = ("part", "roman", "arabic", "decimal", "letter")
MAX_DEPTH = 12  # levels; real plans use at most six (I. 1. 1.1. a) - +)
MAX_ITEMS = 5000  # items in one list; real appendix tables run to a few hundred rows


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


def _level_cut(stack: list[tuple[str, str, int]], key: str) -> int:
    """How many open items stay open under a new label of ``key``: its level is this plus one."""
    keys = [k for k, _, _ in stack]
    if key in keys:
        return keys.index(key)
    rank = _RANK.get(key, 6)
    cut = len(stack)
    while cut and _RANK.get(stack[cut - 1][0], 6) > rank:
        cut -= 1
    return cut


def _capped_issues(capped: dict[str, list[str]]) -> list[Issue]:
    out = []
    for kind, paths in capped.items():
        if not paths:
            continue
        what = f"nested deeper than {MAX_DEPTH} levels" if kind == "depth" else f"past {MAX_ITEMS} in one list"
        message = f"{len(paths)} numbered lines {what} kept as text of the item above (first: {paths[0]})"
        out.append(Issue("SEG004", message, path=paths[0]))
    return out


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
    siblings: Counter[str] = Counter()
    capped: dict[str, list[str]] = {"depth": [], "items": []}  # paths that took a capped line
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
        cut = _level_cut(stack, key)
        parent = stack[cut - 1][1] if cut else None
        scope = f"{parent}|{key}"
        if current is not None and (cut >= MAX_DEPTH or siblings[scope] >= MAX_ITEMS):
            capped["depth" if cut >= MAX_DEPTH else "items"].append(str(current["path"]))
            current["lines"].append(i)  # type: ignore[union-attr]
            continue
        del stack[cut:]
        siblings[scope] += 1
        number = marker.number or ""
        path = f"{parent}/{number}" if parent else number
        if path in seen:
            seen[path] += 1
            issues.append(Issue("SEG001", f"number {number} repeated under {parent or 'the top'}", path=path))
            path = f"{path}~{seen[path]}"
        else:
            seen[path] = 1
        ordinal = _ordinal(marker)
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
    issues.extend(_capped_issues(capped))
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
