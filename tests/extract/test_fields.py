import pytest

from pipeline.extract.fields import match_field, split_item_lines


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("- Chỉ đạo thực hiện: Đồng chí Trưởng Ban.", "lead", "Đồng chí Trưởng Ban."),
        ("- Tham mưu, thực hiện: Ban Dân vận Thị ủy.", "executors", "Ban Dân vận Thị ủy."),
        ("- Tham mưu thực hiện: Ban Dân vận.", "executors", "Ban Dân vận."),  # without the comma
        ("- Cơ quan chủ trì: Ban Dân vận Huyện ủy.", "lead", "Ban Dân vận Huyện ủy."),
        ("- Đơn vị phối hợp: Các cơ quan.", "executors", "Các cơ quan."),
        ("Cơ quan/Đơn vị chủ trì : Sở Nội vụ", "lead", "Sở Nội vụ"),
        ("+ Thời gian hoàn thành: Quý I/2024.", "timeline", "Quý I/2024."),
        ("- Thời hạn: 30/6/2024", "timeline", "30/6/2024"),
        ("- Tiến độ: Năm 2024", "timeline", "Năm 2024"),
        ("- Thời gian thực hiện:  Quý II, III/ 2023.", "timeline", "Quý II, III/ 2023."),
        ("- Sản phẩm: Báo cáo", "product", "Báo cáo"),
    ],
)
def test_match_field(line, field, value):
    f = match_field(line)
    assert f is not None and (f.field, f.value) == (field, value)
    assert line[f.value_offset :].strip() == value


@pytest.mark.parametrize("line", ["- Thực hiện có hiệu quả phương hướng", "Chủ trì hội nghị tổng kết", "1.1. Thời gian qua"])
def test_not_a_field(line):
    assert match_field(line) is None


def test_value_over_several_lines():
    lines = ["Nội dung việc.", "- Cơ quan phối hợp: Sở Nội vụ, Sở Tài chính,", "các phòng chuyên môn.", "- Thời gian: Năm 2024."]
    text_lines, fields = split_item_lines(lines)
    assert text_lines == [0]
    assert [(k, f.field, cont) for k, f, cont in fields] == [(1, "executors", [2]), (3, "timeline", [])]


def test_several_fields_on_one_line():
    from pipeline.extract.fields import match_fields

    line = "- Chủ trì: Sở Nội vụ; Phối hợp: Sở Tài chính, Sở Tư pháp; Thời gian: Quý I/2024."
    assert [(f.field, f.value) for f in match_fields(line)] == [
        ("lead", "Sở Nội vụ"),
        ("executors", "Sở Tài chính, Sở Tư pháp"),
        ("timeline", "Quý I/2024."),
    ]


def test_fields_in_a_closing_parenthesis():
    from pipeline.run import extract_text

    plan = extract_text(
        "KẾ HOẠCH\ncải cách hành chính năm 2024\nI. NHIỆM VỤ\n"
        "1. Tổ chức hội nghị sơ kết (Chủ trì: Sở Nội vụ; phối hợp: các sở, ngành liên quan; thời gian: Quý II/2024).\n"
    )
    (task,) = plan.tasks
    assert task.text == "Tổ chức hội nghị sơ kết."
    assert [p.name for p in task.lead.parties] == ["Sở Nội vụ"] and task.executors.and_related
    assert (task.timeline.kind, task.timeline.end) == ("quarter", "2024-06-30")


@pytest.mark.parametrize(
    ("line", "roles"),
    [
        ("- Trách nhiệm thực hiện: Ủy ban Kiểm tra Đảng ủy xã.", ["lead"]),  # labels read by key words
        ("- Đơn vị tham gia: Đoàn Thanh niên xã.", ["executors"]),
        ("- Thời gian dự kiến: Tháng 5/2024.", ["timeline"]),
        ("- Cơ quan chủ trì tham mưu: Sở Nội vụ.", ["lead"]),
    ],
)
def test_labels_outside_the_lexicon(line, roles):
    from pipeline.extract.fields import match_fields

    assert [f.field for f in match_fields(line)] == roles


@pytest.mark.parametrize(
    ("line", "text_end", "roles"),
    [
        ("1. Kiểm tra việc ban hành văn bản. Chủ trì: Sở Nội vụ. Phối hợp: Sở Tư pháp. Thời gian: Quý II/2024.", "văn bản.", ["lead", "executors", "timeline"]),
        ("2. Kiểm tra việc lập hồ sơ; chủ trì: Sở Nội vụ; thời gian: Quý III/2024.", "hồ sơ;", ["lead", "timeline"]),
        ("3. Kiểm tra việc số hóa - Chủ trì: Sở Nội vụ - Thời gian: Quý IV/2024.", "số hóa", ["lead", "timeline"]),
    ],
)
def test_fields_after_the_task_sentence(line, text_end, roles):
    from pipeline.extract.fields import find_trailing_fields

    found = find_trailing_fields(line)
    assert found is not None
    fields, cut = found
    assert line[:cut].endswith(text_end) and [f.field for f in fields] == roles
