"""OCR: Tesseract's TSV to pages, the OCR repairs, tool checks, and the scanned seed."""

from __future__ import annotations

import io
import subprocess

import pytest

from pipeline.errors import ReadError
from pipeline.model import BlockKind
from pipeline.normalize import build_text
from pipeline.read import ocr, read_document
from pipeline.read.layout import TextLine, Word
from pipeline.read.ocr_text import attach_note_marks, repair_words, split_glued
from pipeline.read.paragraphs import blocks_from_pages
from tests.read.archives import (
    SEED_SCAN,
    assert_scores_close,
    line_ratio,
    needs_pdfium,
    needs_tesseract,
    text_lines,
)

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def _tsv(lines: list[tuple], width: int = 1654, height: int = 2339) -> str:
    """A Tesseract TSV: ``(left, top, [(word, conf), ...])`` per line, 16 px per character, or
    ``(left, top, words, right)`` for a line justified to end at ``right``."""
    rows = [HEADER, f"1\t1\t0\t0\t0\t0\t0\t0\t{width}\t{height}\t-1\t"]
    for n, (left, top, words, *right) in enumerate(lines, start=1):
        x = float(left)
        ink = sum(16 * len(word) for word, _ in words)
        gap = (right[0] - left - ink) / (len(words) - 1) if right else 12
        for k, (word, conf) in enumerate(words, start=1):
            w = 16 * len(word)
            rows.append(f"5\t1\t1\t{n}\t1\t{k}\t{round(x)}\t{top}\t{w}\t40\t{conf}\t{word}")
            x += w + gap
    return "\n".join(rows) + "\n"


def test_pages_from_tsv_places_words_in_points():
    (page,) = ocr.pages_from_tsv(_tsv([(200, 300, [("Kế", 96.0), ("hoạch", 91.0)])]), dpi=200)
    assert page.ocr and (round(page.width), round(page.height)) == (595, 842)
    (line,) = page.lines
    assert line.text == "Kế hoạch"
    assert round(line.x0, 1) == 72.0  # 200 px at 200 dpi
    assert 12 < line.size < 18  # from the width per character


def test_specks_are_dropped():
    (page,) = ocr.pages_from_tsv(
        _tsv([(200, 300, [("THỊ", 90.0), ("_", 70.0), ("ỦY", 90.0), (".", 30.0)])]), dpi=200
    )
    assert [ln.text for ln in page.lines] == ["THỊ ỦY"]


def _words_of(text: str) -> list[tuple[str, float]]:
    return [(w, 96.0) for w in text.split()]


def test_wrapped_lines_are_rejoined():
    """Justified lines of the seed's page 1 at 200 dpi (text from x 236 to 1490 px)."""
    first = "1.1. Tiếp tục quán triệt, nâng cao nhận thức, trách nhiệm của các cấp ủy,"
    second = "chính quyền và hệ thống chính trị, nhất là người đứng đầu cấp ủy, chính quyền"
    text = [
        (330, 400, _words_of(first), 1490),
        (236, 445, _words_of(second), 1490),
        (236, 490, _words_of("đơn vị, địa phương.")),
        (330, 535, _words_of("- Chỉ đạo thực hiện: Đồng chí Trưởng Ban")),
    ]
    blocks = blocks_from_pages(ocr.pages_from_tsv(_tsv(text), dpi=200))
    assert [b.text for b in blocks] == [
        f"{first} {second} đơn vị, địa phương.",
        "- Chỉ đạo thực hiện: Đồng chí Trưởng Ban",
    ]


def test_low_confidence_issues():
    pages = ocr.pages_from_tsv(_tsv([(200, 300, [("Quý", 96.0), ("1V/2023", 41.0)])]), dpi=200)
    (issue,) = ocr.low_confidence_issues(pages)
    assert issue.code == "READ005" and "41%" in issue.message and "page 1" in issue.message


def _words(*texts: str) -> list[Word]:
    return [Word(t, 10.0 * i, 10.0 * i + 8, 0, 10, 10, 12, conf=90.0) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["Quý", "1V/2023."], ["Quý", "IV/2023."]),
        (["Quý", "TV/2023."], ["Quý", "IV/2023."]),
        (["Quý", "II,", "1IU", "2023."], ["Quý", "II,", "III/", "2023."]),
        (["Quý", "1/2023."], ["Quý", "1/2023."]),  # an Arabic quarter is valid: kept
        (["HI-", "Tổ", "chức"], ["III-", "Tổ", "chức"]),
        (["H-", "Một", "số"], ["II-", "Một", "số"]),
        (["II-", "Một", "số"], ["II-", "Một", "số"]),
        (["QUY", "CHẾ", "ỞCƠSỞ"], ["QUY", "CHẾ", "Ở", "CƠ", "SỞ"]),
        (["Phổ,ngày"], ["Phổ,", "ngày"]),
        (["UBND", "TMGV", "QCDC"], ["UBND", "TMGV", "QCDC"]),
        (["1,5", "QĐ/TW,"], ["1,5", "QĐ/TW,"]),
    ],
)
def test_repair_words(words, expected):
    assert [w.text for w in repair_words(_words(*words))] == expected


@pytest.mark.parametrize(
    ("token", "parts"),
    [
        ("ỞCƠSỞ", ("Ở", "CƠ", "SỞ")),
        ("nhândân", ("nhân", "dân")),
        ("Nghĩa", ("Nghĩa",)),
        ("OCOP", ("OCOP",)),
    ],
)
def test_split_glued(token, parts):
    assert split_glued(token) == parts


