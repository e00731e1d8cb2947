"""Field-level changes: parties, timeline shifts, references, header."""

from __future__ import annotations

import pytest

from pipeline.diff.fields import (
    compare_documents,
    compare_lists,
    compare_parties,
    compare_timelines,
    task_view,
    timeline_label,
)


def group(*names: str, raw: str | None = None, related: bool = False) -> dict:
    return {"raw": raw if raw is not None else "; ".join(names),
            "parties": [{"name": n} for n in names], "and_related": related}  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "added", "removed"),
    [
        (group("Ban Dân vận Thị ủy"), group("Ban Dân vận Thị ủy", "Văn phòng thị xã"), ("Văn phòng thị xã",), ()),
        (group("Phó Trưởng Ban Thường trực Ban Chỉ đạo thị xã"), group("Trưởng Ban Chỉ đạo thị xã"),
         ("Trưởng Ban Chỉ đạo thị xã",), ("Phó Trưởng Ban Thường trực Ban Chỉ đạo thị xã",)),
        (None, group("Văn phòng thị xã"), ("Văn phòng thị xã",), ()),
        (group("Văn phòng thị xã"), {}, (), ("Văn phòng thị xã",)),
    ],
)  # fmt: skip
def test_parties_added_and_removed(old, new, added, removed):
    change = compare_parties(old, new)
    assert change is not None
    assert (change.added, change.removed) == (added, removed)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (group("Ban Dân vận Thị uỷ"), group("Ban Dân vận Thị ủy.")),  # spelling only
        (group("A", "B"), group("B", "A")),  # order only
        (group("A", raw="Đồng chí A"), group("A", raw="Đ/c A")),  # raw only, same parties
        (None, {}),
    ],
)
def test_parties_unchanged(old, new):
    assert compare_parties(old, new) is None


def test_parties_and_related_and_raw_only():
    change = compare_parties(group("A"), group("A", related=True))
    assert change is not None and change.and_related == (False, True)
    change = compare_parties({"raw": "Các phòng"}, {"raw": "Các ban"})
    assert change is not None and (change.old_raw, change.new_raw) == ("Các phòng", "Các ban")


def tl(raw: str, kind: str, start: str | None, end: str | None) -> dict:
    return {"raw": raw, "kind": kind, "start": start, "end": end}


@pytest.mark.parametrize(
    ("old", "new", "deltas"),
    [
        (tl("Quý II, III/ 2023", "quarter", "2023-04-01", "2023-09-30"),
         tl("Quý III/2023", "quarter", "2023-07-01", "2023-09-30"), (91, 0)),
        (tl("Năm 2023", "year", "2023-01-01", "2023-12-31"),
         tl("Năm 2024", "year", "2024-01-01", "2024-12-31"), (365, 366)),
        (tl("Quý IV/2023", "quarter", "2023-10-01", "2023-12-31"),
         tl("Trước ngày 30/11/2023", "deadline", None, "2023-11-30"), (None, -31)),
        (tl("Thường xuyên", "continuous", None, None),
         tl("Quý I/2024", "quarter", "2024-01-01", "2024-03-31"), (None, None)),
        (tl("Theo tiến độ", "unspecified", None, None),
         tl("Khi có yêu cầu", "unspecified", None, None), (None, None)),
    ],
)  # fmt: skip
def test_timeline_shift(old, new, deltas):
    change = compare_timelines(old, new)
    assert change is not None
    assert (change.start_delta_days, change.end_delta_days) == deltas


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            tl("Năm 2023.", "year", "2023-01-01", "2023-12-31"),
            tl("Trong năm 2023", "year", "2023-01-01", "2023-12-31"),
        ),
        (
            tl("thường xuyên.", "continuous", None, None),
            tl("Thường xuyên", "continuous", None, None),
        ),
        (None, {}),
    ],
)
def test_timeline_unchanged(old, new):
    assert compare_timelines(old, new) is None


def test_references_by_number_or_name():
    change = compare_lists(
        ["120-KL/TW", "Luật thực hiện dân chủ cơ sở"], ["120-KL/TW", "10/2022/QH15"]
    )
    assert (change.added, change.removed) == (("10/2022/QH15",), ("Luật thực hiện dân chủ cơ sở",))
    assert not compare_lists(["Luật A"], ["luật a."])


def test_header_changes():
    old = {
        "number": None,
        "symbol": "KH/BCĐ",
        "date": {"year": 2023, "month": None, "day": None},
        "draft": True,
        "issuer": "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở",
        "draft_label": "DỰ THẢO",
        "span": [0, 10],
    }
    new = {
        **old,
        "number": "45",
        "date": {"year": 2023, "month": 2, "day": 15},
        "draft": False,
        "issuer": "Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở.",
        "draft_label": None,
        "span": [0, 12],
    }
    contract, extra = compare_documents(old, new)
    assert [(c.name, c.old, c.new) for c in contract] == [
        ("number", None, "45"),
        ("date", old["date"], new["date"]),
        ("draft", True, False),
    ]
    assert [c.name for c in extra] == ["draft_label"]  # and not span, not the issuer's spelling
    assert compare_documents(None, None) == ((), ())


def test_task_view_and_labels():
    task = {
        "path": "II/1/1.1",
        "text": "X",
        "lead": group("A", "B"),
        "executors": group("C", related=True),
        "timeline": tl("  Quý  I/2023. ", "quarter", "2023-01-01", "2023-03-31"),
        "references": ["1/QĐ"],
    }
    view = task_view(task)
    assert (view.lead, view.timeline, view.references) == ("A; B", "Quý I/2023", ("1/QĐ",))
    assert view.executors.startswith("C")
    assert timeline_label({"kind": "deadline", "end": "2024-06-30"}) == "deadline …..2024-06-30"
    assert timeline_label(None) == ""
