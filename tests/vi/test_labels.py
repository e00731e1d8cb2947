import pytest

from pipeline.vi.labels import label_role


@pytest.mark.parametrize(
    ("text", "where", "role"),
    [
        ("Thời gian hoàn thành", "label", "timeline"),
        ("Đơn vị tham gia", "label", "executors"),
        ("Trách nhiệm phối hợp", "label", "executors"),  # phối hợp before trách nhiệm for labels
        ("Trách nhiệm thực hiện", "label", "lead"),
        ("Bộ phận phụ trách", "label", "lead"),
        ("Đơn vị thực hiện", "label", "executors"),
        ("Sản phẩm đầu ra", "label", "product"),
        ("Ghi chú", "label", None),
        ("STT", "column", "number"),
        ("TT.", "column", "number"),
        ("Số thứ tự", "column", "number"),
        ("Nội dung công việc", "column", "text"),
        ("Đơn vị chủ trì", "column", "lead"),
        ("Đơn vị thực hiện", "column", "lead"),  # the same words name a table's lead
        ("Cơ quan chủ trì, phối hợp", "column", "lead"),
        ("Đơn vị phối hợp", "column", "executors"),
        ("Chủtrì", "column", "lead"),  # a cell glued by a lost space
        ("Thời gian thực hiện", "column", "timeline"),
        ("Kết quả, sản phẩm", "column", "product"),
        ("Tên nhiệm vụ", "column", "text"),
        ("STT", "label", None),
    ],
)
def test_label_role(text, where, role):
    assert label_role(text, where) == role
