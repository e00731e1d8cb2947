"""The opening and closing lines of a document as logical units, whatever shape the page gave them.

A saved web page hands the header table over in one of three shapes: one cell per line (a cell
wrapped over several lines, ``**ỦY BAN NHÂN`` / ``DÂN**``), rows of ``|``-separated cells, or plain
lines once a reader has removed the emphasis marks. :func:`units` turns any of them into units:
one per cell, emphasis marks (``**``, ``*``, ``__``) and heading marks (``#``) removed, a cell
wrapped by the page joined again (an emphasis span still open at the end of a line, a number
``3783/QĐ-`` / ``UBND`` or a date ``ngày 20`` / ``tháng 11 năm 2025`` cut in two). Each unit keeps
the index of its first line, so every value can still be traced to the text.

>>> [u.text for u in units(["**ỦY BAN NHÂN", "DÂN**", "|", "Số: 3783/QĐ-", "UBND"])]
['ỦY BAN NHÂN DÂN', 'Số: 3783/QĐ-UBND']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.vi.emphasis import strip_emphasis
from pipeline.vi.fold import fix_tone_placement

__all__ = ["Unit", "units", "plain"]

# a line cut inside a number ("Số: 3783/QĐ-") or inside a date ("ngày 20", "ngày 20 tháng 11")
_CUT_NUMBER_RE = re.compile(r"S[ốô](?:\s*:)?\s*\d[\w/.-]*[-/]$")
_CUT_DATE_RE = re.compile(r"ngày(?:\s+\d{1,2})?(?:\s+tháng(?:\s+\d{1,2})?)?(?:\s+năm)?$|ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/$", re.IGNORECASE)
_DATE_REST_RE = re.compile(r"^(?:\d{1,2}\s+)?(?:tháng|năm|\d{4})|^\d{1,2}\s*/\s*\d{4}", re.IGNORECASE)


_MAX_WRAP = 8  # an emphasis span left open by the page joins at most this many lines


@dataclass(frozen=True, slots=True)
class Unit:
    """One cell of the page: ``line`` is the index of its first line."""

    line: int
    text: str
    last: int  # the index of its last line


# the closing block's scan and the grouping into cells ask for the same line's plain text up to
# five times in a row: the last lines' answers are kept (short lines only, so the cache stays small)
_PLAIN_CACHED = 4096
_PLAIN_LONGEST = 1000


def plain(s: str) -> str:
    """``**ỦY BAN NHÂN DÂN**`` → ``ỦY BAN NHÂN DÂN``; ``*Hà Nội, ngày 5*`` → ``Hà Nội, ngày 5``;
    a word glued by a lost space split where the lexicons know one reading (``BANHÀNH``)."""
    return _plain_cached(s) if len(s) <= _PLAIN_LONGEST else _plain(s)


@lru_cache(maxsize=_PLAIN_CACHED)
def _plain_cached(s: str) -> str:
    return _plain(s)


def _plain(s: str) -> str:
    s = strip_emphasis(s).strip("* ")  # a lone star is no text of a cell
    return _GLUED_RE.sub(lambda m: unglue_known(m.group(0)), " ".join(s.split()))


_GLUED_RE = re.compile(r"\b[^\W\d_]{5,}\b")


@cache
def _known_syllables() -> frozenset[str]:
    """Every syllable written in the lexicons (bodies, types, titles, family names), folded."""
    from pipeline.resources import models_dir

    words: set[str] = set()
    for path in sorted((models_dir() / "lexicons").glob("*")):
        if path.is_file() and path.name != "places.tsv":
            words.update(fix_tone_placement(w.lower()) for w in re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8")))
    return frozenset(words)


def unglue_known(word: str) -> str:
    """``BANHÀNH`` → ``BAN HÀNH``, ``THƯNGUYỄN`` → ``THƯ NGUYỄN``: of the ways syllable structure
    allows to cut a glued word (``ban|hành``, ``ba|nhành``), the one whose every part the lexicons
    write, when there is exactly one such; otherwise the word is left as it is."""
    from pipeline.vi.syllables import _bare, _splits, is_syllable

    if is_syllable(word):
        return word
    known = _known_syllables()
    bare = _bare(word)
    for parts in (2, 3):
        good = []
        for cuts in _splits(bare, parts):
            bounds = (0, *cuts, len(word))
            pieces = [word[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
            if all(fix_tone_placement(p.lower()) in known for p in pieces):
                good.append(pieces)
        if good:
            return " ".join(good[0]) if len(good) == 1 else word
    return word


def _open_emphasis(s: str) -> bool:
    """Whether an emphasis span opened on this line is still open at its end."""
    if "*" not in s:  # no mark, no span: most lines, asked of the growing unit at every cell
        return False
    if re.fullmatch(r"[\s*]*", s):  # "*", "* *": a rule mark, no emphasis
        return False
    if s.count("**") % 2:
        return True
    single = s.replace("**", "")
    # a lone "*" (a rule under the issuer) or a "* " bullet opens nothing
    return len(re.findall(r"(?<=\S)\*|\*(?=\S)|\s\*\s*$", single.strip())) % 2 == 1


def units(lines: Iterable[str], first: int = 0) -> list[Unit]:
    """The logical units of ``lines`` (the first has index ``first``)."""
    out: list[Unit] = []
    pending: list[str] = []
    start = last = -1
    open_span = False

    def flush() -> None:
        nonlocal pending, open_span
        if pending:
            text = plain(" ".join(pending))
            if text:
                out.append(Unit(start, text, last))
        pending, open_span = [], False

    for i, raw in enumerate(lines, start=first):
        cells = raw.split("|")
        for k, cell in enumerate(cells):
            if k:  # a "|" closes the cell before it
                flush()
            if not cell.strip():
                continue
            joined = pending and ((open_span and len(pending) < _MAX_WRAP) or _continues(pending[-1], cell))
            if not joined:
                flush()
                start = i
            if joined and _CUT_NUMBER_RE.search(plain(pending[-1])):
                pending[-1] += cell.strip()  # "Số: 3783/QĐ-" + "UBND": one symbol
            else:
                pending.append(cell.strip())
            last = i
            open_span = _open_emphasis(" ".join(pending))
        if len(cells) > 1 and not cells[-1].strip():
            flush()
    flush()
    return out


def _continues(before: str, line: str) -> bool:
    """A line the page cut in two: a number or a date goes on on the next line."""
    b = plain(before)
    nxt = plain(line)
    if _CUT_NUMBER_RE.search(b) and re.match(r"[A-ZĐ]", nxt):
        return True
    return bool(_CUT_DATE_RE.search(b) and _DATE_REST_RE.match(nxt))
