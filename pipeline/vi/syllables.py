"""Vietnamese syllable structure: the one grammar of the project.

It tells a well-formed syllable (:func:`is_syllable`; the legacy-encoding detector and the OCR
checker count them) and splits words glued together by a lost space (:func:`unglue`).

Web copies of documents often lose the space at a line break inside the source HTML:
``TRIỂNKHAI``, ``vềviệc``, ``kếhoạch``, ``CHÍNHPHỦ``. A Vietnamese syllable has one vowel run
between an onset from a closed set and a coda from a closed set, so a token carrying
Vietnamese letters with two vowel runs cannot be one syllable. :func:`split_glued` splits such a
token into valid syllables, when exactly one split into the fewest syllables exists, and leaves every other token as it is
(an ambiguous ``thịtrấn``, which could be ``thị|trấn`` or ``thịt|rấn``, too): loanwords without
Vietnamese letters (``Internet``), ethnic names (``Krông``), numbers and symbols.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["is_syllable", "split_glued", "unglue", "strip_tone", "VOWELS"]

# the word caches are bounded: their keys come from the input, and a long-running process (serve,
# ingest) would otherwise keep every word it ever saw (issue 12's bounded counts)
_CACHED_WORDS = 1 << 16
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


# onsets, nuclei (without tone) that may take a final consonant, nuclei that end in a glide and never
# do, and final consonants
_ONSETS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x"
_CLOSED = "a ă â e ê i o ô ơ u ư y iê yê ia uô ươ oa oă oe uâ uê uy uyê"
_OPEN = "ai ao au âu ay ây eo êu ia iu iêu yêu oi ôi ơi ui ưi ưu uôi ươi ươu ưa ua uây uyu oai oay oao oeo uya uơ"
_CODAS = "ng nh ch c m n p t"


def _alt(spaced: str) -> str:
    """A regex alternation of space-separated items, longest first."""
    return "|".join(sorted(set(spaced.split()), key=len, reverse=True))


_SYLLABLE_RE = re.compile(
    rf"(?:{_alt(_ONSETS)})?(?:(?:{_alt(_CLOSED)})(?:{_alt(_CODAS)})?|(?:{_alt(_OPEN)}))",
)
_VIET_LETTERS = set("ăâêôơưđ")
VOWELS = _VOWELS = "aăâeêioôơuưy"
# every vowel letter in both cases and with each tone; a candidate word has two vowel runs parted by
# consonants, which no single syllable has ("kếhoạch"), so most words never reach Python code
_ALL_VOWELS = "".join(
    sorted(
        {
            unicodedata.normalize("NFC", base + tone)
            for base in _VOWELS + _VOWELS.upper()
            for tone in ("", *map(chr, _TONES))
        }
    )
)
_WORD_RE = re.compile(
    rf"\b(?=[^\W\d_]*[{_ALL_VOWELS}][^\W\d_{_ALL_VOWELS}]+[{_ALL_VOWELS}])[^\W\d_]{{4,}}\b"
)


def _bare(word: str) -> str:
    """Lower case without tone marks, keeping ă â ê ô ơ ư đ (one character per input character)."""
    out = []
    for ch in word.lower():
        base = unicodedata.normalize("NFC", unicodedata.normalize("NFD", ch).translate(_TONES))
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def _vietnamese(word: str, bare: str) -> bool:
    return bare != word.lower() or any(ch in _VIET_LETTERS for ch in bare)


@lru_cache(maxsize=_CACHED_WORDS)
def strip_tone(word: str) -> tuple[str, int]:
    """``word`` (NFC) without its tone marks, and how many there were.

    >>> strip_tone("việt")
    ('viêt', 1)
    """
    decomposed = unicodedata.normalize("NFD", word)
    kept = decomposed.translate(_TONES)
    return unicodedata.normalize("NFC", kept), len(decomposed) - len(kept)


@lru_cache(maxsize=_CACHED_WORDS)
def is_syllable(word: str) -> bool:
    """Whether ``word`` is one well-formed Vietnamese syllable (any case, at most one tone).

    >>> is_syllable("nghiêng"), is_syllable("Hoạch"), is_syllable("kếhoạch"), is_syllable("hoµ")
    (True, True, False, False)
    """
    base, tones = strip_tone(word.lower())
    return tones <= 1 and _SYLLABLE_RE.fullmatch(base) is not None


# the longest Vietnamese syllable is 7 letters ("nghiêng"): cuts are looked for no further, so a
# megabyte of glued letters is linear, not quadratic (issue 12)
_MAX_SYLLABLE = 8


@lru_cache(maxsize=_CACHED_WORDS)
def _splits(bare: str, parts: int) -> tuple[tuple[int, ...], ...]:
    """Every way of cutting ``bare`` into exactly ``parts`` syllables (cut points)."""
    if parts == 1:
        return ((),) if _SYLLABLE_RE.fullmatch(bare) else ()
    if len(bare) > parts * _MAX_SYLLABLE:
        return ()
    out = []
    for cut in range(1, min(len(bare), _MAX_SYLLABLE + 1)):
        if _SYLLABLE_RE.fullmatch(bare[:cut]):
            out.extend((cut, *(cut + r for r in rest)) for rest in _splits(bare[cut:], parts - 1))
    return tuple(out)


def _split_bare(bare: str) -> tuple[int, ...] | None:
    """The cut points of the one split into the fewest syllables (at most 3), or None.

    Where two splits are possible (``thị|trấn`` or ``thịt|rấn``, ``quan|hệ`` or ``qua|nhệ``) the
    word is left as it is: syllable structure alone cannot tell, and a wrong split is worse.
    """
    for parts in (2, 3):
        found = _splits(bare, parts)
        if found:
            return found[0] if len(found) == 1 else None
    return None


def split_glued(word: str) -> str:
    """``word`` with spaces between glued syllables, or unchanged when it is not clearly glued.

    >>> split_glued("TRIỂNKHAI"), split_glued("vềviệc"), split_glued("thịtrấn")
    ('TRIỂN KHAI', 'về việc', 'thịtrấn')
    >>> split_glued("Internet"), split_glued("Krông"), split_glued("người")
    ('Internet', 'Krông', 'người')
    """
    bare = _bare(word)
    if not _vietnamese(word, bare) or sum(1 for _ in re.finditer(f"[{_VOWELS}]+", bare)) < 2:
        return word
    cuts = _split_bare(bare)
    if not cuts:
        return word
    bounds = (0, *cuts, len(word))
    return " ".join(word[a:b] for a, b in zip(bounds, bounds[1:], strict=False))


def unglue(text: str) -> str:
    """``text`` with every glued word split (:func:`split_glued`); other text is left as it is."""
    return _WORD_RE.sub(lambda m: split_glued(m.group(0)), text)
