"""Physical lines of a text file to logical lines: what web portals and copy-paste do to plans.

* ``|`` cells: portals flatten the header table to ``ỦY BAN NHÂN DÂN | CỘNG HÒA ... |`` (cells on
  one line) or to runs of lines each closed by a line holding only ``|``; the first become TAB
  cells, the second one line per cell (its wrapped lines re-joined, rules dropped).
* hard wraps: text copied from a page wrapped at a fixed width (``Thực hiện Chỉ thị`` /
  ``số 09/CT-TTg ngày ...``). When a text shows that pattern, a line that does not end a sentence
  is joined with the next one when that one continues it (lower case, a digit, no label).

Each logical line keeps the number and offset of its first physical line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.read.portal import CELL_END_RE, clean_portal_lines, is_markup
from pipeline.vi.markers import is_capitalised, match_marker

__all__ = ["PhysicalLine", "logical_lines"]

# cells on one line: "Số: 7822/KH-UBND | Bến Tre, ngày 26 tháng 11 năm 2021 |"
INLINE_CELLS_RE = re.compile(r"\s\|\s|\s\|$")
# rules that carry no text: "-------", "___", "***"
RULE_ONLY_RE = re.compile(r"^\s*(?:[-_=*.–—]\s*){3,}$")
_END_RE = re.compile(r"[.;:!?…)”\"]\s*$")


def _continues(text: str) -> bool:
    """A line that continues the previous one: lower case, a digit, an opening quote."""
    first = text[:1]
    return first.islower() or first.isdigit() or first in '“"'


# a header or signature cell is a few short lines; more is body text between two tables
_MAX_CELL_LINES = 6
_MAX_CELL_CHARS = 320


@dataclass(frozen=True, slots=True)
class PhysicalLine:
    """A logical line: its text, the number and offset of its first physical line, whether it
    is a joined table cell, and its last physical line (what a wrap width is measured on)."""

    text: str
    lineno: int
    offset: int
    cell: bool = False
    last: str = ""

    def __post_init__(self) -> None:
        if not self.last:
            object.__setattr__(self, "last", self.text)


def _cell_lines(run: list[PhysicalLine]) -> list[PhysicalLine]:
    """The lines of one header cell, re-joined where the page wrapped them ("ỦY" / "BAN NHÂN DÂN",
    "Số:" / "4291/KH-UBND", "Lai Châu, ngày 25" / "tháng 4 năm 2024") but kept apart where a
    new name starts ("BỘ CÔNG AN" / "CÔNG AN TỈNH NGHỆ AN": parent and issuer)."""
    out: list[PhysicalLine] = []
    for ln in run:
        text = ln.text.strip()
        if out:
            prev = out[-1].text
            fragment = len(prev.split()) == 1 and len(prev) <= 5  # "ỦY", "CỘNG", "Số:", "Phú"
            if fragment or _continues(text):
                out[-1] = PhysicalLine(f"{prev} {text}", out[-1].lineno, out[-1].offset, cell=True)
                continue
        out.append(PhysicalLine(text, ln.lineno, ln.offset, cell=True))
    return out


def _cells(lines: list[PhysicalLine]) -> list[PhysicalLine]:
    out: list[PhysicalLine] = []
    run: list[PhysicalLine] = []
    has_cell_ends = sum(1 for ln in lines if CELL_END_RE.match(ln.text)) >= 2
    for ln in lines:
        if has_cell_ends and CELL_END_RE.match(ln.text):
            parts = [
                r.text.strip() for r in run if r.text.strip() and not RULE_ONLY_RE.match(r.text)
            ]
            kept = [r for r in run if r.text.strip() and not RULE_ONLY_RE.match(r.text)]
            if parts and len(parts) <= _MAX_CELL_LINES and sum(map(len, parts)) <= _MAX_CELL_CHARS:
                out.extend(_cell_lines(kept))
            else:  # a long run between two "|" is the body between the header and signature tables
                out.extend(run)
            run = []
            continue
        if has_cell_ends and ln.text.strip():
            run.append(ln)
            continue
        if has_cell_ends and run and not ln.text.strip():
            continue
        if INLINE_CELLS_RE.search(ln.text) and ln.text.count("|") >= 1:
            cells = [c.strip() for c in ln.text.split("|")]
            out.append(
                PhysicalLine(
                    "\t".join(c for c in cells if c)
                    + ("\t" if len([c for c in cells if c]) == 1 else ""),
                    ln.lineno,
                    ln.offset,
                )
            )
            continue
        out.append(ln)
    out.extend(run)
    return out


def _is_hard_wrapped(lines: list[PhysicalLine]) -> bool:
    texts = [ln.text.strip() for ln in lines if ln.text.strip() and "\t" not in ln.text]
    wraps = sum(
        1
        for a, b in zip(texts, texts[1:], strict=False)
        if len(a) > 25 and not _END_RE.search(a) and _continues(b) and match_marker(b) is None
    )
    return wraps >= 3 and wraps >= 0.1 * len(texts)


# a line that opens a paragraph even after a full line: "Căn cứ ...", "Thực hiện ...", "Nơi nhận:"
BODY_START_RE = re.compile(r"^(?:Căn cứ|Thực hiện|Xét|Theo|Để|Nhằm|Nơi nhận|KẾ HOẠCH|QUYẾT ĐỊNH)\b")


def _wrap_width(lines: list[PhysicalLine]) -> int:
    """The width the page was wrapped at: the median length of the lines a continuation follows."""
    texts = [ln.text.strip() for ln in lines if ln.text.strip()]
    wrapped = sorted(len(a) for a, b in zip(texts, texts[1:], strict=False) if not _END_RE.search(a) and _continues(b))
    return wrapped[len(wrapped) // 2] if wrapped else 0


def _unwrap(lines: list[PhysicalLine]) -> list[PhysicalLine]:
    """Join wrapped lines: the next one continues in lower case, or the previous one filled the
    wrap width and stops mid-phrase ("... về Đề án phát triển" / "Chính quyền điện tử, ...").

    Linear in the input: a joined line is kept as its pieces until the end, and the checks read
    only its end (a long run of joined lines was quadratic, issue 12)."""
    width = _wrap_width(lines)
    out: list[PhysicalLine] = []
    pieces: list[list[str]] = []  # the texts each output line is joined from
    for ln in lines:
        text = ln.text.strip()
        if out and text and "\t" not in text and "\t" not in out[-1].text:
            prev = _tail(pieces[-1])
            full = (
                width > 40
                and len(out[-1].last) >= 0.85 * width
                and not BODY_START_RE.match(text)
                and not out[-1].cell
                and not is_capitalised(prev)
                and not is_capitalised(text)
            )
            joinable = (
                prev
                and not _END_RE.search(prev)
                and (_continues(text) or full)
                and match_marker(text) is None
                and not (len(pieces[-1]) == 1 and RULE_ONLY_RE.match(prev))
            )
            if joinable:
                pieces[-1].append(text)
                out[-1] = PhysicalLine(out[-1].text, out[-1].lineno, out[-1].offset, last=text)
                continue
        out.append(ln)
        pieces.append([ln.text])
    return [
        ln if len(parts) == 1 else PhysicalLine(" ".join([parts[0].rstrip(), *parts[1:]]), ln.lineno, ln.offset, last=ln.last)
        for ln, parts in zip(out, pieces, strict=True)
    ]


_TAIL_CHARS = 300  # what the checks of a joined line read: its last 300 characters


def _tail(parts: list[str]) -> str:
    """The end of the line ``parts`` join into (rstripped), at most about ``_TAIL_CHARS`` long."""
    if len(parts) == 1:
        return parts[0].rstrip()[-_TAIL_CHARS:]
    taken: list[str] = []
    size = 0
    for part in reversed(parts):
        taken.append(part)
        size += len(part) + 1
        if size >= _TAIL_CHARS:
            break
    joined = " ".join(reversed(taken))
    if len(taken) == len(parts):
        joined = " ".join([parts[0].rstrip(), *parts[1:]])
    return joined.rstrip()[-_TAIL_CHARS:]


def logical_lines(text: str) -> list[PhysicalLine]:
    """Split ``text`` into lines, re-joining flattened cells and hard wraps (see the docstring)."""
    lines: list[PhysicalLine] = []
    offset = 0
    for lineno, raw in enumerate(text.splitlines(keepends=True), start=1):
        lines.append(PhysicalLine(raw.rstrip("\r\n"), lineno, offset))
        offset += len(raw)
    if is_markup(text):
        lines = clean_portal_lines(lines, lambda ln: ln.text, lambda ln, t: replace(ln, text=t, last=t))
    if "|" in text:
        lines = _cells(lines)
    if _is_hard_wrapped(lines):
        lines = _unwrap(lines)
    return lines
