from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.references import find_citations, normalize_number
from pipeline.run import default_tools

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
    (  # a comma inside a law's name before its number: one reference, typed from the word before
        "tuyên truyền Luật Thi đua, Khen thưởng số 06/2022/QH15 đến cán bộ",
        [("06/2022/QH15", "Luật", None, None, None)],
    ),
    (  # the issuer ends at " và <type>" for every type of the lexicon (Công điện)
        "Nghị quyết số 01/NQ-CP ngày 05 tháng 01 năm 2024 của Chính phủ và Công điện số 01/CĐ-TTg ngày 02/01/2025 của Thủ tướng Chính phủ",
        [
            ("01/NQ-CP", "Nghị quyết", "2024-01-05", "Chính phủ", None),
            ("01/CĐ-TTg", "Công điện", "2025-01-02", "Thủ tướng Chính phủ", None),
        ],
    ),
    (  # the issuer ends where it implements a numbered document
        "Kế hoạch số 302-KH/TU, ngày 15-01-2025 của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết 57-NQ/TW",
        [
            ("302-KH/TU", "Kế hoạch", "2025-01-15", "Ban Thường vụ Tỉnh ủy", None),
            ("57-NQ/TW", "Nghị quyết", None, None, None),
        ],
    ),
    (  # ... but an agency named after what it implements stays whole
        "Quy chế làm việc số 01-QC/BCĐ ngày 20/4/2021 của Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở thị xã;",
        [("01-QC/BCĐ", "Quy chế", "2021-04-20", "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở thị xã", None)],
    ),
    (  # an issuer at the end of a line, before "ban hành"
        "Quyết định số 24/QĐ-UBQGCĐS ngày 03 tháng 3 năm 2022 của Chủ tịch Ủy ban Quốc gia về chuyển đổi số ban hành",
        [("24/QĐ-UBQGCĐS", "Quyết định", "2022-03-03", "Chủ tịch Ủy ban Quốc gia về chuyển đổi số", None)],
    ),
    ("Tổng kết năm 2023 và triển khai nhiệm vụ năm 2024", []),  # no citation
    ("tỷ lệ đạt 50/100 hồ sơ", []),  # a fraction is not a number
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_numbered(text, expected):
    got = [(c.number, c.type, c.date, c.issuer, c.term) for c in find_citations(text, tools=default_tools()) if c.number]
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
        (  # a long name closed by its period
            "kiện toàn Ban Chỉ đạo, sửa đổi Quy chế hoạt động của Ban Chỉ đạo Quy chế dân chủ ở cơ sở và phong trào"
            " thi đua “Dân vận khéo” thành phố Trà Vinh giai đoạn 2015 – 2020; hướng dẫn",
            "Quy chế hoạt động của Ban Chỉ đạo Quy chế dân chủ ở cơ sở và phong trào thi đua “Dân vận khéo”"
            " thành phố Trà Vinh giai đoạn 2015 – 2020",
        ),
    ],
)
def test_unnumbered(text, name):
    assert name in [c.name for c in find_citations(text, tools=default_tools()) if c.number is None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # text, [(name, title, date, year)] of the laws cited by name
        (  # a comma inside the name; the date after it
            "Căn cứ Luật Phòng, chống thiên tai ngày 19/6/2013;",
            [("Luật Phòng, chống thiên tai", "Phòng, chống thiên tai", "2013-06-19", None)],
        ),
        (  # two laws joined by "và"
            "Căn cứ Luật Cán bộ, công chức và Luật Viên chức;",
            [("Luật Cán bộ, công chức", "Cán bộ, công chức", None, None), ("Luật Viên chức", "Viên chức", None, None)],
        ),
        (  # a date written out
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            [("Luật Tổ chức chính quyền địa phương", "Tổ chức chính quyền địa phương", "2015-06-19", None)],
        ),
        (  # two commas; a year instead of a date; the next law after a comma
            "thực hiện Luật Phòng, chống tác hại của rượu, bia, Luật Hộ tịch năm 2014.",
            [
                ("Luật Phòng, chống tác hại của rượu, bia", "Phòng, chống tác hại của rượu, bia", None, None),
                ("Luật Hộ tịch", "Hộ tịch", None, 2014),
            ],
        ),
        (  # a list after the comma is not the name
            "tuyên truyền Luật Hòa giải ở cơ sở, pháp luật về thực hiện dân chủ ở cơ sở;",
            [("Luật Hòa giải ở cơ sở", "Hòa giải ở cơ sở", None, None)],
        ),
        ("phổ biến Luật Trẻ em, các văn bản hướng dẫn thi hành", [("Luật Trẻ em", "Trẻ em", None, None)]),
        (  # a law the plan introducing itself carries out is still cited
            "Ban Thường vụ Huyện ủy ban hành Kế hoạch thực hiện Luật Hòa giải ở cơ sở như sau:\n1. Mục đích",
            [("Luật Hòa giải ở cơ sở", "Hòa giải ở cơ sở", None, None)],
        ),
    ],
)
def test_law_names(text, expected):
    got = [(c.name, c.title, c.date, c.year) for c in find_citations(text, tools=default_tools()) if c.number is None]
    assert got == expected


