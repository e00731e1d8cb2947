"""The numbering labels of Vietnamese documents, one named regex per family, and the casing
helper the readers and the segmenter share.

Families, from the top of the outline down (the usual order; documents may skip levels):
``roman`` (``I.``, ``II-``, ``III:``), ``arabic`` (``1.``, ``2-``, ``3)``), ``decimal``
(``1.1.``, ``2.3``, ``1.1.2.``), ``letter`` (``a)``, ``đ)``, ``b/``), then the bullets
``dash`` (``-``, ``–``, ``•``) and ``plus`` (``+``), which are content lines, not outline items.
Numbers have any width: ``100.``, ``1.10.3``, ``XC.``, ``CXL-``; a four-digit number read as a
year (``2024.``) or a decimal part of three digits (``1.500``: a thousands separator) is no label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CAPITALS",
    "SMALL_LETTERS",
    "Marker",
    "match_marker",
    "roman_value",
    "is_capitalised",
    "ROMAN_RE",
    "ARABIC_RE",
    "DECIMAL_RE",
    "LETTER_RE",
    "PART_RE",
    "DASH_RE",
    "PLUS_RE",
]

# What follows a label: a heading or sentence opens with a letter, a quote or a parenthesis
# (so "II/2024." and "06);" — wrapped ends of lines — are no labels).
_REST = r"(?P<rest>[^\W\d_].*|[“\"'(].*)?$"
# "I. MỤC ĐÍCH", "II- Một số nhiệm vụ", "IV – TỔ CHỨC", "III: ...", "XC.", "CXL-"; not "I love",
# "Ii", "II/2024.", nor a lone C, D, L or M (a letter, a name's initial: "C. Mác")
_ROMAN = r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
ROMAN_RE = re.compile(rf"^(?P<num>(?![CDLM][.\-–:)\s])(?=[IVXLCDM]){_ROMAN})\s*[.\-–:)]\s*" + _REST)
# a number of any width that is not a year: "1", "10", "100" (not "2024")
_NUMBER = r"(?!(?:19|20)\d\d(?!\d))\d+"
# "1. Tham mưu", "2- Công tác", "3) ...", "10 . ...", "100. ..."; not "1.1.", "2023 là năm",
# "2024. Năm", "06);", "1.000 người"
# (three digits and more only before "." or ")" and a space: "178-QĐ/TW", "5786/QĐ-BNN" open
# lines that cite a document)
# "24/KH-UBND ...", "57-NQ/TW ngày ..." (a number-symbol wrapped to the start of a line) and
# "7: “Truyền thông ...”" (the end of "Dự án 7:") are no labels either: "/" and "-" make a label
# only before a space, ":" never
ARABIC_RE = re.compile(
    rf"^(?P<num>\d{{1,2}}(?=\s*(?:[.)](?!\d)|[/\-–]\s))|{_NUMBER}(?=\s*[.)]\s))\s*[.\-–)/]\s*" + _REST
)
# "1.1. Tiếp tục", "2.3 Tổ chức", "1.2.3. ...", "1.10.3", "12.1.1.1.2"; not "1.000.000 đồng",
# "20.4.2021", "1.500 người"
DECIMAL_RE = re.compile(rf"^(?P<num>{_NUMBER}(?:\.\d{{1,2}})+)\.?(?:\s+|\s*[-–)]\s*)" + _REST)
# "a) Nâng cao", "đ) ...", "b/ ...", "c. ...", "a- Tổ chức" (dot and dash only before a capital)
LETTER_RE = re.compile(
    r"^(?P<num>[a-zđ])\s*(?:\)|/(?!\w)|\.(?=\s+[A-ZĐÀ-Ỹ])|-(?=\s+[A-ZĐÀ-Ỹ]))\s*" + _REST
)
# parts above the Roman numerals: "A. MỤC ĐÍCH, YÊU CẦU", "B- NỘI DUNG", "PHẦN I. ...",
# "Phần thứ hai: ..."; a capital letter only before a capitalised heading
PART_RE = re.compile(
    r"^(?:(?:PHẦN|Phần)\s+(?P<num>[IVX]+|\d{1,2}|(?:thứ|THỨ)\s+[^\W\d_]+)\s*[.:\-–]?\s*"
    r"|(?P<letter>[A-H])\s*[.\-–)]\s+(?=[A-ZĐÀ-Ỹ]))" + _REST
)
# "- Chỉ đạo thực hiện: ...", "– ...", "• ..."
DASH_RE = re.compile(r"^[-–—•●▪·*]\s*(?P<rest>\S.*)$")
# "+ Cấp huyện: ..."
PLUS_RE = re.compile(r"^\+\s*(?P<rest>\S.*)$")

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

# Vietnamese letters by case, for character classes: the range "À-Ỹ" interleaves capitals and
# small letters, so it cannot tell them apart
CAPITALS = "A-ZĐÂÊÔƠƯĂÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
SMALL_LETTERS = "a-zđàáảãạâấầẩẫậăắằẳẵặèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"


@dataclass(frozen=True, slots=True)
class Marker:
    family: str  # roman | arabic | decimal | letter | dash | plus
    number: str | None
    rest: str
    label_end: int  # offset in the line where the label ends

    @property
    def depth_key(self) -> str:
        """Families nest by this key: decimals of different depth are different levels."""
        if self.family == "decimal" and self.number:
            return f"decimal{self.number.count('.') + 1}"
        return self.family


def is_capitalised(s: str) -> bool:
    """At least 80 % of the letters are capitals: ``KẾ HOẠCH``, ``ỦY BAN NHÂN DÂN TỈNH``."""
    letters = list(filter(str.isalpha, s))  # map/filter: twice as fast on a megabyte line
    return bool(letters) and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def roman_value(s: str) -> int:
    """``XIV`` → 14, ``CXL`` → 140."""
    total = 0
    prev = 0
    for ch in reversed(s):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def match_marker(line: str) -> Marker | None:
    """The numbering label at the start of ``line``, if any.

    >>> match_marker("1.1. Tiếp tục quán triệt").number
    '1.1'
    >>> match_marker("II- Một số nhiệm vụ").family
    'roman'
    """
    m = PART_RE.match(line)
    if m and (m.group("num") or m.group("letter")):
        number = (m.group("num") or m.group("letter")).upper().replace("THỨ ", "THỨ-")
        return Marker("part", number, m.group("rest") or "", m.start("rest") if m.group("rest") else len(line))
    m = ROMAN_RE.match(line)
    if m and m.group("num"):
        return Marker("roman", m.group("num"), m.group("rest") or "", m.start("rest") if m.group("rest") else len(line))
    m = DECIMAL_RE.match(line)
    if m:
        return Marker("decimal", m.group("num"), m.group("rest") or "", m.start("rest") if m.group("rest") else len(line))
    m = ARABIC_RE.match(line)
    if m:
        return Marker("arabic", m.group("num").lstrip("0") or "0", m.group("rest") or "", m.start("rest") if m.group("rest") else len(line))
    m = LETTER_RE.match(line)
    if m:
        return Marker("letter", m.group("num"), m.group("rest") or "", m.start("rest") if m.group("rest") else len(line))
    m = PLUS_RE.match(line)
    if m:
        return Marker("plus", None, m.group("rest"), m.start("rest"))
    m = DASH_RE.match(line)
    if m and not line.startswith("-----"):
        return Marker("dash", None, m.group("rest"), m.start("rest"))
    return None
