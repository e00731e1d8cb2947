"""The PDF reader (text layer) and the shared layout pass: lines, columns, footnotes, paragraphs."""

from __future__ import annotations

import pytest

from pipeline.errors import ReadError
from pipeline.model import BlockKind, Cell
from pipeline.normalize import build_text
from pipeline.read import read_document
from pipeline.read.layout import (
    Columns,
    Page,
    TextLine,
    Word,
    drop_furniture,
    find_columns,
    group_lines,
    split_footnotes,
)
from pipeline.read.legacy import encode_tcvn3, encode_vni
from pipeline.read.paragraphs import join_lines, join_paragraphs
from tests.read.archives import (
    SEED_PDF,
    assert_scores_close,
    body_lines,
    make_pdf,
    needs_pdfium,
    seed_body,
    squash,
    text_lines,
)

# --------------------------------------------------------------------------- the seed PDF


@pytest.fixture(scope="module")
def seed_pdf():
    return read_document(SEED_PDF)


@needs_pdfium
def test_body_lines_equal_the_txt(seed_pdf):
    """Wrapped lines re-joined: every body line is the .txt's (whitespace folded)."""
    got = [squash(line) for line in body_lines(build_text(seed_pdf).text.splitlines())]
    assert got == list(seed_body())


@needs_pdfium
def test_header_block_is_two_cells(seed_pdf):
    cells = [(b.cell, b.text) for b in seed_pdf.blocks if b.cell is not None]
    assert cells == [
        (Cell(0, 0, 0), "THỊ ỦY ĐỨC PHỔ"),
        (Cell(0, 0, 0), "BAN CHỈ ĐẠO THỰC HIỆN"),
        (Cell(0, 0, 0), "QUY CHẾ DÂN CHỦ Ở CƠ SỞ"),
        (Cell(0, 0, 0), "*"),
        (Cell(0, 0, 0), "Số -KH/BCĐ"),
        (Cell(0, 0, 1), "ĐẢNG CỘNG SẢN VIỆT NAM"),
        (Cell(0, 0, 1), "Đức Phổ, ngày tháng năm 2023"),
        (Cell(0, 0, 1), "DỰ THẢO"),
    ]


@needs_pdfium
def test_page_numbers_are_dropped(seed_pdf):
    assert not [b.text for b in seed_pdf.blocks if b.text.strip() in {"2", "3", "4", "5"}]


@needs_pdfium
def test_footnotes_and_marks(seed_pdf):
    text = build_text(seed_pdf)
    notes = dict(text.notes)
    assert sorted(notes) == ["1", "2", "3"]
    assert notes["1"].startswith("ban hành Quy chế giám sát và phản biện xã hội")
    assert [(text.text[off - 9 : off], nid) for off, nid in text.note_refs] == [
        ("217-QĐ/TW", "1"),
        ("218-QĐ/TW", "2"),
        ("ụ Tỉnh ủy", "3"),
    ]
    assert "217-QĐ/TW, Quyết định số 218-QĐ/TW, ngày" in text.text  # marks out, no space left


@needs_pdfium
def test_decomposed_marks_stay_in_their_word(seed_pdf):
    assert "người đứng đầu cấp ủy, chính quyền trong xử lý" in build_text(seed_pdf).text


@needs_pdfium
def test_metadata(seed_pdf):
    meta = dict(seed_pdf.meta)
    assert meta["pages"] == "5" and meta["layer"] == "text"
    assert meta["title"].startswith("Kế hoạch thực hiện Quy chế dân chủ")


@needs_pdfium
def test_pdf_scores_like_the_txt():
    assert_scores_close(SEED_PDF, 0.02)


# --------------------------------------------------------------------------- bad and legacy PDFs


@needs_pdfium
def test_encrypted_pdf(write_bytes):
    path = write_bytes(
        "locked.pdf", make_pdf([[(72, 100, 12, "Helvetica", b"Hello")]], encrypt=True)
    )
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "encrypted"


@needs_pdfium
def test_corrupt_pdf(write_bytes):
    with pytest.raises(ReadError) as err:
        read_document(write_bytes("broken.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"))
    assert err.value.code == "corrupt"


@pytest.mark.parametrize(
    ("font", "raw", "expected"),
    [
        (
            ".VnTime",
            encode_tcvn3("Kế hoạch thực hiện Quy chế dân chủ"),
            "Kế hoạch thực hiện Quy chế dân chủ",
        ),
        (".VnTimeH", encode_tcvn3("ủy ban nhân dân"), "ỦY BAN NHÂN DÂN"),
        ("VNI-Times", encode_vni("Độc lập - Tự do - Hạnh phúc"), "Độc lập - Tự do - Hạnh phúc"),
    ],
    ids=["tcvn3", "tcvn3-H", "vni"],
)
@needs_pdfium
def test_legacy_font_runs(write_bytes, font, raw, expected):
    path = write_bytes("legacy.pdf", make_pdf([[(72, 100, 14, font, raw.encode("cp1252"))]]))
    assert [b.text for b in read_document(path).blocks] == [expected]


