"""Header and closing block: one row per convention (NĐ 30/2020, HD 36-HD/VPTW, portal pages)."""

import pytest

from pipeline.extract.header import sentence_case
from pipeline.run import extract_text

PARTY = """ĐẢNG BỘ TỈNH NGHỆ AN
HUYỆN ỦY NGHI LỘC
*
Số 87-KH/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Nghi Lộc, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
tăng cường công tác phổ biến, giáo dục pháp luật năm 2024
-----
Thực hiện chỉ đạo của Tỉnh ủy, Ban Thường vụ Huyện ủy ban hành Kế hoạch như sau:
I- MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức.
Nơi nhận:
- Ban Tuyên giáo Tỉnh ủy (để b/c),
- Lưu Văn phòng Huyện ủy.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Trần Văn Thịnh
"""

STATE_PIPES = """ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 4338/KH-UBND | Quảng Nam, ngày 06 tháng 7 năm 2023 |
KẾ HOẠCH
TRIỂN KHAI THỰC HIỆN CHIẾN LƯỢC AN TOÀN, AN NINH MẠNG QUỐC GIA
Thực hiện Quyết định số 964/QĐ-TTg ngày 10/8/2022 của Thủ tướng Chính phủ về phê duyệt Chiến lược.
I. MỤC ĐÍCH, YÊU CẦU
"""

DECISION = """BAN CHỈ ĐẠO
CẢI CÁCH HÀNH CHÍNH
CỦA CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/QĐ-BCĐCCHC
Hà Nội, ngày 28 tháng 4 năm 2023
QUYẾT ĐỊNH
VỀ VIỆC BAN HÀNH KẾ HOẠCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2023
TRƯỞNG BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH CỦA CHÍNH PHỦ
Căn cứ Quyết định số 1226/QĐ-TTg ngày 22/7/2016 của Thủ tướng Chính phủ;
"""


def _doc(text):
    from pipeline.export import plan_to_dict

    return plan_to_dict(extract_text(text))["document"]


def test_party_header():
    d = _doc(PARTY)
    assert (d["system"], d["number"], d["symbol"]) == ("party", "87", "KH/HU")
    assert (d["issuer"], d["parent_issuer"]) == ("Huyện ủy Nghi Lộc", "Đảng bộ tỉnh Nghệ An")
    assert d["date"] == {"year": 2024, "month": 3, "day": 5} and d["place"] == "Nghi Lộc"
    assert d["title"].startswith("tăng cường") and d["doc_type"] == "Kế hoạch"
    assert d["signer"] == {"authority": "T/M BAN THƯỜNG VỤ", "position": "PHÓ BÍ THƯ", "name": "Trần Văn Thịnh"}
    assert d["recipients"] == ["Ban Tuyên giáo Tỉnh ủy (để b/c)", "Lưu Văn phòng Huyện ủy"]


def test_state_header_in_pipe_cells():
    d = _doc(STATE_PIPES)
    assert (d["system"], d["number"], d["symbol"], d["place"]) == ("state", "4338", "KH-UBND", "Quảng Nam")
    assert d["issuer"] == "Ủy ban nhân dân tỉnh Quảng Nam"  # the locality from the place
    assert d["title"].startswith("TRIỂN KHAI")


def test_decision_issuing_a_plan():
    d = _doc(DECISION)
    assert d["doc_type"] == "Quyết định"
    assert d["title"] == "VỀ VIỆC BAN HÀNH KẾ HOẠCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2023"
    assert d["attachment"] == {"doc_type": "Kế hoạch", "title": "KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2023"}
    assert d["issuer"] == "Ban Chỉ đạo cải cách hành chính của Chính phủ"  # the lexicon spells "Chính phủ"


@pytest.mark.parametrize(
    ("text", "doc"),
    [
        (  # a news page: no made-up header
            "Ban Thường vụ Tỉnh ủy vừa ban hành Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW. Nội dung như sau:\nThực hiện Nghị quyết, Ban Thường vụ Tỉnh ủy ban hành Chương trình hành động như sau:\nI. MỤC ĐÍCH\n",
            None,
        ),
        (  # a plan introducing itself, without its header
            "Thực hiện Kết luận số 19-KL/TW, Ủy ban Thường vụ Quốc hội ban hành Kế hoạch triển khai với các nội dung cụ thể như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n",
            {"doc_type": "Kế hoạch", "issuer": "Ủy ban Thường vụ Quốc hội"},
        ),
        (  # a portal's source note
            "Triển khai tuyên truyền Đại hội\n1. Phòng Nội vụ tham mưu thực hiện:\n- Đẩy mạnh tuyên truyền.\n(Nguồn công văn số 2983/UBND-VP - 22/09/2020)\n",
            {"doc_type": "Công văn", "number": "2983", "symbol": "UBND-VP", "date": {"year": 2020, "month": 9, "day": 22}},
        ),
    ],
)
def test_pages_without_a_header(text, doc):
    d = _doc(text)
    if doc is None:
        assert d is None
    else:
        assert {k: d[k] for k in doc} == doc


