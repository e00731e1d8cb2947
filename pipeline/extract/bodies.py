"""Names of public bodies (``bodies.tsv``) and places (``places.tsv``): where a body's name ends.

A name of the lexicon may end in ``{nơi}``, a locality: a locality word and a place (``tỉnh Nghệ An``,
``huyện Nghi Lộc``, ``xã Đông Quang``), a place alone after a party committee (``Tỉnh ủy Nghệ An``),
or a locality word alone (``Ủy ban nhân dân tỉnh``). Matching ignores case and tone placement.

>>> body_end("Ủy ban nhân dân tỉnh Nghệ An thực hiện Chương trình", 0)
28
>>> body_end("Bộ Chính trị khóa XII", 0)
12
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from pipeline.vi.fold import fix_tone_placement
from pipeline.vi.lexicon import load_list

__all__ = ["body_end", "split_bodies", "known_places"]

_PLACE = "{nơi}"
LOCALITY_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh", "huyện", "quận", "xã", "phường")


def _key(s: str) -> str:
    return fix_tone_placement(s.lower())


@cache
def _names() -> tuple[tuple[str, bool], ...]:
    """(folded name, takes a locality), longest first."""
    out = set()
    for line in load_list("bodies.tsv"):
        name = line.split("\t")[0].strip()
        place = name.endswith(_PLACE)
        out.add((_key(name.removesuffix(_PLACE).strip()), place))
    return tuple(sorted(out, key=lambda x: -len(x[0])))


@cache
def _abbreviations() -> tuple[tuple[str, bool], ...]:
    """(abbreviation as written, takes a locality), longest first: ``UBND``, ``BTV``, ``TTg``."""
    out = set()
    for line in load_list("bodies.tsv"):
        cols = line.split("\t")
        if len(cols) > 1:
            place = cols[0].strip().endswith(_PLACE)
            out.update((a.strip(), place) for a in cols[1].split(",") if len(a.strip()) >= 3)
    return tuple(sorted(out, key=lambda x: -len(x[0])))


@cache
def known_places() -> tuple[str, ...]:
    """Folded place names, longest first (``places.tsv``)."""
    names = {_key(line.split("\t")[0].strip()) for line in load_list("places.tsv")}
    names.add("hồ chí minh")
    return tuple(sorted(names, key=len, reverse=True))


_T = TypeVar("_T")


def by_first_char(entries: tuple[_T, ...], key: Callable[[_T], str]) -> dict[str, tuple[_T, ...]]:
    """``entries`` grouped by the first character of their key, each group in the order of
    ``entries`` and holding the entries with an empty key too; ``""`` → those alone. A text that
    starts with a key starts with its first character: the lexicon loops test only the group of
    the text's first character (hundreds of names tried at every position, most of them at once
    refused), and find the same first match as the whole loop."""
    firsts = {key(e)[:1] for e in entries} | {""}
    return {c: tuple(e for e in entries if key(e)[:1] in ("", c)) for c in firsts}


def _group(groups: dict[str, tuple[_T, ...]], text: str) -> tuple[_T, ...]:
    """The entries of :func:`by_first_char` that ``text`` may start with."""
    return groups.get(text[:1], groups[""])


@cache
def _names_by_first() -> dict[str, tuple[tuple[str, bool], ...]]:
    return by_first_char(_names(), lambda e: e[0])


@cache
def _abbreviations_by_first() -> dict[str, tuple[tuple[str, bool], ...]]:
    return by_first_char(_abbreviations(), lambda e: e[0])


@cache
def _places_by_first() -> dict[str, tuple[str, ...]]:
    return by_first_char(known_places(), lambda e: e)


def _at_word_end(low: str, end: int) -> bool:
    return end >= len(low) or not low[end].isalnum()


_SPACES_RE = re.compile(r"\s+")
_CAPITALISED_RE = re.compile(r"(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3}")
_NOT_A_PLACE_RE = re.compile(r"(?:Kế|Chương|Quyết|Chỉ|Nghị|Thông|Kết|Quy|Đề|Luật)\b")


def _folded(text: str, start: int, length: int) -> str:
    """``_key(text)[start : start + length]``, folded from the characters around only: a name
    is read in the time of its own length, not of the whole text (the tone rule looks at most
    two characters either side of a vowel pair)."""
    a = max(0, start - 3)
    return _key(text[a : start + length + 3])[start - a : start - a + length]


def _spaces_end(text: str, pos: int) -> int:
    m = _SPACES_RE.match(text, pos)
    return m.end() if m else pos


def _place_end(text: str, pos: int, bare: bool) -> int:
    """The end of a locality at ``pos`` (``tỉnh Nghệ An``; a place alone when ``bare``), or ``pos``."""
    at = _spaces_end(text, pos)
    head = _folded(text, at, max(map(len, LOCALITY_WORDS)) + 1)
    for word in LOCALITY_WORDS:
        if head.startswith(word) and _at_word_end(head, len(word)):
            after = at + len(word)
            named = _named_place(text, after)
            return named if named > after else after
    if bare:
        return _named_place(text, pos)
    return pos


def _named_place(text: str, pos: int) -> int:
    """A place name at ``pos``: one of ``places.tsv``, else capitalised words (``Đông Quang``)."""
    at = _spaces_end(text, pos)
    places = known_places()
    head = _folded(text, at, (len(places[0]) if places else 0) + 1)
    for place in _group(_places_by_first(), head):
        if head.startswith(place) and _at_word_end(head, len(place)):
            return at + len(place)
    m = _CAPITALISED_RE.match(text, at)
    if m and at > pos and not _NOT_A_PLACE_RE.match(m.group(0)):
        return m.end()
    return pos


def body_end(text: str, pos: int, abbreviated: bool = True) -> int:
    """The end of the longest known body name starting at ``pos`` (with its locality), or -1;
    ``abbreviated``: also its abbreviations (``UBND tỉnh``)."""
    names = _names()
    head = _folded(text, pos, (len(names[0][0]) if names else 0) + 1)
    for name, place in _group(_names_by_first(), head):
        if head.startswith(name) and _at_word_end(head, len(name)):
            end = pos + len(name)
            if place:
                end = _place_end(text, end, bare=name.endswith(("ủy", "đảng bộ", "chi bộ", "đoàn")))
            return end
    for abbr, place in _group(_abbreviations_by_first(), text[pos : pos + 1]) if abbreviated else ():  # written as such, case and all: "UBND tỉnh", "VPCP"
        if text.startswith(abbr, pos) and _at_word_end(_folded(text, pos, len(abbr) + 1), len(abbr)):
            end = pos + len(abbr)
            return _place_end(text, end, bare=False) if place else end
    return -1


@cache
def _spellings() -> dict[str, str]:
    """Folded name → the lexicon's spelling (``bộ nông nghiệp và môi trường`` → ``Bộ Nông nghiệp và Môi trường``)."""
    out = {}
    for line in load_list("bodies.tsv"):
        name = line.split("\t")[0].strip()
        if not name.endswith(_PLACE):
            out[_key(name)] = name
    return out


