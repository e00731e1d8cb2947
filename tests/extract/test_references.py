from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.references import find_citations, normalize_number

CASES = [
    # text, [(number, type, date, issuer, term)]
    (
        "Tiếp tục thực hiện Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ Chính trị khóa XI về tiếp tục đẩy mạnh.",
        [("120-KL/TW", "Kết luận", "2016-01-07", "Bộ Chính trị", "XI")],
    ),
    (
        "thực hiện Chỉ thị số 33/CT-TTg, ngày 26/11/2021 của Thủ tướng Chính phủ về tiếp tục tăng cường",
        [("33/CT-TTg", "Chỉ thị", "2021-11-26", "Thủ tướng Chính phủ", None)],
    ),
    (  # a date and issuer written once for two numbers
        "theo Quyết định số 217-QĐ/TW, Quyết định số 218-QĐ/TW, ngày 12/12/2013 của Bộ Chính trị; việc",
        [
            ("217-QĐ/TW", "Quyết định", "2013-12-12", "Bộ Chính trị", None),
            ("218-QĐ/TW", "Quyết định", "2013-12-12", "Bộ Chính trị", None),
        ],
    ),
    (  # the type from the word before, not the symbol (QĐi = Quy định)
        "thực hiện nghiêm túc Quy định 11-QĐi/TW của Bộ Chính trị về trách nhiệm",
        [("11-QĐi/TW", "Quy định", None, "Bộ Chính trị", None)],
    ),
    (  # a normative number with its year
        "Pháp lệnh số 34/2007/PL-UBTVQH11 của Ủy ban Thường vụ Quốc hội khoá XI về thực hiện dân chủ",
        [("34/2007/PL-UBTVQH11", "Pháp lệnh", None, "Ủy ban Thường vụ Quốc hội", "XI")],
    ),
    (  # a date written out, noisy spacing in the symbol
        "Kế hoạch số 51-KH / BTGTU ngày 22 tháng 12 năm 2024 của Ban Tuyên giáo Tỉnh ủy",
        [("51-KH/BTGTU", "Kế hoạch", "2024-12-22", "Ban Tuyên giáo Tỉnh ủy", None)],
    ),
    (  # dashes in the date
        "Chỉ thị số 05-CT/TW ngày 15-5-2016 của Bộ Chính trị",
        [("05-CT/TW", "Chỉ thị", "2016-05-15", "Bộ Chính trị", None)],
    ),
    (  # issuer named before: "của X tại Tờ trình số ..."
        "theo đề nghị của Sở Thông tin và Truyền thông tại Tờ trình số 169/TTr- STTTT ngày 28/6/2023; UBND",
        [("169/TTr-STTTT", "Tờ trình", "2023-06-28", "Sở Thông tin và Truyền thông", None)],
    ),
    (  # issuer and date before: "Ngày ..., X ban hành Kế hoạch số ..."
        "ngày 13/5/2011, Ủy ban nhân dân huyện ban hành Kế hoạch số 42/KH-UBND về thực hiện cải cách hành chính.",
        [("42/KH-UBND", "Kế hoạch", "2011-05-13", "Ủy ban nhân dân huyện", None)],
    ),
    (  # a joint resolution names its issuers with commas
        "Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN ngày15/6/2017 của Ủy ban Thường vụ Quốc hội, Chính phủ và Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam quy định chi tiết",
        [("403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN", "Nghị quyết liên tịch", "2017-06-15", "Ủy ban Thường vụ Quốc hội, Chính phủ và Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam", None)],
    ),
    (  # a national body named "về ..."
        "Quyết định số 24/QĐ-UBQGCĐS ngày 03/3/2022 của Chủ tịch Ủy ban Quốc gia về chuyển đổi số ban hành Quy chế",
        [("24/QĐ-UBQGCĐS", "Quyết định", "2022-03-03", "Chủ tịch Ủy ban Quốc gia về chuyển đổi số", None)],
    ),
    (  # a name with a comma inside
        "Công văn số 2928/LĐTBXH-BVCSTE ngày 01/8/2014 của Bộ Lao động, Thương binh và Xã hội về việc triển khai",
        [("2928/LĐTBXH-BVCSTE", "Công văn", "2014-08-01", "Bộ Lao động, Thương binh và Xã hội", None)],
    ),
    (  # different types written in a run: the date belongs to the last one only
        "Chỉ thị số 35-CT/TW, Thông tri số 10-TT/TU và Kế hoạch số 168-KH/HU ngày 5-8-2024 của Ban Chấp hành Đảng bộ huyện",
        [
            ("35-CT/TW", "Chỉ thị", None, None, None),
            ("10-TT/TU", "Thông tri", None, None, None),
            ("168-KH/HU", "Kế hoạch", "2024-08-05", "Ban Chấp hành Đảng bộ huyện", None),
        ],
    ),
    ("Tổng kết năm 2023 và triển khai nhiệm vụ năm 2024", []),  # no citation
    ("tỷ lệ đạt 50/100 hồ sơ", []),  # a fraction is not a number
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_numbered(text, expected):
    got = [(c.number, c.type, c.date, c.issuer, c.term) for c in find_citations(text) if c.number]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("triển khai thực hiện Luật thực hiện dân chủ cơ sở gắn với thực hiện", "Luật thực hiện dân chủ cơ sở"),
        ("Tiếp tục triển khai thực hiện Luật Hòa giải ở cơ sở và Nghị định", "Luật Hòa giải ở cơ sở"),
        (
            "Quy chế làm việc số 01-QC/BCĐ và Kế hoạch thực hiện Quy chế dân chủ ở cơ sở giai đoạn 2022 -2025, Ban",
            "Kế hoạch thực hiện Quy chế dân chủ ở cơ sở giai đoạn 2022 -2025",
        ),
        (
            "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
            "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
        ),
        (
            "Ban Thường vụ Tỉnh ủy vừa ban hành Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị.",
            "Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW",
        ),
        ("hiện đại; Nghị quyết Đại hội Đảng bộ Thuỷ Nguyên lần thứ XXIII và chủ đề", "Nghị quyết Đại hội Đảng bộ Thuỷ Nguyên lần thứ XXIII"),
    ],
)
def test_unnumbered(text, name):
    assert name in [c.name for c in find_citations(text) if c.number is None]


