"""Text saved from web pages and Markdown: what crawlers and portals do to a plan, undone.

Applied to the physical lines of a ``.txt``/``.md`` file before cells and hard wraps are joined
(:func:`pipeline.read.plaintext.logical_lines`):

* **emphasis** ``**bold**``, ``*italic*``, ``__bold__`` marks are removed (a crawl splits them:
  ``**1.****`` / ``Tên nhiệm vụ**``); a ``*`` bullet becomes ``-``; ``#`` headings lose their marks;
  ``\\*`` escapes are undone;
* **chrome**: the portal's banner, its metadata box (``Số hiệu: | 980/KH-UBND | ...``) and its
  trailer are dropped (the phrases are data: ``models/lexicons/portal_chrome.tsv``);
* **flattened tables**: a portal writes a table one cell per line, cells closed by a line holding
  only ``|`` and rows by two such lines. Tables of three columns or more (task tables) are rebuilt
  into one TAB-separated line per row; two-column tables (the header and the signature) are left to
  :mod:`pipeline.read.plaintext`, which keeps their lines apart (issuer and parent);
* **a label alone on its line** (``1.`` / ``Rà soát ...``, what is left of ``**1.****``) is joined
  to the line after it.

Every line keeps the number and offset of the physical line it came from, so a value can still be
traced to its place in the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from pipeline.vi.emphasis import STARS_ONLY_RE, strip_emphasis
from pipeline.vi.lexicon import load_list, load_map

__all__ = ["CELL_END_RE", "is_markup", "clean_portal_lines", "strip_emphasis"]

L = TypeVar("L")

# a line that only closes a table cell: "|", " | "
CELL_END_RE = re.compile(r"^\s*\|\s*$")
# an outline label with nothing after it: "1.", "II.", "a)", "1.2.", "III -"
_LABEL_ONLY_RE = re.compile(r"^\s*(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3}){0,3}|[a-zđ])\s*[.)\-–:/]?\s*$")


def is_markup(text: str) -> bool:
    """Whether a text carries Markdown (emphasis, pipe tables), HTML tables or a portal's
    flattened tables."""
    sample = text[:200_000]
    bars = sum(1 for line in sample.splitlines() if CELL_END_RE.match(line))
    return (
        "**" in sample
        or bars >= 2
        or bool(re.search(r"(?m)^\*[^\s*].*\*\s*$|^\s*\|.*\|.*\|\s*$|^#{1,6}\s+\S", sample))
        or "<table" in sample.lower()
    )


# "| Số: 254/QĐ-UBND | Sơn La, ngày 17 tháng 02 năm 2023 |"; "|---|:---:|"
_PIPE_ROW_RE = re.compile(r"^\s*\|(?P<cells>.*\|.*)\|\s*$")
_PIPE_RULE_RE = re.compile(r"^(?:\s*\|)?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _pipe_tables(lines: list[L], text_of: Callable[[L], str], with_text: Callable[[L, str], L]) -> list[L]:
    """Markdown pipe tables: one TAB-separated line per row, the ``|---|`` rule dropped."""
    out: list[L] = []
    for ln in lines:
        text = text_of(ln)
        if _PIPE_RULE_RE.match(text) and "-" in text:
            continue
        m = _PIPE_ROW_RE.match(text)
        if m:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", m.group("cells"))]
            out.append(with_text(ln, "\t".join(cells) + ("\t" if len(cells) == 1 else "")))
            continue
        out.append(ln)
    return out


_TABLE_OPEN_RE = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE_RE = re.compile(r"</table\s*>", re.IGNORECASE)


def _html_tables(lines: list[L], text_of: Callable[[L], str], with_text: Callable[[L, str], L]) -> list[L]:
    """An HTML ``<table>`` inside the text: one TAB-separated line per row (``colspan`` cells
    repeat nothing: a spanning cell is one cell), its markup never kept or run."""
    out: list[L] = []
    i, n = 0, len(lines)
    while i < n:
        if not _TABLE_OPEN_RE.search(text_of(lines[i])):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < n and not _TABLE_CLOSE_RE.search(text_of(lines[j])):
            j += 1
        block = lines[i : min(j + 1, n)]
        rows = _html_rows("\n".join(text_of(x) for x in block))
        if rows is None:
            out.extend(block)
        else:
            out.extend(with_text(block[0], "\t".join(r) + ("\t" if len(r) == 1 else "")) for r in rows)
        i = j + 1
    return out


def _html_rows(markup: str) -> list[list[str]] | None:
    """Rows of cell texts of the first table in ``markup`` (lxml's HTML parser, no network, no
    entities resolved from outside), or ``None`` when it does not parse."""
    from lxml import etree, html

    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    for bad in list(root.iter("script", "style")):
        bad.drop_tree()  # code and styles are no text of the document
    rows = []
    for tr in root.iter("tr"):
        cells = [" ".join(td.text_content().split()) for td in tr if td.tag in ("td", "th")]
        if any(cells):
            rows.append(cells)
    return rows or None


@cache
def _chrome() -> dict[str, str]:
    return {_key(k): v for k, v in load_map("portal_chrome.tsv").items()}


def _key(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip().casefold()


def _chrome_kind(text: str) -> str | None:
    key = _key(text)
    if not key:
        return None
    table = _chrome()
    kind = table.get(key)
    if kind:
        return kind
    for k, v in table.items():
        if v == "line" and key.startswith(k):
            return v
    return None


def clean_portal_lines(lines: list[L], text_of: Callable[[L], str], with_text: Callable[[L, str], L]) -> list[L]:
    """The lines of a saved page without markup and chrome, flattened task tables rebuilt.

    ``text_of`` and ``with_text`` read and replace a line's text (the lines carry their own
    number and offset, which are kept)."""
    lines = _pipe_tables(lines, text_of, with_text)
    lines = _html_tables(lines, text_of, with_text)
    joined = _join_bold_wraps(lines, text_of, with_text)
    kept = _drop_chrome(joined, text_of)
    rebuilt = _rebuild_tables(kept, text_of, with_text)
    cleaned = [ln if "\t" in text_of(ln) else with_text(ln, strip_emphasis(text_of(ln))) for ln in rebuilt]
    return _join_lone_labels(cleaned, text_of, with_text)


def _single_stars(text: str) -> int:
    return text.count("*") - 2 * len(re.findall(r"\*\*", text))


def _open_bold(text: str) -> bool:
    """A line whose ``**`` marks do not pair up (its bold run goes on to the next line), or that
    opens an italic run it does not close (``*2.8. Sở`` / ``Tư pháp*``)."""
    if STARS_ONLY_RE.match(text):
        return False
    return text.count("**") % 2 == 1 or (text.lstrip().startswith("*") and _single_stars(text) % 2 == 1)


def _closes(opening: str, text: str) -> bool:
    if opening.count("**") % 2 == 1:
        return text.count("**") % 2 == 1
    return _single_stars(text) % 2 == 1


def _join_bold_wraps(lines: list[L], text_of: Callable[[L], str], with_text: Callable[[L, str], L]) -> list[L]:
    """``**I. MỤC`` / ``ĐÍCH, YÊU CẦU**`` → one line: a bold run wrapped by the page is one
    heading (at most six lines, never across a blank line or a table bar)."""
    out: list[L] = []
    i, n = 0, len(lines)
    while i < n:
        text = text_of(lines[i])
        if _open_bold(text):
            parts, j, closed = [text.rstrip()], i + 1, False
            while j < n and j - i <= 6:
                nxt = text_of(lines[j])
                if not nxt.strip() or CELL_END_RE.match(nxt):
                    break
                parts.append(nxt.strip())
                j += 1
                if _closes(text, nxt):
                    closed = True
                    break
            if closed:
                out.append(with_text(lines[i], " ".join(parts)))
                i = j
                continue
        out.append(lines[i])
        i += 1
    return out


def _drop_chrome(lines: list[L], text_of: Callable[[L], str]) -> list[L]:
    n = len(lines)
    kinds = [_chrome_kind(strip_emphasis(text_of(ln))) for ln in lines]
    start, end = 0, n
    heads = [i for i, k in enumerate(kinds) if k == "head" and i < n / 3]
    if heads:
        start = heads[-1] + 1
    tails = [i for i, k in enumerate(kinds) if k == "tail" and i > n / 3 and i >= start]
    if tails:
        end = tails[0]
    out: list[L] = []
    skip_value = False
    for i in range(start, end):
        kind, text = kinds[i], text_of(lines[i])
        if kind == "line":
            continue
        if kind == "label":
            skip_value = True
            continue
        if skip_value:
            if CELL_END_RE.match(text) or not text.strip():
                continue
            skip_value = False  # the value cell of the label
            continue
        out.append(lines[i])
    return _drop_empty_bars(out, text_of)


def _drop_empty_bars(lines: list[L], text_of: Callable[[L], str]) -> list[L]:
    """Runs of bars left where the chrome was cut ("|" "|" "|" "|") shrink to one."""
    out: list[L] = []
    run = 0
    for ln in lines:
        if CELL_END_RE.match(text_of(ln)):
            run += 1
            if run > 3:
                continue
        else:
            run = 0
        out.append(ln)
    return out


def _rebuild_tables(lines: list[L], text_of: Callable[[L], str], with_text: Callable[[L, str], L]) -> list[L]:
    out: list[L] = []
    i, n = 0, len(lines)
    continues = False  # the last run was a task table and only blank lines came since
    while i < n:
        if not CELL_END_RE.match(text_of(lines[i])):
            continues = continues and not text_of(lines[i]).strip()
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < n and (text_of(lines[j]).strip() or _empty_cell(lines, j, text_of)):
            j += 1
        rebuilt, continues = _rebuild_region(lines[i:j], text_of, with_text, continues)
        out.extend(rebuilt)
        i = j
    return out


# cells before a table's header row that still belong to it (a part row "B", a group row "I")
_MAX_LEAD_CELLS = 6
_MAX_LEAD_CHARS = 200


def _rebuild_region(
    region: list[L], text_of: Callable[[L], str], with_text: Callable[[L, str], L], continues: bool = False
) -> tuple[list[L], bool]:
    """A run of bar-separated cells: the task table in it as TAB rows, the rest as it was, and
    whether it held a task table. A table is known by its header row (``STT | Nội dung | Chủ trì
    ...``), or continues the table just before it (a page break). A page may hold its whole
    document in one such run (header cells, the body, the signature, then the appendix table):
    the table starts at its header row, or at the few short group rows just above it."""
    tokens = _tokens(region, text_of)
    cells = [k for k, t in enumerate(tokens) if isinstance(t, list)]
    header = next((k for k in cells if _opens_header(tokens, k, text_of)), None)
    if header is None and not continues:
        return region, False
    start = 0
    if header is not None:
        before = [tokens[k] for k in cells if k < header]
        short = len(before) <= _MAX_LEAD_CELLS and all(
            sum(len(text_of(x)) for x in c) <= _MAX_LEAD_CHARS for c in before
        )
        start = 0 if short else header
    head = [ln for t in tokens[:start] for ln in (t if isinstance(t, list) else t)]
    rows = _rows(tokens[start:], text_of)
    if not _is_task_table(rows):
        return region, False
    out = list(head)
    for row in rows:
        first = next((c[0] for c in row if c), None)
        if first is None:
            continue
        texts = [" ".join(t for x in c if (t := strip_emphasis(text_of(x)).strip())) for c in row]
        out.append(with_text(first, "\t".join(texts) + ("\t" if len(texts) == 1 else "")))
    return out, True


@cache
def _header_cue_re() -> re.Pattern[str]:
    cues = sorted((_key(c) for c in load_list("table_header_cues.txt")), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in cues) + r")(?!\w)")


def _opens_header(tokens: list, k: int, text_of: Callable[[L], str]) -> bool:
    """Whether the cell ``tokens[k]`` opens a task table's header row: it and the next cells are
    short, and at least three of the first five name columns (``TT``, ``Nội dung``, ``Chủ trì``)."""
    texts = []
    for t in tokens[k:]:
        if isinstance(t, list):
            texts.append(_key(strip_emphasis(" ".join(text_of(x) for x in t))))
            if len(texts) == 5:
                break
        elif len(t) >= 2 and texts:
            break  # the row ends
    if len(texts) < 3 or any(len(x) > 60 for x in texts[:3]):
        return False
    return sum(1 for x in texts if _header_cue_re().search(x)) >= 3


def _empty_cell(lines: list[L], j: int, text_of: Callable[[L], str]) -> bool:
    """A blank line between two bars ("|" / "" / "|"): an empty cell, not the table's end."""
    return 0 < j < len(lines) - 1 and bool(CELL_END_RE.match(text_of(lines[j - 1])) and CELL_END_RE.match(text_of(lines[j + 1])))


