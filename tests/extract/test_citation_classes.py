"""Citations in the error classes of issue 11, each in several shapes (new text written for these tests)."""

import pytest

from pipeline.extract.closing import split_position_name
from pipeline.extract.markup import unglue_known
from pipeline.extract.references import find_citations


def _one(text):
    found = [c for c in find_citations(text) if c.number]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "issuer", "title"),
    [  # where the issuer ends when the title has no cue ("về", "ban hành", "phê duyệt")
        ("Thực hiện Kế hoạch số 45/KH-UBND ngày 20/01/2024 của Ủy ban nhân dân tỉnh thực hiện Đề án 06 trên địa bàn;",
         "Ủy ban nhân dân tỉnh", "thực hiện Đề án 06 trên địa bàn"),
        ("Căn cứ Chỉ thị số 21-CT/TW ngày 20/01/2023 của Ban Bí thư Trung ương Đảng khóa XIII tiếp tục đổi mới công tác dân vận;",
         "Ban Bí thư Trung ương Đảng", "tiếp tục đổi mới công tác dân vận"),
        ("Căn cứ Nghị quyết số 57/2024/QH15 ngày 12/11/2024 của Quốc hội tại kỳ họp thứ 8 về phát triển khoa học;",
         "Quốc hội", "về phát triển khoa học"),
        ("Thực hiện Chỉ thị số 05-CT/TU ngày 3/3/2023 của Ban Thường vụ Tỉnh ủy Nghệ An tăng cường công tác dân vận.",
         "Ban Thường vụ Tỉnh ủy Nghệ An", "tăng cường công tác dân vận"),
        ("Thực hiện Nghị quyết số 66/NQ-CP ngày 20/8/2025 của Chính phủ tại phiên họp thường kỳ, Bộ yêu cầu", "Chính phủ", None),
    ],
)
def test_issuer_ends_where_the_lexicon_says(text, issuer, title):
    c = _one(text)
    assert (c.issuer, c.title) == (issuer, title)


@pytest.mark.parametrize(
    ("text", "number", "type_"),
    [  # number forms
        ("Thực hiện Quy định số 84 QĐ/TW ngày 05/4/2022 của Ban Chấp hành Trung ương;", "84-QĐ/TW", "Quy định"),
        ("Căn cứ Quyết định số 30c/QĐ-UBND ngày 2/3/2021 của Ủy ban nhân dân tỉnh;", "30c/QĐ-UBND", "Quyết định"),
        ("Căn cứ Nghị quyết liên tịch số 09/2008/NQLT-CP-UBTWMTTQVN ngày 17/4/2008 của Chính phủ;", "09/2008/NQLT-CP-UBTWMTTQVN", "Nghị quyết liên tịch"),
        ("Thực hiện Chỉ thị số 21-CT/TWngày 20/01/2023 của Ban Bí thư;", "21-CT/TW", "Chỉ thị"),  # a glued word
        ("Thực hiện Công điện số 118/CĐ-TTgvề ứng phó bão;", "118/CĐ-TTg", "Công điện"),
        ("theo văn bản số 4127/CĐBVN-QLKT ngày 3/4/2025 của Cục Đường bộ Việt Nam", "4127/CĐBVN-QLKT", None),
    ],
)
def test_number_forms(text, number, type_):
    c = _one(text)
    assert (c.number, c.type) == (number, type_)


@pytest.mark.parametrize(
    "text",
    [  # documents still to be written are not cited
        "Giao Sở Nội vụ chủ trì xây dựng, ban hành Quy chế phối hợp trong công tác cải cách hành chính giai đoạn 2021 - 2025.",
        "Sở Tư pháp trình ban hành Quy chế tổ chức hoạt động của Đề án.",
        "Văn phòng tham mưu xây dựng Kế hoạch kiểm tra công tác dân vận năm 2025.",
    ],
)
def test_documents_still_to_be_written_are_not_cited(text):
    assert find_citations(text) == []


@pytest.mark.parametrize(
    ("word", "split"),
    [("BANHÀNH", "BAN HÀNH"), ("THƯNGUYỄN", "THƯ NGUYỄN"), ("Internet", "Internet"), ("NGUYỄN", "NGUYỄN")],
)
def test_glued_words_split_where_the_lexicons_know_one_reading(word, split):
    assert unglue_known(word) == split


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("PHÓ BÍ THƯ NGUYỄN VĂN AN", ("PHÓ BÍ THƯ", "NGUYỄN VĂN AN")),
        ("CHỦ TỊCH Trần Thị Hoa", ("CHỦ TỊCH", "Trần Thị Hoa")),
        ("GIÁM ĐỐC SỞ NỘI VỤ", None),
    ],
)
def test_position_and_name_on_one_line(line, parts):
    assert split_position_name(line) == parts
