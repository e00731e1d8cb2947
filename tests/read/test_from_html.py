"""Web pages saved from portals: site furniture dropped, tables as cells, footnotes, encodings."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest

from pipeline.model import BlockKind, Cell, NoteRef
from pipeline.normalize import build_text
from pipeline.read import read_document
from pipeline.read.from_html import decode_html, html_blocks, parse_html
from pipeline.read.legacy import encode_tcvn3, encode_vni
from tests.conftest import SEED_TXT
from tests.read.archives import assert_scores_close, body_lines, seed_body, squash

SITE_TOP = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Kế hoạch - Thư viện</title>
<script>var s = "<p>không phải văn bản</p>";</script><style>p { margin: 0 }</style></head><body>
<div id="header"><ul class="main-menu"><li><a href="/">Trang chủ</a></li><li><a href="/vb">Văn bản</a></li></ul>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/dv">Dân vận</a></div></div>
<div class="wrap"><div class="sidebar-left"><h3>Văn bản mới</h3><ul>
<li><a href="/1">Quyết định 12/QĐ-UBND về việc phê duyệt danh sách các đơn vị</a></li>
<li><a href="/2">Kế hoạch 34/KH-UBND năm 2023 về công tác cải cách hành chính</a></li></ul></div>
<div class="content1">"""
SITE_BOTTOM = """</div></div><div class="footer">Bản quyền © 2023 Thư viện. Liên hệ: 0123 456 789</div>
<div class="box-share"><a href="#">Chia sẻ Facebook</a></div><nav><a href="/">Trang chủ</a></nav></body></html>"""


def _blocks(body: str) -> list[tuple[str, Cell | None]]:
    root, _ = parse_html(SITE_TOP + body + SITE_BOTTOM)
    return [(b.text, b.cell) for b in html_blocks(root)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # paragraphs; entities; runs of spaces and no-break spaces folded
        (
            "<p>Kế&nbsp;hoạch   thực hiện</p><p>Quy chế &amp; dân chủ</p>",
            [("Kế hoạch thực hiện", None), ("Quy chế & dân chủ", None)],
        ),
        # <br> ends a line; inline tags do not
        (
            "<p>Căn cứ Luật A;<br>Căn cứ <b>Nghị định</b> <i>B</i>;</p>",
            [("Căn cứ Luật A;", None), ("Căn cứ Nghị định B;", None)],
        ),
        # a header table: one block per line of each cell, as the .docx reader gives them
        (
            "<table><tr><td><p>ỦY BAN NHÂN DÂN</p><p>TỈNH BẾN TRE</p></td>"
            "<td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Độc lập - Tự do - Hạnh phúc</p></td></tr>"
            "<tr><td>Số: 7822/KH-UBND</td><td><i>Bến Tre, ngày 26 tháng 11 năm 2021</i></td></tr></table>",
            [
                ("ỦY BAN NHÂN DÂN", Cell(0, 0, 0)),
                ("TỈNH BẾN TRE", Cell(0, 0, 0)),
                ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Cell(0, 0, 1)),
                ("Độc lập - Tự do - Hạnh phúc", Cell(0, 0, 1)),
                ("Số: 7822/KH-UBND", Cell(0, 1, 0)),
                ("Bến Tre, ngày 26 tháng 11 năm 2021", Cell(0, 1, 1)),
            ],
        ),
        # colspan moves the next cell's column
        (
            '<table><tr><td colspan="2">STT và nội dung</td><td>Chủ trì</td></tr>'
            "<tr><td>1</td><td>Tuyên truyền</td><td>Sở TT&amp;TT</td></tr></table>",
            [
                ("STT và nội dung", Cell(0, 0, 0)),
                ("Chủ trì", Cell(0, 0, 2)),
                ("1", Cell(0, 1, 0)),
                ("Tuyên truyền", Cell(0, 1, 1)),
                ("Sở TT&TT", Cell(0, 1, 2)),
            ],
        ),
        # a layout table (one filled cell per row) is read as plain text
        (
            "<table><tr><td><p>KẾ HOẠCH</p><p>Thực hiện năm 2023</p></td></tr></table>",
            [("KẾ HOẠCH", None), ("Thực hiện năm 2023", None)],
        ),
        # unclosed <p> and <li>
        (
            "<p>I- Mục đích<p>II- Nhiệm vụ<ul><li>- Một<li>- Hai</ul>",
            [("I- Mục đích", None), ("II- Nhiệm vụ", None), ("- Một", None), ("- Hai", None)],
        ),
        # forms and buttons inside the content are dropped
        (
            "<p>Nội dung</p><form><input value='x'><button>Tải về</button></form>",
            [("Nội dung", None)],
        ),
    ],
    ids=["paragraphs", "br", "header-table", "colspan", "layout-table", "unclosed", "form"],
)
def test_html_blocks(body, expected):
    assert _blocks(body) == expected


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # a skipped box with nested boxes is skipped whole
        ('<div class="sidebar"><div>A</div><p>B</p></div><p>Nội dung</p>', ["Nội dung"]),
        # a self-closing junk element skips nothing after it
        ('<div class="menu"/><p>Một</p><script>x</script><p>Hai</p>', ["Một", "Hai"]),
        # nested skipped tags of the same kind
        (
            '<nav><nav>x</nav>y</nav><p>Ba</p><div class="share"><div/><div>z</div></div><p>Bốn</p>',
            ["Ba", "Bốn"],
        ),
    ],
    ids=["nested", "self-closing", "same-tag"],
)
def test_skipping(page, expected):
    root, _ = parse_html(f"<html><body>{page}</body></html>")
    assert [b.text for b in html_blocks(root)] == expected


