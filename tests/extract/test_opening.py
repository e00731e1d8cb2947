"""Headers and signature blocks in the shapes saved pages give them (new text written for these tests)."""

import pytest

from pipeline.extract.markup import units
from pipeline.run import extract_text

# one letter (công văn) in three shapes: wrapped cells with emphasis, pipe rows, plain lines
LETTER_CELLS = """|
**BỘ XÂY DỰNG**
**CỤC ĐƯỜNG
BỘ VIỆT NAM**
-------
|
**CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
Số: 4127/CT-QLKT
*V/v
hướng dẫn bảo trì cầu yếu*
|
*Hà Nội, ngày 03 tháng
4 năm 2025*
|
**Kính gửi:** Các Khu Quản lý đường bộ
Cục nhận được văn bản của các đơn vị về việc bảo trì cầu yếu.
|
*Nơi nhận:*
- Như trên;
- Lưu: VT, QLKT.
|
**KT. CỤC TRƯỞNG**
**PHÓ CỤC TRƯỞNG**
**Lê Thị Hạnh**
|
THÔNG BÁO
Văn bản này chưa cập nhật nội dung Tiếng Anh
"""

LETTER_PIPES = """| BỘ XÂY DỰNG CỤC ĐƯỜNG BỘ VIỆT NAM ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |
|---|---|
| Số: 4127/CT-QLKT V/v hướng dẫn bảo trì cầu yếu | Hà Nội, ngày 03 tháng 4 năm 2025 |
Kính gửi: Các Khu Quản lý đường bộ
Cục nhận được văn bản của các đơn vị về việc bảo trì cầu yếu.
| Nơi nhận: - Như trên; - Lưu: VT, QLKT. | KT. CỤC TRƯỞNG PHÓ CỤC TRƯỞNG Lê Thị Hạnh |
"""

LETTER_PLAIN = """BỘ XÂY DỰNG
CỤC ĐƯỜNG BỘ VIỆT NAM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 4127/CT-QLKT
V/v hướng dẫn bảo trì cầu yếu
Hà Nội, ngày 03 tháng 4 năm 2025
Kính gửi: Các Khu Quản lý đường bộ
Cục nhận được văn bản của các đơn vị về việc bảo trì cầu yếu.
Nơi nhận:
- Như trên;
- Lưu: VT, QLKT.
KT. CỤC TRƯỞNG
PHÓ CỤC TRƯỞNG
Lê Thị Hạnh
"""


def _doc(text):
    from pipeline.export import plan_to_dict

    return plan_to_dict(extract_text(text))["document"]


@pytest.mark.parametrize("text", [LETTER_CELLS, LETTER_PLAIN])
def test_a_letter_is_a_cong_van_by_its_summary_line(text):
    d = _doc(text)
    # "CT" opens the symbol, but a letter without a type line is a công văn, not a Chỉ thị
    assert (d["doc_type"], d["number"], d["symbol"]) == ("Công văn", "4127", "CT-QLKT")
    assert d["title"] == "hướng dẫn bảo trì cầu yếu"
    assert d["date"] == {"year": 2025, "month": 4, "day": 3} and d["place"] == "Hà Nội"
    assert d["issuer"].lower() == "cục đường bộ việt nam" and d["parent_issuer"].lower() == "bộ xây dựng"
    assert d["signer"] == {"authority": "KT. CỤC TRƯỞNG", "position": "PHÓ CỤC TRƯỞNG", "name": "Lê Thị Hạnh"}


def test_pipe_rows_give_the_same_fields():
    d = _doc(LETTER_PIPES)
    assert (d["number"], d["symbol"], d["place"]) == ("4127", "CT-QLKT", "Hà Nội")
    assert d["date"] == {"year": 2025, "month": 4, "day": 3}
    # one cell holds parent and issuer: the lexicon of bodies knows where "Bộ Xây dựng" ends
    assert d["issuer"].lower() == "cục đường bộ việt nam" and d["parent_issuer"] == "Bộ Xây dựng"


@pytest.mark.parametrize(
    ("lines", "issuer"),
    [
        (["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ", "TỈNH HÀ TĨNH HỘI CHỦ NGHĨA VIỆT NAM"], "Ủy ban nhân dân tỉnh Hà Tĩnh"),
        (["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI", "TỈNH HÀ TĨNH", "CHỦ NGHĨA VIỆT NAM"], "Ủy ban nhân dân tỉnh Hà Tĩnh"),
        (["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"], "Ủy ban nhân dân tỉnh Hà Tĩnh"),
    ],
)
def test_motto_interleaved_with_the_issuer(lines, issuer):
    text = "\n".join([*lines, "Độc lập - Tự do - Hạnh phúc", "Số: 12/KH-UBND", "Hà Tĩnh, ngày 5 tháng 3 năm 2024",
                      "KẾ HOẠCH", "Chuyển đổi số năm 2024", "I. MỤC ĐÍCH", "1. Nâng cao nhận thức."])  # fmt: skip
    d = _doc(text)
    assert d["issuer"] == issuer and d["system"] == "state" and d["parent_issuer"] is None
    assert d["title"] == "Chuyển đổi số năm 2024"


