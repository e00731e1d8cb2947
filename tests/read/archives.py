"""Helpers for the archive-reader tests: the seed and its renditions, tool checks, scores, and
tiny hand-made PDFs.

The renditions of the seed plan (``corpus/formats``: .doc, .pdf, -scan.pdf; TCVN3 and VNI made
here with the project's encoders) must score within 0.02 of the .txt on every metric (the scan
within 0.1); :func:`assert_scores_close` checks that with the project's own scorer.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import ReadError
from pipeline.normalize import build_text
from pipeline.read import read_document
from tests.conftest import CORPUS, SEED_GOLD, SEED_TXT

FORMATS = CORPUS / "formats"
SEED_DOC = FORMATS / "2023-duc-pho-bcd-qcdc.doc"
SEED_PDF = FORMATS / "2023-duc-pho-bcd-qcdc.pdf"
SEED_SCAN = FORMATS / "2023-duc-pho-bcd-qcdc-scan.pdf"


def _has_tesseract() -> str | None:
    from pipeline.read.ocr import find_tesseract

    try:
        find_tesseract()
    except ReadError as exc:
        return exc.message
    return None


def _missing(module: str) -> bool:
    return importlib.util.find_spec(module) is None


needs_pdfium = pytest.mark.skipif(
    _missing("pypdfium2"),
    reason="pypdfium2 is not installed (a kehoach dependency: pip install -e .)",
)
needs_olefile = pytest.mark.skipif(
    _missing("olefile"), reason="olefile is not installed (a kehoach dependency: pip install -e .)"
)


def _has_soffice() -> str | None:
    from pipeline.read.from_doc import find_soffice

    try:
        find_soffice()
    except ReadError as exc:
        return exc.message
    return None


_NO_SOFFICE = _has_soffice()
needs_soffice = pytest.mark.skipif(
    _NO_SOFFICE is not None, reason=f"no .doc conversion: {_NO_SOFFICE}"
)
_NO_TESSERACT = _has_tesseract()
needs_tesseract = pytest.mark.skipif(_NO_TESSERACT is not None, reason=f"no OCR: {_NO_TESSERACT}")


def text_lines(path: Path | str) -> list[str]:
    """The normalized lines of a file, as the extractor sees them."""
    return build_text(read_document(path)).text.splitlines()


def body_lines(lines: list[str]) -> list[str]:
    """The lines from the title "KẾ HOẠCH" to the last recipient ("- Lưu ...")."""
    start = next(i for i, line in enumerate(lines) if line.startswith("KẾ HOẠCH"))
    end = max(i for i, line in enumerate(lines) if line.startswith("- Lưu"))
    return lines[start : end + 1]


def squash(line: str) -> str:
    return " ".join(line.split())


@functools.cache
def seed_body() -> tuple[str, ...]:
    return tuple(squash(line) for line in body_lines(text_lines(SEED_TXT)))


def line_ratio(lines: list[str]) -> float:
    """difflib ratio of ``lines``' body against the seed .txt's body (whitespace folded)."""
    got = [squash(line) for line in body_lines(lines)]
    return difflib.SequenceMatcher(None, list(seed_body()), got, autojunk=False).ratio()


def scores(path: Path | str) -> dict[str, float | None]:
    """Every metric of the reference scorer for one file against the seed gold."""
    from pipeline.evaluate import Metrics, report_rows, score_plan
    from pipeline.run import extract_to_dict

    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    rows = report_rows(score_plan(extract_to_dict(path), gold, Metrics()))
    return {name: value for name, value, _ in rows}


@functools.cache
def txt_scores() -> dict[str, float | None]:
    return scores(SEED_TXT)


def assert_scores_close(path: Path | str, tolerance: float) -> dict[str, Any]:
    """Each metric of ``path`` within ``tolerance`` of the seed .txt's."""
    got, ref = scores(path), txt_scores()
    far = {
        name: (got.get(name), value)
        for name, value in ref.items()
        if value is not None and (got.get(name) is None or value - got[name] > tolerance)  # type: ignore[operator]
    }
    assert not far, f"metrics further than {tolerance} from the .txt (got, txt): {far}"
    return got


# --------------------------------------------------------------------------- tiny PDFs


def make_pdf(
    pages: list[list[tuple[float, float, float, str, bytes]]], *, encrypt: bool = False
) -> bytes:
    """A PDF with text drawn in fonts named as given: each page is a list of
    ``(x, y_from_top, size, font_name, text_bytes)``; font names are taken as they are
    (".VnTime", "Helvetica"), with WinAnsi encoding. ``encrypt`` adds a standard security
    handler whose user password is not empty, so opening it needs a password.
    """
    fonts = sorted({font for page in pages for *_, font, _ in page})
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font_ids = {
        f: add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /"
            + f.encode()
            + b" /Encoding /WinAnsiEncoding >>"
        )
        for f in fonts
    }
    resources = (
        b"<< /Font << "
        + b" ".join(b"/F%d %d 0 R" % (i, font_ids[f]) for i, f in enumerate(fonts))
        + b" >> >>"
    )
    page_ids = []
    pages_id = len(objects) + 2 * len(pages) + 1
    for page in pages:
        ops = []
        for x, y, size, font, text in page:
            escaped = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(
                b"BT /F%d %.1f Tf %.1f %.1f Td (%s) Tj ET"
                % (fonts.index(font), size, x, 842 - y, escaped)
            )
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
                % (pages_id, resources, content)
            )
        )
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    trailer_extra = b""
    if encrypt:
        enc = add(
            b"<< /Filter /Standard /V 1 /R 2 /O <"
            + b"41" * 32
            + b"> /U <"
            + b"42" * 32
            + b"> /P -4 >>"
        )
        trailer_extra = (
            b" /Encrypt %d 0 R /ID [<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]"
            % enc
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        trailer_extra,
        xref,
    )
    return bytes(out)
