"""Parts of a plan and what they hold; agency headings; closing sentences."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.agency import agency_heading
from pipeline.extract.parts import defers_to_appendix, is_closing, part_kind
from pipeline.run import default_tools


@pytest.mark.parametrize(
    ("heading", "top", "kind"),
    [
        ("NHIỆM VỤ, GIẢI PHÁP", True, "task"),
        ("NỘI DUNG TRỌNG TÂM", True, "task"),
        ("PHÂN CÔNG NHIỆM VỤ", True, "task"),
        ("TỔ CHỨC THỰC HIỆN", True, "task"),
        ("Tổ chức thực hiện", False, "task"),
        ("MỤC ĐÍCH, YÊU CẦU", True, "context"),
        ("Chỉ tiêu chủ yếu đến năm 2030", False, "context"),
        ("KINH PHÍ THỰC HIỆN", True, "other"),
        ("ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2024", True, "context"),
        ("Đánh giá chỉ số cải cách hành chính", False, None),  # a work item inside a part
        ("Rà soát, đánh giá tất cả các nội dung, nhiệm vụ bảo vệ bí mật nhà nước", False, None),
        ("NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU (chi tiết Phụ lục đính kèm)", True, "task"),
    ],
)
def test_part_kind(heading, top, kind):
    assert part_kind(heading, top) == kind


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Sở Y tế", ("Sở Y tế", "")),
        ("Công an tỉnh:", ("Công an tỉnh", "")),
        ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "")),
        ("Sở Tài chính: Tham mưu bố trí kinh phí.", ("Sở Tài chính", "Tham mưu bố trí kinh phí.")),
        ("Ủy ban nhân dân các xã, phường", ("Ủy ban nhân dân các xã, phường", "")),
        ("Phòng chống bệnh đường ruột", None),  # a topic: a verb opens it
        ("Tổ chức rà soát các văn bản", None),
        ("Thể chế", None),
    ],
)
def test_agency_heading(heading, expected):
    assert agency_heading(heading, default_tools()) == expected


@pytest.mark.parametrize(
    ("text", "closing"),
    [
        ("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời phản ánh về Sở Nội vụ.", True),
        ("- Trong quá trình triển khai thực hiện Kế hoạch, nếu có vướng mắc ...", True),
        ("Trên đây là Kế hoạch ... của Ủy ban nhân dân tỉnh.", True),
        ("Sở Nội vụ chủ trì theo dõi quá trình thực hiện.", False),
    ],
)
def test_is_closing(text, closing):
    assert is_closing(text) is closing


@pytest.mark.parametrize(
    ("text", "defers"),
    [
        ("(chi tiết Phụ lục đính kèm)", True),
        ("(Chi tiết nhiệm vụ tại Phụ lục kèm theo Kế hoạch này)", True),
        ("Xây dựng danh mục nhiệm vụ", False),
    ],
)
def test_defers_to_appendix(text, defers):
    assert defers_to_appendix(text) is defers


def _part_kind_plain(heading: str, top: bool = True) -> str | None:
    """part_kind folding the whole heading before counting its words."""
    import re

    from pipeline.extract.parts import kind_of_key
    from pipeline.vi.fold import canon

    return kind_of_key(canon(re.sub(r"^[\W\d_]+", "", heading)).rstrip(" .:"), top)


_WORDS = ["NHIỆM VỤ", "GIẢI PHÁP", "nhiệm vụ", "MỤC ĐÍCH", "YÊU CẦU", "Trong quá trình thực hiện", ",",
          "nếu có khó khăn", "vướng mắc", "- ", "1.", " . ", ":", "ĐÁNH GIÁ", "kết quả", "tổ chức thực hiện",
          "\u00a0", "  ", "và", "Kinh phí", "x" * 30]  # fmt: skip


@given(st.lists(st.sampled_from(_WORDS), max_size=45), st.booleans())
def test_part_kind_and_is_closing_equal_the_whole_key(words, top):
    """part_kind and is_closing read a prefix of a long text's key: the same answers as the key."""
    from pipeline.extract.parts import _closing_re
    from pipeline.vi.fold import canon

    text = " ".join(words)
    assert part_kind(text, top) == _part_kind_plain(text, top)
    assert is_closing(text) is bool(_closing_re().match(canon(text.lstrip(" -–•+"))))


def test_long_texts_answer_from_their_prefix():
    tail = " đề nghị các cơ quan, đơn vị phản ánh về Ủy ban nhân dân" * 20
    assert is_closing("- Trong quá trình thực hiện, nếu có khó khăn," + tail)
    assert not is_closing("Trong quá trình" + tail)
    assert part_kind("NHIỆM VỤ, GIẢI PHÁP" + tail) is None  # a sentence, no heading
    assert part_kind("NHIỆM VỤ, GIẢI PHÁP " + "\u00a0" * 300 + "A") == "task"
