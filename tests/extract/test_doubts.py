"""Extraction reports its doubts as issues with codes and spans."""

import pytest

from pipeline.extract.doubts import task_doubts
from pipeline.model import Party, PartyGroup, Task, Timeline
from pipeline.run import extract_text


def _task(lead=None, executors=None, timeline=None):
    return Task("II/1", "1", "Rà soát.", lead or PartyGroup(), executors or PartyGroup(), timeline or Timeline(), (), (10, 20))


@pytest.mark.parametrize(
    ("task", "codes"),
    [
        (_task(lead=PartyGroup(raw="theo quy định", span=(12, 25))), ["EXT001"]),
        (_task(executors=PartyGroup(raw="các cơ quan liên quan", and_related=True)), []),
        (_task(lead=PartyGroup(raw="Sở Nội vụ", parties=(Party("Sở Nội vụ", "org"),))), []),
        (_task(timeline=Timeline("được cấp Huy chương", "unspecified")), ["EXT002"]),
        (_task(timeline=Timeline("khi có yêu cầu", "unspecified")), []),
        (_task(timeline=Timeline("Theo tiến độ", "unspecified")), []),
        (_task(timeline=Timeline("Quý IV", "quarter", "2024-10-01", "2024-12-31", True)), ["EXT003"]),
    ],
)
def test_task_doubts(task, codes):
    found = task_doubts([task])
    assert [i.code for i in found] == codes
    assert all(i.path == "II/1" and i.span is not None for i in found)


def test_a_plan_reports_the_year_it_inferred():
    plan = extract_text(
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 3/KH-UBND\tA, ngày 2 tháng 1 năm 2025\n"
        "KẾ HOẠCH\nThử nghiệm\nI. NHIỆM VỤ\n1. Tập huấn.\n- Cơ quan chủ trì: Sở Nội vụ.\n- Thời gian: Quý IV.\n"
    )
    assert [i.code for i in plan.issues if i.code.startswith("EXT")] == ["EXT003"]
