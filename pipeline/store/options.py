"""Filter values as users type them (``2024``, ``2022-2024``, ``30/6/2024``, ``lead=…``)
turned into :class:`~pipeline.store.records.Filters`. Pure functions; the CLI only calls them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import fields, replace

from pipeline.errors import PipelineError
from pipeline.store.records import Filters, timeline_kinds

__all__ = ["parse_years", "parse_date", "build_filters", "parse_where", "WHERE_KEYS"]

# "2024", "2024-06", "2024-06-30", "30/6/2024", "6/2024"
_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_VN_RE = re.compile(r"^(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})$")
_YEARS_RE = re.compile(r"^(\d{4})?\s*(?:(-|\.\.)\s*(\d{4})?)?$")

WHERE_KEYS = ("q", "lead", "executor", "issuer", "year", "due-from", "due-to", "ref", "kind")


def _usage(message: str) -> PipelineError:
    return PipelineError(message, code="usage")


def parse_years(text: str) -> tuple[int | None, int | None]:
    """``2024`` → (2024, 2024); ``2022-2024`` → (2022, 2024); ``2022-`` → (2022, None)."""
    m = _YEARS_RE.match(text.strip())
    if not m or not (m.group(1) or m.group(3)):
        raise _usage(f"not a year or a range of years: {text!r} (try 2024 or 2022-2024)")
    lo = int(m.group(1)) if m.group(1) else None
    hi = int(m.group(3)) if m.group(3) else (None if m.group(2) else lo)
    return lo, hi


def parse_date(text: str, *, end: bool = False) -> str:
    """An ISO date from ``2024``, ``2024-06``, ``2024-06-30``, ``6/2024`` or ``30/6/2024``;
    a partial date is the first day of its period, or the last one when ``end`` is true.

    >>> parse_date("6/2024", end=True)
    '2024-06-30'
    """
    s = text.strip()
    if m := _ISO_RE.match(s):
        year, month, day = m.group(1), m.group(2), m.group(3)
    elif m := _VN_RE.match(s):
        day, month, year = m.group(1), m.group(2), m.group(3)
    else:
        raise _usage(f"not a date: {text!r} (try 2024-06-30, 30/6/2024 or 6/2024)")
    y = int(year)
    mo = int(month) if month else (12 if end else 1)
    if not 1 <= mo <= 12:
        raise _usage(f"not a month: {text!r}")
    last = calendar.monthrange(y, mo)[1]
    d = int(day) if day else (last if end else 1)
    if not 1 <= d <= last:
        raise _usage(f"not a day of that month: {text!r}")
    return f"{y:04d}-{mo:02d}-{d:02d}"


def build_filters(
    *,
    lead: str | None = None,
    executor: str | None = None,
    issuer: str | None = None,
    year: str | None = None,
    due_from: str | None = None,
    due_to: str | None = None,
    ref: str | None = None,
    kind: str | None = None,
) -> Filters:
    """Filters from the option strings, checked (raises ``PipelineError`` code ``usage``)."""
    lo, hi = parse_years(year) if year else (None, None)
    if kind is not None and kind not in timeline_kinds():
        kinds = ", ".join(timeline_kinds())
        raise _usage(f"unknown timeline kind {kind!r}; choose one of {kinds}")
    return Filters(
        lead=lead or None,
        executor=executor or None,
        issuer=issuer or None,
        year_from=lo,
        year_to=hi,
        due_from=parse_date(due_from) if due_from else None,
        due_to=parse_date(due_to, end=True) if due_to else None,
        ref=ref or None,
        kind=kind,
    )


def parse_where(items: list[str], base: Filters | None = None) -> tuple[Filters, str]:
    """``KEY=VALUE`` items (keys: :data:`WHERE_KEYS`) on top of ``base``; returns the filters
    and the words of ``q=`` (a full-text condition)."""
    options: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().lower().replace("_", "-")
        if not sep or key not in WHERE_KEYS:
            raise _usage(
                f"bad --where {item!r}: use KEY=VALUE with KEY one of {', '.join(WHERE_KEYS)}"
            )
        options[key] = value.strip()
    text = options.pop("q", "")
    parsed = build_filters(**{k.replace("-", "_"): v for k, v in options.items()})
    if base is None:
        return parsed, text
    given = {
        f.name: getattr(parsed, f.name)
        for f in fields(parsed)
        if getattr(parsed, f.name) is not None
    }
    return replace(base, **given), text