@pytest.mark.parametrize(
    "text",
    [
        "thực hiện Quy chế dân chủ ở cơ sở trên địa bàn",  # a concept, not a document
        "Xây dựng Kế hoạch giám sát của Ban Chỉ đạo năm 2023.",  # a document being made
        "Căn cứ Kế hoạch này, các cơ quan tổ chức thực hiện",
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính năm 2024 với các nội dung như sau:",  # itself
    ],
)
def test_not_unnumbered(text):
    assert [c.name for c in find_citations(text) if c.number is None] == []


def test_footnote_gives_title():
    text = "theo Quyết định số 4054-QĐ/TU ngày 24/10/2014 của Ban Thường vụ Tỉnh ủy. Phối hợp"
    mark = text.index(". Phối")
    (c,) = find_citations(text, {mark: "trách nhiệm của cấp ủy"})
    assert c.title == "trách nhiệm của cấp ủy" and c.title_from


@pytest.mark.parametrize(("raw", "clean"), [("12/CT- TTg", "12/CT-TTg"), ("18 - KH/ĐU", "18-KH/ĐU"), ("51-KH / BTGTU", "51-KH/BTGTU")])
def test_normalize_number(raw, clean):
    assert normalize_number(raw) == clean


@given(
    st.integers(1, 9999),
    st.sampled_from(["NQ", "CT", "KL", "QĐ", "KH"]),
    st.sampled_from(["TW", "TU", "HU", "BCĐ"]),
    st.dates(min_value=date(1945, 1, 1), max_value=date(2099, 12, 31)),
)
def test_party_citation_grammar(n, code, issuer_code, day):
    text = f"Thực hiện Văn bản số {n}-{code}/{issuer_code}, ngày {day.day}/{day.month}/{day.year} của Ban Thường vụ Tỉnh ủy về việc X."
    cites = [c for c in find_citations(text) if c.number]
    assert [c.number for c in cites] == [f"{n}-{code}/{issuer_code}"]
    assert cites[0].date == day.isoformat() and cites[0].issuer == "Ban Thường vụ Tỉnh ủy"


@given(st.text(max_size=200))
def test_never_raises(text):
    for c in find_citations(text):
        assert 0 <= c.start <= c.end <= len(text)


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        (  # a quoted title right after the issuer
            "Kế hoạch số 18-KH/BDVTU, ngày 29/3/2017 của Ban Dân vận Tỉnh ủy “Tiếp tục đẩy mạnh thực hiện phong trào thi đua “Dân vận khéo” năm 2017”, Kế hoạch",
            "18-KH/BDVTU",
            "Tiếp tục đẩy mạnh thực hiện phong trào thi đua “Dân vận khéo” năm 2017",
        ),
        (  # an alias and abbreviations stay out of the title
            "Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo (KHCN, ĐMST) và chuyển đổi số (CĐS) quốc gia (Nghị quyết số 57-NQ/TW), Ban",
            "57-NQ/TW",
            "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        ),
        (  # the next citation ends the title
            "Chỉ thị số 09/CT-TTg ngày 31/3/2021 của Thủ tướng Chính phủ về việc nâng cao hiệu quả công tác thông tin và Chỉ thị số 12/CT- TTg ngày 12/5/2021",
            "09/CT-TTg",
            "về việc nâng cao hiệu quả công tác thông tin",
        ),
    ],
)
def test_titles(text, number, title):
    cite = next(c for c in find_citations(text) if c.number == number)
    assert cite.title == title