def test_law_with_a_comma_and_a_number_is_one_reference():
    (cite,) = find_citations("Luật Thi đua, Khen thưởng số 06/2022/QH15 ngày 15/6/2022", tools=default_tools())
    assert (cite.number, cite.type, cite.title) == ("06/2022/QH15", "Luật", "Thi đua, Khen thưởng")


@pytest.mark.parametrize(
    "text",
    [
        "thực hiện Quy chế dân chủ ở cơ sở trên địa bàn",  # a concept, not a document
        "Xây dựng Kế hoạch giám sát của Ban Chỉ đạo năm 2023.",  # a document being made
        "Căn cứ Kế hoạch này, các cơ quan tổ chức thực hiện",
        "thực hiện Chương trình MTQG xây dựng nông thôn mới giai đoạn 2021-2025.",  # national programmes
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm tra công tác cải cách hành chính năm 2023.",  # attached
        (  # the plan introducing itself, its body on the next lines
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Đề án bảo vệ rừng ven biển giai đoạn 2021-2030 trên địa"
            " bàn tỉnh (gọi tắt là Đề án), gồm các nội dung chủ yếu như sau:\n1. Mục đích\nQuản lý rừng."
        ),
        "đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030",
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính năm 2024 với các nội dung như sau:",  # itself
    ],
)
def test_not_unnumbered(text):
    assert [c.name for c in find_citations(text, tools=default_tools()) if c.number is None] == []


def test_footnote_gives_title():
    text = "theo Quyết định số 4054-QĐ/TU ngày 24/10/2014 của Ban Thường vụ Tỉnh ủy. Phối hợp"
    mark = text.index(". Phối")
    (c,) = find_citations(text, {mark: "trách nhiệm của cấp ủy"}, tools=default_tools())
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
    cites = [c for c in find_citations(text, tools=default_tools()) if c.number]
    assert [c.number for c in cites] == [f"{n}-{code}/{issuer_code}"]
    assert cites[0].date == day.isoformat() and cites[0].issuer == "Ban Thường vụ Tỉnh ủy"


