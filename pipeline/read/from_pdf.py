"""PDF files: the text layer through pypdfium2, pages without one through OCR.

pypdfium2 was chosen over pdfplumber and pdfminer.six (see ``docs/archives.md``): on the seed
PDF all three read the same characters (token F1 0.997 against the .txt), pypdfium2 5-14 times
faster (170-270 pages/s, against 35 for pdfminer.six and 19 for pdfplumber); it exposes
everything the layout pass needs (glyph boxes, baselines, font sizes and names, vector rules),
and it also renders pages for OCR, so one dependency serves both readers.

Each glyph becomes part of a positioned :class:`~pipeline.read.layout.Word`; the shared layout
pass (:mod:`pipeline.read.layout`, :mod:`pipeline.read.paragraphs`) rebuilds the paragraphs::

    "1.1. Tiếp tục quán triệt, ... trách nhiệm của các cấp ủy,"  (line 1)
    "chính quyền và hệ thống chính trị, ..."                      (line 2)
    -> Block("1.1. Tiếp tục quán triệt, ... các cấp ủy, chính quyền và hệ thống chính trị, ...")

Runs in legacy fonts (``.VnTime``, ``VNI-Times``) are converted by
:func:`pipeline.read.legacy.convert_run`. A page with no text layer is sent to
:mod:`pipeline.read.ocr`.
"""

from __future__ import annotations

import ctypes
import logging
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pipeline.errors import ReadError
from pipeline.model import Issue, Severity, SourceDocument
from pipeline.read import legacy, sha256_of
from pipeline.read.layout import Page, TextLine, Word, group_lines
from pipeline.read.paragraphs import blocks_from_pages

if TYPE_CHECKING:
    import pypdfium2

__all__ = ["read_pdf", "open_pdf", "page_words"]

log = logging.getLogger(__name__)


# a page with fewer visible characters than this in its text layer is treated as scanned
MIN_TEXT_CHARS = 8


@dataclass(slots=True)
class _Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    font: str
    bold: bool


def open_pdf(data: bytes) -> pypdfium2.PdfDocument:
    """Open PDF bytes, with :class:`ReadError` codes ``encrypted`` and ``corrupt``."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError(
            "the PDF reader needs pypdfium2: pip install pypdfium2", code="unsupported"
        ) from exc
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(
                "the PDF is password-protected; remove the password and retry", code="encrypted"
            ) from exc
        raise ReadError(f"the PDF cannot be opened ({exc})", code="corrupt") from exc


def _glyphs(page: Any, height: float) -> list[_Glyph]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        ox, oy = ctypes.c_double(), ctypes.c_double()
        name = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        out: list[_Glyph] = []
        styles: dict[int | None, tuple[float, str, bool]] = {}  # per text object
        for i in range(n):
            code = raw.FPDFText_GetUnicode(textpage, i)
            if code in (10, 13) and raw.FPDFText_IsGenerated(textpage, i):
                continue
            ch = chr(code) if code not in (0, 2, 0xFFFE, 0xFFFF) else "-"
            raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top)
            if unicodedata.combining(ch) and out:
                out[-1].text += ch  # decomposed marks ("cấp u\u0309y") stay with their letter
                out[-1].x1 = max(out[-1].x1, right.value)
                continue
            raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
            key = ctypes.cast(raw.FPDFText_GetTextObject(textpage, i), ctypes.c_void_p).value
            style = styles.get(key)
            if style is None:
                raw.FPDFText_GetFontInfo(textpage, i, name, len(name), ctypes.byref(flags))
                font = name.value.decode("utf-8", "replace")
                bold = raw.FPDFText_GetFontWeight(textpage, i) >= 600 or "bold" in font.lower()
                style = (raw.FPDFText_GetFontSize(textpage, i), font, bold)
                if key is not None:
                    styles[key] = style
            size, font, bold = style
            out.append(
                _Glyph(
                    ch,
                    left.value,
                    max(right.value, left.value),
                    height - top.value,
                    height - bottom.value,
                    height - oy.value,
                    size,
                    font,
                    bold,
                )
            )
        return out
    finally:
        textpage.close()


def _words(glyphs: list[_Glyph]) -> list[Word]:
    """Glyphs in content order to words: split at spaces, size changes, gaps and jumps back."""
    words: list[Word] = []
    cur: list[_Glyph] = []
    glued = False

    def flush() -> None:
        if cur:
            text = "".join(g.text for g in cur)
            font = Counter(g.font for g in cur).most_common(1)[0][0]
            text = legacy.convert_run(text, font)
            words.append(
                Word(
                    text=unicodedata.normalize("NFC", text),
                    x0=min(g.x0 for g in cur),
                    x1=max(g.x1 for g in cur),
                    top=min(g.top for g in cur),
                    bottom=max(g.bottom for g in cur),
                    baseline=cur[0].baseline,
                    size=cur[0].size,
                    bold=cur[0].bold,
                    glued=glued,
                )
            )

    for g in glyphs:
        if g.text.isspace():
            flush()
            cur, glued = [], False
            continue
        if cur:
            prev = cur[-1]
            jump = g.x0 < prev.x0 - 0.5 * g.size or abs(g.baseline - prev.baseline) > 0.45 * max(
                g.size, prev.size
            )
            gap = g.x0 - prev.x1 > 0.2 * max(g.size, prev.size)
            if jump or gap or abs(g.size - prev.size) > 0.5:
                flush()
                glued = not (jump or gap)
                cur = []
        cur.append(g)
    flush()
    return words


def _rules(page: Any, height: float) -> tuple[tuple[float, float, float], ...]:
    """Short horizontal lines drawn on the page (footnote separators), as ``(x0, x1, y)``."""
    import pypdfium2.raw as raw

    out: list[tuple[float, float, float]] = []
    width = page.get_width()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        if y1 - y0 < 2 and 20 < x1 - x0 < 0.6 * width:
            out.append((x0, x1, height - y1))
    return tuple(out)


def page_words(page: Any) -> tuple[list[Word], tuple[tuple[float, float, float], ...]]:
    """The words of a pypdfium2 page's text layer and its short horizontal rules."""
    height = page.get_height()
    return _words(_glyphs(page, height)), _rules(page, height)