@pytest.mark.parametrize(
    ("above", "what"),
    [
        ("## Tỉnh ban hành kế hoạch chuyển đổi số\n**Ngày 5/3/2024, UBND tỉnh ban hành Kế hoạch 12/KH-UBND về chuyển đổi số.**\n", "summary"),
        ("Số hiệu:\n12/KH-UBND\nLoại văn bản:\nQuyết định\nNơi ban hành:\nTỉnh Hà Tĩnh\n", "record"),
        ("Đang tải văn bản...\nNgày 05/03/2024 00:00:00\n", "chrome"),
    ],
)
def test_page_chrome_above_the_header_is_no_field(above, what):
    text = above + "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-UBND\nHà Tĩnh, ngày 5 tháng 3 năm 2024\nKẾ HOẠCH\nChuyển đổi số năm 2024\nI. MỤC ĐÍCH\n"
    d = _doc(text)
    assert (d["doc_type"], d["number"], d["title"]) == ("Kế hoạch", "12", "Chuyển đổi số năm 2024"), what
    assert d["issuer"] == "Ủy ban nhân dân tỉnh Hà Tĩnh", what


@pytest.mark.parametrize(
    ("block", "signer"),
    [
        ("**TM. ỦY BAN\nNHÂN DÂN**\n**KT. CHỦ TỊCH**\nPHÓ CHỦ TỊCH\n**Trần Văn Bình**", ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình")),
        ("**TL. CỤC TRƯỞNG**\nKT. TRƯỞNG BAN QUẢN LÝ,\nGIÁM SÁT THỊ TRƯỜNG\nPHÓ TRƯỞNG BAN\nHà Thu Trang", ("TL. CỤC TRƯỞNG KT. TRƯỞNG BAN QUẢN LÝ, GIÁM SÁT THỊ TRƯỜNG", "PHÓ TRƯỞNG BAN", "Hà Thu Trang")),
        ("BỘ TRƯỞNG\n(Đã ký)\nNGUYỄN MINH KHOA", (None, "BỘ TRƯỞNG", "NGUYỄN MINH KHOA")),
        # the authority and the position on one line, or the whole block in one cell
        ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC\nVõ Minh Tâm", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Võ Minh Tâm")),
        ("| **KT. BỘ TRƯỞNG** **THỨ TRƯỞNG** **Đặng Minh Tuấn** |", ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Đặng Minh Tuấn")),
        ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH\nPhan Văn Lợi", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phan Văn Lợi")),
    ],
)
def test_signature_blocks_and_the_box_after_them(block, signer):
    text = LETTER_PLAIN.split("KT. CỤC TRƯỞNG")[0] + block + "\n|\n**THÔNG BÁO **\n**về Lưu trữ, Sử dụng Thông tin Khách hàng**\n"
    s = _doc(text)["signer"]
    assert (s["authority"], s["position"], s["name"]) == signer


@pytest.mark.parametrize(
    ("lines", "texts"),
    [
        (["**ỦY BAN NHÂN", "DÂN**", "|", "Số: 3783/QĐ-", "UBND"], ["ỦY BAN NHÂN DÂN", "Số: 3783/QĐ-UBND"]),
        (["*Hà Nội, ngày 20", "tháng 11 năm 2025 *", "* *", "**QUYẾT ĐỊNH**"], ["Hà Nội, ngày 20 tháng 11 năm 2025", "QUYẾT ĐỊNH"]),
        (["Số:", "7360/KH-UBND", "Lai Châu, ngày", "19 tháng 11 năm 2025"], ["Số:", "7360/KH-UBND", "Lai Châu, ngày 19 tháng 11 năm 2025"]),
    ],
)
def test_units_join_what_the_page_wrapped(lines, texts):
    assert [u.text for u in units(lines)] == texts


@pytest.mark.parametrize(
    ("lines", "place", "day"),
    [  # the number and the place and date on one line
        (["ỦY BAN NHÂN DÂN", "HUYỆN CAM LÂM", "Số: 412/PGDĐT-THCS Cam Lâm, ngày 22 tháng 9 năm 2014"], "Cam Lâm", 22),
        (["TỈNH ỦY NGHỆ AN          ĐẢNG CỘNG SẢN VIỆT NAM", "Số 12-ĐA/TU        Nghệ An, ngày 25 tháng 02 năm 2010"], "Nghệ An", 25),
        (["BỘ Y TẾ", "Số: 15/BYT-KCB | Hà Nội, ngày 3 tháng 1 năm 2024"], "Hà Nội", 3),
    ],
)
def test_number_and_date_on_one_line(lines, place, day):
    d = _doc("\n".join([*lines, "KẾ HOẠCH", "Tập huấn chuyên môn năm học mới", "Căn cứ tình hình thực tế;"]))
    assert (d["place"], d["date"]["day"]) == (place, day)


@pytest.mark.parametrize(
    "part",
    ["Phần thứ nhất", "PHẦN I. SỰ CẦN THIẾT", "**PHẦN II: NỘI DUNG**"],
)
def test_the_title_stops_at_the_first_part(part):
    text = "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\nSố: 09/ĐA-UBND\nAn Phú, ngày 15 tháng 4 năm 2021\nĐỀ ÁN\nPhát triển du lịch cộng đồng giai đoạn 2021 - 2025\n" + part + "\nSỰ CẦN THIẾT\nI. Sự cần thiết\nNội dung."
    assert _doc(text)["title"] == "Phát triển du lịch cộng đồng giai đoạn 2021 - 2025"
