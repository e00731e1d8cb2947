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