def canonical_spelling(name: str) -> str:
    """A known body as the lexicon spells it (``Ban Chỉ đạo ... của Chính phủ``), else ``name``;
    a body whose known name opens it (``Văn phòng Chính phủ``) keeps its own rest."""
    exact = _spellings().get(_key(name))
    if exact:
        return exact
    for key, spelt in _spellings().items():
        if _key(name).endswith(" " + key) and " " in key:  # "... của chính phủ"
            return name[: len(name) - len(key)] + spelt
    return name


def split_bodies(line: str) -> list[str]:
    """``BỘ XÂY DỰNG CỤC ĐƯỜNG BỘ VIỆT NAM`` (one cell) → ``BỘ XÂY DỰNG``, ``CỤC ĐƯỜNG BỘ VIỆT NAM``:
    a known body followed by another body's head word is two lines of the issuer column."""
    from pipeline.vi.lexicon import agency_heads

    end = body_end(line, 0, abbreviated=False)  # "BCH ĐOÀN TỈNH ...": an abbreviation opens one name
    if end <= 0 or end >= len(line.rstrip()):
        return [line]
    rest = line[end:].strip()
    low = _key(rest)
    heads = sorted((_key(h) for h in agency_heads()), key=len, reverse=True)
    if any(low.startswith(h + " ") for h in heads) or body_end(rest, 0, abbreviated=False) > 0:
        return [line[:end].strip(), *split_bodies(rest)]
    return [line]
