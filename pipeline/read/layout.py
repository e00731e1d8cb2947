"""Page geometry shared by the PDF reader and the OCR reader: words, lines, page furniture,
footnotes, columns.

Both readers turn a page into positioned :class:`Word` s (from the text layer, or from
Tesseract); everything after that works in points, top-down:

1. :func:`group_lines` clusters words into lines by baseline and splits a line at wide gaps,
   so the two cells of a header row ("THỊ ỦY ĐỨC PHỔ   ĐẢNG CỘNG SẢN VIỆT NAM") stay apart, and
   flags small raised words ("217-QĐ/TW¹") as superscripts;
2. :func:`drop_furniture` removes page numbers and running headers;
3. :func:`split_footnotes` takes the notes at the page bottom (below a separator rule, or in a
   smaller font after a gap, each opened by its number);
4. :func:`find_columns` finds two-column regions (the header block, a signature block), read as
   table cells: the left column first, then the right one.

:mod:`pipeline.read.paragraphs` then re-joins the wrapped lines into paragraphs and blocks.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

__all__ = [
    "Columns",
    "Page",
    "TextLine",
    "Word",
    "body_size",
    "drop_furniture",
    "find_columns",
    "group_lines",
    "line_pitch",
    "split_footnotes",
]

# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Word:
    """A word on a page, in points from the top-left corner. ``baseline`` is the y of its
    baseline; ``sup`` marks a superscript (a footnote mark); ``conf`` is OCR confidence 0-100;
    ``glued`` says no space separates it from the previous word ("TW" + "¹" + ",")."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool = False
    sup: bool = False
    conf: float | None = None
    glued: bool = False