@given(st.text(max_size=200))
def test_never_raises(text):
    for c in find_citations(text, tools=default_tools()):
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
        (  # the main clause after a comma is no part of the title
            "Kế hoạch số 25-KH/TU, ngày 10/3/2023 của Ban Thường vụ Tỉnh ủy về thực hiện Đề án 06 trên địa bàn tỉnh, Ban Thường vụ Huyện ủy xây dựng Kế hoạch thực hiện như sau:",
            "25-KH/TU",
            "về thực hiện Đề án 06 trên địa bàn tỉnh",
        ),
        (  # ... nor is another document after " và <type> số"
            "Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư và Công điện số 01/CĐ-TTg",
            "06/QĐ-TTg",
            "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư",
        ),
        (  # a comma inside the title before an agency that is not the main clause
            "Quyết định số 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị về việc Mặt trận Tổ quốc, Hội Nông dân tham gia góp ý xây dựng Đảng;",
            "218-QĐ/TW",
            "về việc Mặt trận Tổ quốc, Hội Nông dân tham gia góp ý xây dựng Đảng",
        ),
        (  # "và" before a clause word stays out
            "Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ về phát triển Chính phủ điện tử giai đoạn 2019 - 2020 và để tiếp tục kế thừa",
            "17/NQ-CP",
            "về phát triển Chính phủ điện tử giai đoạn 2019 - 2020",
        ),
        (  # the predicate of the sentence
            "việc thực hiện Chỉ thị số 47-CT/TW ngày 25/6/2015 của Ban Bí thư về tăng cường công tác phòng cháy, chữa"
            " cháy đạt nhiều kết quả tích cực.",
            "47-CT/TW",
            "về tăng cường công tác phòng cháy, chữa cháy",
        ),
        (  # a reporting clause after a comma is the sentence's, not the title's
            "Căn cứ Quyết định số 972/QĐ-TTg ngày 07/7/2020 của Thủ tướng Chính phủ phê duyệt Kế hoạch quốc gia phòng,"
            " chống bệnh Dịch tả lợn Châu Phi giai đoạn 2020 - 2025, Ủy ban nhân dân huyện có ý kiến như sau:",
            "972/QĐ-TTg",
            "phê duyệt Kế hoạch quốc gia phòng, chống bệnh Dịch tả lợn Châu Phi giai đoạn 2020 - 2025",
        ),
        (  # ... its head's title first, old-style tone placement
            "Thực hiện Chỉ thị số 19/CT-TTg ngày 24/6/2024 của Thủ tướng Chính phủ về việc tăng cường công tác phòng"
            " cháy, chữa cháy đối với nhà ở riêng lẻ, Chủ tịch Uỷ ban nhân dân tỉnh yêu cầu:",
            "19/CT-TTg",
            "về việc tăng cường công tác phòng cháy, chữa cháy đối với nhà ở riêng lẻ",
        ),
        (  # the audience after a year is the verb's, not the title's
            "quán triệt Kế hoạch số 168-KH/HU của Ban Chấp hành Đảng bộ huyện về tổ chức Đại hội Đảng bộ huyện lần thứ 27,"
            " nhiệm kỳ 2025-2030 tới các đảng bộ, chi bộ cơ sở trong huyện.",
            "168-KH/HU",
            "về tổ chức Đại hội Đảng bộ huyện lần thứ 27, nhiệm kỳ 2025-2030",
        ),
        (  # in a preamble item a semicolon before lower-case words is inside the title
            "Thực hiện Chỉ thị số 12/CT-TTg ngày 12/5/2021 của Thủ tướng Chính phủ về việc tăng cường công tác"
            " tuyên truyền; kịp thời chấn chỉnh các vi phạm;\nThực hiện Nghị quyết số 55-NQ/TU",
            "12/CT-TTg",
            "về việc tăng cường công tác tuyên truyền; kịp thời chấn chỉnh các vi phạm",
        ),
        (  # ... and a parenthesis the title opened closes inside it
            "Thực hiện kế hoạch số 2626/KH-UBND, ngày 31/12/2019 của Chủ tịch UBND huyện về việc tổ chức Mừng Đảng;"
            " chào mừng kỷ niệm 90 năm ngày thành lập Đảng (03/02/1930 – 03/02/2020); 73 năm ngày Bác về thăm.",
            "2626/KH-UBND",
            "về việc tổ chức Mừng Đảng; chào mừng kỷ niệm 90 năm ngày thành lập Đảng (03/02/1930 – 03/02/2020);"
            " 73 năm ngày Bác về thăm",
        ),
        (  # ... but not when the words after it cite a document of their own
            "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về công tác dân vận; gắn phong"
            " trào thi đua với thực hiện Luật số 10/2022/QH15;",
            "33/CT-TTg",
            "về công tác dân vận",
        ),
        (  # ... nor before a capital, whatever its diacritics
            "Thực hiện Hướng dẫn số 03-HD/HU của Ban Tuyên giáo Huyện ủy về tuyên truyền Đại hội năm 2020;"
            " Ủy ban nhân dân huyện có ý kiến như sau:",
            "03-HD/HU",
            "về tuyên truyền Đại hội năm 2020",
        ),
        (  # ... nor in a numbered task
            "\n1. Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về công tác dân vận;"
            " tăng cường kiểm tra, giám sát.",
            "33/CT-TTg",
            "về công tác dân vận",
        ),
        (  # ... nor outside a preamble, where a semicolon separates tasks
            "Tiếp tục thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về công tác dân vận;"
            " tăng cường kiểm tra, giám sát.",
            "33/CT-TTg",
            "về công tác dân vận",
        ),
    ],
)
def test_titles(text, number, title):
    cite = next(c for c in find_citations(text, tools=default_tools()) if c.number == number)
    assert cite.title == title


