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

from pipeline.normalize.fold import canon, fold

__all__ = [
    "fold_aligned",
    "fold_key",
    "number_key",
    "party_key",
    "query_terms",
    "expand_abbreviations",
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

# A search term: letters and digits only ("_" is a separator for FTS5's unicode61 too).
_TERM_RE = re.compile(r"[^\W_]+")
_NUMBER_PART_RE = re.compile(r"[0-9a-z]+")


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


def fold_key(text: str | None) -> str:
    """``fold`` that accepts ``None`` (empty key)."""
    return fold(text) if text else ""


def party_key(name: str) -> str:
    """Identity of a party: diacritics kept, case, tone placement and dashes unified."""
    return canon(name).rstrip(" .,;:")


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
