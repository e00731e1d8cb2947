import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.vi.markers import match_marker, roman_value


@pytest.mark.parametrize(
    ("line", "family", "number"),
    [
        ("I- Mục đích, yêu cầu", "roman", "I"),  # party style
        ("II. NHIỆM VỤ TRỌNG TÂM", "roman", "II"),  # state style
        ("IV – TỔ CHỨC THỰC HIỆN", "roman", "IV"),  # en dash
        ("1. Tham mưu Ban Thường vụ", "arabic", "1"),
        ("2- Công tác của Ban Chỉ đạo", "arabic", "2"),
        ("10. Kiểm tra, giám sát", "arabic", "10"),
        ("1.1. Tiếp tục quán triệt", "decimal", "1.1"),
        ("2.3 Tổ chức giám sát", "decimal", "2.3"),
        ("1.2.3. Rà soát", "decimal", "1.2.3"),
        ("a) Nâng cao chất lượng", "letter", "a"),
        ("đ) Nâng cao chất lượng", "letter", "đ"),  # Vietnamese alphabet
        ("b/ Thực hiện", "letter", "b"),
        ("a- Tổ chức hội nghị", "letter", "a"),  # party style with a dash
        ("A. MỤC ĐÍCH, YÊU CẦU", "part", "A"),  # parts above the Roman numerals
        ("PHẦN II. TỔ CHỨC THỰC HIỆN", "part", "II"),
        ("Phần thứ hai: NHIỆM VỤ", "part", "THỨ-HAI"),
        ("- Chỉ đạo thực hiện: Ban", "dash", None),
        ("+ Cấp huyện: mỗi cơ quan", "plus", None),
        # numbers of any width
        ("100. Tổ chức tổng kết", "arabic", "100"),
        ("125) Rà soát văn bản", "arabic", "125"),
        ("1.10.3 Kiểm tra", "decimal", "1.10.3"),
        ("12.1.1.1.2. Báo cáo", "decimal", "12.1.1.1.2"),
        ("100.2. Tổ chức", "decimal", "100.2"),
        ("XC. Nội dung thứ chín mươi", "roman", "XC"),
        ("CXL- Nội dung", "roman", "CXL"),
        ("XLIV: Nhiệm vụ", "roman", "XLIV"),
        ("LX. Tổ chức", "roman", "LX"),
    ],
)
def test_markers(line, family, number):
    m = match_marker(line)
    assert m is not None and (m.family, m.number) == (family, number)


@pytest.mark.parametrize(
    "line",
    [
        "2023 là năm bản lề",  # a year, not a label
        "1.000 người tham gia",  # a thousands separator
        "Căn cứ Kế hoạch số 12",
        "Ingest plans",  # "I" followed by a word
        "-----",  # a rule under the title
        "II/2024.",  # the end of a wrapped "Quý / II/2024."
        "06);",  # the end of a wrapped "(... Đề án / 06);"
        "2024. Năm thực hiện",  # a year, whatever follows
        "1.500 người tham gia",  # a thousands separator, not a decimal label
        "20.4.2021 Hội nghị",  # a date
        "178-QĐ/TW ngày 27/6/2008",  # a party number opening a line
        "5786/QĐ-BNN ngày 12",  # a state number opening a line
        "L. Tổ chức",  # a lone L, C, D or M is a letter, not a Roman numeral
        "M. Gorki",
    ],
)
def test_not_markers(line):
    m = match_marker(line)
    assert m is None or m.family not in ("roman", "arabic", "decimal", "letter")
    assert not (line == "-----" and m is not None)


@pytest.mark.parametrize(("numeral", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("VIII", 8), ("XC", 90), ("CXL", 140), ("MCMXCIV", 1994)])
def test_roman_value(numeral, value):
    assert roman_value(numeral) == value


@given(st.integers(min_value=1, max_value=3999))
def test_roman_labels_of_any_value(n):
    """Every Roman numeral but a lone C, D, L or M is read back as a label with its value."""
    numeral = _roman(n)
    m = match_marker(f"{numeral}. Nội dung")
    if numeral in ("C", "D", "L", "M"):
        assert m is None or m.family != "roman"
    else:
        assert m is not None and m.family == "roman" and roman_value(m.number) == n


@given(st.lists(st.integers(min_value=1, max_value=99), min_size=1, max_size=6), st.integers(min_value=1, max_value=999))
def test_decimal_and_arabic_labels_of_any_depth(parts, first):
    label = ".".join(map(str, [first, *parts]))
    m = match_marker(f"{label}. Tổ chức thực hiện")
    assert m is not None and (m.family, m.number) == ("decimal", label)
    if not 1900 <= first <= 2099:
        m = match_marker(f"{first}. Tổ chức thực hiện")
        assert m is not None and (m.family, m.number) == ("arabic", str(first))


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out
