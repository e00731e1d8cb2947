"""Conservative repairs of OCR words, where the reader knows more than the extractor would.

Only confusions that cannot be real text are repaired:

* Roman numerals read with digits or letters where a numeral must stand: after "Quý"
  ("Quý 1V/2023" -> "Quý IV/2023", "Quý II, 1IU 2023" -> "Quý II, III/ 2023") and as a heading
  label ("HI- Tổ chức thực hiện" -> "III- Tổ chức thực hiện"). A plain "Quý 1/2023" is valid
  and is kept.
* A bullet read double or as a tilde ("-- Quá trình", "~ Ủy ban" -> "- ...").
* Vietnamese syllables glued together, when the word is no syllable but splits into valid
  ones ("ỞCƠSỞ" -> "Ở CƠ SỞ"), and a comma glued to the next word ("Phổ,ngày" -> "Phổ, ngày").
* Footnote marks misread as punctuation ("217-QĐ/TW !,", "218-QĐ/TW),", "Tỉnh ủy”."): on a
  page whose notes were found, when the number of such marks equals the number of notes, they
  become superscripts (and so :class:`~pipeline.model.NoteRef` s); otherwise nothing changes.

Everything else (a "*" read as "+", stray specks) is left to the extractor's tolerant matching.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline.read.layout import TextLine, Word
from pipeline.vi.syllables import is_syllable

__all__ = ["repair_words", "attach_note_marks", "split_glued"]

# a bullet "-" as OCR may read it at the start of a line: "--", "~", "~-"
_MISREAD_BULLETS = frozenset({"--", "~", "~-", "-~", "¬"})
# a Roman numeral misread with digits/letters after "Quý": "1V/2023.", "TV/2023", "1IU", "H,"
QUARTER_NUMERAL_RE = re.compile(r"^([1IlTHVU|]{1,4})([/,.]?.*)$")
# a misread Roman heading label at the start of a line: "H-", "HI-", "IH.", "1V-"
HEADING_NUMERAL_RE = re.compile(r"^([1IlTHV|]{1,4})([-.])$")
_ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
# a comma or semicolon glued to the next word: "Phổ,ngày" (not "1,5" nor "QĐ,TW")
GLUED_COMMA_RE = re.compile(r"^([^\W\d_]+[,;])([^\W\d_].*)$")
# note marks as OCR reads a superscript digit, alone or glued after a word: "!", "TW),", "ủy”."
MARK_ALONE_RE = re.compile(r"^([!?’”)*'`°^¹²³⁴⁵⁶⁷⁸⁹]|\d{1,2})([,.;:]?)$")
MARK_GLUED_RE = re.compile(r"^(.*[^\W\d_/]|.*/[A-ZĐ]+)([!?’”)*'`°^¹²³⁴⁵⁶⁷⁸⁹])([,.;:]?)$")


def _roman(token: str) -> str | None:
    """A misread numeral back to Roman, or None when ``token`` is fine or not a numeral."""
    if token in _ROMAN or token.isdigit():
        return None
    fixed = token.replace("H", "II").replace("1", "I").replace("l", "I").replace("|", "I")
    fixed = fixed.replace("TV", "IV").replace("T", "I")
    if fixed.endswith("U"):  # "I/" glued into a "U"
        fixed = fixed[:-1] + "I/"
    bare = fixed.rstrip("/")
    return fixed if bare in _ROMAN else None


def _fix_numerals(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    quarter = False  # inside "Quý II, III/2023": numerals expected
    for i, w in enumerate(words):
        if i == 0 and len(words) > 1 and (m := HEADING_NUMERAL_RE.match(w.text)):
            fixed = _roman(m.group(1))
            if fixed and not fixed.endswith("/"):
                w = replace(w, text=fixed + m.group(2))
        elif quarter and (m := QUARTER_NUMERAL_RE.match(w.text)):
            fixed = _roman(m.group(1))
            if fixed:
                rest = m.group(2)
                if fixed.endswith("/") and rest.startswith("/"):
                    rest = rest[1:]
                w = replace(w, text=fixed + rest)
        head = w.text.rstrip(",")
        quarter = w.text.lower() == "quý" or (quarter and head in _ROMAN and w.text.endswith(","))
        out.append(w)
    return out


@functools.lru_cache(maxsize=4096)
def split_glued(token: str) -> tuple[str, ...]:
    """Split a word of glued Vietnamese syllables; ``(token,)`` when it is fine or unsure.

    >>> split_glued("ỞCƠSỞ"), split_glued("UBND"), split_glued("Nghĩa")
    (('Ở', 'CƠ', 'SỞ'), ('UBND',), ('Nghĩa',))
    """
    if len(token) < 3 or token.isascii() or not token.isalpha() or is_syllable(token):
        return (token,)
    # fewest pieces; a piece after the first that opens with a vowel costs half a piece more
    best: list[tuple[float, tuple[str, ...]] | None] = [None] * (len(token) + 1)
    best[0] = (0.0, ())
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - 7), end):
            prev = best[start]
            piece = token[start:end]
            if prev is None or not is_syllable(piece):
                continue
            cost = prev[0] + 1 + (0.5 if start and piece[0].lower() in "aăâeêioôơuưyáàảãạ" else 0)
            if best[end] is None or cost < best[end][0]:  # type: ignore[index]
                best[end] = (cost, (*prev[1], piece))
    found = best[len(token)]
    return found[1] if found and len(found[1]) > 1 else (token,)


def _split_word(w: Word, parts: Sequence[str], glue_first: bool = False) -> list[Word]:
    """``w`` cut into words for ``parts``, boxes shared out by character count."""
    total = sum(len(p) for p in parts)
    out = []
    x = w.x0
    for k, part in enumerate(parts):
        width = (w.x1 - w.x0) * len(part) / total
        out.append(
            replace(w, text=part, x0=x, x1=x + width, glued=w.glued if k == 0 else glue_first)
        )
        x += width
    return out


def repair_words(words: Sequence[Word]) -> list[Word]:
    """The repairs above on one OCR line's words (see the module docstring)."""
    out: list[Word] = []
    for w in words:
        m = GLUED_COMMA_RE.match(w.text)
        pieces = _split_word(w, [m.group(1), m.group(2)]) if m else [w]
        for piece in pieces:
            core = piece.text.rstrip(",.;:")
            parts = split_glued(core)
            if len(parts) > 1:
                parts = (*parts[:-1], parts[-1] + piece.text[len(core) :])
                out.extend(_split_word(piece, parts))
            else:
                out.append(piece)
    if len(out) > 1 and out[0].text in _MISREAD_BULLETS:
        out[0] = replace(out[0], text="-")
    return _fix_numerals(out)


