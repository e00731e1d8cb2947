"""Number formats of Word lists (``w:numFmt``) and symbol-font characters.

>>> format_number(4, "upperRoman"), format_number(5, "lowerLetter"), format_number(7, "decimalZero")
('IV', 'e', '07')

Word has no Vietnamese alphabet format: a list "a) … b) … đ)" typed by hand has the letter
"đ", but Word's ``lowerLetter`` renders 5 as "e", like this module. Bullets drawn with symbol
fonts are private-use characters (U+F0B7 in Symbol, U+F0A7 in Wingdings);
:func:`bullet_label` turns them into "•", and dash bullets into "-".
"""

from __future__ import annotations

__all__ = [
    "SUPPORTED_FORMATS",
    "bullet_label",
    "format_number",
    "symbol_char",
    "to_letters",
    "to_roman",
    "to_vietnamese_counting",
]

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
# Word's counters stay below 32768; larger values (a hostile start) are written in digits
# rather than as thousands of "M" or repeated letters.
MAX_SPELLED = 32767
_VI_DIGITS = ("", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Fonts whose characters are pictures, not letters: their bullets are rendered "•".
SYMBOL_FONTS = frozenset({"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings"})
# Symbol-font codes that are drawn as a dash (the minus sign); every other code is a dot,
# square, arrow or check mark, all rendered "•" as a list bullet.
_SYMBOL_DASHES = frozenset({0x2D})
_TEXT_DASHES = frozenset("-\u2010\u2011\u2012\u2212")

# Characters of the Symbol font that differ from ASCII/Latin-1 at the same code (for w:sym).
_SYMBOL_CHARS = {
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "−", 0x40: "≅",
    0xA3: "≤", 0xA5: "∞", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xB0: "°",
    0xB1: "±", 0xB3: "≥", 0xB4: "×", 0xB7: "•", 0xB8: "÷", 0xB9: "≠", 0xBB: "≈",
    0xDE: "⇒", 0xDC: "⇐",
}  # fmt: skip
_SYMBOL_GREEK_UPPER = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"
_SYMBOL_GREEK_LOWER = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ"
# Wingdings characters worth keeping in running text; other codes become "•".
_WINGDINGS_CHARS = {0xA8: "☐", 0x6F: "☐", 0xFE: "☑", 0xFD: "☒", 0xFC: "✓", 0xFB: "✗",
                    0xE0: "→", 0xE8: "→", 0xD8: "➢", 0xF0: "⇨"}  # fmt: skip


def to_roman(value: int) -> str:
    """Upper-case Roman numerals as Word writes them; thousands repeat "M".

    >>> to_roman(1994), to_roman(4000), to_roman(10**9)
    ('MCMXCIV', 'MMMM', '1000000000')
    """
    if not 0 < value <= MAX_SPELLED:
        return str(value)
    out: list[str] = []
    for amount, digits in _ROMAN:
        count, value = divmod(value, amount)
        out.append(digits * count)
    return "".join(out)


def to_letters(value: int) -> str:
    """Word's letter numbering: a…z, then aa, bb, … zz, then aaa (the letter repeats).

    >>> [to_letters(i) for i in (1, 5, 26, 27, 28, 53)]
    ['a', 'e', 'z', 'aa', 'bb', 'aaa']
    """
    if not 0 < value <= MAX_SPELLED:
        return str(value)
    repeat, index = divmod(value - 1, 26)
    return chr(ord("a") + index) * (repeat + 1)


def to_vietnamese_counting(value: int) -> str:
    """Word's ``vietnameseCounting`` for 1–99 ("một", "mười lăm", "hai mươi mốt"); digits above.

    >>> to_vietnamese_counting(15), to_vietnamese_counting(21), to_vietnamese_counting(24)
    ('mười lăm', 'hai mươi mốt', 'hai mươi tư')
    """
    if not 1 <= value <= 99:
        return str(value)
    tens, units = divmod(value, 10)
    if tens == 0:
        return _VI_DIGITS[units]
    head = "mười" if tens == 1 else f"{_VI_DIGITS[tens]} mươi"
    if units == 0:
        return head
    if units == 5:
        tail = "lăm"
    elif units == 1 and tens > 1:
        tail = "mốt"
    elif units == 4 and tens > 1:
        tail = "tư"
    else:
        tail = _VI_DIGITS[units]
    return f"{head} {tail}"


def _ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else _ORDINAL_SUFFIX.get(value % 10, "th")
    return f"{value}{suffix}"


_FORMATTERS = {
    "decimal": str,
    "decimalZero": lambda v: f"{v:02d}" if 0 <= v < 10 else str(v),
    "upperRoman": to_roman,
    "lowerRoman": lambda v: to_roman(v).lower(),
    "upperLetter": lambda v: to_letters(v).upper(),
    "lowerLetter": to_letters,
    "ordinal": _ordinal,
    "vietnameseCounting": to_vietnamese_counting,
    # enclosed and full-width digits are written as plain ASCII, which the segmenter reads
    "decimalEnclosedParen": lambda v: f"({v})",
    "decimalEnclosedFullstop": lambda v: f"{v}.",
    "decimalEnclosedCircle": lambda v: chr(0x2460 + v - 1) if 1 <= v <= 20 else f"({v})",
    "decimalFullWidth": str,
    "decimalFullWidth2": str,
    "decimalHalfWidth": str,
    "none": lambda v: "",
    "bullet": lambda v: "",
}
SUPPORTED_FORMATS = frozenset(_FORMATTERS)


def format_number(value: int, fmt: str) -> str | None:
    """``value`` in the ``w:numFmt`` format ``fmt``; ``None`` for a format not supported here
    (the caller falls back to decimal and reports it).

    >>> format_number(3, "lowerRoman"), format_number(2, "none"), format_number(2, "chicago")
    ('iii', '', None)
    """
    formatter = _FORMATTERS.get(fmt)
    return None if formatter is None else formatter(value)


def bullet_label(text: str, font: str | None) -> str:
    """The label of a bullet level: ``lvlText`` with symbol-font characters made readable.

    >>> bullet_label("\\uf0b7", "Symbol"), bullet_label("-", "Times New Roman"), bullet_label("o", "Courier New")
    ('•', '-', '•')
    """
    text = text.strip()
    if not text:
        return ""
    font_name = (font or "").strip().lower()
    code = ord(text[0])
    if 0xF000 <= code <= 0xF0FF:
        return "-" if code - 0xF000 in _SYMBOL_DASHES else "•"
    if font_name in SYMBOL_FONTS:
        return "-" if code in _SYMBOL_DASHES else "•"
    if text in _TEXT_DASHES:
        return "-"
    if text == "\u00b7" or (text == "o" and font_name == "courier new"):
        return "•"
    return text


def symbol_char(code: int, font: str | None) -> str:
    """The Unicode text of ``<w:sym w:font=… w:char=…/>`` (codes may carry the F000 offset).

    >>> symbol_char(0xF0B3, "Symbol"), symbol_char(0xF061, "Symbol"), symbol_char(0x2192, "Arial")
    ('≥', 'α', '→')
    """
    font_name = (font or "").strip().lower()
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    if font_name == "symbol":
        if low in _SYMBOL_CHARS:
            return _SYMBOL_CHARS[low]
        if 0x41 <= low <= 0x5A:
            return _SYMBOL_GREEK_UPPER[low - 0x41]
        if 0x61 <= low <= 0x7A:
            return _SYMBOL_GREEK_LOWER[low - 0x61]
        return chr(low) if 0x20 <= low < 0x7F else "•"
    if font_name in SYMBOL_FONTS:
        return _WINGDINGS_CHARS.get(low, "•")
    if 0xF000 <= code <= 0xF0FF:
        return "•"
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return ""
