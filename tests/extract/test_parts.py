"""Parts of a plan and what they hold; agency headings; closing sentences."""

import pytest

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
