"""Citations in the error classes of issue 11, each in several shapes (new text written for these tests)."""

import pytest

from pipeline.extract.closing import split_position_name
from pipeline.extract.markup import unglue_known
from pipeline.extract.references import find_citations
from pipeline.run import default_tools


def _one(text):
    found = [c for c in find_citations(text, tools=default_tools()) if c.number]
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
        # "văn bản số" names no type: a symbol without a type code is a dispatch (Nghị định 30/2020)
        ("theo văn bản số 4127/CĐBVN-QLKT ngày 3/4/2025 của Cục Đường bộ Việt Nam", "4127/CĐBVN-QLKT", "Công văn"),
        ("Thực hiện Văn bản số 567/UBND-KGVX ngày 01/02/2024 của UBND tỉnh;", "567/UBND-KGVX", "Công văn"),
        ("Thực hiện văn bản hướng dẫn số 15/2023/TT-BTC của Bộ Tài chính;", "15/2023/TT-BTC", "Thông tư"),
        ("theo số 4127/CĐBVN-QLKT ngày 3/4/2025 của Cục Đường bộ Việt Nam", "4127/CĐBVN-QLKT", None),
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
    assert find_citations(text, tools=default_tools()) == []


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


def _all(text):
    return find_citations(text, tools=default_tools())


@pytest.mark.parametrize(
    ("text", "title"),
    [  # a purpose clause inside a preamble item's title runs to the item's end
        ("Căn cứ Nghị quyết số 12-NQ/TU ngày 05/01/2024 của Ban Thường vụ Tỉnh ủy về đẩy mạnh cải cách hành chính để thu hút đầu tư giai đoạn 2024-2030;",
         "về đẩy mạnh cải cách hành chính để thu hút đầu tư giai đoạn 2024-2030"),
        ("Thực hiện Kế hoạch số 88/KH-UBND ngày 2/4/2023 của UBND huyện về rà soát hộ nghèo nhằm hỗ trợ kịp thời người dân.",
         "về rà soát hộ nghèo nhằm hỗ trợ kịp thời người dân"),
        ("- Căn cứ Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ phê duyệt Chương trình để phát triển vùng đồng bào dân tộc thiểu số",
         "phê duyệt Chương trình để phát triển vùng đồng bào dân tộc thiểu số"),
        # ... but not the sentence's own purpose, after a comma or before the main clause
        ("Thực hiện Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ về phát triển Chính phủ điện tử để tiếp tục kế thừa thành quả, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
         "về phát triển Chính phủ điện tử"),
        ("Sở đã triển khai Kế hoạch số 20/KH-SYT của Sở Y tế về tiêm chủng để bảo đảm an toàn; đồng thời báo cáo.", "về tiêm chủng"),
    ],
)
def test_purpose_clause_in_a_title(text, title):
    assert _one(text).title == title


@pytest.mark.parametrize(
    ("text", "title"),
    [  # a quoted title closes at its quote
        ("Căn cứ Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh” và các văn bản hướng dẫn thi hành;",
         "về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”"),
        ('Thực hiện Kế hoạch số 15-KH/HU ngày 3/3/2020 của Huyện ủy về việc "Nâng cao chất lượng sinh hoạt chi bộ" trong toàn Đảng bộ huyện.',
         'về việc "Nâng cao chất lượng sinh hoạt chi bộ"'),
        ("theo Quyết định số 22/QĐ-UBND của UBND xã v/v “Ban hành quy chế làm việc của Ủy ban” năm 2025,",
         "v/v “Ban hành quy chế làm việc của Ủy ban”"),
    ],
)
def test_a_quoted_title_ends_at_its_quote(text, title):
    assert _one(text).title == title


