"""Keys the store compares and searches on: folded text, document numbers, party names.

Every key is derived from :func:`pipeline.vi.fold.fold` (lower case, no diacritics,
``đ``→``d``), :func:`~pipeline.vi.fold.canon` or :func:`~pipeline.vi.numbers.document_key`
(``number_key`` here), so a query typed as ``dan van``,
``dân vận`` or ``DÂN VẬN`` meets the same key as the stored ``Dân vận``.

>>> fold_aligned("Đầu tư, Ủy ban")
'dau tu, uy ban'
>>> number_key("Số 120-KL/TW")
'so-120-kl-tw'
>>> number_key("33/CT-TTg") == number_key("33-ct-ttg")
True
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata

from pipeline.vi.fold import canon, fold, new_tone
from pipeline.vi.numbers import document_key as number_key

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
    "abbreviation_groups",
    "expand_query_abbreviations",
    "abbreviation_variants",
    "abbreviation_spellings",
    "SEARCH_ABBREVIATIONS",
]

# Abbreviations users type for names plans spell out: the extraction lexicon
# (models/lexicons/abbreviations.tsv) plus search-only ones in this file of the same folder.
SEARCH_ABBREVIATIONS = "search_abbreviations.tsv"

# Put in the indexed text at clause ends (", " "; " ". "), so a phrase cannot span them:
# "Huyện ủy, Ban Tuyên giáo" must not match the phrase "uy ban". A private-use character is
# a token for FTS5 and can never come from a query (query words are letters and digits).
BARRIER = "\ue000"
_CLAUSE_END_RE = re.compile(r"[,;:.!?…]+(?=\s|$)|\s\|\s|\n")

# A search term: letters and digits only ("_" is a separator for FTS5's unicode61 too).
_TERM_RE = re.compile(r"[^\W_]+")
_TOKEN_RE = re.compile(rf"[^\W_]+|{BARRIER}")  # what FTS5 indexes of ``index_text``


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
    r"""What the search index stores for a text: folded, clause ends turned into barriers.

    >>> index_text("Huyện ủy, Ban Tuyên giáo")
    'huyen uy \ue000  ban tuyen giao'
    """
    return _CLAUSE_END_RE.sub(f" {BARRIER} ", fold_aligned(text))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, folded word)`` for each word of ``text`` (offsets into ``text``).

    The text is folded once (:func:`fold_aligned`, offsets kept when ``text`` is NFC, as
    stored text is); a word the one-character table leaves unfolded is folded alone.

    >>> word_spans("Đầu tư, CÔNG")
    [(0, 3, 'dau'), (4, 6, 'tu'), (8, 12, 'cong')]
    """
    aligned = fold_aligned(text)
    if len(aligned) != len(text):
        return [(m.start(), m.end(), fold(m.group())) for m in _TERM_RE.finditer(text)]
    return [
        (m.start(), m.end(), w if w.isascii() else fold(text[m.start() : m.end()]))
        for m in _TERM_RE.finditer(aligned)
        for w in (m.group(),)
    ]


def fold_key(text: str | None) -> str:
    """``fold`` that accepts ``None`` (empty key)."""
    return fold(text) if text else ""


def party_key(name: str) -> str:
    """Identity of a party: diacritics kept, case, tone placement and dashes unified."""
    return canon(name).rstrip(" .,;:")


def query_terms(text: str) -> list[str]:
    """The folded words of a user query; everything else (quotes, ``*``, ``:``, parentheses)
    is a separator.

    >>> query_terms('"Dân vận" AND (đầu tư* text:')
    ['dan', 'van', 'and', 'dau', 'tu', 'text']
    """
    return _TERM_RE.findall(fold(text))


Spelling = tuple[str, ...]  # folded tokens, BARRIER included where the index has one