@pytest.mark.parametrize(
    ("text", "number", "alias"),
    [
        ("Kế hoạch số 25-KH/TU ngày 10/3/2023 của Ban Thường vụ Tỉnh ủy về thực hiện Đề án 06 (sau đây gọi tắt là Đề án 06);", "25-KH/TU", "Đề án 06"),
        ("Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị về kiểm điểm (gọi tắt là Quy định 124), Ban", "124-QĐ/TW", "Quy định 124"),
        ("thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị (sau đây viết tắt là Chỉ thị 05)", "05-CT/TW", "Chỉ thị 05"),
        (
            "Quyết định số 964/QĐ-TTg ngày 10/8/2022 của Thủ tướng Chính phủ về phê duyệt Chiến lược An toàn, An ninh mạng quốc gia (sau đây gọi là Chiến lược);",
            "964/QĐ-TTg",
            "Chiến lược",
        ),
        # an agency is no alias of the document that set it up
        ("Quyết định số 12/QĐ-UBND ngày 02/3/2023 của UBND tỉnh về thành lập Ban Chỉ đạo (sau đây gọi tắt là Ban Chỉ đạo);", "12/QĐ-UBND", None),
    ],
)
def test_alias(text, number, alias):
    cites = find_citations(text, tools=default_tools())
    assert [c.number for c in cites] == [number]  # the alias is no reference of its own
    assert cites[0].alias == alias
    assert "(" not in (cites[0].title or "")  # nor part of the title


# --------------------------------------------------------------------------- the plan's references

PLAN_HEAD = (
    "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Số: 18/KH-UBND\tQuảng Trị, ngày 15 tháng 01 năm 2024\n"
    "KẾ HOẠCH\n"
)


def _plan(body: str, title: str = "cải cách hành chính năm 2024\n"):
    from pipeline.run import extract_text

    plan = extract_text(PLAN_HEAD + title + body)
    return {r.key: r for r in plan.references}, {t.path: t.references for t in plan.tasks}


def test_alias_mentions_cite_the_document():
    refs, tasks = _plan(
        "Căn cứ Kế hoạch số 25-KH/TU ngày 10/3/2023 của Ban Thường vụ Tỉnh ủy về thực hiện Đề án 06 (sau đây gọi tắt là Đề án 06);\n"
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"
        "I. NHIỆM VỤ\n"
        "1. Đẩy mạnh thực hiện Đề án 06 trên địa bàn tỉnh.\n- Chủ trì: Công an tỉnh.\n- Thời gian: Năm 2024.\n"
        "2. Rà soát dữ liệu dân cư, không theo Đề án 067.\n- Chủ trì: Sở Tư pháp.\n- Thời gian: Quý II/2024.\n"
    )
    assert set(refs) == {"25-KH/TU"}  # "Đề án 06" is no reference of its own
    assert [m.path for m in refs["25-KH/TU"].mentions] == ["preamble", "I/1"]
    assert tasks["I/1"] == ("25-KH/TU",) and tasks["I/2"] == ()


@pytest.mark.parametrize(
    ("citation", "kept"),
    [
        ("Kế hoạch số 18/KH-UBND ngày 12/01/2023 của UBND tỉnh", True),  # last year's plan, same number
        ("Kế hoạch số 18/KH-UBND ngày 15/01/2024 của UBND tỉnh", False),  # the plan itself
        ("Kế hoạch số 18/KH-UBND", False),  # no date: the plan itself
        ("Quyết định số 18/2023/KH-UBND", True),  # another year in the number
    ],
)
def test_own_number_is_the_plan_only_on_its_own_date(citation, kept):
    refs, _ = _plan(f"Tiếp tục thực hiện {citation} về cải cách hành chính.\nI. MỤC ĐÍCH\n1. Nâng cao hiệu quả.\n")
    assert (normalize_number(citation.split("số ")[1].split()[0]) in refs) == kept


