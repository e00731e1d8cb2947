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
    # cross-year ranges: each endpoint keeps its written year; a left one without a year takes
    # the right one's, minus 1 when its month is later; never start > end
    ("Từ tháng 11 đến tháng 2/2025", 2024, "range", "2024-11-01", "2025-02-28"),
    ("Từ 15/12 đến 15/1/2025", 2024, "range", "2024-12-15", "2025-01-15"),
    ("Tháng 11/2024 đến tháng 2/2025", 2024, "range", "2024-11-01", "2025-02-28"),
    ("tháng 11 đến tháng 2/2025", 2024, "range", "2024-11-01", "2025-02-28"),
    ("Tháng 12/2023 - Tháng 02/2024", 2024, "range", "2023-12-01", "2024-02-29"),
    ("Tháng 9/2023 - 5/2024", 2024, "range", "2023-09-01", "2024-05-31"),
    ("Quý IV/2024 - Quý I/2025", 2024, "range", "2024-10-01", "2025-03-31"),
    ("Từ tháng 11/2024 đến tháng 2", None, "range", "2024-11-01", "2025-02-28"),  # right: +1
    ("Tháng 3/2024 - 2025", None, "range", "2024-03-01", "2025-12-31"),
    ("Từ tháng 3 đến hết năm", 2024, "range", "2024-03-01", "2024-12-31"),
    ("Tháng 12/2024 - Tháng 02/2024", 2024, "unspecified", None, None),  # reversed: no guess
    ("20/3 đến 10/3/2024", 2024, "unspecified", None, None),  # reversed: no guess
    # phases "Đợt 1: ...; đợt 2: ...": a range from the first to the last, each with its year
    ("Đợt 1: tháng 10/2023; đợt 2: tháng 3/2024", 2024, "range", "2023-10-01", "2024-03-31"),
    # "X - Y" / "X đến Y" between two points is a range; a bare "4/2024", "III" takes X's unit
    ("Tháng 3 - 4/2024", None, "range", "2024-03-01", "2024-04-30"),
    ("Tháng 5 - 9/2024", None, "range", "2024-05-01", "2024-09-30"),
    ("Tháng 3 đến tháng 4/2024", None, "range", "2024-03-01", "2024-04-30"),
    ("Quý II - III/2024", None, "range", "2024-04-01", "2024-09-30"),
    ("Tháng 5 - 2024", None, "month", "2024-05-01", "2024-05-31"),  # "-" before a year: no range
    ("Quý I - 2023", None, "quarter", "2023-01-01", "2023-03-31"),
    ("31-1-2025", None, "date", "2025-01-31", "2025-01-31"),
    # "Từ X" alone: a range open at the end
    ("Từ ngày 01/10/2024", None, "range", "2024-10-01", None),
    ("Từ tháng 3/2024 trở đi", None, "range", "2024-03-01", None),
    ("Năm 2023 và những năm tiếp theo", None, "range", "2023-01-01", None),
    # "Cả năm", "Trong năm" with no year: the plan's year, else no guess
    ("Cả năm", 2024, "year", "2024-01-01", "2024-12-31"),
    ("Cả năm 2024", None, "year", "2024-01-01", "2024-12-31"),
    ("Trong năm", 2024, "year", "2024-01-01", "2024-12-31"),
    ("Cả năm", None, "unspecified", None, None),
    # recurring: "hằng/hàng tuần", "hằng ngày" like "hằng tháng"; "thường xuyên" is continuous
    ("Hằng tuần", 2024, "periodic", None, None),
    ("hàng tuần", 2024, "periodic", None, None),
    ("hằng ngày", 2024, "periodic", None, None),
    ("Liên tục", 2024, "continuous", None, None),
    # "đến (hết) ..." without a start: a deadline at the end of what follows
    ("Đến hết năm 2024", None, "deadline", None, "2024-12-31"),
    ("Từ nay đến hết năm 2024", None, "deadline", None, "2024-12-31"),
    ("Đến hết ngày 31/12/2024", None, "deadline", None, "2024-12-31"),
    ("Đến ngày 30/6/2024", None, "deadline", None, "2024-06-30"),
    ("Đến hết năm", 2024, "deadline", None, "2024-12-31"),
    # school year (vn-document-format.md §7): 5 September - 31 May; a span of years
    ("Năm học 2023 - 2024", None, "range", "2023-09-05", "2024-05-31"),
    ("Năm 2024 - 2025", None, "range", "2024-01-01", "2025-12-31"),
    # parts of a month (§7): tuần đầu 1-7, đầu 1-10, giữa 11-20, cuối 21-end, tuần cuối last 7
    ("Tuần đầu tháng 4/2024", None, "range", "2024-04-01", "2024-04-07"),
    ("Đầu tháng 3/2024", None, "range", "2024-03-01", "2024-03-10"),
    ("Giữa tháng 3", 2024, "range", "2024-03-11", "2024-03-20"),
    ("Cuối tháng 3/2024", None, "range", "2024-03-21", "2024-03-31"),
    ("hạ tuần tháng 2/2024", None, "range", "2024-02-21", "2024-02-29"),
    ("Tuần cuối tháng 2/2024", None, "range", "2024-02-23", "2024-02-29"),
    ("Từ đầu tháng 3 đến cuối tháng 4/2024", None, "range", "2024-03-01", "2024-04-30"),
    # a date, with or without "ngày"; "trước" a date is a deadline
    ("Trước 30/6/2024", None, "deadline", None, "2024-06-30"),
    ("30/9/2024", None, "date", "2024-09-30", "2024-09-30"),
    # not understood, or not a real date: no guess
    ("tháng 13/2024", 2024, "unspecified", None, None),
    ("30/2/2024", 2024, "unspecified", None, None),
    ("Từ nay", 2024, "unspecified", None, None),
]


