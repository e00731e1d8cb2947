"""Paragraph styles, as far as list numbering needs them.

A paragraph can be numbered without a ``numPr`` of its own: its style (or a style it is
``basedOn``) carries one. In python-docx's default template, a paragraph in the "List Number"
style, e.g. "Tổ chức hội nghị sơ kết", gets ``numId 5`` from the style and is rendered "1.".
:class:`StyleSheet` resolves that chain; numbering styles (``w:type="numbering"``) also give the
``numId`` that ``numStyleLink`` points to.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.read.ooxml import names as n

# A basedOn chain longer than this is a loop or garbage.
_MAX_CHAIN = 32
_NUM_PR_PATH = f"{n.P_PR}/{n.NUM_PR}"


class StyleSheet:
    """The styles of a document, reduced to ``basedOn`` and ``numPr``; a style's properties
    are read only when a paragraph asks for them."""

    def __init__(self, styles: n.Element | None):
        self._elements: dict[str, n.Element] = {}
        self._num_pr: dict[str | None, tuple[str | None, int | None]] = {}
        self._fonts: dict[str | None, str | None] = {}
        self.default_paragraph: str | None = None
        self.default_font: str | None = None
        if styles is None:
            return
        defaults = styles.find(f"{n.w('docDefaults')}/{n.w('rPrDefault')}/{n.R_PR}")
        self.default_font = run_font(defaults)
        for el in styles.iterchildren(n.STYLE):
            style_id = el.get(n.STYLE_ID)
            if style_id is None:
                continue
            self._elements.setdefault(style_id, el)
            if (
                self.default_paragraph is None
                and el.get(n.TYPE, "paragraph") == "paragraph"
                and (el.get(n.DEFAULT) or "0").lower() not in n.FALSE_VALUES
            ):
                self.default_paragraph = style_id

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """``(numId, ilvl)`` that ``style_id`` gives a paragraph, following ``basedOn``;
        each is ``None`` when no style in the chain sets it.

        >>> StyleSheet(None).num_pr("ListNumber")
        (None, None)
        """
        cached = self._num_pr.get(style_id)
        if cached is None:
            cached = self._num_pr[style_id] = self._resolve_num_pr(style_id)
        return cached

    def _chain(self, style_id: str | None) -> Iterator[n.Element]:
        """The style and the styles it is ``basedOn``, nearest first (cycles and depth capped)."""
        seen: set[str] = set()
        current = style_id
        while current is not None and current not in seen and len(seen) < _MAX_CHAIN:
            seen.add(current)
            el = self._elements.get(current)
            if el is None:
                return
            yield el
            current = n.child_val(el, n.BASED_ON)

    def _resolve_num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        num_id: str | None = None
        ilvl: int | None = None
        for el in self._chain(style_id):
            num_pr = el.find(_NUM_PR_PATH)
            if num_id is None:
                num_id = n.child_val(num_pr, n.NUM_ID)
            if ilvl is None:
                ilvl = n.to_int(n.child_val(num_pr, n.ILVL))
            if num_id is not None and ilvl is not None:
                break
        return num_id, ilvl

    def font(self, style_id: str | None) -> str | None:
        """The font (``rFonts`` ascii/hAnsi) a paragraph style gives its text, following
        ``basedOn``, else the document default: what decides legacy-encoded text (``.VnTime``)."""
        if style_id not in self._fonts:
            fonts = (run_font(n.child(el, n.R_PR)) for el in self._chain(style_id))
            self._fonts[style_id] = next((f for f in fonts if f), None) or self.default_font
        return self._fonts[style_id]


def run_font(r_pr: n.Element | None) -> str | None:
    """The Latin font named in a ``w:rPr`` (``w:rFonts`` ascii, else hAnsi)."""
    fonts = n.child(r_pr, n.R_FONTS)
    if fonts is None:
        return None
    return fonts.get(n.ASCII) or fonts.get(n.H_ANSI)
