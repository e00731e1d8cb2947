"""Keys the store compares and searches on: folded text, document numbers, party names.

Every key is derived from :func:`pipeline.normalize.fold.fold` (lower case, no diacritics,
``đ``→``d``) or :func:`~pipeline.normalize.fold.canon`, so a query typed as ``dan van``,
``dân vận`` or ``DÂN VẬN`` meets the same key as the stored ``Dân vận``.

>>> fold_aligned("Đầu tư, Ủy ban")
'dau tu, uy ban'
>>> number_key("Số 120-KL/TW")
'so-120-kl-tw'
>>> number_key("33/CT-TTg") == number_key("33-ct-ttg")
True
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pipeline.normalize.fold import TONE_OLD_TO_NEW, canon, fold

__all__ = [
    "fold_aligned",
    "index_text",
    "word_spans",
    "BARRIER",
    "fold_key",
    "number_key",
    "party_key",
    "new_tone",
    "query_terms",
    "expand_abbreviations",
    "abbreviation_variants",
    "ABBREVIATIONS",
]

# Abbreviations users type for the names plans spell out (the contract's list plus a few
# more), in folded form. ``ubnd huyen`` also looks for ``uy ban nhan dan huyen``.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "bcd": "ban chi dao",
    "qcdc": "quy che dan chu",
    "btv": "ban thuong vu",
    "bch": "ban chap hanh",
    "cchc": "cai cach hanh chinh",
    "cds": "chuyen doi so",
}

# Put in the indexed text at clause ends (", " "; " ". "), so a phrase cannot span them:
# "Huyện ủy, Ban Tuyên giáo" must not match the phrase "uy ban". A private-use character is
# a token for FTS5 and can never come from a query (query words are letters and digits).
BARRIER = "\ue000"
_CLAUSE_END_RE = re.compile(r"[,;:.!?…]+(?=\s|$)|\s\|\s|\n")

# A search term: letters and digits only ("_" is a separator for FTS5's unicode61 too).
_TERM_RE = re.compile(r"[^\W_]+")
_NUMBER_PART_RE = re.compile(r"[0-9a-z]+")
# An old-style tone mark at the end of a syllable ("uỷ", "hoà"), not inside one ("hoàn").
_OLD_TONE_AT_END_RE = re.compile("(?:" + "|".join(TONE_OLD_TO_NEW) + r")(?!\w)")


@functools.cache
def _fold_table() -> dict[int, str]:
    """One-character folds for the Latin, Vietnamese and punctuation blocks (cached)."""
    table: dict[int, str] = {}
    for cp in range(0x3000):
        ch = chr(cp)
        if unicodedata.category(ch) == "Cs":
            continue
        if ch.isspace():
            out = " "
        else:
            folded = fold(ch)
            out = folded if len(folded) == 1 else ch
        if out != ch:
            table[cp] = out
    return table


def fold_aligned(text: str) -> str:
    """``fold`` one character at a time, so the result has the length of ``nfc(text)``.

    Offsets into the folded text are offsets into the NFC text: a match found in the folded
    search column can be highlighted in the original. Whitespace is kept (not collapsed).
    """
    return unicodedata.normalize("NFC", text).translate(_fold_table())


def index_text(text: str) -> str:
    """What the search index stores for a text: folded, clause ends turned into barriers.

    >>> index_text("Huyện ủy, Ban Tuyên giáo")
    'huyen uy \ue000 ban tuyen giao'
    """
    return _CLAUSE_END_RE.sub(f" {BARRIER} ", fold_aligned(text))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, folded word)`` for each word of ``text`` (offsets into ``text``)."""
    return [(m.start(), m.end(), fold(m.group())) for m in _TERM_RE.finditer(text)]


def fold_key(text: str | None) -> str:
    """``fold`` that accepts ``None`` (empty key)."""
    return fold(text) if text else ""


def party_key(name: str) -> str:
    """Identity of a party: diacritics kept, case, tone placement and dashes unified."""
    return canon(name).rstrip(" .,;:")


def new_tone(text: str) -> str:
    """``text`` with new-style tone placement, case kept: ``Uỷ ban`` → ``Ủy ban``."""
    nfc_text = unicodedata.normalize("NFC", text)
    lower = nfc_text.lower()
    if len(lower) != len(nfc_text):
        return nfc_text
    fixed = _OLD_TONE_AT_END_RE.sub(lambda m: TONE_OLD_TO_NEW[m.group(0)], lower)
    return "".join(n.upper() if o.isupper() else n for o, n in zip(nfc_text, fixed, strict=True))


def number_key(number: str | None) -> str | None:
    """Identity of a document number: folded, any run of separators becomes ``-``.

    ``120-KL/TW``, ``120/KL-TW`` and ``120 - kl/tw`` share the key ``120-kl-tw``;
    ``NĐ-CP`` and ``ND-CP`` share ``nd-cp``.
    """
    if not number:
        return None
    parts = _NUMBER_PART_RE.findall(fold(number))
    return "-".join(parts) or None


def query_terms(text: str) -> list[str]:
    """The folded words of a user query; everything else (quotes, ``*``, ``:``, parentheses)
    is a separator.

    >>> query_terms('"Dân vận" AND (đầu tư* text:')
    ['dan', 'van', 'and', 'dau', 'tu', 'text']
    """
    return _TERM_RE.findall(fold(text))


def expand_abbreviations(terms: list[str]) -> list[str] | None:
    """The terms with known abbreviations spelled out, or ``None`` when there is none."""
    if not any(t in ABBREVIATIONS for t in terms):
        return None
    out: list[str] = []
    for t in terms:
        out.extend(ABBREVIATIONS.get(t, t).split())
    return out


def abbreviation_variants(terms: list[str]) -> list[list[str]]:
    """Other spellings of ``terms``: abbreviations spelled out, and long forms abbreviated.

    >>> abbreviation_variants(["ubnd", "huyen"])
    [['uy', 'ban', 'nhan', 'dan', 'huyen']]
    >>> abbreviation_variants(["cai", "cach", "hanh", "chinh", "tinh"])
    [['cchc', 'tinh']]
    """
    variants: list[list[str]] = []
    if (expanded := expand_abbreviations(terms)) is not None:
        variants.append(expanded)
    text = f" {' '.join(terms)} "
    contracted = text
    for short, long in ABBREVIATIONS.items():
        contracted = contracted.replace(f" {long} ", f" {short} ")
    if contracted != text:
        variants.append(contracted.split())
    return variants
