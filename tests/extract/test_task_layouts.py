"""Which items are tasks, and their parties, in the layouts of published plans (the real-plan
annotation guide). Each case is a small plan written for this test."""

from pipeline.run import extract_text

HEAD = (
    "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "TỈNH HÀ NAM NINH\tĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 12/KH-UBND\tHà Nam Ninh, ngày 02 tháng 3 năm 2025\n"
    "KẾ HOẠCH\nThực hiện công tác thử nghiệm năm 2025\n"
)


def _tasks(body: str) -> dict[str, object]:
    plan = extract_text(HEAD + body)
    return {t.path: t for t in plan.tasks}


def test_targets_are_not_tasks_and_deepest_items_of_a_task_part_are():
    tasks = _tasks(
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao nhận thức.\n2. Yêu cầu\nBảo đảm hiệu quả.\n"
        "II. MỤC TIÊU\n1. 100% xã, phường có tổ công nghệ số.\n"
        "III. NHIỆM VỤ, GIẢI PHÁP\n1. Công tác tuyên truyền\na) Tuyên truyền trên báo, đài.\nb) Tổ chức hội nghị.\n"
        "2. Rà soát thủ tục hành chính thuộc thẩm quyền.\n"
    )
    assert sorted(tasks) == ["III/1/a", "III/1/b", "III/2"]
    assert not tasks["III/2"].lead.parties  # a task with no lead: the body item of a plan


def test_italic_field_lines_of_a_saved_page():
    tasks = _tasks(
        "**II. NHIỆM VỤ,\nGIẢI PHÁP**\n\n**1. Rà soát,\nkiện toàn đội ngũ**\n\n- Thường xuyên rà soát đội ngũ.\n\n"
        "*Đơn vị thực hiện: *Các sở, ngành.\n\n*Đơn vị phối hợp: *Sở Nội\nvụ.\n\n*Thời gian thực hiện: *Thường\nxuyên.\n"
    )
    t = tasks["II/1"]
    assert t.text.startswith("Rà soát, kiện toàn đội ngũ")
    assert [p.name for p in t.lead.parties] == ["Các sở, ngành"]  # "Đơn vị thực hiện" alone leads
    assert [p.name for p in t.executors.parties] == ["Sở Nội vụ"]
    assert t.timeline.kind == "continuous"


def test_agency_blocks_with_bullets_and_with_lettered_duties():
    tasks = _tasks(
        "III. PHÂN CÔNG NHIỆM VỤ\n"
        "1. Sở Y tế\n- Chủ trì, phối hợp với Sở Tài chính triển khai Kế hoạch.\n- Định kỳ báo cáo kết quả.\n"
        "2. Công an tỉnh:\na) Chủ trì rà soát các vụ việc.\nb) Phối hợp với Bộ Chỉ huy Quân sự tỉnh tổ chức diễn tập.\n"
        "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh\nTuyên truyền, vận động Nhân dân.\n"
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan phản ánh về Sở Y tế.\n"
    )
    assert sorted(tasks) == ["III/1", "III/2/a", "III/2/b", "III/3"]
    assert [p.name for p in tasks["III/1"].lead.parties] == ["Sở Y tế"]
    assert [p.name for p in tasks["III/1"].executors.parties] == ["Sở Tài chính"]
    assert tasks["III/1"].text.startswith("- Chủ trì")  # the heading is the lead, not the text
    assert [p.name for p in tasks["III/2/b"].lead.parties] == ["Công an tỉnh"]
    assert [p.name for p in tasks["III/2/b"].executors.parties] == ["Bộ Chỉ huy Quân sự tỉnh"]
    assert [p.name for p in tasks["III/3"].lead.parties] == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]
    assert "Trong quá trình" not in tasks["III/3"].text  # the closing paragraph is not the last task's


def test_inline_subject_and_deadline_with_the_plan_year():
    tasks = _tasks(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "1. Căn cứ Kế hoạch này, các sở, ban, ngành xây dựng kế hoạch, hoàn thành trong tháng 4.\n"
        "2. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp theo dõi, đôn đốc; báo cáo khi có yêu cầu.\n"
    )
    assert [p.name for p in tasks["IV/1"].lead.parties] == ["Các sở, ban, ngành"]
    assert tasks["IV/1"].timeline.kind == "month" and tasks["IV/1"].timeline.start == "2025-04-01"
    assert [p.name for p in tasks["IV/2"].lead.parties] == ["Sở Nội vụ"]
    assert [p.name for p in tasks["IV/2"].executors.parties] == ["Sở Tư pháp"]


def test_a_funding_part_has_tasks_only_where_a_body_is_given_work():
    tasks = _tasks(
        "II. NỘI DUNG\n1. Tổ chức tập huấn.\nIII. KINH PHÍ\n1. Kinh phí do ngân sách nhà nước bảo đảm.\n"
        "2. Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan bố trí kinh phí.\n"
    )
    assert sorted(tasks) == ["II/1", "III/2"]
    assert tasks["III/2"].executors.and_related
