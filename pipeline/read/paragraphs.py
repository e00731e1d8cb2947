"""Paragraphs from page lines, and the blocks of a whole document (PDF or OCR).

A line continues the paragraph above it unless one of these says it starts a new one
(:func:`starts_paragraph`): the line above ended short of the right margin (its paragraph is
over: the first word of this line would have fitted there), a numbering label opens it ("I-",
"1.", "1.1.", "a)", "-", "+"), a first-line indent, a vertical gap, a change of font size, or a
rule ("-----"). A hyphen at the end of a line inside a number symbol is kept and joined without
a space ("217-" + "QĐ/TW"), a soft hyphen dropped; superscript footnote marks leave the text
and become :class:`~pipeline.model.NoteRef` s::

    "1.1. Tiếp tục quán triệt, nâng cao nhận thức, trách nhiệm của các cấp ủy,"
    "chính quyền và hệ thống chính trị, ..."
    -> Block("1.1. Tiếp tục quán triệt, ... các cấp ủy, chính quyền và hệ thống chính trị, ...")
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import replace

from pipeline.model import Block, BlockKind, Cell, NoteRef
from pipeline.read.layout import (
    Columns,
    Page,
    TextLine,
    Word,
    body_size,
    drop_furniture,
    find_columns,
    line_pitch,
    split_footnotes,
)

__all__ = ["blocks_from_pages", "join_lines", "join_paragraphs", "starts_paragraph"]

# numbering labels that open a paragraph: "I-", "II.", "1.", "1.1.", "2.3)", "a)", "đ)"
# (not "2023." nor "866-QĐ/TU": numbers are 1-2 digits and must be followed by a space)
STRONG_LABEL_RE = re.compile(
    r"^(?:[IVXL]{1,5}\s?[.\-–)]|\d{1,2}(?:\.\d{1,2}){0,3}[.)]|\d{1,2}(?:\.\d{1,2}){1,3}|[a-zđ]\))(?:\s|$)"
)
# bullets: "- Chỉ đạo", "+ Tham mưu", "• ...", "* ..."
BULLET_RE = re.compile(r"^[-–—+•*●▪■□◦](?:\s|$)")
# a rule drawn with characters: "-----", "______", "***"
RULE_TEXT_RE = re.compile(r"^[-–—_=*.·~]{3,}$")
# a word that ends a line with a real hyphen to keep: "217-" (joined without a space)
HYPHEN_END_RE = re.compile(r"[^\s-]-$")


def _is_label(text: str) -> bool:
    return STRONG_LABEL_RE.match(text) is not None or BULLET_RE.match(text) is not None


def _margins(
    lines: Sequence[TextLine], widths: dict[int, float] | None = None
) -> dict[int, tuple[float, float]]:
    """Per page, the left and right edges of the text (from lines of some length). With few
    lines to go by, the right edge is at least where a usual right margin (two thirds of the
    left one) puts it on a page of the given width."""
    by_page: dict[int, list[TextLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    out: dict[int, tuple[float, float]] = {}
    for page, page_lines in by_page.items():
        longish = [ln for ln in page_lines if len(ln.text) >= 20] or page_lines
        left, right = min(ln.x0 for ln in longish), max(ln.x1 for ln in longish)
        width = (widths or {}).get(page)
        if width and len(longish) < 5:
            right = max(right, width - 2 / 3 * left)
        out[page] = (left, right)
    return out


def starts_paragraph(
    prev: TextLine, cur: TextLine, *, prev_first: bool, margins: tuple[float, float], pitch: float
) -> bool:
    """Whether ``cur`` opens a new paragraph after ``prev`` (see the module docstring)."""
    size = cur.size
    text, prev_text = cur.text, prev.text
    if RULE_TEXT_RE.match(text) or RULE_TEXT_RE.match(prev_text):
        return True
    if prev.page == cur.page and cur.baseline - prev.baseline > 1.5 * pitch:
        return True
    ocr = cur.words[0].conf is not None
    if not ocr and abs(cur.size - prev.size) > 0.15 * max(cur.size, prev.size):
        return True
    left, right = margins
    first = cur.words[0]
    room = right - prev.x1
    if room > (first.x1 - first.x0) + 0.6 * size:
        return True  # the previous line ended early: its paragraph is over
    indented = cur.x0 > left + 0.5 * size
    if _is_label(text) and (indented or STRONG_LABEL_RE.match(text)):
        return True
    # "- Thực hiện ..." / "  chủ ở cơ sở ...": the first line of a hanging indent
    hanging = prev_first and (_is_label(prev_text) or prev.x0 > left + 0.5 * size)
    return indented and not hanging and cur.x0 > prev.x0 + 0.5 * size


def join_lines(lines: Sequence[TextLine]) -> tuple[str, tuple[tuple[int, str], ...]]:
    """One paragraph's text from its lines, and its superscript marks as ``(offset, digits)``.

    Superscripts glued to a word ("217-QĐ/TW¹,") leave the text and become marks; a line that
    ends with a hyphen inside a word ("217-") is joined without a space, a soft hyphen dropped.
    """
    text = ""
    marks: list[tuple[int, str]] = []
    for k, line in enumerate(lines):
        for j, w in enumerate(line.words):
            if w.sup and w.text.isdigit():
                marks.append((len(text), w.text))
                continue
            if text:
                if j == 0 and k > 0 and text.endswith("\u00ad"):
                    text = text[:-1]
                elif j == 0 and k > 0 and HYPHEN_END_RE.search(text):
                    pass
                elif j > 0 and w.glued:
                    pass  # "TW¹," : the comma follows the mark directly
                else:
                    text += " "
            text += w.text
    return text, tuple(marks)


def join_paragraphs(
    lines: Sequence[TextLine], widths: dict[int, float] | None = None
) -> list[list[TextLine]]:
    """Group consecutive body lines (possibly over several pages of the given ``widths``) into
    paragraphs."""
    if not lines:
        return []
    margins = _margins(lines, widths)
    size = statistics.median(ln.size for ln in lines)
    step = line_pitch(lines, size)
    paras: list[list[TextLine]] = [[lines[0]]]
    for prev, cur in zip(lines, lines[1:], strict=False):
        page_margins = margins.get(prev.page, (prev.x0, prev.x1))
        if starts_paragraph(
            prev, cur, prev_first=len(paras[-1]) == 1, margins=page_margins, pitch=step
        ):
            paras.append([cur])
        else:
            paras[-1].append(cur)
    return paras


# --------------------------------------------------------------------------- blocks


def blocks_from_pages(pages: Sequence[Page]) -> list[Block]:
    """The whole layout pass: furniture, footnotes, columns, paragraphs -> blocks.

    Body paragraphs become paragraph blocks (with :class:`NoteRef` s for superscript marks that
    match a footnote), two-column regions become table cells (one block per line), footnotes
    become footnote blocks after the body.
    """
    size = body_size(pages)
    widths = {p.number: p.width for p in pages}
    pages = drop_furniture(pages)
    body: list[TextLine | Columns] = []
    notes: list[tuple[str, list[TextLine]]] = []
    for page in pages:
        kept, page_notes = split_footnotes(page, size)
        notes.extend(page_notes)
        lines: Sequence[TextLine] = kept.lines
        if page.ocr and page_notes:
            from pipeline.read.ocr_text import attach_note_marks

            lines = attach_note_marks(lines, [nid for nid, _ in page_notes])
        body.extend(find_columns(lines))
    note_ids = {n for n, _ in notes}
    blocks: list[Block] = []
    table = 0
    run: list[TextLine] = []

    def flush() -> None:
        for para in join_paragraphs(run, widths):
            text, marks = join_lines(para)
            refs = tuple(NoteRef(off, nid) for off, nid in marks if nid in note_ids)
            if any(nid not in note_ids for _, nid in marks):
                text, refs = _restore_marks(para, note_ids)
            blocks.append(Block(text, note_refs=refs, location=f"page {para[0].page + 1}"))
        run.clear()

    for item in body:
        if isinstance(item, TextLine):
            run.append(item)
            continue
        flush()
        for col, column in enumerate((item.left, item.right)):
            for line in column:
                text, _ = join_lines([line])
                cell = Cell(table, 0, col)
                blocks.append(
                    Block(text, cell=cell, location=f"page {line.page + 1}, column {col + 1}")
                )
        table += 1
    flush()
    for nid, note_lines in notes:
        if not note_lines:
            continue
        text = " ".join(join_lines(p)[0] for p in join_paragraphs(note_lines, widths))
        location = f"page {note_lines[0].page + 1}, footnote {nid}"
        blocks.append(Block(text, kind=BlockKind.FOOTNOTE, note_id=nid, location=location))
    return blocks


def _restore_marks(para: Sequence[TextLine], note_ids: set[str]) -> tuple[str, tuple[NoteRef, ...]]:
    """Re-join a paragraph keeping superscript digits that are not footnote marks ("m²")."""
    lines = [
        TextLine(
            tuple(_unsup(w) if w.sup and w.text not in note_ids else w for w in ln.words), ln.page
        )
        for ln in para
    ]
    text, marks = join_lines(lines)
    return text, tuple(NoteRef(off, nid) for off, nid in marks)


def _unsup(w: Word) -> Word:
    return replace(w, sup=False)
