"""The text of one paragraph, read from its runs in the accepted view of tracked changes.

python-docx's ``Paragraph.text`` joins only the direct ``w:r``/``w:hyperlink`` children, so it
drops inserted text (``w:ins``), content controls and field results. This module walks the
paragraph itself:

* ``w:t`` text, ``w:tab``/``w:ptab`` → TAB, ``w:br``/``w:cr`` → newline, ``w:noBreakHyphen``
  → "-", ``w:sym`` → its character, ``m:t`` of equations;
* through ``w:hyperlink``, ``w:smartTag``, ``w:customXml``, ``w:sdt`` content, ``w:fldSimple``,
  ``w:dir``/``w:bdo``, ``w:ins`` and ``w:moveTo``; never into ``w:del`` or ``w:moveFrom``;
* complex fields keep their result and drop their instruction (``w:instrText``);
* ``w:footnoteReference`` becomes an offset in the text; text boxes (``w:txbxContent``) are
  collected for the caller, which reads them as blocks after the paragraph;
* ``w:proofErr``, bookmarks, comments and ``w:lastRenderedPageBreak`` give nothing.

>>> from lxml import etree
>>> p = etree.fromstring(
...     '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
...     '<w:r><w:t>Quy chế </w:t></w:r><w:del><w:r><w:delText>cũ </w:delText></w:r></w:del>'
...     '<w:ins><w:r><w:t>dân chủ</w:t></w:r></w:ins><w:r><w:footnoteReference w:id="1"/></w:r></w:p>')
>>> changes = ChangeCount()
>>> inline = read_inline(p, changes)
>>> inline.text, inline.refs, (changes.insertions, changes.deletions)
('Quy chế dân chủ', [(15, '1')], (1, 1))
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.read.ooxml import names as n
from pipeline.read.ooxml.numfmt import symbol_char
from pipeline.read.ooxml.styles import run_font

__all__ = ["ChangeCount", "InlineText", "iter_textboxes", "read_inline"]

# containers whose children are read as if they were the paragraph's own
_TRANSPARENT = frozenset({n.HYPERLINK, n.SMART_TAG, n.CUSTOM_XML, n.DIR, n.BDO, n.FLD_SIMPLE})
_INSERTED = frozenset({n.INS, n.MOVE_TO})
_DELETED = frozenset({n.DEL, n.MOVE_FROM})
_GRAPHICS = frozenset({n.DRAWING, n.PICT, n.OBJECT})
_MATH = frozenset({n.O_MATH, n.O_MATH_PARA})
_SIMPLE_RUN_TEXT = {
    n.TAB: "\t",
    n.PTAB: "\t",
    n.BR: "\n",
    n.CR: "\n",
    n.NO_BREAK_HYPHEN: "-",
}
# the paragraph children read (w:pPr, w:proofErr, bookmarks, comment ranges are skipped in C)
_CONTAINER_CHILDREN = (
    n.R, *_TRANSPARENT, *_INSERTED, *_DELETED, n.SDT, n.ALTERNATE_CONTENT, *_MATH,
)  # fmt: skip
# the run children that give text, marks or text boxes (w:rPr and the rest are skipped in C)
_RUN_CHILDREN = (
    n.T, *_SIMPLE_RUN_TEXT, n.FLD_CHAR, n.FOOTNOTE_REFERENCE, n.ENDNOTE_REFERENCE, n.SYM,
    *_GRAPHICS, n.ALTERNATE_CONTENT,
)  # fmt: skip


@dataclass(slots=True)
class ChangeCount:
    """Tracked changes met while reading (insertions kept, deletions dropped)."""

    insertions: int = 0
    deletions: int = 0

    def __bool__(self) -> bool:
        return bool(self.insertions or self.deletions)


@dataclass(slots=True)
class InlineText:
    """A paragraph's text; ``refs`` are ``(offset, note id)``, endnote ids prefixed "e"."""

    text: str = ""
    refs: list[tuple[int, str]] = field(default_factory=list)
    boxes: list[n.Element] = field(default_factory=list)

    def extend(self, other: InlineText) -> None:
        """Append ``other`` (a paragraph joined to this one when its mark is deleted)."""
        shift = len(self.text)
        self.refs.extend((offset + shift, note) for offset, note in other.refs)
        self.text += other.text
        self.boxes.extend(other.boxes)


@lru_cache(maxsize=256)
def _is_legacy_font(font: str) -> bool:
    from pipeline.read.legacy import legacy_font_encoding

    return legacy_font_encoding(font)[0] is not None


