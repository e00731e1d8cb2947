from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.timeline import parse_timeline

CASES = [
    # raw, default year, kind, start, end
    ("Thường xuyên.", 2023, "continuous", None, None),
    ("Năm 2023.", None, "year", "2023-01-01", "2023-12-31"),
    ("Trong năm 2023", None, "year", "2023-01-01", "2023-12-31"),
    ("Quý I/2023.", None, "quarter", "2023-01-01", "2023-03-31"),
    ("Quý II, III/ 2023.", None, "quarter", "2023-04-01", "2023-09-30"),
    ("Quý I và quý III năm 2024", None, "quarter", "2024-01-01", "2024-09-30"),
    ("Quý IV", 2024, "quarter", "2024-10-01", "2024-12-31"),  # year from the plan
    ("đầu quý I/2025", None, "quarter", "2025-01-01", "2025-03-31"),
    ("6 tháng đầu năm 2024", None, "half", "2024-01-01", "2024-06-30"),
    ("6 tháng cuối năm", 2024, "half", "2024-07-01", "2024-12-31"),
    ("Tháng 5/2024", None, "month", "2024-05-01", "2024-05-31"),
    ("tháng 02 năm 2024", None, "month", "2024-02-01", "2024-02-29"),  # leap year
    ("tháng 6, 7/2024", None, "month", "2024-06-01", "2024-07-31"),  # a list of months
    ("Tháng 3 và tháng 9/2024", None, "month", "2024-03-01", "2024-09-30"),
    ("Trước ngày 30/6/2024", None, "deadline", None, "2024-06-30"),
    ("trước ngày 31-1-2025", None, "deadline", None, "2025-01-31"),
    ("Hoàn thành trước 30/6", 2024, "deadline", None, "2024-06-30"),
    ("Từ tháng 3 đến tháng 6/2024", None, "range", "2024-03-01", "2024-06-30"),
    ("từ ngày 15/4/2024 đến hết ngày 31/10/2024", None, "range", "2024-04-15", "2024-10-31"),
    ("Giai đoạn 2022 - 2025", None, "range", "2022-01-01", "2025-12-31"),
    ("ngày 22 tháng 12 năm 2024", None, "date", "2024-12-22", "2024-12-22"),
    ("Định kỳ hằng quý", 2024, "periodic", None, None),
    ("định kỳ 6 tháng, năm", 2024, "periodic", None, None),
    ("Hàng năm", 2024, "periodic", None, None),
    ("Theo tiến độ", 2024, "unspecified", None, None),
    ("Khi có yêu cầu", 2024, "unspecified", None, None),
    ("trong 02 năm đầu", 2024, "unspecified", None, None),
    ("một lúc nào đó", 2024, "unspecified", None, None),  # not understood: no guess
    ("Quý IV", None, "unspecified", None, None),  # no year anywhere: no guess
]


@pytest.mark.parametrize(("raw", "year", "kind", "start", "end"), CASES)
def test_parse_timeline(raw, year, kind, start, end):
    t = parse_timeline(raw, year)
    assert (t.kind, t.start, t.end) == (kind, start, end)
    assert t.raw == raw


def test_inferred_year_is_flagged():
    assert parse_timeline("Quý IV", 2024).inferred_year
    assert not parse_timeline("Quý IV/2024", 2020).inferred_year


@given(
    st.integers(2000, 2050),
    st.lists(st.sampled_from(["I", "II", "III", "IV"]), min_size=1, max_size=4, unique=True),
    st.sampled_from(["/", "/ ", " năm "]),
)
def test_quarters_cover_the_listed_quarters(year, quarters, sep):
    t = parse_timeline(f"Quý {', '.join(quarters)}{sep}{year}")
    nums = [["I", "II", "III", "IV"].index(q) + 1 for q in quarters]
    assert t.kind == "quarter"
    assert t.start == f"{year}-{3 * min(nums) - 2:02d}-01"
    assert t.end is not None and t.end.startswith(f"{year}-{3 * max(nums):02d}-")


@given(st.text(max_size=60))
def test_never_raises(text):
    t = parse_timeline(text, 2024)
    assert t.kind in {"continuous", "year", "quarter", "half", "month", "date", "deadline", "range", "periodic", "unspecified"}
    assert t.start is None or t.end is None or t.start <= t.end or t.kind == "range"


@given(st.dates(min_value=date(1945, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["/", "-"]))
def test_deadline_dates(day, sep):
    t = parse_timeline(f"Trước ngày {day.day}{sep}{day.month}{sep}{day.year}")
    assert t.kind == "deadline" and t.end == day.isoformat()