@needs_pdfium
def test_legacy_text_in_renamed_fonts(write_bytes):
    """Font names that say nothing: the text layer itself reads as TCVN3."""
    lines = [
        "Kế hoạch thực hiện Quy chế dân chủ ở cơ sở",
        "năm 2023 của Ban Chỉ đạo thị xã Đức Phổ",
    ]
    page = [
        (72, 100 + 20 * i, 14, "F1", encode_tcvn3(t).encode("cp1252")) for i, t in enumerate(lines)
    ]
    doc = read_document(write_bytes("renamed.pdf", make_pdf([page])))
    assert " ".join(b.text for b in doc.blocks) == " ".join(lines)
    assert [i.code for i in doc.issues] == ["READ003"]


@needs_pdfium
def test_page_without_text_goes_to_ocr(write_bytes, monkeypatch):
    """No text layer: the OCR reader is asked, and says clearly when Tesseract is missing."""
    from pipeline.read import ocr

    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    ocr.find_tesseract.cache_clear()
    try:
        with pytest.raises(ReadError) as err:
            read_document(write_bytes("scan.pdf", make_pdf([[(72, 100, 12, "Helvetica", b" ")]])))
    finally:
        ocr.find_tesseract.cache_clear()
    assert err.value.code == "tool_missing"
    assert "tesseract-ocr-vie" in err.value.message


# --------------------------------------------------------------------------- layout units


def _line(
    text: str,
    x0: float = 85,
    y: float = 100,
    size: float = 14,
    page: int = 0,
    width: float | None = None,
) -> TextLine:
    """A line of words placed left to right; ``width`` stretches it (justified text)."""
    words = text.split(" ")
    natural = sum(len(w) for w in words) * 0.5 * size + (len(words) - 1) * 0.25 * size
    gap = 0.25 * size + ((width - natural) / max(1, len(words) - 1) if width else 0)
    out, x = [], x0
    for w in words:
        out.append(Word(w, x, x + len(w) * 0.5 * size, y - size, y + 0.2 * size, y, size))
        x += len(w) * 0.5 * size + gap
    return TextLine(tuple(out), page)


FULL = 453.0  # body text width of the seed: x from 85 to 538


def _para_texts(lines: list[TextLine]) -> list[str]:
    return [join_lines(p)[0] for p in join_paragraphs(lines)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a justified line that fills the width continues its paragraph
        (
            [
                (
                    "Thực hiện Quy chế làm việc số 01-QC/BCĐ ngày 20/4/2021 của Ban Chỉ",
                    121,
                    FULL - 36,
                ),
                ("đạo thực hiện Quy chế dân chủ ở cơ sở thị xã và Kế hoạch thực hiện", 85, FULL),
                ("sau:", 85, None),
            ],
            [
                "Thực hiện Quy chế làm việc số 01-QC/BCĐ ngày 20/4/2021 của Ban Chỉ đạo thực hiện "
                "Quy chế dân chủ ở cơ sở thị xã và Kế hoạch thực hiện sau:"
            ],
        ),
        # a short line ends the paragraph; numbering labels open new ones
        (
            [
                ("I- Mục đích, yêu cầu", 121, None),
                ("1. Tham mưu Ban Thường vụ Thị ủy", 121, None),
                (
                    "1.1. Tiếp tục quán triệt, nâng cao nhận thức, trách nhiệm của các",
                    121,
                    FULL - 36,
                ),
                ("a) chính quyền và hệ thống chính trị", 85, None),
            ],
            [
                "I- Mục đích, yêu cầu",
                "1. Tham mưu Ban Thường vụ Thị ủy",
                "1.1. Tiếp tục quán triệt, nâng cao nhận thức, trách nhiệm của các",
                "a) chính quyền và hệ thống chính trị",
            ],
        ),
        # a bullet with a hanging indent: its continuation is indented further, not a new paragraph
        (
            [
                (
                    "- Thực hiện có hiệu quả phương hướng, nhiệm vụ thực hiện Quy chế dân",
                    121,
                    FULL - 36,
                ),
                (
                    "chủ ở cơ sở trên địa bàn thị xã năm 2023 gắn với bám sát nhiệm vụ",
                    135,
                    FULL - 50,
                ),
                ("chính trị của địa phương.", 135, None),
            ],
            [
                "- Thực hiện có hiệu quả phương hướng, nhiệm vụ thực hiện Quy chế dân chủ ở cơ sở trên "
                "địa bàn thị xã năm 2023 gắn với bám sát nhiệm vụ chính trị của địa phương."
            ],
        ),
        # a first-line indent after a full line opens a paragraph without any label
        (
            [
                ("chế công tác dân vận của hệ thống chính trị thị xã Đức Phổ và thêm", 85, FULL),
                (
                    "Nâng cao năng lực quản lý nhà nước trên tất cả các lĩnh vực; thực",
                    121,
                    FULL - 36,
                ),
            ],
            [
                "chế công tác dân vận của hệ thống chính trị thị xã Đức Phổ và thêm",
                "Nâng cao năng lực quản lý nhà nước trên tất cả các lĩnh vực; thực",
            ],
        ),
        # a hyphen inside a number symbol at the line end: joined without a space
        (
            [
                (
                    "theo Quyết định số 866- QĐ/TU của Ban Thường vụ Thị ủy về việc ban hành Quy chế 217-",
                    85,
                    FULL,
                ),
                ("QĐ/TW, ngày 12/12/2013", 85, None),
            ],
            [
                "theo Quyết định số 866- QĐ/TU của Ban Thường vụ Thị ủy về việc ban hành Quy chế 217-QĐ/TW, ngày 12/12/2013"
            ],
        ),
        # a rule of dashes is a paragraph of its own
        (
            [
                ("thực hiện Quy chế dân chủ ở cơ sở năm 2023", 178, None),
                ("-----", 300, None),
                ("Thực hiện Quy chế làm việc", 121, None),
            ],
            ["thực hiện Quy chế dân chủ ở cơ sở năm 2023", "-----", "Thực hiện Quy chế làm việc"],
        ),
    ],
    ids=["wrapped", "labels", "hanging-indent", "first-line-indent", "hyphen", "rule"],
)
def test_join_paragraphs(lines, expected):
    built = [_line(t, x0, 100 + 16 * i, width=w) for i, (t, x0, w) in enumerate(lines)]
    assert _para_texts(built) == expected