def _mark_at(
    lines: Sequence[TextLine], i: int, j: int, ids: set[str]
) -> tuple[str, str, str] | None:
    """``(word, mark, punctuation)`` when word j of line i carries a misread note mark."""
    words = lines[i].words
    w = words[j]
    if j > 0 and (m := MARK_ALONE_RE.match(w.text)):
        prev = words[j - 1].text
        if (prev[-1:].isalpha() or prev.endswith("/")) and (
            not m.group(1).isdigit() or m.group(1) in ids
        ):
            return "", m.group(1), m.group(2)
    m = MARK_GLUED_RE.match(w.text)
    if m:
        before, mark = m.group(1), m.group(2)
        if mark == ")" and "(" in before:
            return None
        line_before = " ".join(x.text for x in words[:j]) + before
        if mark == "”" and line_before.count("“") > line_before.count("”"):
            return None
        return before, mark, m.group(3)
    return None


def attach_note_marks(lines: Sequence[TextLine], note_ids: Sequence[str]) -> list[TextLine]:
    """Turn misread note marks on a page into superscripts numbered ``note_ids`` in order,
    only when there are exactly as many marks as notes."""
    id_set = set(note_ids)
    found = [
        (i, j)
        for i, line in enumerate(lines)
        for j in range(len(line.words))
        if _mark_at(lines, i, j, id_set)
    ]
    if not note_ids or len(found) != len(note_ids):
        return list(lines)
    ids = dict(zip(found, note_ids, strict=True))
    out = []
    for i, line in enumerate(lines):
        words: list[Word] = []
        for j, w in enumerate(line.words):
            if (i, j) not in ids:
                words.append(w)
                continue
            before, _, punct = _mark_at(lines, i, j, id_set) or ("", "", "")
            if before:
                words.append(replace(w, text=before))
            words.append(replace(w, text=ids[(i, j)], sup=True, glued=True))
            if punct:
                words.append(replace(w, text=punct, glued=True))
        out.append(TextLine(tuple(words), line.page))
    return out
