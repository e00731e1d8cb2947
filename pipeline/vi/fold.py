"""Vietnamese text keys: one spelling for comparison and search, never for display.

The one home of tone placement and ``đ`` folding (old ``hoà``/``uỷ`` against new ``hòa``/``ủy``):
the extractors, the store, the diff and the scorers all use it.

``canon`` keeps the diacritics but unifies what varies between typists: NFC, old vs new
tone placement (``uỷ``≡``ủy``, ``hoà``≡``hòa``), dashes, quotes, whitespace.
``fold`` additionally removes every diacritic and maps ``đ``/``Đ`` to ``d``, lower-cased:
the form in which users type search queries (``dan van`` for ``Dân vận``).

>>> canon("Thị uỷ  Đức Phổ")
'thị ủy đức phổ'
>>> fold("Đầu tư – Uỷ ban")
'dau tu - uy ban'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["nfc", "canon", "canon_prefix", "fold", "fix_tone_placement", "new_tone", "tone_spellings", "TONE_OLD_TO_NEW"]

# Old-style tone placement -> new-style (the reference scorer's table, plus capitals).
TONE_OLD_TO_NEW = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
# not after "q": in "quý", "quỳ" the "u" belongs to the consonant and the tone sits on "y"
# and only at a word end: "hoà"/"hòa" differ, "hoàn" is written one way by everyone
# led by a look-ahead for the keys' first letters: a position no key starts at is passed over at
# once instead of trying every key there (a megabyte line, issue 12; the matches are the same)
_TONE_RE = re.compile(
    "(?=[{}])(?:{})".format(
        "".join(sorted({k[0] for k in TONE_OLD_TO_NEW})),
        "|".join(f"(?<!q){k}(?!\\w)" if k.startswith("u") else f"{k}(?!\\w)" for k in TONE_OLD_TO_NEW),
    )
)
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
                         "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                         "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "})  # fmt: skip
_SPACE_RE = re.compile(r"\s+")
# the characters _DASHES maps: searched for first, as str.translate with a dict costs a lookup per
# character even where none is found (most texts have none: a paragraph read for its first words)
_DASH_CHARS_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _DASHES) + "]")
# whitespace other than a space: with it, or two spaces in a row, _SPACE_RE has something to fold;
# without, its substitution would give the text back (searched first: faster than substituting)
_OTHER_SPACE_RE = re.compile(r"[^\S ]")
_DASH_SPACING_RE = re.compile(r" ?- ?")
_FOLD_D = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fix_tone_placement(text: str) -> str:
    """``hoà``→``hòa``, ``uỷ``→``ủy``, ``thuỷ``→``thủy`` (lower case; call on lower-cased text).

    Only at a word end (``hoàn`` has one spelling) and not after ``q`` (``quý``: ``qu`` is the
    consonant, the tone is on ``y`` in both styles).
    """
    return _TONE_RE.sub(lambda m: TONE_OLD_TO_NEW[m.group(0)], text)


def new_tone(text: str) -> str:
    """``text`` with new-style tone placement, case kept: ``Uỷ ban`` → ``Ủy ban``,
    ``HOÀ`` → ``HÒA``; ``Quý II`` stays (the rule of :func:`fix_tone_placement`).

    >>> new_tone("Uỷ ban"), new_tone("Quý II"), new_tone("THUỶ")
    ('Ủy ban', 'Quý II', 'THỦY')
    """
    nfc_text = nfc(text)
    lower = nfc_text.lower()
    if len(lower) != len(nfc_text):  # a character whose lower case is longer (rare): left as it is
        return nfc_text
    fixed = fix_tone_placement(lower)
    return "".join(n.upper() if o.isupper() else n for o, n in zip(nfc_text, fixed, strict=True))


def tone_spellings(name: str) -> list[str]:
    """A name and its old tone placement (``Ủy ban`` and ``Uỷ ban``, ``Hòa`` and ``Hoà``): both are
    written in real documents, and case-sensitive patterns must know each.

    >>> tone_spellings("Ủy ban nhân dân"), tone_spellings("Sở Nội vụ")
    (['Ủy ban nhân dân', 'Uỷ ban nhân dân'], ['Sở Nội vụ'])
    """
    old = name
    for old_form, new_form in TONE_OLD_TO_NEW.items():
        old = re.sub(re.escape(new_form) + r"(?!\w)", old_form, old)
        old = re.sub(re.escape(new_form[0].upper() + new_form[1:]) + r"(?!\w)", old_form[0].upper() + old_form[1:], old)
    return [name] if old == name else [name, old]


def canon(text: str) -> str:
    """Comparison key with diacritics kept (see the module docstring)."""
    s = nfc(text).lower()
    if _DASH_CHARS_RE.search(s):  # translated only when it holds a character to translate
        s = s.translate(_DASHES)
    s = fix_tone_placement(s)
    if "  " in s or _OTHER_SPACE_RE.search(s):  # first: no long runs for the next pattern
        s = _fold_spaces(s)
    if "-" in s:  # not scanned for a dash it does not hold (a megabyte line, issue 12)
        s = _fold_spaces(_DASH_SPACING_RE.sub(" - ", s))
    return s.strip()


def canon_prefix(text: str, at_least: int) -> tuple[str, bool]:
    """``(canon(text), True)``, or for a long text ``(a prefix of canon(text), False)`` at least
    ``at_least`` characters long: what a test of the key's first words needs, folded from the text
    up to a space past twice that length, not from the whole paragraph.

    canon is the same on either side of a space: no step reads across one (NFC composes no mark
    with a space, lower case looks past none, the tone pairs hold none and look at it only as
    "not a letter", whitespace runs and dashes end where the text does), so canon of the text up to
    a space starts canon of the whole.
    """
    cut = text.find(" ", 2 * at_least)
    if cut > 0:
        head = canon(text[:cut])
        if len(head) >= at_least:  # leading bullets or runs of spaces shrink it: else the whole
            return head, False
    return canon(text), True


def _fold_spaces(text: str) -> str:
    """Every run of whitespace as one space."""
    return _SPACE_RE.sub(" ", text)


def fold(text: str) -> str:
    """Search key: lower case, no diacritics, ``đ``→``d``, whitespace folded."""
    s = unicodedata.normalize("NFD", nfc(text).lower().translate(_DASHES).translate(_FOLD_D))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _SPACE_RE.sub(" ", s).strip()
