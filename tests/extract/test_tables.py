"""Task tables: appendix tables under PL/..., task tables inside the body, columns by header words."""

import pytest

from pipeline.extract.tables import column_roles
from pipeline.run import extract_text

HEAD = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5/KH-UBND\tHà Tĩnh, ngày 02 tháng 01 năm 2024\nKẾ HOẠCH\nchuyển đổi số năm 2024\n"


@pytest.mark.parametrize(
    ("cells", "roles"),
    [
        (["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"],
         {0: "number", 1: "text", 2: "lead", 3: "executors", 4: "timeline", 5: "product"}),
        (["STT", "Đơn vị chủ trì", "Nhiệm vụ", "Tiến độ"], {0: "number", 1: "lead", 2: "text", 3: "timeline"}),  # any order
        (["Thời hạn", "Đơn vị phối hợp", "Nội dung công việc", "Chủ trì"], {0: "timeline", 1: "executors", 2: "text", 3: "lead"}),
    ],
)
def test_column_roles(cells, roles):
    assert column_roles(cells) == roles


@pytest.mark.parametrize("cells", [["Họ và tên", "Chức vụ"], ["TT", "Nội dung"], ["Năm", "Kết quả"]])
def test_not_a_task_table(cells):
    assert column_roles(cells) is None


def test_appendix_table_with_groups_and_a_page_break():
    text = HEAD + (
        "I. MỤC ĐÍCH\n1. Mục đích chung.\n./.\nNơi nhận:\n- Lưu: VT.\n"
        "PHỤ LỤC\nDANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2024\n"
        "TT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n(1)\t(2)\t(3)\t(4)\t(5)\n"
        "I\tHẠ TẦNG SỐ\n1\tNâng cấp mạng diện rộng\tSở Thông tin và Truyền thông\tCác sở, ngành\tQuý II/2024\n"
        "\tcủa tỉnh\n"  # the text cell continued on the next page
        "II\tDỮ LIỆU SỐ\n2\tXây dựng kho dữ liệu dùng chung\tVăn phòng UBND tỉnh\t\tNăm 2024\n"
    )
    plan = extract_text(text)
    assert [s.path for s in plan.sections if s.path.startswith("PL")] == ["PL", "PL/I", "PL/II"]
    tasks = {t.path: t for t in plan.tasks}
    assert set(tasks) == {"PL/I/1", "PL/II/2"}
    assert tasks["PL/I/1"].text == "Nâng cấp mạng diện rộng\ncủa tỉnh"
    assert tasks["PL/II/2"].lead.parties[0].name == "Văn phòng Ủy ban nhân dân tỉnh"
    assert tasks["PL/II/2"].executors.parties == () and tasks["PL/II/2"].timeline.kind == "year"


def test_task_table_inside_the_body():
    text = HEAD + (
        "I. NHIỆM VỤ\n1. Các nhiệm vụ cụ thể\n"
        "STT\tNhiệm vụ\tĐơn vị chủ trì\tThời hạn\n"
        "1\tBan hành kế hoạch\tSở Nội vụ\tTháng 3/2024\n"
        "2\tTổ chức tập huấn\tSở Tư pháp\tQuý III/2024\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
    )
    plan = extract_text(text)
    tasks = {t.path: t for t in plan.tasks}
    assert set(tasks) == {"I/1/1", "I/1/2"}
    assert tasks["I/1/2"].timeline.start == "2024-07-01"
