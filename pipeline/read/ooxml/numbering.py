"""Word automatic numbering: ``numbering.xml`` definitions and the counters that render labels.

python-docx does not render list numbers, and the seed plan's "1.", "1.1." … "2.6." are not in
its runs: each numbered paragraph only has ``<w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/>``.
The label is computed the way Word does it:

* ``numId`` → ``w:num`` → ``w:abstractNum`` (through ``numStyleLink`` when the abstract only
  points at a numbering style); ``numId 0`` means "not numbered";
* the counters belong to the abstract definition, so two ``numId`` of one abstract continue
  each other; a ``startOverride`` restarts the level the first time its ``numId`` is used;
* using a level restarts the deeper levels (``lvlRestart`` can limit that);
* ``lvlText`` ``"%1.%2."`` is filled with each level's counter in that level's ``numFmt``
  (all decimal when ``isLgl``); bullets render their character.

>>> defs = NumberingDefinitions(None, StyleSheet(None))
>>> ListCounters(defs).label("2", 1)   # no numbering part: nothing to render
''
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.read.ooxml import names as n
from pipeline.read.ooxml.numfmt import bullet_label, format_number
from pipeline.read.ooxml.styles import StyleSheet

__all__ = ["Level", "ListCounters", "NumberingDefinitions", "paragraph_list", "render_level_text"]

LEVELS = 9
# a level placeholder in lvlText: "%1" in "%1.", "%2" in "%1.%2.", "%3" in "(%3)"; not "%" alone
LEVEL_PLACEHOLDER_RE = re.compile(r"%([1-9])")
# numStyleLink -> style -> num -> abstract ... chains longer than this are loops
_MAX_LINKS = 8


@dataclass(frozen=True, slots=True)
class Level:
    """One ``w:lvl``: the number format and the text around the numbers."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    is_legal: bool = False
    restart: int | None = None
    style: str | None = None
    font: str | None = None
    picture: bool = False
    # lvlText split at its placeholders: "%1.%2." -> ("", "1", ".", "2", "."); odd items are
    # level numbers (computed once here, not per paragraph)
    parts: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(LEVEL_PLACEHOLDER_RE.split(self.text)))


@dataclass(frozen=True, slots=True)
class _Abstract:
    levels: dict[int, Level]
    num_style_link: str | None = None


@dataclass(frozen=True, slots=True)
class _Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ResolvedList:
    """A ``numId`` resolved to the counters it shares (``key``) and its nine levels."""

    key: str
    levels: tuple[Level | None, ...]
    start_overrides: dict[int, int]
    # per level: the deeper levels that restart when it is used (lvlRestart applied)
    resets: tuple[tuple[int, ...], ...] = ()


def _parse_level(el: n.Element) -> Level:
    fmt_el = n.child(el, n.NUM_FMT)
    if fmt_el is None:  # Word 2010 puts custom formats in mc:AlternateContent: read the Fallback
        alt = n.child(el, n.ALTERNATE_CONTENT)
        if alt is not None:
            fmt_el = alt.find(f"{n.FALLBACK}/{n.NUM_FMT}")
            if fmt_el is None:
                fmt_el = alt.find(f"{n.CHOICE}/{n.NUM_FMT}")
    fonts = el.find(f"{n.R_PR}/{n.R_FONTS}")
    return Level(
        start=n.to_int(n.child_val(el, n.START), 0) or 0,
        fmt=(fmt_el.get(n.VAL) if fmt_el is not None else None) or "decimal",
        text=n.child_val(el, n.LVL_TEXT) or "",
        is_legal=n.is_on(n.child(el, n.IS_LGL)),
        restart=n.to_int(n.child_val(el, n.LVL_RESTART)),
        style=n.child_val(el, n.P_STYLE),
        font=None if fonts is None else (fonts.get(n.ASCII) or fonts.get(n.H_ANSI)),
        picture=n.child(el, n.LVL_PIC_BULLET_ID) is not None,
    )


