"""Normalization: blocks to one NFC text with a line table, footnotes after the body.

``build_text(source) -> Text``. Each block becomes one line: the rendered list label, a space,
then the block text; NFC; tabs, no-break and other odd spaces become plain spaces; words glued
by a lost space in web copies (``vềviệc``) are split where syllable structure leaves one reading
(:mod:`pipeline.vi.syllables`); ends are trimmed. Footnote reference marks are removed from the text and kept as offsets
(``Text.note_refs``), footnote bodies become lines of kind ``footnote`` after the body, so every
span of an extracted value is an offset into ``Text.text`` and every line knows its source block.
Display text is never folded: keys for comparison and search come from
:mod:`pipeline.vi.fold`.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.model import Block, BlockKind, Line, SourceDocument, Text
from pipeline.vi.syllables import unglue

__all__ = ["build_text", "clean_line"]

_ODD_SPACE_RE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000\ufeff\u200b]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_line(text: str) -> str:
    """NFC, odd spaces to spaces, control characters removed, glued syllables split (not trimmed).

    >>> clean_line("ca\u0301p\u00a0u\u0309y vềviệc")
    'cáp ủy về việc'
    """
    s = unicodedata.normalize("NFC", text)
    s = _ODD_SPACE_RE.sub(" ", s)
    s = _CONTROL_RE.sub("", s)
    return unglue(s)


def _render(block: Block) -> tuple[str, list[tuple[int, str]]]:
    """The block's line text and the offsets of its note marks in that text."""
    prefix = f"{block.label} " if block.label else ""
    if not block.note_refs:
        return clean_line(prefix + block.text), []
    pieces: list[str] = []
    refs: list[tuple[int, str]] = []
    pos = 0
    out_len = 0
    for ref in sorted(block.note_refs, key=lambda r: r.offset):
        piece = clean_line((prefix if pos == 0 else "") + block.text[pos : ref.offset])
        pieces.append(piece)
        out_len += len(piece)
        refs.append((out_len, ref.note_id))
        pos = ref.offset
    pieces.append(clean_line((prefix if pos == 0 else "") + block.text[pos:]))
    return "".join(pieces), refs


def build_text(source: SourceDocument) -> Text:
    """Join the source's blocks into one normalized :class:`~pipeline.model.Text`."""
    parts: list[str] = []
    lines: list[Line] = []
    note_refs: list[tuple[int, str]] = []
    notes: list[tuple[str, str]] = []
    pos = 0
    ordered = [(i, b) for i, b in enumerate(source.blocks) if b.kind != BlockKind.FOOTNOTE]
    ordered += [(i, b) for i, b in enumerate(source.blocks) if b.kind == BlockKind.FOOTNOTE]
    for index, block in ordered:
        raw, refs = _render(block)
        sub_start = 0
        pending = sorted(refs)
        k = 0  # marks before pending[k] are placed: one pass over the sorted marks (linear)
        for sub in raw.split("\n"):
            sub_end = sub_start + len(sub)
            lead = len(sub) - len(sub.lstrip())
            line = sub.strip()
            if line:
                # marks inside this sub-line (a mark at a line's end belongs to that line)
                first = k
                while k < len(pending) and pending[k][0] <= sub_end:
                    k += 1
                here = pending[first:k]
                note_refs.extend((pos + max(0, min(off - sub_start - lead, len(line))), nid) for off, nid in here)
                lines.append(Line(pos, pos + len(line), index, block.cell, block.kind, block.note_id))
                parts.append(line)
                pos += len(line) + 1
            sub_start = sub_end + 1
        pending = pending[k:]
        if pending and lines:  # marks after trailing blank sub-lines: end of the last line
            note_refs.extend((lines[-1].end, nid) for _, nid in pending)
        if block.kind == BlockKind.FOOTNOTE and block.note_id:
            notes.append((block.note_id, clean_line(block.text).strip()))
    return Text(
        text="\n".join(parts),
        lines=tuple(lines),
        notes=tuple(notes),
        note_refs=tuple(note_refs),
        source=source,
        issues=source.issues,
    )