def _line_of(*texts: str) -> TextLine:
    return TextLine(tuple(_words(*texts)), 0)


def test_note_marks_become_superscripts():
    lines = [
        _line_of(
            "theo", "Quyết", "định", "số", "217-QĐ/TW", "!,", "Quyết", "định", "số", "218-QĐ/TW),"
        ),
        _line_of("của", "Ban", "Thường", "vụ", "Tỉnh", "ủy”."),
    ]
    fixed = attach_note_marks(lines, ["1", "2", "3"])
    marks = [(w.text, w.sup) for ln in fixed for w in ln.words if w.sup]
    assert marks == [("1", True), ("2", True), ("3", True)]
    assert " ".join(w.text for w in fixed[1].words if not w.sup) == "của Ban Thường vụ Tỉnh ủy ."


def test_note_marks_need_a_count_match():
    lines = [_line_of("Quyết", "định", "217-QĐ/TW", "!,", "và", "“Dân", "vận", "khéo”")]
    assert attach_note_marks(lines, ["1", "2", "3"]) == lines


def test_missing_tesseract(monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    ocr.find_tesseract.cache_clear()
    try:
        with pytest.raises(ReadError) as err:
            ocr.find_tesseract()
    finally:
        ocr.find_tesseract.cache_clear()
    assert err.value.code == "tool_missing"
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in err.value.message


def test_missing_vietnamese_data(monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: "/usr/bin/tesseract")
    listing = subprocess.CompletedProcess(
        [], 0, stdout='List of available languages in "/x" (2):\neng\nosd\n', stderr=""
    )
    monkeypatch.setattr(ocr.subprocess, "run", lambda *a, **k: listing)
    ocr.find_tesseract.cache_clear()
    try:
        with pytest.raises(ReadError) as err:
            ocr.find_tesseract()
    finally:
        ocr.find_tesseract.cache_clear()
    assert err.value.code == "tool_missing" and "'vie'" in err.value.message


def test_progress_is_silent_without_a_terminal(capsys):
    assert list(ocr.progress([1, 2, 3], "OCR")) == [1, 2, 3]
    assert capsys.readouterr().err == ""


def test_progress_bar_on_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr("sys.stderr", err)  # the shared bar (pipeline.progress) writes there
    assert list(ocr.progress([1, 2], "OCR")) == [1, 2]
    assert "OCR" in err.getvalue()


@needs_pdfium
def test_pdf_mixing_text_and_scanned_pages(write_bytes, monkeypatch):
    """Only the page without a text layer is sent to Tesseract (faked here)."""
    from tests.read.archives import make_pdf

    seen: list[bytes] = []

    def fake_ocr(image: bytes, dpi: int | None = None, **kw: object) -> str:
        seen.append(image[:2])
        return _tsv([(236, 300, _words_of("Nội dung trang quét"))], width=2480, height=3508)

    monkeypatch.setattr(ocr, "find_tesseract", lambda language=ocr.LANGUAGE: "tesseract")
    monkeypatch.setattr(ocr, "ocr_image", fake_ocr)
    pdf = make_pdf(
        [[(72, 100, 14, "Helvetica", b"Trang co lop chu")], [(72, 100, 12, "Helvetica", b" ")]]
    )
    doc = read_document(write_bytes("mixed.pdf", pdf))
    assert [b.text for b in doc.blocks] == ["Trang co lop chu", "Nội dung trang quét"]
    assert seen == [b"P5"]  # one page, rendered by pdfium as a greyscale image
    assert dict(doc.meta)["layer"] == "mixed"
    assert "READ006" in [i.code for i in doc.issues]


# --------------------------------------------------------------------------- real OCR


@pytest.fixture(scope="module")
def scan_lines():
    return text_lines(SEED_SCAN)


@needs_tesseract
@needs_pdfium
def test_scan_reads_close_to_the_txt(scan_lines):
    assert scan_lines[:2] == ["THỊ ỦY ĐỨC PHỔ", "BAN CHỈ ĐẠO THỰC HIỆN."]
    assert line_ratio(scan_lines) > 0.75  # exact lines; OCR noise remains in a few


@needs_tesseract
@needs_pdfium
def test_scan_footnotes_and_marks():
    text = build_text(read_document(SEED_SCAN))
    assert [nid for nid, _ in text.notes] == ["1", "2", "3"]
    assert [text.text[off - 9 : off] for off, _ in text.note_refs] == [
        "217-QĐ/TW",
        "218-QĐ/TW",
        "ụ Tỉnh ủy",
    ]


@needs_tesseract
@needs_pdfium
def test_scan_scores_close_to_the_txt():
    assert_scores_close(SEED_SCAN, 0.1)


@needs_tesseract
@needs_pdfium
def test_image_file(tmp_path):
    """A page image on its own (the first page of the scan, as stored: a 200 dpi JPEG)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(SEED_SCAN.read_bytes())
    image, dpi = ocr.scanned_image(pdf, 0)
    pdf.close()
    path = tmp_path / "page1.jpg"
    path.write_bytes(image)
    doc = read_document(path)
    assert dpi == 200 and doc.media_type == "image/jpeg"
    texts = [b.text for b in doc.blocks]
    assert "KẾ HOẠCH" in texts and "I- Mục đích, yêu cầu" in texts
    assert not any(b.kind == BlockKind.PAGE_HEADER for b in doc.blocks)