class _InlineReader:
    __slots__ = ("boxes", "changes", "fields", "font", "length", "pieces", "refs")

    def __init__(self, changes: ChangeCount, font: str | None = None):
        self.font = font  # the paragraph's font (its style's, else the document's)
        self.pieces: list[str] = []
        self.length = 0
        self.refs: list[tuple[int, str]] = []
        self.boxes: list[n.Element] = []
        # one entry per open complex field: True while in its instruction part
        self.fields: list[bool] = []
        self.changes = changes

    def add(self, text: str) -> None:
        if text:
            self.pieces.append(text)
            self.length += len(text)

    def container(self, el: n.Element) -> None:
        for child in el.iterchildren(*_CONTAINER_CHILDREN):
            tag = child.tag
            if tag == n.R:
                self.run(child)
            elif tag in _TRANSPARENT:
                self.container(child)
            elif tag in _INSERTED:
                self.changes.insertions += 1
                self.container(child)
            elif tag in _DELETED:
                self.changes.deletions += 1
            elif tag == n.SDT:
                self.content_control(child)
            elif tag == n.ALTERNATE_CONTENT:
                branch = n.alternative(child)
                if branch is not None:
                    self.container(branch)
            elif tag in _MATH:
                self.add("".join(child.itertext(n.M_T)))

    def content_control(self, sdt: n.Element) -> None:
        """Read an inline ``w:sdt``, unless it only shows its placeholder ("Nhập ngày")."""
        props = n.child(sdt, n.SDT_PR)
        if props is not None and n.is_on(n.child(props, n.SHOWING_PLACEHOLDER)):
            return
        content = n.child(sdt, n.SDT_CONTENT)
        if content is not None:
            self.container(content)

    def run(self, r: n.Element) -> None:
        font = run_font(n.child(r, n.R_PR)) or self.font
        legacy = font is not None and _is_legacy_font(font)
        for child in r.iterchildren(*_RUN_CHILDREN):
            tag = child.tag
            if tag == n.T:
                if not any(self.fields):
                    text = child.text or ""
                    if legacy:  # TCVN3 / VNI text under a .VnTime / VNI-Times font
                        from pipeline.read.legacy import convert_run

                        text = convert_run(text, font)
                    self.add(text)
            elif tag in _SIMPLE_RUN_TEXT:
                self.add(_SIMPLE_RUN_TEXT[tag])
            elif tag == n.FLD_CHAR:
                self.field_char(child.get(n.FLD_CHAR_TYPE))
            elif tag == n.FOOTNOTE_REFERENCE:
                self.refs.append((self.length, child.get(n.ID) or ""))
            elif tag == n.ENDNOTE_REFERENCE:
                self.refs.append((self.length, "e" + (child.get(n.ID) or "")))
            elif tag == n.SYM:
                self.add(_sym_text(child))
            elif tag in _GRAPHICS:
                self.boxes.extend(iter_textboxes(child))
            elif tag == n.ALTERNATE_CONTENT:
                branch = n.alternative(child)
                if branch is not None:
                    self.run(branch)

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(True)
        elif kind == "separate" and self.fields:
            self.fields[-1] = False
        elif kind == "end" and self.fields:
            self.fields.pop()


def _sym_text(sym: n.Element) -> str:
    try:
        code = int(sym.get(n.CHAR) or "", 16)
    except ValueError:
        return ""
    return symbol_char(code, sym.get(n.FONT))


def read_inline(p: n.Element, changes: ChangeCount, font: str | None = None) -> InlineText:
    """Read the text of paragraph ``p`` (see the module docstring); count tracked changes
    into ``changes``. ``font`` is the paragraph's font when its runs name none: runs in a legacy
    Vietnamese font (``.VnTime``, ``VNI-Times``) are converted to Unicode."""
    reader = _InlineReader(changes, font)
    reader.container(p)
    return InlineText("".join(reader.pieces), reader.refs, reader.boxes)


def iter_textboxes(el: n.Element) -> Iterator[n.Element]:
    """The outermost ``w:txbxContent`` under ``el``, one branch of each ``mc:AlternateContent``
    (Word writes every text box twice: DrawingML in ``mc:Choice``, VML in ``mc:Fallback``)."""
    for child in el:
        tag = child.tag
        if tag == n.TXBX_CONTENT:
            yield child
        elif tag == n.ALTERNATE_CONTENT:
            branch = n.alternative(child)
            if branch is not None:
                yield from iter_textboxes(branch)
        elif isinstance(tag, str):
            yield from iter_textboxes(child)