def _convert_legacy_pages(pages: list[Page]) -> tuple[list[Page], str | None]:
    """Fallback when font names say nothing: decode the whole text layer if it reads as
    TCVN3/VNI (fonts renamed by the PDF producer)."""
    sample = " ".join(line.text for p in pages for line in p.lines)
    found = legacy.detect_legacy(sample)
    if found is None:
        return pages, None
    decode = legacy.decode_tcvn3 if found == legacy.TCVN3 else legacy.decode_vni
    out = []
    for p in pages:
        lines = tuple(
            TextLine(tuple(_retext(w, decode(w.text)) for w in line.words), line.page)
            for line in p.lines
        )
        out.append(p.with_lines(lines))
    return out, found


def _retext(w: Word, text: str) -> Word:
    return replace(w, text=text)


def read_pdf(path: str, data: bytes) -> SourceDocument:
    """Read a PDF: text-layer pages by layout, scanned pages by OCR (see the module docstring).

    Raises:
        ReadError: ``encrypted`` (password), ``corrupt``, or ``tool_missing`` when a page
            needs OCR and Tesseract is not installed.
    """
    import pypdfium2 as pdfium

    pdf = open_pdf(data)
    issues: list[Issue] = []
    try:
        pages, scanned, meta = _read_pages(pdf, issues)
    except pdfium.PdfiumError as exc:  # a damaged page reference, a looping page tree
        raise ReadError(f"the PDF is damaged ({exc})", code="corrupt") from exc
    except RecursionError as exc:
        raise ReadError("the PDF page tree is nested too deeply", code="corrupt") from exc
    finally:
        pdf.close()
    return _document(path, data, pages, scanned, meta, issues)


def _metadata(pdf: Any) -> dict[str, str]:
    """The document information, or nothing when its strings are damaged (non-essential)."""
    try:
        return dict(pdf.get_metadata_dict(skip_empty=True))
    except (UnicodeDecodeError, ValueError) as exc:
        log.debug("PDF metadata unreadable: %s", exc)
        return {}


def _read_pages(pdf: Any, issues: list[Issue]) -> tuple[list[Page], list[int], dict[str, str]]:
    pages: list[Page] = []
    scanned: list[int] = []
    for i in range(len(pdf)):
        page = pdf[i]
        try:
            width, height = page.get_size()
            words, rules = page_words(page)
        finally:
            page.close()
        if sum(len(w.text) for w in words) < MIN_TEXT_CHARS:
            scanned.append(i)
        pages.append(Page(i, width, height, tuple(group_lines(words, i)), rules))
    if scanned:
        from pipeline.read import ocr

        ocr_pages, ocr_issues = ocr.ocr_pdf_pages(pdf, scanned)
        for page_ in ocr_pages:
            pages[page_.number] = page_
        issues.extend(ocr_issues)
        issues.append(
            Issue(
                "READ006",
                f"{len(scanned)} of {len(pdf)} pages have no text layer: read by OCR",
                Severity.INFO,
            )
        )
    return pages, scanned, _metadata(pdf)


def _document(
    path: str, data: bytes, pages: list[Page], scanned: list[int], meta: dict[str, str],
    issues: list[Issue],
) -> SourceDocument:  # fmt: skip
    pages, found = _convert_legacy_pages(pages)
    if found:
        issues.append(
            Issue("READ003", f"legacy {found} text layer converted to Unicode", Severity.INFO)
        )
    blocks = blocks_from_pages(pages)
    kinds = "scanned" if len(scanned) == len(pages) else ("mixed" if scanned else "text")
    return SourceDocument(
        path=path,
        media_type="application/pdf",
        sha256=sha256_of(data),
        blocks=tuple(blocks),
        issues=tuple(issues),
        meta=tuple(
            sorted(
                {
                    **{k.lower(): v for k, v in meta.items()},
                    "pages": str(len(pages)),
                    "layer": kinds,
                }.items()
            )
        ),
    )
