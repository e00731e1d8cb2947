"""Saved web pages and Markdown: emphasis, chrome, flattened tables, wrapped bold runs, lone labels."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.read.from_txt import read_txt
from pipeline.read.plaintext import logical_lines
from pipeline.read.portal import is_markup, strip_emphasis


def _lines(text: str) -> list[str]:
    return [ln.text for ln in logical_lines(text) if ln.text.strip()]


@pytest.mark.parametrize(
    ("line", "clean"),
    [
        ("**1.** **Mục đích**", "1. Mục đích"),
        ("*Đơn vị phối hợp: *Sở Tư pháp.", "Đơn vị phối hợp: Sở Tư pháp."),
        ("## Văn bản liên quan", "Văn bản liên quan"),
        ("* Một ý gạch đầu dòng", "- Một ý gạch đầu dòng"),
        ("*", "*"),  # the star under a party header stays
        ("Điểm a \\* b", "Điểm a * b"),
    ],
)
def test_strip_emphasis(line, clean):
    assert strip_emphasis(line) == clean


@given(st.text(alphabet="ab *_#|\\-.1", max_size=40))
def test_strip_emphasis_never_adds_text(line):
    out = strip_emphasis(line)
    assert len(out) <= len(line) + 1  # "* x" -> "- x" keeps the length
    assert "**" not in out or out.strip(" *") == ""


def test_markup_is_detected():
    assert is_markup("**KẾ HOẠCH**\n")
    assert is_markup("|\nSố: 1/KH\n|\n")
    assert not is_markup("KẾ HOẠCH\nThực hiện năm 2025\n")


def test_bold_heading_wrapped_by_the_page_is_one_line():
    text = "**II. NHIỆM VỤ,\nGIẢI PHÁP**\n\n**1. Sở\nKhoa học và Công nghệ**\n- Chủ trì triển khai.\n"
    assert _lines(text)[:2] == ["II. NHIỆM VỤ, GIẢI PHÁP", "1. Sở Khoa học và Công nghệ"]


def test_italic_heading_wrapped_by_the_page_is_one_line():
    assert _lines("*2.8. Sở\nTư pháp*\n\nChủ trì thực hiện **việc A**.\n")[0] == "2.8. Sở Tư pháp"


def test_a_label_alone_joins_the_heading_after_it():
    assert _lines("**1.****\n**Rà soát văn bản**\n\n- Nội dung: rà soát.\n")[0] == "1. Rà soát văn bản"


def test_portal_chrome_is_dropped():
    text = (
        "Bản dịch này thuộc quyền sở hữu của THƯ VIỆN PHÁP LUẬT. Mọi hành vi sao chép\n"
        "Đang tải văn bản...\n|\n**Số hiệu:**\n|\n12/KH-UBND\n|\n|\n**Loại văn bản:**\n|\nKế hoạch\n|\n|\n"
        "**ỦY BAN NHÂN DÂN**\nTỈNH A\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\n\nKẾ HOẠCH\n"
        + "Nội dung của kế hoạch.\n" * 20
        + "**FILE ĐƯỢC ĐÍNH KÈM THEO VĂN BẢN**\nTải về\n"
    )
    lines = _lines(text)
    joined = "\n".join(lines)
    assert "Số hiệu" not in joined and "12/KH-UBND" not in joined and "Loại văn bản" not in joined
    assert "THƯ VIỆN PHÁP LUẬT" not in joined and "FILE ĐƯỢC ĐÍNH KÈM" not in joined and "Tải về" not in joined
    assert "KẾ HOẠCH" in lines


TABLE = """PHỤ LỤC

