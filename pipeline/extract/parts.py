"""Which parts of a plan hold its tasks, read from their headings (``models/lexicons/plan_parts.tsv``).

A plan's numbered parts say what they hold: ``II. NHIỆM VỤ, GIẢI PHÁP`` and ``IV. TỔ CHỨC THỰC HIỆN``
assign work, ``I. MỤC ĐÍCH, YÊU CẦU`` and ``II. MỤC TIÊU`` do not, ``V. KINH PHÍ`` does only where
an item names a body. An item belongs to the part of its nearest ancestor whose heading opens with
a known phrase (a short heading, not a task's sentence that happens to say ``nhiệm vụ``).

>>> part_kind("NHIỆM VỤ, GIẢI PHÁP")
'task'
>>> part_kind("MỤC ĐÍCH, YÊU CẦU")
'context'
>>> part_kind("Rà soát, đánh giá tất cả các nội dung, nhiệm vụ bảo vệ bí mật nhà nước") is None
True
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.model import Item
from pipeline.vi.fold import canon, canon_prefix
from pipeline.vi.lexicon import load_list, load_map

__all__ = ["part_kind", "kind_of_key", "own_kinds", "parts_of", "is_closing", "defers_to_appendix"]

# a part's heading is short: "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU (chi tiết Phụ lục đính kèm)"
_MAX_HEADING_WORDS = 16
# "(chi tiết Phụ lục đính kèm)", "(Chi tiết nhiệm vụ tại Phụ lục kèm theo Kế hoạch này)"
# how much of a heading is folded first (characters): more than 16 words there, it names no part
_HEADING_REACH = 120
_DEFERS_RE = re.compile(r"(?:chi tiết|cụ thể)\b[^()]{0,60}?\bphụ lục\b", re.IGNORECASE)


@cache
def _openings() -> tuple[tuple[str, str], ...]:
    table = {canon(k): v for k, v in load_map("plan_parts.tsv").items()}
    return tuple(sorted(table.items(), key=lambda kv: len(kv[0]), reverse=True))


def part_kind(heading: str, top: bool = True) -> str | None:
    """``task``, ``context`` or ``other`` for a part's heading; ``None`` when it names no part.
    Some words name a part only at the top of the outline (``top``): ``ĐÁNH GIÁ``, ``KẾT QUẢ``."""
    stripped = re.sub(r"^[\W\d_]+", "", heading)
    head, whole = canon_prefix(stripped, _HEADING_REACH)
    # a task's sentence: the whole key has at least the words of its prefix, so past the limit in the
    # prefix it is no heading either (not folded whole to be counted)
    if not whole and len(head.rstrip(" .:").split()) > _MAX_HEADING_WORDS:
        return None
    return kind_of_key((head if whole else canon(stripped)).rstrip(" .:"), top)


def kind_of_key(head: str, top: bool = True) -> str | None:
    """:func:`part_kind` of a heading's comparison key (numbering off, :func:`canon`, ``.:`` off the end)."""
    if not head or len(head.split()) > _MAX_HEADING_WORDS:
        return None
    for opening, kind in _openings():
        if head == opening or (head.startswith(opening) and not head[len(opening)].isalnum()):
            if kind == "context-top":
                return "context" if top else None
            return kind
    return None


def own_kinds(items: tuple[Item, ...]) -> list[str | None]:
    """The :func:`part_kind` of each item's own heading, in the order of ``items``."""
    return [part_kind(it.heading, it.parent is None) for it in items]


def parts_of(
    items: tuple[Item, ...], kinds: list[str | None] | None = None
) -> dict[str, tuple[str | None, str | None]]:
    """path → (kind, path of the part's item) for every item: the nearest ancestor (or the item's
    parent chain) whose heading names a part. ``kinds``: the :func:`own_kinds` of ``items`` when
    the caller has them (it reads them too: each heading is folded once)."""
    by_path = {it.path: it for it in items}
    own = dict(zip((it.path for it in items), own_kinds(items) if kinds is None else kinds, strict=True))
    # a top-level part whose heading names no known part, after a part that assigns work and
    # before the closing parts, goes on assigning work ("IV. PHÁT TRIỂN KINH TẾ SỐ TRONG CÁC
    # NGÀNH" between "III. NHIỆM VỤ TRỌNG TÂM" and "V. GIẢI PHÁP")
    seen_task = False
    for it in items:
        if it.parent is not None or it.marker not in ("roman", "part"):
            continue
        if own[it.path] == "task":
            seen_task = True
        elif own[it.path] is None and seen_task:
            own[it.path] = "task"
    out: dict[str, tuple[str | None, str | None]] = {}
    for it in items:
        parent = it.parent
        found: tuple[str | None, str | None] = (None, None)
        while parent is not None:
            kind = own.get(parent)
            if kind is not None:
                found = (kind, parent)
                break
            parent = by_path[parent].parent if parent in by_path else None
        out[it.path] = found
    return out


@cache
def _closing_openers() -> tuple[str, ...]:
    return tuple(sorted((canon(x) for x in load_list("closing_openers.txt")), key=len, reverse=True))


@cache
def _closing_re() -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(re.escape(o) for o in _closing_openers()) + r")(?!\w)")


def is_closing(text: str) -> bool:
    """A closing sentence (``Trong quá trình thực hiện, nếu có khó khăn, vướng mắc ...``)."""
    # the pattern reads the longest opener (the first) and one character after it: a prefix of the
    # key that long answers as the whole key does (a paragraph is not folded whole for its first words)
    openers = _closing_openers()
    reach = (len(openers[0]) if openers else 0) + 1
    return bool(_closing_re().match(canon_prefix(text.lstrip(" -–•+"), reach)[0]))


def defers_to_appendix(text: str) -> bool:
    """A part that sends its reader to the appendix for the tasks (``chi tiết Phụ lục đính kèm``)."""
    return bool(_DEFERS_RE.search(text))