@pytest.mark.parametrize(("raw", "year", "kind", "start", "end"), CASES)
def test_parse_timeline(raw, year, kind, start, end):
    t = parse_timeline(raw, year)
    assert (t.kind, t.start, t.end) == (kind, start, end)
    assert t.raw == raw


def test_inferred_year_is_flagged():
    assert parse_timeline("Quý IV", 2024).inferred_year
    assert not parse_timeline("Quý IV/2024", 2020).inferred_year
    assert parse_timeline("Cả năm", 2024).inferred_year
    assert parse_timeline("Từ tháng 3 đến tháng 6", 2024).inferred_year
    assert not parse_timeline("Từ tháng 11 đến tháng 2/2025", 2024).inferred_year


def test_range_without_any_year_ends_in_the_plan_year():
    # the plan year goes to the right endpoint; the left one is the year before when later
    t = parse_timeline("Từ tháng 11 đến tháng 2", 2024)
    assert (t.kind, t.start, t.end, t.inferred_year) == ("range", "2023-11-01", "2024-02-29", True)


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


KINDS = {
    "continuous",
    "year",
    "quarter",
    "half",
    "month",
    "date",
    "deadline",
    "range",
    "periodic",
    "unspecified",
}
# pieces of timeline phrases, to reach the parser's branches more often than random text does
WORDS = ["Từ", "từ ngày", "đến", "đến hết", "tới", "-", "–", "và", ",", ";", "trước", "Đợt 1:", "đợt 2:",
         "tháng", "Tháng", "quý", "Quý", "năm", "Năm", "năm học", "cả năm", "trong", "đầu", "giữa",
         "cuối", "tuần đầu", "6 tháng đầu năm", "giai đoạn", "hằng tuần", "I", "II", "III", "IV",
         "1", "2", "3", "5", "9", "10", "11", "12", "15", "30", "31", "/", "/2023", "/2024", "/2025",
         "2023", "2024", "2025", "15/12", "15/1/2025", "30/6/2024", "31-1-2025"]  # fmt: skip


def _assert_well_formed(t):
    assert t.kind in KINDS
    assert t.start is None or t.end is None or t.start <= t.end
    if t.kind == "unspecified":
        assert (t.start, t.end) == (None, None)
    for day in (t.start, t.end):
        assert day is None or date.fromisoformat(day)


@given(st.text(max_size=60), st.none() | st.integers(1990, 2060))
def test_never_raises_and_start_is_never_after_end(text, year):
    _assert_well_formed(parse_timeline(text, year))


@given(st.lists(st.sampled_from(WORDS), max_size=8), st.none() | st.integers(1990, 2060))
def test_phrases_start_is_never_after_end(words, year):
    _assert_well_formed(parse_timeline(" ".join(words), year))


@given(
    st.integers(1, 12),
    st.integers(1, 12),
    st.integers(2000, 2050),
    st.sampled_from([" đến tháng ", " - "]),
)
def test_month_ranges_end_in_the_written_year(left, right, year, sep):
    t = parse_timeline(f"Từ tháng {left}{sep}{right}/{year}")
    assert t.kind == "range" and t.start is not None and t.end is not None
    assert t.start <= t.end and t.end.startswith(f"{year}-{right:02d}-")
    assert t.start == f"{year - (left > right)}-{left:02d}-01"


@given(
    st.dates(min_value=date(1945, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["/", "-"])
)
def test_deadline_dates(day, sep):
    t = parse_timeline(f"Trước ngày {day.day}{sep}{day.month}{sep}{day.year}")
    assert t.kind == "deadline" and t.end == day.isoformat()