@pytest.mark.parametrize(
    ("text", "titles"),
    [  # several numbers sharing one tail: the repeated cue gives one title to each
        ("Căn cứ Quyết định số 10/QĐ-UBND và Quyết định số 11/QĐ-UBND ngày 02/01/2024 của UBND tỉnh về việc phê duyệt Kế hoạch đầu tư công và về việc giao dự toán ngân sách năm 2024;",
         ["về việc phê duyệt Kế hoạch đầu tư công", "về việc giao dự toán ngân sách năm 2024"]),
        ("Căn cứ các Nghị định số 15/2021/NĐ-CP, số 16/2021/NĐ-CP, số 17/2021/NĐ-CP của Chính phủ quy định về đầu tư; quy định về xây dựng; quy định về đấu thầu;",
         ["quy định về đầu tư", "quy định về xây dựng", "quy định về đấu thầu"]),
        ("Thực hiện Kế hoạch số 3-KH/ĐU, Kế hoạch số 4-KH/ĐU ngày 9/1/2025 của Đảng ủy xã về tổ chức Tết Nguyên đán, về tổ chức Đại hội chi bộ.",
         ["về tổ chức Tết Nguyên đán", "về tổ chức Đại hội chi bộ"]),
        # a title that does not repeat its cue is written once for both
        ("Căn cứ Quyết định số 10/QĐ-UBND và Quyết định số 11/QĐ-UBND ngày 02/01/2024 của UBND tỉnh về đầu tư công và dự toán ngân sách;",
         ["về đầu tư công và dự toán ngân sách", "về đầu tư công và dự toán ngân sách"]),
        # two cues, one per number, after a semicolon
        ("Căn cứ các Nghị định số 64/2021/NĐ-CP, 79/2021/NĐ-CP của Chính phủ quy định chi tiết Luật Phòng, chống thiên tai; về thành lập Quỹ phòng, chống thiên tai;",
         ["quy định chi tiết Luật Phòng, chống thiên tai", "về thành lập Quỹ phòng, chống thiên tai"]),
    ],
)
def test_paired_titles(text, titles):
    assert [c.title for c in _all(text) if c.number] == titles


@pytest.mark.parametrize(
    ("text", "name", "issuer", "term"),
    [  # documents cited by name: lower-case type before an occasion, "Quy định về", "của X khóa Y", a glued note
        ("Thực hiện nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020-2025;",
         "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020-2025", None, None),
        ("quán triệt nghị quyết Hội nghị Trung ương 8 khóa XIII về Chiến lược bảo vệ Tổ quốc;",
         "Nghị quyết Hội nghị Trung ương 8 khóa XIII", None, None),
        ("Căn cứ Quy định về tiêu chuẩn chức danh cán bộ của Ban Chấp hành Trung ương khóa XIII;",
         "Quy định về tiêu chuẩn chức danh cán bộ", "Ban Chấp hành Trung ương", "XIII"),
        ("Thực hiện Hướng dẫn về công tác kiểm tra, giám sát của Ủy ban Kiểm tra Trung ương;",
         "Hướng dẫn về công tác kiểm tra, giám sát", "Ủy ban Kiểm tra Trung ương", None),
        ("Thực hiện Đề án3 về phát triển du lịch của tỉnh;", "Đề án về phát triển du lịch của tỉnh", None, None),
    ],
)
def test_documents_cited_by_name(text, name, issuer, term):
    named = [c for c in _all(text) if c.number is None]
    assert [(c.name, c.issuer, c.term) for c in named] == [(name, issuer, term)]


@pytest.mark.parametrize(
    "text",
    [  # not citations: a verb "quy định", a type in lower case without an occasion, a body inside a name
        "Quy định về trách nhiệm của các cơ quan trong công tác tiếp dân.",
        "Các đơn vị thực hiện nghị quyết của cấp ủy về công tác cán bộ.",
        "Giao Sở Nội vụ xây dựng Quy định về tiêu chuẩn chức danh của Ủy ban nhân dân tỉnh.",
    ],
)
def test_not_cited_by_name(text):
    assert [c.name for c in _all(text) if c.number is None] == []


def test_a_kind_of_document_before_the_number_is_no_title():
    c = _one("Căn cứ Thông báo kết luận số 25-TB/TU ngày 3/4/2023 của Thường trực Tỉnh ủy;")
    assert (c.type, c.title, c.issuer) == ("Thông báo", None, "Thường trực Tỉnh ủy")


@pytest.mark.parametrize(
    ("text", "number", "type_", "issuer"),
    [  # a bare number with its type before it and its date or issuer after it
        ("Thực hiện Chỉ thị số 18 của Thủ tướng Chính phủ về phòng, chống dịch;", "18", "Chỉ thị", "Thủ tướng Chính phủ"),
        ("theo Nghị quyết số 17 ngày 12/3/2011 của Ban Chấp hành Đảng bộ tỉnh về phát triển kinh tế trang trại,", "17", "Nghị quyết", "Ban Chấp hành Đảng bộ tỉnh"),
        ("Căn cứ Quyết định số 112a ngày 2/3/2020 của UBND huyện;", "112a", "Quyết định", "UBND huyện"),
    ],
)
def test_bare_numbers(text, number, type_, issuer):
    c = _one(text)
    assert (c.number, c.type, c.issuer) == (number, type_, issuer)


