"""Timelines: the value of ``Thời gian thực hiện`` (and its variants) to ``{kind, start, end}``.

Kinds (the contract's table, plus ``date`` for a single day); plan year 2024 where a year is
left out:

==============================================  ===========  ===========  ===========
raw                                             kind         start        end
==============================================  ===========  ===========  ===========
``Thường xuyên``, ``Liên tục``                  continuous   null         null
``Định kỳ hằng quý``, ``Hằng tuần/ngày/năm``    periodic     null         null
``Năm 2023``, ``Trong năm 2023``                year         2023-01-01   2023-12-31
``Cả năm``, ``Trong năm``                       year         2024-01-01   2024-12-31
``Quý II, III/ 2023``                           quarter      2023-04-01   2023-09-30
``6 tháng đầu năm 2024``                        half         2024-01-01   2024-06-30
``Tháng 5/2024``, ``Tháng 6, 7/2024``           month        2024-05-01   2024-05-31
``Ngày 22/12/2024``, ``30/9/2024``              date         2024-12-22   2024-12-22
``Trước ngày 30/6/2024``, ``Đến hết năm 2024``  deadline     null         2024-06-30
``Từ tháng 3 đến tháng 6/2024``                 range        2024-03-01   2024-06-30
``Tháng 3 - 4/2024``                            range        2024-03-01   2024-04-30
``Từ tháng 11 đến tháng 2/2025``                range        2024-11-01   2025-02-28
``Quý IV/2024 - Quý I/2025``                    range        2024-10-01   2025-03-31
``Đợt 1: tháng 10/2023; đợt 2: tháng 3/2024``   range        2023-10-01   2024-03-31
``Từ ngày 01/10/2024``                          range        2024-10-01   null
``Năm 2023 và những năm tiếp theo``             range        2023-01-01   null
``Đầu / giữa / cuối tháng 3/2024``              range        03-01/11/21  03-10/20/31
``Tuần đầu tháng 4/2024``                       range        2024-04-01   2024-04-07
``Giai đoạn 2022 - 2025``, ``Năm 2024 - 2025``  range        2022-01-01   2025-12-31
``Năm học 2023 - 2024``                         range        2023-09-05   2024-05-31
``Theo tiến độ``, ``Quý IV`` (no plan year)     unspecified  null         null
==============================================  ===========  ===========  ===========

Conventions:

- A year left out (``Quý IV``, ``Cả năm``) is taken from the plan (``default_year``) and flagged
  ``inferred_year``; with no plan year the kind is ``unspecified``.
- ``X - Y``, ``X đến Y``, ``Từ X đến Y`` between two dated points is a ``range``; a list
  (``tháng 6, 7/2024``, ``Quý I và quý III``) keeps the kind of its items and spans them.
  Phases separated by ``;`` (``Đợt 1: ...; đợt 2: ...``) are a ``range`` from the first to the last.
- In a range each endpoint keeps the year written on it. An endpoint without one takes its
  neighbour's: the left takes the right's year, minus 1 when its month is later (``tháng 11 đến
  tháng 2/2025``: November 2024); the right takes the left's, plus 1 when its month is earlier;
  with no year written at all the plan's year goes to the right endpoint. A bare right endpoint
  takes the left's unit (``Tháng 3 - 4/2024``, ``Quý II - III/2024``), or is a year when the left
  has its year written (``Tháng 3/2024 - 2025``; but ``Quý I - 2023`` is one quarter).
- Parts of a month (``thượng / trung / hạ tuần`` alike) are days 1-10, 11-20 and 21-end;
  ``tuần đầu`` days 1-7, ``tuần cuối`` the last 7; the school year runs 5 September - 31 May.
- ``start`` is never after ``end``: a reversed range, like a phrase not understood, is
  ``unspecified`` with no dates. No guess.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from pipeline.model import Timeline
from pipeline.vi.fold import fold

__all__ = ["parse_timeline"]

# All patterns run on the folded text (lower case, no diacritics, đ→d): "quy ii, iii/ 2023".
_Y = r"(?P<y>(?:19|20)\d{2})(?!\d)"
# "/2024", " năm 2024", " - 2024": the year after a month or quarter
_YSEP = r"(?:\s*(?:/|nam|-)\s*" + _Y + r")?"
_Q = r"(?:iv|iii|ii|i|[1-4])"
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# --- whole phrases -------------------------------------------------------------------------
# "thuong xuyen", "lien tuc", "suot nam"
CONTINUOUS_RE = re.compile(r"^(?:trong\s+)?(?:thuong xuyen|lien tuc|suot (?:nam|nhiem ky))\b")
# "dinh ky hang quy", "hang thang", "hang tuan", "hang ngay", "moi nam", "6 thang, nam"
PERIODIC_RE = re.compile(
    r"\b(?:dinh ky|(?:hang|hng) (?:ngay|tuan|quy|thang|nam)|moi (?:tuan|quy|thang|nam)"
    r"|6 thang,\s*(?:ca\s+)?nam)\b"
)
# "theo tien do", "khi co yeu cau", "theo yeu cau", "theo chi dao", "sau khi", "ngay sau khi"
UNSPECIFIED_RE = re.compile(
    r"^(?:theo (?:tien do|yeu cau|ke hoach|chi dao|huong dan|quy dinh|lich)|khi co (?:yeu cau|chi dao)|"
    r"(?:ngay )?sau khi|kip thoi|dot xuat|trong \d+ (?:nam|thang|ngay) (?:dau|tiep theo))"
)
# "nam hoc 2023 - 2024"
SCHOOL_YEAR_RE = re.compile(r"\bnam hoc\s+(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})(?!\d)")
# "giai doan 2022 - 2025", "2021-2025", "nam 2024 - 2025", "tu nam 2024 den nam 2025";
# not the "2024 - 2025" of "thang 3/2024 - 2025"
PERIOD_RE = re.compile(
    r"(?<![\d/.])(?<![\d/.]\s)(?P<a>(?:19|20)\d{2})\s*(?:-|den(?:\s+(?:het\s+)?nam)?)\s*"
    r"(?P<b>(?:19|20)\d{2})(?!\d)"
)
# "nam 2023 va nhung nam tiep theo", "cac nam tiep theo"
OPEN_END_RE = re.compile(r"\b(?:nhung|cac) nam tiep theo\b")
# "2024", "trong 2024"
YEAR_ONLY_RE = re.compile(r"^(?:trong\s+|ca\s+)?" + _Y + r"$")

# --- connectives ---------------------------------------------------------------------------
# "thang 3 - 4/2024", "tu thang 3 den het thang 6/2024", "15/12 toi 15/1/2025"
RANGE_SEP_RE = re.compile(r"\s*-\s*|\s+(?:den|toi)\s+(?:het\s+)?")
# "tu ngay 01/10/2024", "ke tu thang 3/2024 tro di": a start only
FROM_RE = re.compile(r"^(?:ke\s+)?tu\s+(?P<p>.+?)(?:\s+tro\s+(?:di|ve sau))?$")
# "dot 1: thang 10/2023; dot 2: thang 3/2024", "dot 1: ..., dot 2: ..."
PHASES_RE = re.compile(r"\s*;\s*|\s*,\s*(?=(?:dot|lan)\s+\d)")
PHASE_LABEL_RE = re.compile(r"^(?:dot|lan)\s+(?:\d+|[ivx]+)\s*[:.-]?\s*")
# "truoc ngay 30/6/2024", "cham nhat la", "han chot", "den het nam 2024", "den ngay 30/6/2024"
DEADLINE_RE = re.compile(
    r"\b(?:(?:truoc|cham nhat|han chot|khong qua|muon nhat)(?:\s+la)?(?:\s+ngay)?\s+(?=\d)"
    r"|(?:den|toi)(?:\s+het)?(?:\s+ngay)?\s+(?=\d|nam\b|thang\b|quy\b))"
)
# words around a point that carry no date: "tu", "het", "ngay", "trong", "vao", "ca"
_FILLER_RE = re.compile(r"^(?:(?:ke\s+tu|tu|het|ngay|trong|vao|khoang|ca)\s+)+")

# --- points: one date, month, quarter, ... -------------------------------------------------
# "15/4/2024", "31-1-2025", "30/6"
DATE_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?!\d)(?:\s*[/.-]\s*" + _Y + r")?"
)
# "22 thang 12 nam 2024", "22 thang 12"
DATE_WORDS_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})(?!\d)(?:\s*(?:nam|/)\s*" + _Y + r")?"
)
# "6 thang dau nam 2024", "6 thang cuoi nam", "9 thang dau nam"
HALF_RE = re.compile(r"\b(?P<n>0?[69])\s+thang\s+(?P<which>dau|cuoi)\s+nam(?:\s+" + _Y + r")?")
# "tuan dau thang 4/2024", "dau thang 3", "giua thang 3", "cuoi thang 3/2024", "ha tuan thang 5"
PART_RE = re.compile(
    r"\b(?:tuan\s+(?P<week>dau|cuoi|thu nhat)|(?P<part>dau|giua|cuoi|thuong tuan|trung tuan|ha tuan))"
    r"\s+(?:cua\s+)?thang\s+(?P<m>\d{1,2})(?!\d)" + _YSEP
)
# "quy ii, iii/ 2023", "quy i va quy iii nam 2024", "qi/2023", "quy i - 2023"
QUARTER_RE = re.compile(
    r"\b(?:quy|q)\s*(?P<qs>" + _Q + r"(?:\s*(?:,|va)\s*(?:quy\s*)?" + _Q + r")*)\b" + _YSEP
)
# "thang 5/2024", "thang 05 nam 2024", "thang 6, 7/2024", "thang 3 va thang 9/2024"
MONTH_RE = re.compile(
    r"\bthang\s+(?P<ms>\d{1,2}(?:\s*(?:,|va)\s*(?:thang\s+)?\d{1,2}(?!\d))*)(?!\d)" + _YSEP
)
# "5/2024" (a month: the year has four digits), not the "6/2024" of "30/6/2024"
MONTH_YEAR_RE = re.compile(r"(?<![\d/.-])(?<![\d/.-]\s)(?P<ms>\d{1,2})\s*/\s*" + _Y)
# "nam 2023"
YEAR_RE = re.compile(r"\bnam\s+" + _Y)
# "nam", "nam nay", "nam ke hoach" (the plan's year): whole phrases only, as in "ca nam"
THIS_YEAR_RE = re.compile(r"nam(?:\s+nay|\s+ke hoach)?")
# a point named without its unit: "4/2024" after "thang 3 -", "iii/2024" after "quy ii -"
_BARE_RE = re.compile(r"^(?:\d{1,2}|iv|iii|ii|i)\b")


@dataclass(frozen=True, slots=True)
class _Point:
    """A dated phrase before its year is settled: (month, day) of its first and last day."""

    kind: str
    first: tuple[int, int]
    last: tuple[int, int]  # a day <= 0 counts back from the end of the month (0: its last day)
    year: int | None  # as written

    def span(self, year: int) -> tuple[str | None, str | None]:
        return _day(year, *self.first), _day(year, *self.last)


def _day(y: int, m: int, d: int) -> str | None:
    if not 1 <= m <= 12:
        return None
    if d <= 0:
        d += calendar.monthrange(y, m)[1]
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _year(m: re.Match[str]) -> int | None:
    return int(m["y"]) if m["y"] else None


def _date(m: re.Match[str]) -> _Point:
    day, month = int(m["d"]), int(m["m"])
    return _Point("date", (month, day), (month, day), _year(m))


def _half(m: re.Match[str]) -> _Point:
    n = int(m["n"])
    if m["which"] == "dau":
        return _Point("half", (1, 1), (n, 0), _year(m))
    return _Point("half", (13 - n, 1), (12, 0), _year(m))


# (first, last) day of a part of a month; 0 is its last day
_PART_DAYS = {"dau": (1, 10), "thuong tuan": (1, 10), "giua": (11, 20), "trung tuan": (11, 20),
              "cuoi": (21, 0), "ha tuan": (21, 0),
              "tuan dau": (1, 7), "tuan thu nhat": (1, 7), "tuan cuoi": (-6, 0)}  # fmt: skip


def _part(m: re.Match[str]) -> _Point:
    month = int(m["m"])
    first, last = _PART_DAYS[f"tuan {m['week']}" if m["week"] else m["part"]]
    return _Point("range", (month, first), (month, last), _year(m))


def _quarter(m: re.Match[str]) -> _Point:
    qs = [_ROMAN_Q[q] for q in re.findall(r"iv|iii|ii|i|[1-4]", m["qs"])]
    return _Point("quarter", (3 * min(qs) - 2, 1), (3 * max(qs), 0), _year(m))


def _months(m: re.Match[str]) -> _Point:
    months = [int(x) for x in re.findall(r"\d{1,2}", m["ms"])]
    return _Point("month", (min(months), 1), (max(months), 0), _year(m))


def _whole_year(m: re.Match[str]) -> _Point:
    return _Point("year", (1, 1), (12, 0), _year(m) if "y" in m.re.groupindex else None)


# Tried in this order in free text; a whole phrase matches one of them at most.
_POINTS = (
    (DATE_WORDS_RE, _date),
    (HALF_RE, _half),
    (PART_RE, _part),
    (QUARTER_RE, _quarter),
    (MONTH_RE, _months),
    (MONTH_YEAR_RE, _months),
    (YEAR_RE, _whole_year),
    (DATE_RE, _date),
)


def _valid(p: _Point) -> bool:
    return all(1 <= month <= 12 for month in (p.first[0], p.last[0]))


def _point(s: str, *, strict: bool = False, after: _Point | None = None) -> _Point | None:
    """The point ``s`` names: all of ``s`` when ``strict``, else the first one found in it.

    ``after`` (the left endpoint) lends its unit to a bare ``4/2024`` or ``III``, and makes a
    bare ``2025`` a year when it has a year written itself (``Tháng 3/2024 - 2025``).
    """
    if strict:
        s = _FILLER_RE.sub("", s.strip(" .;,:()"))
        candidates = [s]
        if after and after.kind in ("month", "quarter") and _BARE_RE.match(s):
            candidates.append(("thang " if after.kind == "month" else "quy ") + s)
        if after and after.year and YEAR_ONLY_RE.match(s):
            candidates.append("nam " + s)
        for text in candidates:
            for regex, build in (*_POINTS, (THIS_YEAR_RE, _whole_year)):
                m = regex.fullmatch(text)
                if m and _valid(p := build(m)):
                    return p
        return None
    m = re.search(r"\bngay\s+(?=\d)", s)  # "ngay 15/5" wins over a quarter or month around it
    if m:
        for regex in (DATE_RE, DATE_WORDS_RE):
            d = regex.match(s, m.end())
            if d and _valid(p := _date(d)):
                return p
    for regex, build in _POINTS:
        m = regex.search(s)
        if m and _valid(p := build(m)):
            return p
    return None


def _settle(points: list[_Point], default_year: int | None) -> tuple[str | None, str | None, bool]:
    """(start, end, inferred) from the first point to the last, each year settled (module doc)."""
    years = [p.year for p in points]
    inferred = all(y is None for y in years)
    if inferred:
        years[-1] = default_year
    for i in reversed(range(len(points) - 1)):
        # leftwards: the right neighbour's year, the year before when this point would start later
        right = years[i + 1]
        if years[i] is None and right is not None:
            years[i] = right - (points[i].first[0] > points[i + 1].last[0])
    for i in range(1, len(points)):
        # rightwards: the left neighbour's year, the year after when this point would end earlier
        left = years[i - 1]
        if years[i] is None and left is not None:
            years[i] = left + (points[i].last[0] < points[i - 1].first[0])
    first, last = years[0], years[-1]
    if first is None or last is None:  # no year written and none from the plan
        return None, None, inferred
    return points[0].span(first)[0], points[-1].span(last)[1], inferred


def _timeline(raw: str, kind: str, start: str | None, end: str | None, inferred: bool) -> Timeline:
    """The timeline, or ``unspecified`` when its dates are missing or reversed."""
    needed = {"deadline": (end,), "range": (start,)}.get(kind, (start, end))
    if any(x is None for x in needed) or (start and end and start > end):
        return Timeline(raw, "unspecified")
    return Timeline(raw, kind, start, end, inferred)


def _range(raw: str, s: str, default_year: int | None) -> Timeline | None:
    """``X - Y``, ``X đến Y``, ``Từ X đến Y`` between two points, else ``None``."""
    body = re.sub(r"^(?:ke\s+)?tu\s+", "", s)
    for sep in RANGE_SEP_RE.finditer(body):
        left = _point(body[: sep.start()], strict=True)
        right = left and _point(body[sep.end() :], strict=True, after=left)
        if left and right:
            return _timeline(raw, "range", *_settle([left, right], default_year))
    return None


def _phases(raw: str, s: str, default_year: int | None) -> Timeline | None:
    """``Đợt 1: tháng 10/2023; đợt 2: tháng 3/2024``: from the first phase to the last."""
    parts = PHASES_RE.split(s)
    points = [p for part in parts if (p := _point(PHASE_LABEL_RE.sub("", part), strict=True))]
    if len(points) < 2 or len(points) < len(parts):
        return None
    return _timeline(raw, "range", *_settle(points, default_year))


def parse_timeline(raw: str | None, default_year: int | None = None) -> Timeline:
    """Normalize a timeline phrase.

    >>> parse_timeline("Quý II, III/ 2023.").end
    '2023-09-30'
    >>> parse_timeline("Trước ngày 30/6/2024").kind
    'deadline'
    >>> parse_timeline("Từ tháng 11 đến tháng 2/2025").start
    '2024-11-01'
    """
    if raw is None or not raw.strip():
        return Timeline(raw=raw)
    s = fold(raw).strip(" .;,:")
    s = re.sub(r"^(?:hoan thanh|thuc hien|to chuc|trien khai|bat dau)\s+", "", s)
    if CONTINUOUS_RE.search(s):
        return Timeline(raw, "continuous")
    if UNSPECIFIED_RE.search(s):
        return Timeline(raw, "unspecified")
    if PERIODIC_RE.search(s):
        return Timeline(raw, "periodic")
    if m := SCHOOL_YEAR_RE.search(s):
        return _timeline(raw, "range", f"{m['a']}-09-05", f"{m['b']}-05-31", False)
    if (m := PERIOD_RE.search(s)) and int(m["a"]) < int(m["b"]):
        return _timeline(raw, "range", f"{m['a']}-01-01", f"{m['b']}-12-31", False)
    if (m := YEAR_RE.search(s)) and OPEN_END_RE.search(s):
        return _timeline(raw, "range", f"{m['y']}-01-01", None, False)
    if m := YEAR_ONLY_RE.match(s):
        return _timeline(raw, "year", f"{m['y']}-01-01", f"{m['y']}-12-31", False)
    if t := _phases(raw, s, default_year) or _range(raw, s, default_year):
        return t
    if (m := FROM_RE.match(s)) and (p := _point(m["p"], strict=True)):
        start, _, inferred = _settle([p], default_year)
        return _timeline(raw, "range", start, None, inferred)
    if m := DEADLINE_RE.search(s):
        rest = s[m.end() :]
        if p := _point(rest, strict=True) or _point(rest):
            _, end, inferred = _settle([p], default_year)
            return _timeline(raw, "deadline", None, end, inferred)
    if p := _point(s, strict=True) or _point(s):
        return _timeline(raw, p.kind, *_settle([p], default_year))
    return Timeline(raw, "unspecified")