def test_main_content_leaves_the_site_out():
    texts = [t for t, _ in _blocks("<p>" + "Nội dung kế hoạch. " * 20 + "</p>")]
    assert len(texts) == 1 and texts[0].startswith("Nội dung kế hoạch.")


def test_word_footnotes(write_bytes):
    page = (
        SITE_TOP
        + '<p>theo Quyết định số 217-QĐ/TW<a href="#_ftn1" name="_ftnref1"><span>[1]</span></a>, '
        'ngày 12/12/2013</p><div style="mso-element:footnote-list"><hr>'
        '<div id="ftn1"><p><a href="#_ftnref1" name="_ftn1">[1]</a> ban hành Quy chế giám sát</p></div></div>'
        + SITE_BOTTOM
    )
    doc = read_document(write_bytes("page.html", page.encode()))
    body, note = doc.blocks
    assert (body.text, body.note_refs) == (
        "theo Quyết định số 217-QĐ/TW, ngày 12/12/2013",
        (NoteRef(28, "1"),),
    )
    assert (note.kind, note.note_id, note.text) == (
        BlockKind.FOOTNOTE,
        "1",
        "ban hành Quy chế giám sát",
    )


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (
            '<meta charset="windows-1258"><p>Kê\u0301 hoa\u0323ch</p>'.encode("cp1258"),
            "windows-1258",
        ),
        ("<p>Kế hoạch</p>".encode("utf-8-sig"), "utf-8-sig"),
        ("<p>Kế hoạch</p>".encode(), "utf-8"),
    ],
)
def test_decode_html(data, encoding):
    text, name = decode_html(data)
    assert name == encoding and "Kế hoạch" in unicodedata.normalize("NFC", text)


def test_legacy_fonts(write_bytes):
    page = (
        f'<html><body><p><font face=".VnTime">{encode_tcvn3("Kế hoạch thực hiện")}</font></p>'
        f'<p><span style="font-family: VNI-Times">{encode_vni("Độc lập - Tự do")}</span></p>'
        f'<p><font face=".VnTimeH">{encode_tcvn3("ủy ban nhân dân")}</font></p></body></html>'
    )
    doc = read_document(write_bytes("page.html", page.encode("utf-8")))
    assert [b.text for b in doc.blocks] == [
        "Kế hoạch thực hiện",
        "Độc lập - Tự do",
        "ỦY BAN NHÂN DÂN",
    ]


def test_legacy_page_without_fonts(write_bytes):
    """A page typed in TCVN3 with no font tags left: recognised from its text."""
    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("KẾ HOẠCH"))
    plain = [line.strip() for line in lines[start : start + 8] if line.strip()]
    body = "".join(f"<p>{html.escape(encode_tcvn3(line))}</p>" for line in plain)
    doc = read_document(
        write_bytes("page.html", f"<html><body>{body}</body></html>".encode("cp1252"))
    )
    assert dict(doc.meta)["encoding"] == "TCVN3"
    assert [b.text for b in doc.blocks] == plain


# --------------------------------------------------------------------------- the seed as a portal page


def seed_page() -> str:
    """The seed plan as a portal would publish it: header table, paragraphs, Word footnotes."""
    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("KẾ HOẠCH"))
    body, notes = [], []
    for line in lines[start:]:
        notes += re.findall(r"\[(\d):\s+(.*?)\](?=\s*(?:\[\d:|$))", line)
        line = html.escape(re.sub(r"\s*\[\d:\s+.*$", "", line).strip())
        line = re.sub(
            r"\[footnoteRef:(\d)\]", r'<a href="#_ftn\1" name="_ftnref\1"><sup>[\1]</sup></a>', line
        )
        if line:
            body.append(f"<p>{line}</p>")
    header = (
        '<table border="0"><tr><td><p align="center">THỊ ỦY ĐỨC PHỔ<br><b>BAN CHỈ ĐẠO THỰC HIỆN</b><br>'
        "<b>QUY CHẾ DÂN CHỦ Ở CƠ SỞ</b><br>*</p><p>Số&nbsp;&nbsp;&nbsp; -KH/BCĐ</p></td>"
        '<td><p align="center"><b><u>ĐẢNG CỘNG SẢN VIỆT NAM</u></b></p>'
        "<p><i>Đức Phổ, ngày&nbsp;&nbsp; tháng&nbsp; năm 2023</i></p><p><b>DỰ THẢO</b></p></td></tr></table>"
    )
    footnotes = "".join(
        f'<div id="ftn{n}"><p class="MsoFootnoteText"><a href="#_ftnref{n}" name="_ftn{n}">[{n}]</a> '
        f"{html.escape(t)}</p></div>"
        for n, t in notes
    )
    return (
        SITE_TOP + header + "".join(body) + f'<div><hr width="33%">{footnotes}</div>' + SITE_BOTTOM
    )


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "2023-duc-pho-bcd-qcdc.html"
    path.write_text(seed_page(), encoding="utf-8")
    return path


def test_seed_page_reads_as_the_txt(seed_html):
    text = build_text(read_document(seed_html))
    assert [squash(line) for line in body_lines(text.text.splitlines())] == list(seed_body())
    assert [nid for nid, _ in text.notes] == ["1", "2", "3"]
    assert (
        "Trang chủ" not in text.text
        and "Chia sẻ" not in text.text
        and "Văn bản mới" not in text.text
    )


def test_seed_page_scores_like_the_txt(seed_html):
    assert_scores_close(seed_html, 0.02)
