"""Scanned pages saved as images (.png, .jpg, .tif): OCR, then the PDF reader's layout pass.

A photo or scan of "KẾ HOẠCH thực hiện Quy chế dân chủ ở cơ sở năm 2023" is read by
Tesseract (:mod:`pipeline.read.ocr`, Vietnamese data), its words placed on the page, and the
wrapped lines re-joined into paragraphs as for a PDF (:mod:`pipeline.read.layout`). A
multi-page TIFF gives one page per frame. The resolution comes from the image (PNG ``pHYs``,
JPEG ``JFIF`` density); without one, 300 dpi is assumed, which only scales the page.
"""

from __future__ import annotations

import struct

from pipeline.model import SourceDocument
from pipeline.read import sha256_of
from pipeline.read.ocr import low_confidence_issues, ocr_image, pages_from_tsv
from pipeline.read.paragraphs import blocks_from_pages

__all__ = ["read_image", "image_dpi"]

DEFAULT_DPI = 300
_MEDIA_TYPES = {
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}


def image_dpi(data: bytes) -> int | None:
    """The horizontal resolution recorded in a PNG or JPEG, or None.

    >>> image_dpi(b"\\x89PNG\\r\\n\\x1a\\n" + b"\\x00\\x00\\x00\\x09pHYs" + struct.pack(">IIB", 7874, 7874, 1))
    200
    """
    if data.startswith(b"\x89PNG"):
        pos = 8
        while pos + 8 <= len(data):
            length, kind = struct.unpack(">I4s", data[pos : pos + 8])
            if kind == b"pHYs" and length >= 9:
                x, _, unit = struct.unpack(">IIB", data[pos + 8 : pos + 17])
                return round(x * 0.0254) if unit == 1 and x else None
            if kind in (b"IDAT", b"IEND"):
                return None
            pos += 12 + length
        return None
    if data.startswith(b"\xff\xd8") and data[6:11] == b"JFIF\x00":
        unit, x = data[13], struct.unpack(">H", data[14:16])[0]
        if unit == 1 and x > 1:
            return x
        if unit == 2 and x > 1:
            return round(x * 2.54)
    return None


def read_image(path: str, data: bytes) -> SourceDocument:
    """OCR an image file into blocks.

    Raises:
        ReadError: ``tool_missing`` without Tesseract or its ``vie`` data, ``timeout``,
            ``corrupt`` when Tesseract cannot read the image.
    """
    dpi = image_dpi(data)
    tsv = ocr_image(data, dpi)
    pages = pages_from_tsv(tsv, dpi or DEFAULT_DPI)
    media_type = next((t for sig, t in _MEDIA_TYPES.items() if data.startswith(sig)), "image")
    return SourceDocument(
        path=path,
        media_type=media_type,
        sha256=sha256_of(data),
        blocks=tuple(blocks_from_pages(pages)),
        issues=tuple(low_confidence_issues(pages)),
        meta=(("pages", str(len(pages))), ("dpi", str(dpi or DEFAULT_DPI)), ("layer", "scanned")),
    )
