"""pipeline.read.from_docx: block order, text of runs, tables, text boxes, notes, tracked changes,
and the seed .docx against its Tika text export."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.model import Block, BlockKind, Cell, NoteRef
from pipeline.normalize import build_text
from pipeline.read import read_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED_DOCX = CORPUS / "formats" / "2023-duc-pho-bcd-qcdc.docx"
SEED_TXT = CORPUS / "plans" / "2023-duc-pho-bcd-qcdc.txt"


def body_blocks(source) -> list[Block]:
    return [b for b in source.blocks if b.kind == BlockKind.PARAGRAPH]


def texts(source) -> list[str]:
    return [b.text for b in body_blocks(source)]


# ---------------------------------------------------------------------- the seed


def _folded_lines(text, kind: BlockKind) -> list[str]:
    return [
        " ".join(text.line_text(i).split())
        for i, line in enumerate(text.lines)
        if line.kind == kind
    ]


def _body_span(lines: list[str]) -> list[str]:
    """From "KẾ HOẠCH" to the last recipient line ("- Lưu VPTX, …")."""
    start = lines.index("KẾ HOẠCH")
    end = max(i for i, line in enumerate(lines) if line.startswith("- Lưu VPTX"))
    return lines[start : end + 1]


def _note_marks(text) -> list[tuple[str, int, str]]:
    """(line text, column, note id) of every footnote mark in the body."""
    marks = []
    for offset, note_id in text.note_refs:
        for i, line in enumerate(text.lines):
            if line.kind != BlockKind.FOOTNOTE and line.start <= offset <= line.end:
                marks.append((text.line_text(i), offset - line.start, note_id))
                break
    return marks


def test_seed_docx_gives_the_lines_of_the_text_export():
    """Acceptance: the .docx rebuilt from the Tika export reads back to the same lines.

    Tolerated differences (formats/README.md), all before "KẾ HOẠCH": the header table is read
    cell by cell (the left cell's five lines, then the right cell's three) where the .txt
    interleaves the rows and glues "Số -KH/BCĐDỰ THẢO"; the page number "2" is a
    PAGE_HEADER block in both. From "KẾ HOẠCH" to the last recipient the lines are equal even
    without whitespace folding.
    """
    from_docx = build_text(read_document(SEED_DOCX))
    from_txt = build_text(read_document(SEED_TXT))
    docx_lines = _folded_lines(from_docx, BlockKind.PARAGRAPH)
    txt_lines = _folded_lines(from_txt, BlockKind.PARAGRAPH)
    assert _body_span(docx_lines) == _body_span(txt_lines)
    assert len(_body_span(docx_lines)) == 88
    # the header block: same lines, another order
    head = docx_lines[: docx_lines.index("KẾ HOẠCH")]
    assert head == [
        "THỊ ỦY ĐỨC PHỔ",
        "BAN CHỈ ĐẠO THỰC HIỆN",
        "QUY CHẾ DÂN CHỦ Ở CƠ SỞ",
        "*",
        "Số -KH/BCĐ",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Đức Phổ, ngày tháng năm 2023",
        "DỰ THẢO",
    ]
    # unfolded, too
    raw = [
        from_docx.line_text(i)
        for i, line in enumerate(from_docx.lines)
        if line.kind == BlockKind.PARAGRAPH
    ]
    raw_txt = [
        from_txt.line_text(i)
        for i, line in enumerate(from_txt.lines)
        if line.kind == BlockKind.PARAGRAPH
    ]
    assert raw[raw.index("KẾ HOẠCH") :] == raw_txt[raw_txt.index("KẾ HOẠCH") :]
    # footnotes: same texts, same marks at the same places
    assert from_docx.notes == from_txt.notes
    assert len(from_docx.notes) == 3
    assert _note_marks(from_docx) == _note_marks(from_txt)
    assert [(col, nid) for _line, col, nid in _note_marks(from_docx)] == [
        (135, "1"),
        (160, "2"),
        (330, "3"),
    ]
    # the page number of the page header
    assert _folded_lines(from_docx, BlockKind.PAGE_HEADER) == ["2"]


def test_seed_blocks():
    source = read_document(SEED_DOCX)
    blocks = source.blocks
    assert blocks[0] == Block("2", BlockKind.PAGE_HEADER, location="header (header2.xml)")
    assert blocks[1].text == "THỊ ỦY ĐỨC PHỔ" and blocks[1].cell == Cell(0, 0, 0)
    assert blocks[6].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and blocks[6].cell == Cell(0, 0, 1)
    labels = [b.label for b in blocks if b.label]
    assert labels == ["-"] * 3 + ["1."] + [f"1.{i}." for i in range(1, 11)] + ["2."] + [
        f"2.{i}." for i in range(1, 7)
    ]
    task = next(b for b in blocks if b.label == "1.1.")
    assert task.text.startswith("Tiếp tục quán triệt")
    recipients = [b for b in blocks if b.cell == Cell(1, 0, 0)]
    assert recipients[0].text == "Nơi nhận:" and len(recipients) == 10
    notes = [b for b in blocks if b.kind == BlockKind.FOOTNOTE]
    assert [b.note_id for b in notes] == ["1", "2", "3"]
    assert notes[0].text.startswith("ban hành Quy chế giám sát")
    assert blocks[-3:] == tuple(notes)
    assert source.issues == ()
    assert source.media_type.endswith("wordprocessingml.document")
    assert source.sha256 == hashlib.sha256(SEED_DOCX.read_bytes()).hexdigest()
    assert dict(source.meta)["author"] == "Ban Dan van"


# ---------------------------------------------------------------------- run text

INLINE_CASES = [
    # (id, paragraph content, expected text)
    ("runs-joined", '<w:r><w:t>chí</w:t></w:r><w:r><w:t xml:space="preserve">nh quyền</w:t></w:r>', "chính quyền"),
    ("tab-and-breaks", "<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/></w:r>", "a\tb\nc\n"),
    ("hyphens", "<w:r><w:t>Chính</w:t><w:noBreakHyphen/><w:t>phủ</w:t><w:softHyphen/></w:r>", "Chính-phủ"),
    ("sym", '<w:r><w:t>x </w:t><w:sym w:font="Symbol" w:char="F0B3"/><w:t> 5</w:t></w:r>', "x ≥ 5"),
    ("proof-err-and-bookmarks",
     '<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="_GoBack"/>'
     '<w:r><w:t>Thị ủy</w:t></w:r><w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/>', "Thị ủy"),
    ("hyperlink-and-smart-tag",
     '<w:hyperlink r:id="rId99"><w:r><w:t>cổng</w:t></w:r></w:hyperlink>'
     '<w:smartTag w:uri="u" w:element="place"><w:r><w:t> Đức Phổ</w:t></w:r></w:smartTag>', "cổng Đức Phổ"),
    ("content-control",
     "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>Số 18</w:t></w:r></w:sdtContent></w:sdt>", "Số 18"),
    ("content-control-placeholder-skipped",
     "<w:r><w:t>Ngày </w:t></w:r><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr>"
     "<w:sdtContent><w:r><w:t>Click here</w:t></w:r></w:sdtContent></w:sdt>", "Ngày "),
    ("simple-field-result", '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>', "3"),
    ("complex-field-result-kept-instruction-dropped",
     '<w:r><w:t>Trang </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
     '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
     '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
     '<w:r><w:fldChar w:fldCharType="end"/></w:r>', "Trang 2"),
    ("nested-field-in-instruction",
     '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>'
     '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>MERGEFIELD x</w:instrText></w:r>'
     '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>hidden</w:t></w:r>'
     '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
     '<w:r><w:t>shown</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>', "shown"),
    ("math", "<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>", "x+1"),
    ("comments-ignored",
     '<w:commentRangeStart w:id="1"/><w:r><w:t>văn bản</w:t></w:r><w:commentRangeEnd w:id="1"/>'
     '<w:r><w:commentReference w:id="1"/></w:r>', "văn bản"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "expected"), [c[1:] for c in INLINE_CASES], ids=[c[0] for c in INLINE_CASES]
)
def test_inline_text(docx_builder, content, expected):
    source = docx_builder().add(f"<w:p>{content}</w:p>").read()
    assert texts(source) == [expected]


# ---------------------------------------------------------------------- tracked changes


def test_tracked_changes_accepted_view(docx_builder):
    source = (
        docx_builder()
        .add(
            '<w:p><w:r><w:t xml:space="preserve">Thời gian: </w:t></w:r>'
            '<w:del w:id="1" w:author="A"><w:r><w:delText>Quý I</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="A"><w:r><w:t>Quý II</w:t></w:r></w:ins>'
            "<w:r><w:t>/2023.</w:t></w:r></w:p>"
            '<w:p><w:moveFrom w:id="3" w:author="A"><w:r><w:t>cũ </w:t></w:r></w:moveFrom>'
            '<w:r><w:t>giữ</w:t></w:r><w:moveTo w:id="4" w:author="A"><w:r><w:t> mới</w:t></w:r></w:moveTo></w:p>'
        )
        .read()
    )
    assert texts(source) == ["Thời gian: Quý II/2023.", "giữ mới"]
    (issue,) = source.issues
    assert issue.code == "READ002"
    assert "2 insertion(s) kept and 2 deletion(s) dropped" in issue.message


def test_deleted_paragraph_mark_joins_the_next_paragraph(docx_builder, docx_xml):
    source = (
        docx_builder()
        .add(
            '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>'
            '<w:r><w:t xml:space="preserve">Phối hợp </w:t></w:r></w:p>'
            "<w:p><w:r><w:t>Mặt trận Tổ quốc</w:t></w:r></w:p>"
            # a whole deleted paragraph: its text and its mark are gone
            '<w:p><w:pPr><w:rPr><w:del w:id="2" w:author="A"/></w:rPr></w:pPr>'
            '<w:del w:id="3" w:author="A"><w:r><w:delText>Bỏ đoạn này.</w:delText></w:r></w:del></w:p>'
            + docx_xml("Đoạn sau.")
        )
        .read()
    )
    assert texts(source) == ["Phối hợp Mặt trận Tổ quốc", "Đoạn sau."]
    assert [i.code for i in source.issues] == ["READ002"]


def test_deleted_table_row_is_dropped(docx_builder):
    source = (
        docx_builder()
        .add(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>giữ</w:t></w:r></w:p></w:tc></w:tr>"
            f'<w:tr><w:tc><w:tcPr><w:cellDel w:id="5" w:author="A"/></w:tcPr><w:p><w:r><w:t>bỏ</w:t></w:r></w:p></w:tc>{_cell("còn")}</w:tr>'
            '<w:tr><w:trPr><w:del w:id="1" w:author="A"/></w:trPr>'
            '<w:tc><w:p><w:del w:id="2" w:author="A"><w:r><w:delText>xóa</w:delText></w:r></w:del></w:p></w:tc></w:tr>'
            "<w:tr><w:tc><w:p><w:r><w:t>sau</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        )
        .read()
    )
    assert [(b.text, b.cell) for b in source.blocks] == [
        ("giữ", Cell(0, 0, 0)),
        ("còn", Cell(0, 1, 1)),  # the deleted cell "bỏ" is dropped; columns keep the grid
        ("sau", Cell(0, 2, 0)),
    ]
    assert [i.code for i in source.issues] == ["READ002"]


def test_no_tracked_changes_no_issue(docx_builder, docx_xml):
    assert docx_builder().add(docx_xml("Kế hoạch")).read().issues == ()


# ---------------------------------------------------------------------- tables


def _cell(text: str, props: str = "") -> str:
    tc_pr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    para = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" if text else "<w:p/>"
    return f"<w:tc>{tc_pr}{para}</w:tc>"


def test_tables_interleaved_with_paragraphs_and_nested(docx_builder, docx_xml):
    nested = f"<w:tbl><w:tr>{_cell('n00')}{_cell('n01')}</w:tr></w:tbl>"
    source = (
        docx_builder()
        .add(
            docx_xml("trước") + f"<w:tbl><w:tr>{_cell('a')}{_cell('b')}</w:tr>"
            f"<w:tr><w:tc><w:p><w:r><w:t>c1</w:t></w:r></w:p>{nested}<w:p><w:r><w:t>c2</w:t></w:r></w:p></w:tc>"
            f"{_cell('d')}</w:tr></w:tbl>"
            + docx_xml("giữa")
            + f"<w:tbl><w:tr>{_cell('z')}</w:tr></w:tbl>"
            + docx_xml("sau")
        )
        .read()
    )
    assert [(b.text, b.cell) for b in source.blocks] == [
        ("trước", None),
        ("a", Cell(0, 0, 0)),
        ("b", Cell(0, 0, 1)),
        ("c1", Cell(0, 1, 0)),
        ("n00", Cell(1, 0, 0)),
        ("n01", Cell(1, 0, 1)),
        ("c2", Cell(0, 1, 0)),
        ("d", Cell(0, 1, 1)),
        ("giữa", None),
        ("z", Cell(2, 0, 0)),
        ("sau", None),
    ]


GRID_SPAN_2 = '<w:gridSpan w:val="2"/>'
V_MERGE_START = '<w:vMerge w:val="restart"/>'
H_MERGE_START = '<w:hMerge w:val="restart"/>'


def test_merged_cells_are_read_once(docx_builder):
    rows = [
        _cell("TT") + _cell("Nội dung", GRID_SPAN_2) + _cell("Thời gian"),
        _cell("I", V_MERGE_START) + _cell("x") + _cell("y") + _cell("Quý I"),
        _cell("I", "<w:vMerge/>") + _cell("u") + _cell("v") + _cell("Quý II"),
        '<w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        + _cell("lệch")
        + _cell("", H_MERGE_START)
        + _cell("bỏ", "<w:hMerge/>"),
    ]
    source = (
        docx_builder()
        .add("<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>")
        .read()
    )
    assert [(b.text, b.cell) for b in source.blocks] == [
        ("TT", Cell(0, 0, 0)),
        ("Nội dung", Cell(0, 0, 1)),
        ("Thời gian", Cell(0, 0, 3)),  # grid column: "Nội dung" spans columns 1 and 2
        ("I", Cell(0, 1, 0)),
        ("x", Cell(0, 1, 1)),
        ("y", Cell(0, 1, 2)),
        ("Quý I", Cell(0, 1, 3)),
        ("u", Cell(0, 2, 1)),  # the vMerge continuation "I" is not read again
        ("v", Cell(0, 2, 2)),
        ("Quý II", Cell(0, 2, 3)),
        ("lệch", Cell(0, 3, 1)),  # gridBefore shifts the row
    ]


def test_rows_and_cells_in_content_controls(docx_builder):
    source = (
        docx_builder()
        .add(
            f"<w:tbl><w:sdt><w:sdtContent><w:tr>{_cell('r0')}"
            f"<w:sdt><w:sdtContent>{_cell('r0c1')}</w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt>"
            f"<w:tr>{_cell('r1')}</w:tr></w:tbl>"
        )
        .read()
    )
    assert [(b.text, b.cell) for b in source.blocks] == [
        ("r0", Cell(0, 0, 0)),
        ("r0c1", Cell(0, 0, 1)),
        ("r1", Cell(0, 1, 0)),
    ]


# ---------------------------------------------------------------------- text boxes and blocks

_DRAWING_BOX = (
    '<w:drawing><wp:anchor><wp:extent cx="1" cy="1"/><a:graphic><a:graphicData uri="u">'
    "<wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx></wps:wsp>"
    "</a:graphicData></a:graphic></wp:anchor></w:drawing>"
)
_VML_BOX = "<w:pict><v:shape><v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>"


def test_text_box_read_once_in_place(docx_builder, docx_xml):
    content = docx_xml("DỰ THẢO") + docx_xml("lần 2")
    box = (
        "<mc:AlternateContent>"
        f'<mc:Choice Requires="wps">{_DRAWING_BOX.format(content=content)}</mc:Choice>'
        f"<mc:Fallback>{_VML_BOX.format(content=content)}</mc:Fallback>"
        "</mc:AlternateContent>"
    )
    source = (
        docx_builder()
        .add(
            docx_xml("trước")
            + f"<w:p><w:r><w:t>Số -KH/BCĐ</w:t></w:r><w:r>{box}</w:r></w:p>"
            + docx_xml("sau")
        )
        .read()
    )
    assert texts(source) == ["trước", "Số -KH/BCĐ", "DỰ THẢO", "lần 2", "sau"]


def test_vml_text_box_and_empty_anchor(docx_builder, docx_xml):
    box = _VML_BOX.format(content=docx_xml("Hộp chữ"))
    source = docx_builder().add(f"<w:p><w:r>{box}</w:r></w:p>" + docx_xml("sau")).read()
    assert texts(source) == ["Hộp chữ", "sau"]


def test_block_content_controls_and_empty_paragraphs(docx_builder, docx_xml):
    source = (
        docx_builder()
        .add(
            "<w:p/>"
            f"<w:sdt><w:sdtPr/><w:sdtContent>{docx_xml('trong sdt')}</w:sdtContent></w:sdt>"
            + docx_xml("   ")
            + docx_xml("cuối")
        )
        .read()
    )
    assert texts(source) == ["trong sdt", "cuối"]
    assert source.blocks[0].location == "paragraph 2"


# ---------------------------------------------------------------------- headers, footers


def test_page_headers_and_footers_come_first(docx_builder, docx_xml):
    builder = docx_builder().add(docx_xml("Nội dung"))
    section = builder.document.sections[0]
    section.header.paragraphs[0].text = "Trang đầu"
    section.footer.paragraphs[0].text = "Chân trang"
    source = builder.read()
    assert [(b.text, b.kind) for b in source.blocks] == [
        ("Trang đầu", BlockKind.PAGE_HEADER),
        ("Chân trang", BlockKind.PAGE_HEADER),
        ("Nội dung", BlockKind.PARAGRAPH),
    ]
    assert source.blocks[1].location.startswith("footer")


# ---------------------------------------------------------------------- notes


def _ref(note_id: str, kind: str = "footnote") -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:{kind}Reference w:id="{note_id}"/></w:r>'


def _note_body(*paragraphs: str) -> str:
    first, *rest = paragraphs
    out = (
        '<w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {first}</w:t></w:r></w:p>'
    )
    return out + "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in rest)


def test_footnotes(docx_builder):
    source = (
        docx_builder()
        .add(
            "<w:p><w:r><w:t>Quyết định số 217-QĐ/TW</w:t></w:r>"
            + _ref("2")
            + "<w:r><w:t>, Quyết định số 218-QĐ/TW</w:t></w:r>"
            + _ref("1")
            + "<w:r><w:t>.</w:t></w:r></w:p>"
        )
        .add_footnote("1", _note_body("ban hành Quy định về góp ý"))
        .add_footnote("2", _note_body("ban hành Quy chế giám sát", "đoạn thứ hai"))
        .add_footnote("3", _note_body("không được tham chiếu"))
        .read()
    )
    body, *notes = source.blocks
    assert body.text == "Quyết định số 217-QĐ/TW, Quyết định số 218-QĐ/TW."
    assert body.note_refs == (NoteRef(23, "2"), NoteRef(48, "1"))
    assert [(b.kind, b.note_id, b.text) for b in notes] == [
        (BlockKind.FOOTNOTE, "2", "ban hành Quy chế giám sát\nđoạn thứ hai"),
        (BlockKind.FOOTNOTE, "1", "ban hành Quy định về góp ý"),
    ]
    text = build_text(source)
    assert text.notes[1] == ("1", "ban hành Quy định về góp ý")
    assert [(text.text[off - 6 : off], note_id) for off, note_id in text.note_refs] == [
        ("-QĐ/TW", "2"),
        ("-QĐ/TW", "1"),
    ]
    assert source.issues == ()


def test_footnote_without_body_and_endnotes(docx_builder):
    source = (
        docx_builder()
        .add("<w:p><w:r><w:t>Chỉ thị 33</w:t></w:r>" + _ref("7") + _ref("1", "endnote") + "</w:p>")
        .add_endnote("1", _note_body("chú thích cuối"))
        .read()
    )
    assert source.blocks[0].note_refs == (NoteRef(10, "7"), NoteRef(10, "e1"))
    assert [(b.note_id, b.text) for b in source.blocks[1:]] == [("e1", "chú thích cuối")]
    assert [i.code for i in source.issues] == ["READ001"]


def test_deleted_footnote_reference_drops_the_note(docx_builder):
    source = (
        docx_builder()
        .add(
            '<w:p><w:r><w:t>Điều 1</w:t></w:r><w:del w:id="9" w:author="A">'
            + _ref("1")
            + "</w:del></w:p>"
        )
        .add_footnote("1", _note_body("đã xóa"))
        .read()
    )
    assert [(b.text, b.note_refs) for b in source.blocks] == [("Điều 1", ())]
    assert [i.code for i in source.issues] == ["READ002"]


def test_docm_main_part_is_read(tmp_path, docx_builder, docx_xml):
    """A macro-enabled main part (.docm) is not a python-docx DocumentPart: read it anyway."""
    import zipfile

    path = docx_builder().add(docx_xml("Kế hoạch")).save()
    docm = tmp_path / "plan.docm"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(docm, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            dst.writestr(info, data)
    source = read_document(docm)
    assert texts(source) == ["Kế hoạch"]