|
**STT**
|
**Nội dung**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian**
|
|
**I**
|
**NHÓM MỘT**
|
|
1
|
Rà soát văn bản
quy phạm pháp luật
|
Sở Tư pháp
|
|
Quý I/2025
|
|
2
|
Tập huấn
|
Sở Nội vụ
|
Các sở, ngành
|
2025
|
|
|
"""


def test_flattened_table_rows_and_cells():
    doc = read_txt("t.md", TABLE.encode())
    rows: dict[int, dict[int, str]] = {}
    for b in doc.blocks:
        if b.cell is not None:
            rows.setdefault(b.cell.row, {})[b.cell.col] = b.text
    assert rows[0] == {0: "STT", 1: "Nội dung", 2: "Cơ quan chủ trì", 3: "Cơ quan phối hợp", 4: "Thời gian"}
    assert rows[1] == {0: "I", 1: "NHÓM MỘT"}
    # an empty cell inside a numbered row keeps the columns in place; wrapped cell lines are joined
    assert rows[2] == {0: "1", 1: "Rà soát văn bản quy phạm pháp luật", 2: "Sở Tư pháp", 4: "Quý I/2025"}
    assert rows[3] == {0: "2", 1: "Tập huấn", 2: "Sở Nội vụ", 3: "Các sở, ngành", 4: "2025"}


def test_lines_keep_the_number_of_their_first_physical_line():
    lines = logical_lines("**II. NHIỆM VỤ,\nGIẢI PHÁP**\n\n1. Một\n")
    assert [(ln.lineno, ln.text) for ln in lines if ln.text.strip()] == [(1, "II. NHIỆM VỤ, GIẢI PHÁP"), (4, "1. Một")]


def _cells(text: str) -> dict[int, dict[int, str]]:
    rows: dict[int, dict[int, str]] = {}
    for b in read_txt("t.md", text.encode()).blocks:
        if b.cell is not None:
            rows.setdefault(b.cell.row, {})[b.cell.col] = b.text
    return rows


def test_markdown_pipe_table_rows_are_cells():
    text = "|\n| ỦY BAN NHÂN DÂN TỈNH A | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n| Số: 2/KH | A, ngày 1 tháng 2 năm 2025 |\n\nKẾ HOẠCH\n"
    assert _cells(text) == {
        0: {0: "ỦY BAN NHÂN DÂN TỈNH A", 1: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
        1: {0: "Số: 2/KH", 1: "A, ngày 1 tháng 2 năm 2025"},
    }


def test_html_table_inside_the_text_is_read_as_rows_and_never_run():
    text = (
        "KẾ HOẠCH\n<table><tr><th>TT</th><th>Nội dung</th><th>Chủ trì</th></tr>\n"
        "<tr><td>1</td><td>Rà soát <b>văn bản</b><script>alert(1)</script></td><td>Sở Tư pháp</td></tr></table>\n"
    )
    rows = _cells(text)
    assert rows[0] == {0: "TT", 1: "Nội dung", 2: "Chủ trì"}
    assert rows[1][0] == "1" and rows[1][2] == "Sở Tư pháp"
    assert rows[1][1] == "Rà soát văn bản"


def test_a_blank_line_between_bars_is_an_empty_cell_and_after_a_full_row_a_break():
    text = (
        "|\nSTT\n|\nNội dung\n|\nChủ trì\n|\nPhối hợp\n|\n|\n"
        "1\n|\nRà soát\n|\nSở Y tế\n|\n\n|\n|\n"
        "2\n|\nTập huấn\n|\nSở Nội vụ\n|\nSở Tư pháp\n|\n\n|\n|\n3\n|\nKiểm tra\n|\nSở Y tế\n|\nSở Tài chính\n|\n|\n"
    )
    rows = _cells(text)
    assert rows[1] == {0: "1", 1: "Rà soát", 2: "Sở Y tế"}
    assert rows[2] == {0: "2", 1: "Tập huấn", 2: "Sở Nội vụ", 3: "Sở Tư pháp"}
    assert rows[3] == {0: "3", 1: "Kiểm tra", 2: "Sở Y tế", 3: "Sở Tài chính"}


def test_markdown_headings_lose_their_marks():
    assert _lines("# KẾ HOẠCH\n## I. MỤC ĐÍCH, YÊU CẦU\n### 1. Mục đích\n")[:3] == ["KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]


def test_a_page_in_one_bar_run_is_no_task_table_without_a_header_row():
    # a dispatch whose cells are the header, the body, the recipients and the signature
    text = (
        "|\nVĂN PHÒNG CHÍNH PHỦ\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\n|\nSố: 1/VPCP-KGVX\n|\n"
        "Hà Nội, ngày 1 tháng 2 năm 2025\n|\nKính gửi: Bộ Tư pháp.\nVăn phòng Chính phủ thông báo.\n|\n"
        "Nơi nhận:\n- Như trên;\n|\nKT. BỘ TRƯỞNG\nPHÓ CHỦ NHIỆM\nNguyễn Văn A\n|\n"
    )
    lines = _lines(text)
    assert not any("\t" in ln and "Nguyễn Văn A" in ln and "Kính gửi" in ln for ln in lines)
    assert "Nguyễn Văn A" in lines
