import pytest

from pipeline.extract.inline import find_inline
from pipeline.run import default_tools

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
        ["Các chi, đảng bộ trực thuộc Huyện ủy"],  # the sole party the task is given to leads it
        [],
        ("thường xuyên", "continuous"),
    ),
    (
        "Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy theo dõi, đôn đốc; báo cáo định kỳ 6 tháng, năm.",
        ["Ban Tuyên giáo Huyện ủy"],
        ["Văn phòng Huyện ủy"],
        ("định kỳ 6 tháng, năm", "periodic"),
    ),
]


CASES += [
    (  # the partners end at the next verb; a group after "và các" is a party of its own
        "Tuyên truyền A. Giao Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Ủy ban MTTQ và các tổ chức chính trị - xã hội huyện triển khai; hoàn thành trong quý II/2024.",
        ["Ban Tuyên giáo Huyện ủy"],
        ["Ủy ban Mặt trận Tổ quốc huyện", "Các tổ chức chính trị - xã hội huyện"],
        ("trong quý II/2024", "quarter"),
    ),
    (  # "Giao X <any verb>": X carries it out, so X leads (the contract since 2026-12)
        "Tuyên truyền B. Giao Ban Dân vận Huyện ủy tham mưu Ban Thường vụ Huyện ủy; hoàn thành trong quý III/2024.",
        ["Ban Dân vận Huyện ủy"],
        [],
        ("trong quý III/2024", "quarter"),
    ),
    (  # "X chỉ đạo Y thực hiện": X leads, Y carries out
        "Tuyên truyền D. Ủy ban nhân dân huyện chỉ đạo các phòng chuyên môn thực hiện; hoàn thành trong năm 2024.",
        ["Ủy ban nhân dân huyện"],
        ["Các phòng chuyên môn"],
        ("trong năm 2024", "year"),
    ),
    (  # "tổ chức" after "các" is a noun
        "Tuyên truyền F. Ban Tổ chức Huyện ủy chủ trì, phối hợp với các tổ chức đảng trực thuộc triển khai; thực hiện trong quý IV/2024.",
        ["Ban Tổ chức Huyện ủy"],
        ["Các tổ chức đảng trực thuộc"],
        ("trong quý IV/2024", "quarter"),
    ),
    (  # a name with a verb inside, written with the old tone placement
        "Kiểm tra. Giao Uỷ ban Kiểm tra Huyện uỷ chủ trì, phối hợp với các ban xây dựng Đảng của Huyện ủy tham mưu thực hiện; thực hiện trong quý II, III/2024.",
        ["Uỷ ban Kiểm tra Huyện uỷ"],
        ["Các ban xây dựng Đảng của Huyện ủy"],
        ("trong quý II, III/2024", "quarter"),
    ),
    (  # "X là cơ quan thường trực, chủ trì ...": X leads; a deadline anywhere in the clause
        "Ban Dân tộc tỉnh là cơ quan thường trực, chủ trì theo dõi, báo cáo kết quả về Văn phòng UBND tỉnh trước ngày 10/12/2024.",
        ["Ban Dân tộc tỉnh"],
        [],
        ("trước ngày 10/12/2024", "deadline"),
    ),
]


@pytest.mark.parametrize(("text", "lead", "executors", "timeline"), CASES)
def test_find_inline(text, lead, executors, timeline):
    found = find_inline(text, 2024, default_tools())
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
    assert find_inline(text, 2024, default_tools()) is None


@pytest.mark.parametrize(
    ("text", "lead", "executors"),
    [
        ("Sở Nội vụ được giao chủ trì, phối hợp với Sở Tư pháp tổ chức kiểm tra.", ["Sở Nội vụ"], ["Sở Tư pháp"]),
        ("Công an tỉnh được phân công chủ trì rà soát các vụ việc.", ["Công an tỉnh"], []),
        ("Căn cứ Kế hoạch này, các sở, ban, ngành xây dựng kế hoạch thực hiện.", ["Các sở, ban, ngành"], []),
        ("Sở Tài chính, trên cơ sở đề xuất của các cơ quan, chủ trì tổng hợp dự toán.", ["Sở Tài chính"], []),
        ("Khuyến khích Hội Nông dân tỉnh vận động hội viên tham gia.", ["Hội Nông dân tỉnh"], []),
    ],
)
def test_passive_introduced_and_encouraged_subjects(text, lead, executors):
    found = find_inline(text, 2025, default_tools())
    assert found is not None
    assert [p.name for p in found[0].parties] == lead
    assert [p.name for p in found[1].parties] == executors


@pytest.mark.parametrize(
    "text",
    ["Ban hành kế hoạch triển khai trong tháng 3.", "Báo cáo kết quả về Sở Nội vụ.", "Phòng chống dịch bệnh sau lũ."],
)
def test_a_sentence_opened_by_a_verb_names_no_party(text):
    assert find_inline(text, 2025, default_tools()) is None
