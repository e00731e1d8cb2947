"""Pages saved without their line breaks (pipeline.read.flat)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.read.flat import unflatten
from pipeline.run import extract_text

HEADER = [
    "ỦY BAN NHÂN DÂN",
    "XÃ HÒA AN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 27/KH-UBND",
    "Hòa An, ngày 09 tháng 7 năm 2025",
    "KẾ HOẠCH",
    "Tuyên truyền phòng, chống thiên tai năm 2025",
    "Căn cứ Quyết định số 90/QĐ-UBND ngày 02/7/2025 của Ủy ban nhân dân tỉnh về ứng phó thiên tai;",
    "Thực hiện Kế hoạch số 14/KH-BCH ngày 03/7/2025 của Ban Chỉ huy Phòng thủ dân sự tỉnh về diễn tập;",
    "Ủy ban nhân dân xã ban hành Kế hoạch như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Nâng cao nhận thức của người dân về phòng, chống thiên tai trên địa bàn xã.",
    "II. NHIỆM VỤ",
    "1. Tổ chức tuyên truyền trên hệ thống loa truyền thanh.",
    "Nơi nhận:",
    "- UBND tỉnh;",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Lê Văn Hùng",
]


def _header(text: str) -> dict:
    d = extract_text(text).document
    assert d is not None
    return {
        "type": d.doc_type,
        "number": f"{d.number}/{d.symbol}",
        "issuer": d.issuer,
        "place": d.place,
        "title": d.title,
        "signer": (d.signer.position, d.signer.name) if d.signer else None,
    }


EXPECTED = _header("\n".join(HEADER))


@pytest.mark.parametrize(
    ("shape", "text"),
    [
        ("one line", " ".join(HEADER)),
        ("escaped CRLF", "\\r\\n".join(HEADER)),
        ("escaped LF", "\\n".join(HEADER)),
        ("one line, emphasis", " ".join(f"**{x}**" if x.isupper() else x for x in HEADER)),
        ("one line, cells", " | ".join(HEADER[:6]) + " | " + " ".join(HEADER[6:])),
    ],
)
def test_a_flat_page_reads_as_its_lines(shape, text):
    assert EXPECTED["issuer"] == "Ủy ban nhân dân xã Hòa An"
    assert _header(text) == EXPECTED, shape


def test_the_issue_says_what_was_done():
    issues = extract_text(" ".join(HEADER)).issues
    assert "READ007" in [i.code for i in issues]
    assert "READ007" not in [i.code for i in extract_text("\n".join(HEADER)).issues]


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(HEADER),  # a page with its line breaks
        "Một dòng ngắn: Số: 12 ngày 1 tháng 2 năm 2024.",  # short
        "Đường dẫn C:\\new\\report nằm trong thư mục.\n" * 3,  # a backslash-n in running text, few of them
        "Căn cứ " + "nội dung " * 200,  # long, no header marks
    ],
)
def test_other_texts_are_left_as_they_are(text):
    assert unflatten(text) == (text, None)


def _words(s: str) -> list[str]:
    s = s.replace("\\r\\n", " ").replace("\\n", " ").replace("\\r", " ")
    return [w for w in s.split() if w.strip("|-•*_")]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ĐƯỜNG Số:12 ngày tháng năm 2024 KẾ HOẠCH Căn cứ;.\\rn|-•*")), max_size=2000))
def test_unflatten_never_loses_words(text):
    out, _ = unflatten(text)
    keep = _words
    assert [w.strip("*") for w in keep(out) if w.strip("*")] == [w.strip("*") for w in keep(text) if w.strip("*")]