def _parse_levels(parent: n.Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in parent.iterchildren(n.LVL):
        ilvl = n.to_int(lvl.get(n.ILVL_ATTR), 0) or 0
        if 0 <= ilvl < LEVELS:
            levels[ilvl] = _parse_level(lvl)
    return levels


class NumberingDefinitions:
    """The ``w:abstractNum`` and ``w:num`` of ``numbering.xml``, resolved on demand."""

    def __init__(self, numbering: n.Element | None, styles: StyleSheet):
        self._styles = styles
        self._abstracts: dict[str, _Abstract] = {}
        self._nums: dict[str, _Num] = {}
        self._resolved: dict[str, ResolvedList | None] = {}
        if numbering is None:
            return
        for el in numbering.iterchildren(n.ABSTRACT_NUM):
            abstract_id = el.get(n.ABSTRACT_NUM_ID)
            if abstract_id is not None:
                link = n.child_val(el, n.NUM_STYLE_LINK)
                self._abstracts[abstract_id] = _Abstract(_parse_levels(el), link)
        for el in numbering.iterchildren(n.NUM):
            num_id = el.get(n.NUM_ID_ATTR)
            abstract_id = n.child_val(el, n.ABSTRACT_NUM_ID_EL)
            if num_id is None or abstract_id is None:
                continue
            starts: dict[int, int] = {}
            overrides: dict[int, Level] = {}
            for over in el.iterchildren(n.LVL_OVERRIDE):
                ilvl = n.to_int(over.get(n.ILVL_ATTR), 0) or 0
                start = n.to_int(n.child_val(over, n.START_OVERRIDE))
                if start is not None:
                    starts[ilvl] = start
                lvl = n.child(over, n.LVL)
                if lvl is not None:
                    overrides[ilvl] = _parse_level(lvl)
            self._nums[num_id] = _Num(abstract_id, starts, overrides)

    def __bool__(self) -> bool:
        return bool(self._nums)

    def resolve(self, num_id: str) -> ResolvedList | None:
        """The list ``num_id`` belongs to, or ``None`` when it is not defined."""
        if num_id not in self._resolved:
            self._resolved[num_id] = self._resolve(num_id)
        return self._resolved[num_id]

    def _resolve(self, num_id: str) -> ResolvedList | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id = num.abstract_id
        abstract = self._abstracts.get(abstract_id)
        for _ in range(_MAX_LINKS):  # numStyleLink -> numbering style -> its num -> abstract
            if abstract is None or abstract.num_style_link is None:
                break
            linked_num_id, _ilvl = self._styles.num_pr(abstract.num_style_link)
            linked = self._nums.get(linked_num_id or "")
            if linked is None or linked.abstract_id == abstract_id:
                break
            abstract_id = linked.abstract_id
            abstract = self._abstracts.get(abstract_id)
        if abstract is None:
            return None
        levels = tuple(num.level_overrides.get(i, abstract.levels.get(i)) for i in range(LEVELS))
        resets = tuple(
            tuple(d for d in range(used + 1, LEVELS) if _restarts(levels[d], d, used))
            for used in range(LEVELS)
        )
        return ResolvedList(abstract_id, levels, num.start_overrides, resets)

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level whose ``w:pStyle`` is ``style_id`` (a heading style bound to a level)."""
        resolved = self.resolve(num_id)
        if resolved is None or style_id is None:
            return None
        for i, level in enumerate(resolved.levels):
            if level is not None and level.style == style_id:
                return i
        return None


def paragraph_list(
    p_pr: n.Element | None, styles: StyleSheet, defs: NumberingDefinitions
) -> tuple[str, int] | None:
    """``(numId, ilvl)`` of a paragraph, from its own ``numPr`` or its style's; ``None`` when
    it is not numbered (no ``numPr`` anywhere, or ``numId 0``)."""
    if not defs:
        return None
    direct = None if p_pr is None else n.child(p_pr, n.NUM_PR)
    num_id = n.child_val(direct, n.NUM_ID)
    ilvl = n.to_int(n.child_val(direct, n.ILVL))
    style_id = n.child_val(p_pr, n.P_STYLE) or styles.default_paragraph
    from_style = False
    if num_id is None or ilvl is None:
        style_num, style_ilvl = styles.num_pr(style_id)
        if num_id is None:
            num_id, from_style = style_num, True
        if ilvl is None:
            ilvl = style_ilvl
    if num_id is None or num_id.strip() in ("", "0"):
        return None
    if ilvl is None:
        ilvl = (defs.level_for_style(num_id, style_id) if from_style else None) or 0
    return num_id, ilvl


def render_level_text(
    level: Level, ilvl: int, values: list[int | None], levels: tuple[Level | None, ...]
) -> tuple[str, set[str]]:
    """Fill ``level.text`` ("%1.%2.") with the counters; return the label and the formats
    that had to fall back to decimal.

    >>> lv0, lv1 = Level(1, "upperRoman", "%1."), Level(1, "lowerLetter", "%2)")
    >>> render_level_text(lv1, 1, [2, 3] + [None] * 7, (lv0, lv1) + (None,) * 7)
    ('c)', set())
    """
    if level.picture:  # a picture bullet: the image is not text
        return "•", set()
    if level.fmt == "bullet":
        return bullet_label(level.text, level.font), set()
    unknown: set[str] = set()
    out: list[str] = []
    for i, part in enumerate(level.parts):
        if i % 2 == 0:  # literal text between placeholders
            out.append(part)
            continue
        k = int(part) - 1
        if k > ilvl:  # a deeper level than the paragraph's: Word shows nothing
            continue
        ref = levels[k]
        value = values[k]
        if value is None:  # a shallower level not used yet shows its start value
            value = ref.start if ref is not None else 1
        fmt = ref.fmt if ref is not None else "decimal"
        if level.is_legal and fmt not in ("none", "bullet"):
            fmt = "decimal"
        text = format_number(value, fmt)
        if text is None:
            unknown.add(fmt)
            text = str(value)
        out.append(text)
    return "".join(out).strip(), unknown


def _restarts(level: Level | None, depth: int, used: int) -> bool:
    """Whether the level at ``depth`` restarts when the shallower level ``used`` is used."""
    restart = None if level is None else level.restart
    if restart is None or restart > depth:  # default, or a value Word ignores
        return True
    if restart == 0:
        return False
    return used < restart


class ListCounters:
    """The running numbers of one story (the body, or the notes): call :meth:`label` for each
    numbered paragraph in document order."""

    def __init__(self, defs: NumberingDefinitions):
        self._defs = defs
        self._values: dict[str, list[int | None]] = {}
        self._seen: set[tuple[str, int]] = set()
        self.problems: list[str] = []

    def _problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of ``(num_id, ilvl)`` and return the rendered label."""
        resolved = self._defs.resolve(num_id)
        if resolved is None:
            if self._defs:
                self._problem(f"numId {num_id} is not defined in numbering.xml")
            return ""
        level = resolved.levels[ilvl] if 0 <= ilvl < LEVELS else None
        if level is None:
            self._problem(f"numId {num_id} has no level {ilvl}")
            return ""
        values = self._values.setdefault(resolved.key, [None] * LEVELS)
        use = (num_id, ilvl)
        first_use = use not in self._seen
        if first_use:
            self._seen.add(use)
        current = values[ilvl]
        if first_use and ilvl in resolved.start_overrides:
            values[ilvl] = resolved.start_overrides[ilvl]
        elif current is None:
            values[ilvl] = level.start
        else:
            values[ilvl] = current + 1
        for depth in resolved.resets[ilvl]:
            values[depth] = None
        text, unknown = render_level_text(level, ilvl, values, resolved.levels)
        if unknown:
            for fmt in sorted(unknown):
                self._problem(f"number format {fmt!r} is not supported; rendered as decimal")
        return text
