import pytest

from pipeline.extract.inline import find_inline

CASES = [
    (
        "Tổ chức đánh giá. Giao Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Ban Dân vận Huyện ủy, Phòng Tư pháp huyện tham mưu Ban Thường vụ; hoàn thành trong quý II/2024.",
        ["Ban Tuyên giáo Huyện ủy"],
        ["Ban Dân vận Huyện ủy", "Phòng Tư pháp huyện"],
        ("trong quý II/2024", "quarter"),
    ),
    (
        "Kiện toàn Hội đồng. Đề nghị Ủy ban nhân dân huyện chỉ đạo thực hiện; hoàn thành trước ngày 30/4/2024.",
        ["Ủy ban nhân dân huyện"],
        [],
        ("trước ngày 30/4/2024", "deadline"),
    ),
    (
        "Người đứng đầu trực tiếp chỉ đạo. Các chi, đảng bộ trực thuộc Huyện ủy thực hiện thường xuyên.",
        [],
        ["Các chi, đảng bộ trực thuộc Huyện ủy"],
        ("thường xuyên", "continuous"),
    ),
    (
        "Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy theo dõi, đôn đốc; báo cáo định kỳ 6 tháng, năm.",
        ["Ban Tuyên giáo Huyện ủy"],
        ["Văn phòng Huyện ủy"],
        ("định kỳ 6 tháng, năm", "periodic"),
    ),
]


@pytest.mark.parametrize(("text", "lead", "executors", "timeline"), CASES)
def test_find_inline(text, lead, executors, timeline):
    found = find_inline(text, 2024)
    assert found is not None
    got_lead, got_exec, got_time = found
    assert [p.name for p in got_lead.parties] == lead
    assert [p.name for p in got_exec.parties] == executors
    assert (got_time.raw, got_time.kind) == timeline


@pytest.mark.parametrize(
    "text",
    [
        "Tổ chức thực hiện tốt nhiệm vụ được giao.",  # a verb, not an agency
        "Nâng cao chất lượng công tác tuyên truyền trong năm 2024.",
    ],
)
def test_no_assignment(text):
    assert find_inline(text, 2024) is None