@dataclass(frozen=True, slots=True)
class TextLine:
    """Words on one baseline, left to right, on page ``page`` (from 0); its box, baseline and
    font size (of its non-superscript words) are computed once."""

    words: tuple[Word, ...]
    page: int
    x0: float = field(init=False)
    x1: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)
    baseline: float = field(init=False)
    size: float = field(init=False)

    def __post_init__(self) -> None:
        words = self.words
        plain = [w for w in words if not w.sup] or list(words)
        main = max(plain, key=lambda w: w.size)
        object.__setattr__(self, "x0", words[0].x0)
        object.__setattr__(self, "x1", max(w.x1 for w in words))
        object.__setattr__(self, "top", min(w.top for w in words))
        object.__setattr__(self, "bottom", max(w.bottom for w in words))
        object.__setattr__(self, "baseline", main.baseline)
        object.__setattr__(self, "size", statistics.median(w.size for w in plain))

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its lines in reading order, its size, and the y of a footnote separator rule."""

    number: int
    width: float
    height: float
    lines: tuple[TextLine, ...]
    rules: tuple[tuple[float, float, float], ...] = ()  # (x0, x1, y) of short horizontal rules
    ocr: bool = False  # the words come from OCR: sizes are estimates, marks may be misread

    def with_lines(self, lines: Sequence[TextLine]) -> Page:
        return Page(self.number, self.width, self.height, tuple(lines), self.rules, self.ocr)


# --------------------------------------------------------------------------- regexes

# a line that is only a page number: "2", "- 3 -", "Trang 4", "4/12"
PAGE_NUMBER_RE = re.compile(r"^(?:trang\s+)?[-–]?\s*\d{1,3}\s*(?:[-–]|/\s*\d{1,3})?$", re.I)

# --------------------------------------------------------------------------- lines


def group_lines(words: Iterable[Word], page: int, gap_em: float = 1.2) -> list[TextLine]:
    """Cluster words into lines by baseline, then split each line where the gap between two
    words is over ``gap_em`` times the font size (table cells, header columns).

    Lines come out top to bottom, and left to right on the same baseline.
    """
    rows: list[list[Word]] = []
    ref_base = ref_size = 0.0
    for w in sorted(words, key=lambda w: (w.baseline, w.x0)):
        if rows and abs(w.baseline - ref_base) <= 0.45 * max(w.size, ref_size):
            rows[-1].append(w)
            if w.size > ref_size or (w.size == ref_size and not w.sup):
                ref_base, ref_size = w.baseline, w.size
            continue
        rows.append([w])
        ref_base, ref_size = w.baseline, w.size
    lines: list[TextLine] = []
    for row in rows:
        row = _mark_superscripts(row)
        row.sort(key=lambda w: w.x0)
        start = 0
        for i in range(1, len(row) + 1):
            if i == len(row) or row[i].x0 - row[i - 1].x1 > gap_em * max(
                row[i].size, row[i - 1].size
            ):
                lines.append(TextLine(tuple(row[start:i]), page))
                start = i
    return lines


def _mark_superscripts(row: list[Word]) -> list[Word]:
    """Flag the small raised words of a line ("217-QĐ/TW¹") as superscripts."""
    main = max(row, key=lambda w: w.size)
    out = []
    for w in row:
        raised = w.baseline < main.baseline - 0.15 * main.size
        if not w.sup and w.size < 0.8 * main.size and raised:
            w = replace(w, sup=True)
        out.append(w)
    return out


def body_size(pages: Sequence[Page]) -> float:
    """The most common font size, weighted by characters (the body text size)."""
    sizes: Counter[float] = Counter()
    for p in pages:
        for line in p.lines:
            for w in line.words:
                sizes[round(w.size * 2) / 2] += len(w.text)
    return sizes.most_common(1)[0][0] if sizes else 12.0


def line_pitch(lines: Sequence[TextLine], size: float) -> float:
    """The usual distance between baselines of consecutive lines on a page."""
    steps = [
        b.baseline - a.baseline
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 < b.baseline - a.baseline < 3 * size
    ]
    return statistics.median(steps) if steps else 1.2 * size


# --------------------------------------------------------------------------- page furniture


def _furniture_key(line: TextLine) -> str:
    return re.sub(r"\d+", "#", line.text.strip().lower())


def drop_furniture(pages: Sequence[Page]) -> list[Page]:
    """Remove page numbers (alone on the first or last line of a page, in the top or bottom
    eighth) and running headers/footers (the same text, digits aside, in the top or bottom
    eighth of at least three pages and most of them)."""
    edges: Counter[str] = Counter()
    for p in pages:
        for line in {id(ln): ln for ln in (p.lines[:1] + p.lines[-1:])}.values():
            if _in_margin(line, p):
                edges[_furniture_key(line)] += 1
    repeated = {k for k, n in edges.items() if n >= max(3, 0.6 * len(pages))}
    out: list[Page] = []
    for p in pages:
        lines = list(p.lines)
        for pos in (0, -1):
            while lines and _in_margin(lines[pos], p):
                text = lines[pos].text.strip()
                is_number = PAGE_NUMBER_RE.match(text) is not None
                # a misread page number on a scan ("Đ" for "5")
                is_number = is_number or (p.ocr and len(text) <= 2 and len(lines) > 1)
                if not (is_number or _furniture_key(lines[pos]) in repeated):
                    break
                lines.pop(pos)
        out.append(p.with_lines(lines))
    return out


def _in_margin(line: TextLine, page: Page) -> bool:
    return line.bottom < page.height / 8 or line.top > page.height * 7 / 8


# --------------------------------------------------------------------------- footnotes


# what OCR makes of a superscript note number: "'", "?", "!", "*", "²"
_OCR_MARK_RE = re.compile(r"^(?:\d{1,3}|[\'’‘`?!*°^\"“”¹²³⁴⁵⁶⁷⁸⁹])$")


def _note_number(line: TextLine, size: float, ocr: bool = False) -> str | None:
    """The note number opening a footnote line: a small or raised number ("¹ ban hành ...")."""
    first = line.words[0]
    if len(line.words) < 2:
        return None
    if ocr:
        return first.text if _OCR_MARK_RE.match(first.text) else None
    if first.text.isdigit() and len(first.text) <= 3 and (first.sup or first.size < 0.8 * size):
        return first.text
    return None


def _footnote_zone(page: Page, lines: Sequence[TextLine], size: float) -> int | None:
    """Where the notes start when no rule is drawn: after a vertical gap in the bottom half,
    where the rest of the page is in a smaller font and opens with a note number."""
    if len(lines) < 2:
        return None
    pitch = line_pitch(lines, size)
    for k in range(1, len(lines)):
        if (
            lines[k].top < page.height / 2
            or lines[k].baseline - lines[k - 1].baseline < 1.5 * pitch
        ):
            continue
        zone = lines[k:]
        small = statistics.median(ln.size for ln in zone) < 0.92 * size
        if small and _note_number(zone[0], size, page.ocr) is not None:
            return k
    return None


def split_footnotes(page: Page, size: float) -> tuple[Page, list[tuple[str, list[TextLine]]]]:
    """Split the notes off the bottom of a page: the lines below a short separator rule, or a
    bottom run of lines in a smaller font than the body, opened by a note number.

    Returns the page without its notes and ``[(note_id, lines), ...]``.
    """
    lines = list(page.lines)
    start = None
    rule_ys = [y for _, _, y in page.rules if y > page.height / 3]
    if rule_ys:
        y = max(rule_ys)
        below = [i for i, line in enumerate(lines) if line.top >= y - 1]
        numbered = below and _note_number(lines[below[0]], size, page.ocr) is not None
        if numbered and all(lines[i].size < 0.95 * size for i in below):
            start = below[0]
    if start is None:
        start = _footnote_zone(page, lines, size)
    if start is None:
        return page, []
    notes: list[tuple[str, list[TextLine]]] = []
    for line in lines[start:]:
        number = _note_number(line, size, page.ocr)
        if number is not None or not notes:
            if number is None or not number.isdigit():
                number = str(int(notes[-1][0]) + 1) if notes and notes[-1][0].isdigit() else "1"
            rest = line.words[1:] if _note_number(line, size, page.ocr) else line.words
            notes.append((number, [TextLine(rest, line.page)] if rest else []))
        else:
            notes[-1][1].append(line)
    return page.with_lines(lines[:start]), notes


# --------------------------------------------------------------------------- columns


@dataclass(frozen=True, slots=True)
class Columns:
    """A two-column region: its lines, left column then right column, each top to bottom."""

    left: tuple[TextLine, ...]
    right: tuple[TextLine, ...]


def _side_by_side(a: TextLine, b: TextLine) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > 0.3 * min(a.size, b.size) and (a.x1 < b.x0 or b.x1 < a.x0)


def find_columns(lines: Sequence[TextLine]) -> list[TextLine | Columns]:
    """Group runs of lines that sit in two columns (a line beside another) into
    :class:`Columns`; other lines pass through. A region ends at a line that crosses the gutter.
    """
    out: list[TextLine | Columns] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or not _side_by_side(line, nxt):
            out.append(line)
            i += 1
            continue
        left, right = (line, nxt) if line.x0 < nxt.x0 else (nxt, line)
        gutter_lo, gutter_hi = left.x1, right.x0
        region = [line, nxt]
        j = i + 2
        while j < len(lines):
            cand = lines[j]
            if cand.x1 <= gutter_hi + 1:
                gutter_lo = max(gutter_lo, min(cand.x1, gutter_hi))
            elif cand.x0 >= gutter_lo - 1:
                gutter_hi = min(gutter_hi, max(cand.x0, gutter_lo))
            else:
                break
            region.append(cand)
            j += 1
        mid = (gutter_lo + gutter_hi) / 2
        lefts = _merge_rows(ln for ln in region if ln.x1 <= mid)
        rights = _merge_rows(ln for ln in region if ln.x1 > mid)
        out.append(Columns(lefts, rights))
        i = j
    return out


def _merge_rows(lines: Iterable[TextLine]) -> tuple[TextLine, ...]:
    """Top to bottom; pieces of one row of a column, split at wide spaces, merged again
    ("Số" + "-KH/BCĐ" -> "Số -KH/BCĐ")."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda ln: ln.baseline):
        last = rows[-1][-1] if rows else None
        if last is not None and abs(line.baseline - last.baseline) <= 0.45 * max(
            line.size, last.size
        ):
            rows[-1].append(line)
        else:
            rows.append([line])
    out = []
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        out.append(TextLine(tuple(w for ln in row for w in ln.words), row[0].page))
    return tuple(out)