def test_number_spelled_as_in_the_body_not_the_capitals_title():
    refs, tasks = _plan(
        "Căn cứ Quyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ về tiêu chuẩn xã phù hợp với trẻ em;\n"
        "I. NHIỆM VỤ\n"
        "1. Triển khai Quyết định số 34/2014/QĐ-TTg tại các xã.\n- Chủ trì: Sở Lao động - Thương binh và Xã hội.\n- Thời gian: Năm 2024.\n",
        title="TRIỂN KHAI QUYẾT ĐỊNH SỐ 34/2014/QĐ-TTG NGÀY 30/5/2014 CỦA THỦ TƯỚNG CHÍNH PHỦ\n",
    )
    assert list(refs) == ["34/2014/QĐ-TTg"] and refs["34/2014/QĐ-TTg"].number == "34/2014/QĐ-TTg"
    assert len(refs["34/2014/QĐ-TTg"].mentions) == 3 and tasks["I/1"] == ("34/2014/QĐ-TTg",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # compressed pairs: bare numbers share the full number's symbol, date and issuer
            "Căn cứ Quyết định số 217, số 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị;",
            [("217-QĐ/TW", "2013-12-12", "Bộ Chính trị"), ("218-QĐ/TW", "2013-12-12", "Bộ Chính trị")],
        ),
        (
            "Nghị định số 20, 21/2024/NĐ-CP ngày 05/3/2024 của Chính phủ;",
            [("20/2024/NĐ-CP", "2024-03-05", "Chính phủ"), ("21/2024/NĐ-CP", "2024-03-05", "Chính phủ")],
        ),
        ("trong năm 2024, 35-KL/TW của Bộ Chính trị", [("35-KL/TW", None, "Bộ Chính trị")]),  # no "số": no list
        (  # a unit after a dot in the symbol
            "Quyết định số 445/QĐ-UBND.HC ngày 12/4/2024 của Uỷ ban nhân dân tỉnh về việc phê duyệt",
            [("445/QĐ-UBND.HC", "2024-04-12", "Uỷ ban nhân dân tỉnh")],
        ),
        (  # "Hướng dẫn số ..." after a citation is the next citation, not its title
            "Thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị, Hướng dẫn số 26-HD/BTCTW, ngày 12-7-2024 của Ban Tổ chức Trung ương và hướng dẫn của Tỉnh ủy.",
            [("35-CT/TW", None, "Bộ Chính trị"), ("26-HD/BTCTW", "2024-07-12", "Ban Tổ chức Trung ương")],
        ),
    ],
)
def test_lists_symbols_and_next_citations(text, expected):
    cites = [c for c in find_citations(text, tools=default_tools()) if c.number]
    assert [(c.number, c.date, c.issuer) for c in cites] == expected
    assert all(not (c.title or "").startswith(("Hướng dẫn số", "hướng dẫn của")) for c in cites)


def test_an_amending_law_runs_through_its_commas():
    (cite,) = find_citations("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 16/11/2013;", tools=default_tools())
    assert cite.name == "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng" and cite.date == "2013-11-16"


def test_short_issuer_named_in_full_as_the_subject():
    (cite,) = find_citations(
        "Ngày 23/3/2022, Ban Chỉ đạo công tác dân vận quốc phòng - an ninh huyện ban hành Kế hoạch số 03-KH/BCĐ,"
        " của Ban chỉ đạo về phối hợp hoạt động năm 2022.",
        tools=default_tools(),
    )
    assert (cite.issuer, cite.date) == ("Ban Chỉ đạo công tác dân vận quốc phòng - an ninh huyện", "2022-03-23")


@given(
    st.lists(
        st.sampled_from(["Chỉ thị", "Nghị quyết", "số", "18", "17", "ngày", "của", "Thủ tướng", " ", ",", ":", "so", "số:"]),
        max_size=10,
    )
)
def test_bare_numbers_skip_only_texts_the_pattern_cannot_match(words):
    """_bare_numbers answers at once for a text without "số" or a digit: the pattern finds nothing
    in such a text, so the answer is the scan's."""
    from pipeline.extract import references as refs

    text = "".join(words)
    if "số" not in text or not refs._DIGIT_RE.search(text):
        assert refs._BARE_NUMBER_RE.search(text) is None
        assert refs._bare_numbers(text, []) == []


_TYPE_WORDS = ["Kế hoạch", "kế hoạch", "KẾ HOẠCH", "Kết luận", "Quyết định", "quy định", "Quy chế", "Luật",
               "Bộ luật", "Đề án", "đề án3", "Nghị quyết", "Nghị quyết Trung ương", "Chỉ thị", "Thông tư",
               "Thông tư liên tịch", "Thông tri", " ", "x", "9", ",", "Kế hoạchx"]  # fmt: skip


@given(st.lists(st.sampled_from(_TYPE_WORDS), max_size=12).map("".join))
def test_type_names_grouped_by_first_letter_match_as_the_plain_alternation(text):
    """The first-letter groups of _cased_type_re find the matches of the plain alternation."""
    import re

    from pipeline.extract.references import _cased_type_re
    from pipeline.vi.lexicon import doc_types

    names = sorted(doc_types(), key=len, reverse=True)
    plain = re.compile(r"(?<!\w)(?i:{})(?![^\W\d])".format("|".join(re.escape(n) for n in names)))
    assert [m.span() for m in _cased_type_re().finditer(text)] == [m.span() for m in plain.finditer(text)]
