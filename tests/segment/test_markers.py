import pytest

from pipeline.segment.markers import match_marker, roman_value


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
    ],
)
def test_not_markers(line):
    m = match_marker(line)
    assert m is None or m.family not in ("roman", "arabic", "decimal", "letter")
    assert not (line == "-----" and m is not None)


@pytest.mark.parametrize(("numeral", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("VIII", 8)])
def test_roman_value(numeral, value):
    assert roman_value(numeral) == value