def _tokens(region: list[L], text_of: Callable[[L], str]) -> list:
    """A cell's lines (a list of lines) or a run of bar lines (a tuple), in order; a blank line
    between bars is an empty cell (an empty list)."""
    tokens: list = []
    cell: list[L] = []
    bars: list[L] = []
    for ln in region:
        if not text_of(ln).strip():
            if bars:
                tokens.append(tuple(bars))
                bars = []
            tokens.append([])
            continue
        if CELL_END_RE.match(text_of(ln)):
            if cell:
                tokens.append(cell)
                cell = []
            bars.append(ln)
            continue
        if bars:
            tokens.append(tuple(bars))
            bars = []
        cell.append(ln)
    if cell:
        tokens.append(cell)
    if bars:
        tokens.append(tuple(bars))
    return tokens


def _rows(tokens: list, text_of: Callable[[L], str]) -> list[list[list[L]]]:
    """Cells (their lines) by row. One bar closes a cell, two close the row; more bars after a
    row's cells are empty cells. A data row (numbered ``1``, ``1.2``) that has fewer cells than
    the header keeps going past a double bar: the bar marks an empty cell inside it."""
    rows: list[list[list[L]]] = []
    row: list[list[L]] = []
    width = 0
    for tok in tokens:
        if isinstance(tok, list):
            if not tok and width and len(row) >= width:  # a full row, then a blank: the table broke
                rows.append(row)
                row = []
                continue
            if tok or row:
                row.append(tok)
            continue
        if not row:
            continue  # the bars that open the table
        k = len(tok)
        data_row = bool(re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*\.?", " ".join(text_of(x) for x in row[0]).strip()))
        if k == 1:
            continue
        if data_row and width and len(row) + (k - 1) < width:
            row.extend([] for _ in range(k - 1))  # empty cells inside the row
            continue
        if width:
            row.extend([] for _ in range(min(k - 2, max(0, width - len(row)))))
        rows.append(row)
        width = max(width, len(row)) if len(rows) <= 2 else width
        row = []
    if row:
        rows.append(row)
    return rows


def _is_task_table(rows: list[list[list[L]]]) -> bool:
    return len(rows) >= 2 and max(len(r) for r in rows) >= 3


def _join_lone_labels(lines: list[L], text_of: Callable[[L], str], with_text: Callable[[L, str], L]) -> list[L]:
    out: list[L] = []
    pending: L | None = None
    for ln in lines:
        text = text_of(ln)
        if pending is not None:
            if not text.strip():
                continue
            if "\t" not in text and not CELL_END_RE.match(text) and not _LABEL_ONLY_RE.match(text):
                out.append(with_text(pending, f"{text_of(pending).strip()} {text.strip()}"))
                pending = None
                continue
            out.append(pending)
            pending = None
        if _LABEL_ONLY_RE.match(text) and "\t" not in text:
            pending = ln
            continue
        out.append(ln)
    if pending is not None:
        out.append(pending)
    return out