@pytest.mark.parametrize(
    ("text", "types"),
    [  # a second number without its type word takes the first's type
        ("Căn cứ Quy định số 22-QĐ/TW, 24-QĐ/TW ngày 28/7/2021 của Ban Chấp hành Trung ương;", ["Quy định", "Quy định"]),
        ("Thực hiện Công văn số 2514/UBND-KGVX, số 2530/UBND-KGVX ngày 14/8/2021 của UBND tỉnh;", ["Công văn", "Công văn"]),
        ("Căn cứ Quy định số 22-QĐ/TW và Quyết định số 99-QĐ/TW của Bộ Chính trị;", ["Quy định", "Quyết định"]),
    ],
)
def test_types_shared_along_a_run(text, types):
    assert [c.type for c in _all(text) if c.number] == types


@pytest.mark.parametrize(
    ("text", "title"),
    [  # a title running into another basis joined by "và"
        ("Thực hiện Chỉ thị số 32/CT-TTg ngày 18/6/2015 của Thủ tướng Chính phủ về việc tăng cường phòng cháy rừng và tình hình thực tế trên địa bàn tỉnh,",
         "về việc tăng cường phòng cháy rừng"),
        ("Thực hiện Chỉ thị số 09-CT/TW ngày 2/6/2016 của Ban Bí thư về tăng cường kiểm tra và nghị quyết Đại hội Đảng bộ huyện lần thứ XI,",
         "về tăng cường kiểm tra"),
        ("Thực hiện Kết luận số 46-KL/TU của Tỉnh ủy về phát triển nông nghiệp và ý kiến của các đồng chí Ủy viên Ban Thường vụ,",
         "về phát triển nông nghiệp"),
    ],
)
def test_title_stops_before_another_basis(text, title):
    assert _all(text)[0].title == title


@pytest.mark.parametrize(
    ("text", "number"),
    [  # joint documents: the joint code, a slash, the issuers
        ("Căn cứ Nghị quyết liên tịch số 12/2008/NQLT/CP-UBTWMTTQVN ngày 4/6/2008 của Chính phủ;", "12/2008/NQLT/CP-UBTWMTTQVN"),
        ("theo Nghị quyết liên tịch số 01/2007/NQLT/CP-TLĐLĐVN của Chính phủ về quy chế phối hợp công tác,", "01/2007/NQLT/CP-TLĐLĐVN"),
        ("Thông tư liên tịch số 03/2015/TTLT/BNV-BTC ngày 2/3/2015 của Bộ Nội vụ;", "03/2015/TTLT/BNV-BTC"),
    ],
)
def test_joint_numbers(text, number):
    assert _one(text).number == number


@pytest.mark.parametrize(
    ("text", "title"),
    [  # a clause with its own subject and tense after the title
        ("Thực hiện Nghị quyết liên tịch số 01/2007/NQLT/CP-TLĐLĐVN của Chính phủ về quy chế phối hợp công tác, các bộ, ngành, địa phương đã có nhiều cố gắng.",
         "về quy chế phối hợp công tác"),
        ("Sau 5 năm thực hiện Chỉ thị số 05-CT/TU của Tỉnh ủy về cải cách hành chính, nhiều địa phương vẫn còn chậm.", "về cải cách hành chính"),
        ("Thực hiện Kế hoạch số 15/KH-UBND của UBND huyện về tiêm chủng, các xã, thị trấn, cơ quan, đơn vị phối hợp.", "về tiêm chủng, các xã, thị trấn, cơ quan, đơn vị phối hợp"),
    ],
)
def test_a_clause_of_its_own_ends_the_title(text, title):
    assert _one(text).title == title


@pytest.mark.parametrize(
    ("text", "names"),
    [  # a name with a comma, closed by its period; a second document still to be written
        ("căn cứ nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX và Chương trình kiểm tra, giám sát năm 2025 của Đảng ủy xã,",
         ["Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX", "Chương trình kiểm tra, giám sát năm 2025"]),
        ("Ủy ban Kiểm tra tham mưu trình ban hành Quyết định phân công nhiệm vụ và Quy định về chế độ báo cáo của chi bộ.", []),
        ("Văn phòng xây dựng Kế hoạch kiểm tra năm 2025 và Quy chế về văn thư, lưu trữ của cơ quan.", []),
    ],
)
def test_names_with_commas_and_documents_to_be_written(text, names):
    assert [c.name for c in _all(text) if c.number is None] == names