@pytest.mark.parametrize(
    ("caps", "name"),
    [
        ("BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ", "Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở"),
        ("THỊ ỦY ĐỨC PHỔ", "Thị ủy Đức Phổ"),
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "Ủy ban nhân dân tỉnh Quảng Trị"),
        ("ỦY BAN MTTQ VIỆT NAM TỈNH ĐIỆN BIÊN", "Ủy ban MTTQ Việt Nam tỉnh Điện Biên"),
    ],
)
def test_sentence_case(caps, name):
    assert sentence_case(caps) == name


def test_seed_header(seed_plan, seed_gold):
    d, g = seed_plan["document"], seed_gold["document"]
    for key in ("system", "symbol", "issuer", "parent_issuer", "place", "date", "title", "draft", "signer", "recipients"):
        assert d[key] == g[key] or (isinstance(g[key], str) and d[key].lower() == g[key].lower()), key


YOUTH = """\tBCH ĐOÀN TỈNH QUẢNG NGÃI
***
Số: 12-KH/TĐTN-VP
\tĐOÀN TNCS HỒ CHÍ MINH
Quảng Ngãi, ngày 10 tháng 3 năm 2024
KẾ HOẠCH
tổ chức Tháng Thanh niên năm 2024
I. MỤC ĐÍCH
"""


def test_youth_union_header():
    d = _doc(YOUTH)
    assert d["issuer"].lower() == "ban chấp hành đoàn tỉnh quảng ngãi" and d["parent_issuer"] is None
    assert d["system"] == "party"  # the number's form: 12-KH/...


@pytest.mark.parametrize("name", ["Nguyễn Văn An", "Y Ngọc", "Đinh Y Ly Niê", "A Pớt"])
def test_signer_names(name):
    d = _doc(PARTY.replace("Trần Văn Thịnh", name))
    assert d["signer"]["name"] == name


@pytest.mark.parametrize(
    ("title_lines", "label"),
    [
        ("thực hiện Quy chế dân chủ năm 2024 (Dự thảo)", "Dự thảo"),
        ("thực hiện Quy chế dân chủ năm 2024\nDự thảo lần 2", "Dự thảo lần 2"),
    ],
)
def test_draft_marks_near_the_title(title_lines, label):
    head = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố:    /KH-UBND\tHà Tĩnh, ngày   tháng   năm 2024\n"
    d = _doc(head + "KẾ HOẠCH\n" + title_lines + "\nI. MỤC ĐÍCH\n")
    assert d["title"] == "thực hiện Quy chế dân chủ năm 2024"
    assert d["draft"] is True and d["draft_label"] == label and d["number"] is None


@pytest.mark.parametrize("qualifier", ["HÀNH ĐỘNG", "CÔNG TÁC"])
def test_type_name_with_a_qualifier(qualifier):
    head = "TỈNH ỦY KHÁNH HÒA\n*\nSố 45-CTr/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nNha Trang, ngày 10 tháng 3 năm 2023\n"
    d = _doc(head + f"CHƯƠNG TRÌNH {qualifier}\nthực hiện Nghị quyết số 29-NQ/TW của Ban Chấp hành Trung ương Đảng\n-----\nI. MỤC ĐÍCH\n")
    assert d["doc_type"] == "Chương trình"
    assert d["title"] == "thực hiện Nghị quyết số 29-NQ/TW của Ban Chấp hành Trung ương Đảng"


def test_lost_first_letter_of_the_page():
    text = (
        "Y BAN NHÂN DÂN\nTỈNH KON TUM\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 2516/KH-UBND\nKon Tum, ngày 03 tháng 10 năm 2014\nKẾ HOẠCH\nTRIỂNKHAI THỰC HIỆN QUYẾT ĐỊNH SỐ 34/2014/QĐ-TTG\n"
        "I. Mục đích, yêu cầu\n1. Nhằm tạo môi trường sống antoàn.\n"
    )
    d = _doc(text)
    assert d["issuer"] == "Ủy ban nhân dân tỉnh Kon Tum"
    assert d["title"] == "TRIỂN KHAI THỰC HIỆN QUYẾT ĐỊNH SỐ 34/2014/QĐ-TTG"  # glued words split