@functools.cache
def abbreviation_groups() -> tuple[tuple[Spelling, ...], ...]:
    """Spellings that mean the same, from the abbreviation lexicons: per long form, its
    abbreviations (``ld tb xh``, also run together: ``ldtbxh``), the long form's words, and,
    when the long form has a clause end (``phổ biến, giáo dục``), those words as indexed, with
    the barrier. Loaded once.

    >>> [g for g in abbreviation_groups() if ("ubnd",) in g]
    [(('ubnd',), ('uy', 'ban', 'nhan', 'dan'))]
    """
    from pipeline.vi.lexicon import abbreviations, load_map

    pairs = list(abbreviations().items())
    with contextlib.suppress(OSError):  # a models folder without the search-only file
        pairs += load_map(SEARCH_ABBREVIATIONS).items()
    longs: dict[Spelling, list[Spelling]] = {}
    indexed: dict[Spelling, Spelling] = {}
    for short, long in pairs:
        words, terms = tuple(query_terms(long)), tuple(query_terms(short))
        if not words or not terms or words == terms:
            continue
        shorts = longs.setdefault(words, [])
        for spelling in (terms, ("".join(terms),)):
            if spelling not in shorts:
                shorts.append(spelling)
        indexed[words] = tuple(_TOKEN_RE.findall(index_text(long)))
    return tuple(
        (*shorts, words, *([indexed[words]] if indexed[words] != words else []))
        for words, shorts in longs.items()
    )


@functools.cache
def _spelling_index() -> dict[str, list[tuple[Spelling, int]]]:
    """First word → (spelling, group number) of every barrier-free spelling, longest first."""
    index: dict[str, list[tuple[Spelling, int]]] = {}
    for g, group in enumerate(abbreviation_groups()):
        for spelling in group:
            if BARRIER not in spelling:
                index.setdefault(spelling[0], []).append((spelling, g))
    for options in index.values():
        options.sort(key=lambda o: (-len(o[0]), o))
    return index


def _occurrences(terms: list[str]) -> list[tuple[int, int, int]]:
    """``(start, end, group)`` of the known spellings in ``terms``: leftmost, longest first,
    not overlapping."""
    index = _spelling_index()
    found: list[tuple[int, int, int]] = []
    i = 0
    while i < len(terms):
        for spelling, g in index.get(terms[i], ()):
            if tuple(terms[i : i + len(spelling)]) == spelling:
                found.append((i, i + len(spelling), g))
                i += len(spelling)
                break
        else:
            i += 1
    return found


def _replace(terms: list[str], found: list[tuple[int, int, int]], pick: int) -> list[str]:
    groups = abbreviation_groups()
    out: list[str] = []
    cursor = 0
    for start, end, g in found:
        group = groups[g]
        out += [*terms[cursor:start], *group[min(pick, len(group) - 1)]]
        cursor = end
    return out + terms[cursor:]


def expand_query_abbreviations(terms: list[str]) -> list[str] | None:
    """The terms with known abbreviations spelled out (words only), or ``None`` when there is
    none. (Not :func:`pipeline.extract.parties.expand_abbreviations`, which works on names.)

    >>> expand_query_abbreviations(["ubnd", "huyen"])
    ['uy', 'ban', 'nhan', 'dan', 'huyen']
    """
    groups = abbreviation_groups()
    out: list[str] = []
    cursor = 0
    for start, end, g in _occurrences(terms):
        words = next(s for s in reversed(groups[g]) if BARRIER not in s)
        out += [*terms[cursor:start], *words]
        cursor = end
    out += terms[cursor:]
    return out if out != terms else None


def abbreviation_variants(terms: list[str]) -> list[list[str]]:
    """Other spellings of ``terms``: abbreviations spelled out, long forms abbreviated (a
    variant may hold :data:`BARRIER` where the long form has a comma).

    >>> abbreviation_variants(["ubnd", "huyen"])
    [['uy', 'ban', 'nhan', 'dan', 'huyen']]
    >>> abbreviation_variants(["cai", "cach", "hanh", "chinh", "tinh"])
    [['cchc', 'tinh']]
    """
    found = _occurrences(terms)
    if not found:
        return []
    widest = max(len(abbreviation_groups()[g]) for _, _, g in found)
    variants: list[list[str]] = []
    for pick in range(widest):
        variant = _replace(terms, found, pick)
        if variant != terms and variant not in variants:
            variants.append(variant)
    return variants


def abbreviation_spellings(terms: list[str]) -> list[list[str]]:
    """Every other spelling (barrier-free) of each abbreviation or long form in ``terms``,
    on its own: what to highlight when a task matched the words apart."""
    groups = abbreviation_groups()
    out: list[list[str]] = []
    for start, end, g in _occurrences(terms):
        for spelling in groups[g]:
            if BARRIER not in spelling and list(spelling) != terms[start:end]:
                out.append(list(spelling))
    return out
