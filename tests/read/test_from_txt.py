"""The text reader: encodings, Tika markers, tables, page numbers."""

import codecs

import pytest

from pipeline.model import BlockKind
from pipeline.read import read_document
from pipeline.read.from_txt import decode_text, read_txt

SAMPLE = "KẾ HOẠCH\nthực hiện Quy chế dân chủ ở cơ sở năm 2023\n"


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps tone marks as combining characters after a precomposed base."""
    import unicodedata

    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tone))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),  # with BOM
        (SAMPLE.encode("utf-16-le"), "utf-16"),  # without BOM
        (_cp1258(SAMPLE), "cp1258"),  # Windows-1258 (decomposed tones)
    ],
)
def test_encodings(data, encoding):
    text, detected = decode_text(data)
    assert detected == encoding
    import unicodedata

    assert unicodedata.normalize("NFC", text) == SAMPLE


def test_tika_markers():
    raw = (
        "[bookmark: _GoBack]\nKẾ HOẠCH\n"
        "theo Quyết định số 217-QĐ/TW[footnoteRef:1], ngày 12/12/2013 [1:  ban hành Quy chế giám sát] \n"
    )
    doc = read_txt("x.txt", raw.encode())
    body = [b for b in doc.blocks if b.kind == BlockKind.PARAGRAPH]
    notes = [b for b in doc.blocks if b.kind == BlockKind.FOOTNOTE]
    assert [b.text for b in body][0] == "KẾ HOẠCH"
    assert "[" not in body[1].text
    assert body[1].note_refs[0].note_id == "1"
    assert body[1].text[: body[1].note_refs[0].offset].endswith("217-QĐ/TW")
    assert notes[0].text == "ban hành Quy chế giám sát" and notes[0].note_id == "1"


def test_tab_cells_and_page_numbers():
    raw = "2\nTT\tNội dung\tChủ trì\n1\tRà soát\tSở Tư pháp\nKẾ HOẠCH\n"
    doc = read_txt("x.txt", raw.encode())
    assert doc.blocks[0].kind == BlockKind.PAGE_HEADER
    cells = [(b.text, b.cell.row, b.cell.col) for b in doc.blocks if b.cell]
    assert cells == [
        ("TT", 0, 0),
        ("Nội dung", 0, 1),
        ("Chủ trì", 0, 2),
        ("1", 1, 0),
        ("Rà soát", 1, 1),
        ("Sở Tư pháp", 1, 2),
    ]


def test_binary_named_txt_is_refused(write_bytes):
    from pipeline.errors import ReadError

    path = write_bytes("garbage.txt", bytes(range(256)) * 40)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "unsupported"


def test_footnote_marks_in_table_cells():
    raw = "TT\tNội dung\tChủ trì\n1\tRà soát theo Quyết định số 12/QĐ-UBND[footnoteRef:2]\tSở Nội vụ [2:  về quy chế làm việc]\n"
    doc = read_txt("x.txt", raw.encode())
    content = next(b for b in doc.blocks if b.text.startswith("Rà soát"))
    (ref,) = content.note_refs
    assert content.text[: ref.offset].endswith("12/QĐ-UBND") and ref.note_id == "2"
    assert not next(b for b in doc.blocks if b.text.startswith("Sở Nội vụ")).note_refs


def test_hard_wrapped_page_lines_are_joined():
    raw = (
        "Thực hiện Chỉ thị số 09/CT-TTg ngày 31/3/2021 của Thủ tướng Chính phủ về việc nâng cao hiệu\n"
        "quả công tác thông tin, tuyên truyền phục vụ nhiệm vụ chính trị, thông tin thiết yếu của các\n"
        "cơ quan báo chí giai đoạn 2021 - 2025; Thực hiện Nghị quyết số 55-NQ/TU ngày 13/8/2021 của\n"
        "Ban Thường vụ Tỉnh ủy về Đề án phát triển Chính quyền điện tử, hướng tới Chính quyền số tỉnh\n"
        "Phú Thọ giai đoạn 2021 - 2025, định hướng đến năm 2030, UBND tỉnh ban hành Kế hoạch như sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "- Ứng dụng công nghệ hiện đại nhằm nâng cao chất lượng, hiệu quả công tác quản lý thông tin\n"
        "trên báo chí và mạng Internet; kịp thời phát hiện, xử lý các thông tin sai sự thật, xấu độc\n"
        "trên không gian mạng.\n"
    )
    doc = read_txt("x.txt", raw.encode())
    assert [b.text[:12] for b in doc.blocks] == ["Thực hiện Ch", "I. MỤC ĐÍCH,", "- Ứng dụng c"]
    assert "về Đề án phát triển Chính quyền điện tử" in doc.blocks[0].text  # a full line, then a capital