def test_vertical_gap_opens_a_paragraph():
    a = _line("Căn cứ Kế hoạch này, các thành viên Ban Chỉ đạo, Tổ giúp việc Ban", width=FULL)
    b = _line("Nơi nhận các đơn vị", y=100 + 60)
    c = _line("Nơi nhận", y=100 + 76)
    assert _para_texts([a, b, c])[0] == a.text


def test_superscript_becomes_a_mark():
    size = 14
    words = [
        Word("217-QĐ/TW", 100, 160, 90, 103, 100, size),
        Word("1", 161, 165, 88, 95, 95.3, 8.1),  # raised, smaller
        Word(",", 165, 168, 98, 103, 100, size, glued=True),
        Word("Quyết", 172, 200, 90, 103, 100, size),
    ]
    (line,) = group_lines(words, 0)
    assert [w.sup for w in line.words] == [False, True, False, False]
    assert join_lines([line]) == ("217-QĐ/TW, Quyết", ((9, "1"),))


def test_group_lines_splits_header_cells():
    words = [
        Word(t, x, x + 40, 60, 75, 72, 14)
        for t, x in (("THỊ", 129), ("ỦY", 172), ("ĐẢNG", 311), ("CỘNG", 354))
    ]
    lines = group_lines(words, 0)
    assert [ln.text for ln in lines] == ["THỊ ỦY", "ĐẢNG CỘNG"]
    (cols,) = find_columns(lines)
    assert isinstance(cols, Columns) and [ln.text for ln in cols.left] == ["THỊ ỦY"]


def test_drop_furniture():
    pages = [
        Page(
            n,
            595,
            842,
            (
                _line("Kế hoạch 2023", 240, 30),
                _line(str(n + 1), 290, 50),
                _line(f"Nội dung {n}", 85, 200),
            ),
        )
        for n in range(3)
    ]
    kept = [[ln.text for ln in p.lines] for p in drop_furniture(pages)]
    assert kept == [
        ["Nội dung 0"],
        ["Nội dung 1"],
        ["Nội dung 2"],
    ]  # running header and numbers gone


def test_split_footnotes_below_a_rule():
    body = _line("Thực hiện tốt cơ chế phối hợp giám sát", y=600)
    note = TextLine(
        (
            Word("1", 85, 89, 688, 695, 695, 7.0),
            *_line("ban hành Quy chế giám sát", 93, 700, 12).words,
        ),
        0,
    )
    more = _line("và phản biện xã hội", 85, 714, 12)
    page = Page(0, 595, 842, (body, note, more), rules=((85.0, 198.0, 685.0),))
    kept, notes = split_footnotes(page, 14)
    assert [ln.text for ln in kept.lines] == [body.text]
    assert [(nid, [ln.text for ln in ls]) for nid, ls in notes] == [
        ("1", ["ban hành Quy chế giám sát", "và phản biện xã hội"])
    ]


def test_recipients_in_small_type_are_not_footnotes():
    lines = (
        _line("Căn cứ Kế hoạch này", y=500),
        _line("Nơi nhận:", y=560, size=12),
        _line("- Như trên,", y=574, size=11),
    )
    kept, notes = split_footnotes(Page(0, 595, 842, lines, rules=((85.0, 150.0, 566.0),)), 14)
    assert notes == [] and len(kept.lines) == 3


@needs_pdfium
def test_text_lines_of_the_seed_pdf_has_no_page_furniture():
    lines = text_lines(SEED_PDF)
    assert lines[0] == "THỊ ỦY ĐỨC PHỔ"
    assert not any(
        k == BlockKind.PAGE_HEADER for k in (b.kind for b in read_document(SEED_PDF).blocks)
    )
