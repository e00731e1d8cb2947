"""Timelines: the value of ``Thời gian thực hiện`` (and its variants) to ``{kind, start, end}``.

Kinds (the contract's table, plus ``date`` for a single day):

====================================  ==========  ==========  ==========
raw                                   kind        start       end
====================================  ==========  ==========  ==========
``Thường xuyên``                      continuous  null        null
``Năm 2023``, ``Trong năm 2023``      year        2023-01-01  2023-12-31
``Quý II, III/ 2023``                 quarter     2023-04-01  2023-09-30
``6 tháng đầu năm 2024``              half        2024-01-01  2024-06-30
``Tháng 5/2024``                      month       2024-05-01  2024-05-31
``Trước ngày 30/6/2024``              deadline    null        2024-06-30
``Từ tháng 3 đến tháng 6/2024``       range       2024-03-01  2024-06-30
``Định kỳ hằng quý``                  periodic    null        null
``Theo tiến độ``                      unspecified null        null
====================================  ==========  ==========  ==========

A year left out (``Quý IV``) is taken from the plan (``default_year``) and flagged
``inferred_year``. When the phrase is not understood the kind is ``unspecified``: no guess.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from pipeline.model import Timeline
from pipeline.normalize.fold import fold

__all__ = ["parse_timeline"]

# All patterns run on the folded text (lower case, no diacritics, đ→d): "quy ii, iii/ 2023".
_Y = r"(?P<year>(?:19|20)\d{2})"
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# "thuong xuyen", "lien tuc", "hang ngay"
CONTINUOUS_RE = re.compile(r"^(?:trong\s+)?(?:thuong xuyen|lien tuc|hang ngay|hang tuan|suot (?:nam|nhiem ky))\b")
# "dinh ky hang quy", "hang thang", "hang nam", "dinh ky 6 thang", "6 thang, nam"
PERIODIC_RE = re.compile(r"\b(?:dinh ky|(?:hang|hng) (?:quy|thang|nam)|moi (?:quy|thang|nam)|6 thang,\s*(?:ca\s+)?nam)\b")
# "theo tien do", "khi co yeu cau", "theo yeu cau", "theo chi dao", "sau khi", "ngay sau khi"
UNSPECIFIED_RE = re.compile(
    r"^(?:theo (?:tien do|yeu cau|ke hoach|chi dao|huong dan|quy dinh|lich)|khi co (?:yeu cau|chi dao)|"
    r"(?:ngay )?sau khi|kip thoi|dot xuat|trong \d+ (?:nam|thang|ngay) (?:dau|tiep theo))"
)
# "15/4/2024", "31-1-2025", "30/6", "ngay 22 thang 12 nam 2024"
DATE_PATTERN = (
    r"(?<!\d)(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?!\d)(?:\s*[/.-]\s*(?P<y>(?:19|20)\d{2}))?"
    r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})(?:\s+nam\s+(?P<y2>(?:19|20)\d{2}))?"
)
DATE_RE = re.compile(DATE_PATTERN)
# "truoc ngay 30/6/2024", "cham nhat ngay", "han chot", "hoan thanh truoc"
DEADLINE_RE = re.compile(r"\b(?:truoc|cham nhat(?: la)?|han chot|khong qua|muon nhat|den het)\s+(?:ngay\s+)?(?=\d)")
# "tu thang 3 den thang 6/2024", "tu ngay 15/4/2024 den het ngay 31/10/2024", "thang 3 - thang 6/2024"
RANGE_RE = re.compile(r"\btu\s+(?P<a>.+?)\s+(?:den|toi)(?:\s+het)?\s+(?P<b>.+)$")
# "quy ii, iii/ 2023", "quy i va quy iii nam 2024", "qi/2023", "dau quy i/2025"
QUARTER_RE = re.compile(
    r"\b(?:quy|q)\s*(?P<qs>(?:iv|iii|ii|i|[1-4])(?:\s*(?:,|va|-|–|den)\s*(?:quy\s*)?(?:iv|iii|ii|i|[1-4]))*)\b"
    r"(?:\s*(?:/|nam|-)\s*" + _Y + r")?"
)
# "6 thang dau nam 2024", "6 thang cuoi nam", "9 thang dau nam"
HALF_RE = re.compile(r"\b(?P<n>6|06|9|09) thang (?P<which>dau|cuoi) nam(?:\s+" + _Y + r")?")
# "thang 5/2024", "thang 05 nam 2024", "trong thang 3", "thang 3 va thang 9/2024"
MONTH_RE = re.compile(r"\bthang\s+(?P<m>\d{1,2})(?:\s*(?:/|nam|-)\s*" + _Y + r")?(?!\s*\d)")
# "nam 2023", "trong nam 2023", "ca nam 2023"
YEAR_RE = re.compile(r"\bnam\s+" + _Y + r"\b")
# "giai doan 2022 - 2025", "2021-2025"
PERIOD_RE = re.compile(r"(?:giai doan\s+)?(?P<a>(?:19|20)\d{2})\s*[-–]\s*(?P<b>(?:19|20)\d{2})\b")
_YEAR_ONLY_RE = re.compile(r"^(?:trong\s+|ca\s+)?" + _Y + r"$")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_end(y: int, m: int) -> str | None:
    if not 1 <= m <= 12:
        return None
    return _iso(y, m, calendar.monthrange(y, m)[1])


def _date_of(m: re.Match[str], year: int | None) -> tuple[str | None, bool]:
    d = int(m.group("d") or m.group("d2"))
    mo = int(m.group("m") or m.group("m2"))
    y_text = m.group("y") or m.group("y2")
    if y_text:
        return _iso(int(y_text), mo, d), False
    if year is None:
        return None, True
    return _iso(year, mo, d), True


def _point(s: str, year: int | None) -> tuple[str | None, str | None, bool]:
    """A date, month or quarter phrase as (start, end, inferred)."""
    m = DATE_RE.search(s)
    if m and not re.match(r"^\s*thang\s+\d{1,2}\s*/", s):
        iso, inferred = _date_of(m, year)
        return iso, iso, inferred
    m = MONTH_RE.search(s)
    if m:
        y = int(m.group("year")) if m.group("year") else year
        mo = int(m.group("m"))
        if y is None or not 1 <= mo <= 12:
            return None, None, False
        return _iso(y, mo, 1), _month_end(y, mo), not m.group("year")
    m = QUARTER_RE.search(s)
    if m:
        y = int(m.group("year")) if m.group("year") else year
        qs = [_ROMAN_Q[q] for q in re.findall(r"iv|iii|ii|i|[1-4]", m.group("qs"))]
        if y is None or not qs:
            return None, None, False
        return _iso(y, 3 * min(qs) - 2, 1), _month_end(y, 3 * max(qs)), not m.group("year")
    m = YEAR_RE.search(s)
    if m:
        y = int(m.group("year"))
        return _iso(y, 1, 1), _iso(y, 12, 31), False
    return None, None, False


# "thang 6, 7/2024", "thang 3 va thang 9", "thang 6 - 8/2024"
MONTH_LIST_RE = re.compile(r"thang\s+(\d{1,2}(?:\s*(?:,|va|-|den)\s*(?:thang\s+)?\d{1,2}(?!\d))*)")


def _months(s: str) -> list[int]:
    out: list[int] = []
    for m in MONTH_LIST_RE.finditer(s):
        out.extend(int(x) for x in re.findall(r"\d{1,2}", m.group(1)))
    return out


def parse_timeline(raw: str | None, default_year: int | None = None) -> Timeline:
    """Normalize a timeline phrase.

    >>> parse_timeline("Quý II, III/ 2023.").end
    '2023-09-30'
    >>> parse_timeline("Trước ngày 30/6/2024").kind
    'deadline'
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
    m = RANGE_RE.search(s)
    if m:
        right_start, right_end, inferred_b = _point(m.group("b"), default_year)
        year_b = int(right_end[:4]) if right_end else default_year
        left_start, _, inferred_a = _point(m.group("a"), year_b)
        if left_start and right_end:
            return Timeline(raw, "range", left_start, right_end, inferred_a and inferred_b)
    m = DEADLINE_RE.search(s)
    if m:
        start, end, inferred = _point(s[m.end() :], default_year)
        if end:
            return Timeline(raw, "deadline", None, end, inferred)
    m = re.search(r"\bngay\s+(?=\d)", s)
    if m and DATE_RE.match(s, m.end()):
        iso, inferred = _date_of(DATE_RE.match(s, m.end()), default_year)  # type: ignore[arg-type]
        if iso:
            return Timeline(raw, "date", iso, iso, inferred)
    m = HALF_RE.search(s)
    if m:
        y = int(m.group("year")) if m.group("year") else default_year
        if y is not None:
            months = int(m.group("n"))
            if m.group("which") == "dau":
                return Timeline(raw, "half", _iso(y, 1, 1), _month_end(y, months), not m.group("year"))
            return Timeline(raw, "half", _iso(y, 13 - months, 1), _iso(y, 12, 31), not m.group("year"))
    m = PERIOD_RE.search(s)
    if m and int(m.group("a")) < int(m.group("b")):
        return Timeline(raw, "range", _iso(int(m.group("a")), 1, 1), _iso(int(m.group("b")), 12, 31))
    for kind, pattern in (("quarter", QUARTER_RE), ("month", MONTH_RE)):
        if pattern.search(s):
            start, end, inferred = _point(s, default_year)
            months = _months(s) if pattern is MONTH_RE else []
            if len(months) > 1:  # "tháng 6, 7/2024": the year written once applies to each
                y_text = re.search(r"(?:/|nam)\s*((?:19|20)\d{2})", s)
                y = int(y_text.group(1)) if y_text else default_year
                if y is not None and all(1 <= mo <= 12 for mo in months):
                    start, end = _iso(y, min(months), 1), _month_end(y, max(months))
                    inferred = y_text is None
            if start:
                return Timeline(raw, kind, start, end, inferred)
    if YEAR_RE.search(s) or _YEAR_ONLY_RE.match(s):
        m2 = YEAR_RE.search(s) or _YEAR_ONLY_RE.match(s)
        assert m2 is not None
        y = int(m2.group("year"))
        end = None if re.search(r"nhung nam tiep theo|cac nam tiep theo", s) else _iso(y, 12, 31)
        return Timeline(raw, "year" if end else "range", _iso(y, 1, 1), end)
    m = DATE_RE.search(s)
    if m:
        iso, inferred = _date_of(m, default_year)
        if iso:
            return Timeline(raw, "date", iso, iso, inferred)
    return Timeline(raw, "unspecified")
