"""Legacy Vietnamese 8-bit font encodings (TCVN3/ABC and VNI-Windows) to Unicode, and back.

Before Unicode, Vietnamese documents were typed with fonts that re-drew Latin-1 code points as
Vietnamese letters. Extracted as text, they give mojibake::

    TCVN3 (.VnTime):   "KÕ ho¹ch thùc hiÖn Quy chÕ d©n chñ"   ->  "Kế hoạch thực hiện Quy chế dân chủ"
    VNI (VNI-Times):   "Keá hoaïch thöïc hieän Quy cheá"       ->  "Kế hoạch thực hiện Quy chế"

* :func:`convert_if_legacy` detects and converts a whole text (a .txt file, an HTML page). It
  compares how many words are well-formed Vietnamese syllables before and after each candidate
  decoding, so real Unicode Vietnamese, plain ASCII and Windows-1258 text are left alone.
* :func:`convert_run` converts one run of a .doc/.docx/.pdf by its font name, the strongest
  signal (``.VnTime`` -> TCVN3, ``.VnTimeH`` -> TCVN3 drawn upper-case, ``VNI-Times`` -> VNI).
* :func:`encode_tcvn3` / :func:`encode_vni` make legacy renditions of Unicode text for tests;
  ``decode_tcvn3(encode_tcvn3(s)) == s`` for NFC Vietnamese text.

Legacy text reaches us as the CP1252/Latin-1 characters of its bytes (``µ`` for byte 0xB5), or,
when a .txt file was decoded as Windows-1258, as CP1258 characters; both views are tried.
TCVN3 ``ư`` is byte 0xAD, the soft hyphen: PDF text layers turn it into U+2212 MINUS and some
extractors into "-"; both are recovered where the result is a Vietnamese syllable.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from pipeline.vi.syllables import VOWELS, is_syllable, strip_tone

__all__ = [
    "convert_if_legacy",
    "convert_run",
    "decode_tcvn3",
    "decode_vni",
    "detect_legacy",
    "encode_tcvn3",
    "encode_vni",
    "legacy_font_encoding",
]

TCVN3 = "TCVN3"
VNI = "VNI"

# --------------------------------------------------------------------------- TCVN3 table

# byte -> letter, TCVN 5712:1993 VN3 (the ABC fonts); glibc iconv TCVN5712-1 agrees on these.
_TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xA8: "ă",
    0xA9: "â",
    0xAA: "ê",
    0xAB: "ô",
    0xAC: "ơ",
    0xAD: "ư",
    0xAE: "đ",
    # combining tone marks (VN1/VN3), used for capitals the ABC fonts lack
    0xB0: "\u0300",
    0xB1: "\u0309",
    0xB2: "\u0303",
    0xB3: "\u0301",
    0xB4: "\u0323",
}
# tone order in each row below: grave, hook, tilde, acute, dot below
_TCVN3_ROWS = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền, hỏi, ngã, sắc, nặng
# VN1 upper-case positions in 0xA0-0xFF, unused by VN3: decoded too, never produced
_VN1_CAPITALS = {
    0xAF: "Ằ",
    0xBA: "Ẳ",
    0xBF: "Ẵ",
    0xC0: "Ắ",
    0xC1: "Ầ",
    0xC2: "Ẩ",
    0xC3: "Ẫ",
    0xC4: "Ấ",
    0xC5: "Ề",
    0xCD: "Ể",
    0xD9: "Ễ",
    0xDA: "Ế",
    0xDB: "Ồ",
    0xE0: "Ổ",
    0xF0: "Ỗ",
    0xFF: "Ố",
}


def _tcvn3_tables() -> tuple[dict[str, str], dict[str, str]]:
    decode = {chr(b): u for b, u in _TCVN3_BYTES.items()}
    for base, row in _TCVN3_ROWS.items():
        for tone, b in zip(_TONES, row, strict=True):
            decode[chr(b)] = unicodedata.normalize("NFC", base + tone)
    encode = {u: c for c, u in decode.items() if len(u) == 1 and not unicodedata.combining(u)}
    encode.update({u: c for c, u in decode.items() if unicodedata.combining(u)})
    decode.update({chr(b): u for b, u in _VN1_CAPITALS.items()})
    return decode, encode


_TCVN3_DECODE, _TCVN3_ENCODE = _tcvn3_tables()

# --------------------------------------------------------------------------- VNI table

# VNI-Windows writes a letter as an ASCII base plus modifier characters; lower-case modifiers:
_VNI_TONE = {"ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ù": "\u0301", "ï": "\u0323"}
_VNI_HAT = {"â": "", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "á": "\u0301", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "é": "\u0301", "ë": "\u0323"}
# letters that are one character: ơ ư đ and the toned i / ỵ
_VNI_SINGLE = {
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
    "ì": "ì",
    "í": "í",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
}


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """``decode`` maps VNI sequences (1-2 characters) to letters; ``encode`` the reverse."""
    decode: dict[str, str] = {}
    for base in "aeouy":
        for mod, tone in _VNI_TONE.items():
            decode[base + mod] = base + tone
    for base in "aeo":
        for mod, tone in _VNI_HAT.items():
            decode[base + mod] = base + "\u0302" + tone
    for mod, tone in _VNI_BREVE.items():
        decode["a" + mod] = "a\u0306" + tone
    for single, letter in _VNI_SINGLE.items():
        decode[single] = letter
    for base in "ôö":
        for mod, tone in _VNI_TONE.items():
            decode[base + mod] = _VNI_SINGLE[base] + tone
    for seq, letter in list(decode.items()):
        decode[seq.upper()] = letter.upper()
        if len(seq) == 2:  # a capital base with a lower-case modifier, seen in real files
            decode[seq[0].upper() + seq[1]] = letter.upper()
    decode = {k: unicodedata.normalize("NFC", v) for k, v in decode.items()}
    encode: dict[str, str] = {}
    for seq, letter in decode.items():
        if len(seq) == 2 and seq[0].isupper() != seq[1].isupper():
            continue
        encode.setdefault(letter, seq)
    return decode, encode


_VNI_DECODE, _VNI_ENCODE = _vni_tables()

# --------------------------------------------------------------------------- syllables

# a word: letters and combining marks ("Kế", "hoµ" - µ is a letter -, not "x·" which splits)
WORD_RE = re.compile(r"[^\W\d_]+")
# the Vietnamese-only letters (outside Latin-1) that no byte of a legacy file decodes to
_UNICODE_VN_RE = re.compile(r"[\u1ea0-\u1ef9]")
# common non-letter characters of Unicode Vietnamese documents, not evidence of mojibake
_PLAIN_PUNCT = set("“”‘’–—…•°№§«»\u00a0\u00ad·")


def _quality(text: str) -> tuple[float, int, int]:
    """``(valid share, count, weird)`` over the words with non-ASCII letters, and the count of
    non-ASCII characters that are neither Vietnamese letters nor usual punctuation."""
    nfc = unicodedata.normalize("NFC", text)
    words = [w for w in WORD_RE.findall(nfc) if not w.isascii()]
    valid = sum(1 for w in words if is_syllable(w))
    weird = sum(1 for c in nfc if ord(c) > 0x7F and c not in _PLAIN_PUNCT and not _is_vn_letter(c))
    return (valid / len(words) if words else 1.0), len(words), weird


@functools.lru_cache(maxsize=4096)
def _is_vn_letter(c: str) -> bool:
    base, _ = strip_tone(c.lower())
    return base in VOWELS or base == "đ"


# --------------------------------------------------------------------------- byte views


def _byte_map(codec: str) -> dict[str, str]:
    """character -> ``chr(byte)`` for the high bytes of ``codec``, plus the C1 controls and
    Word's symbol-font Private Use view (U+F020-U+F0FF) of the same bytes."""
    table: dict[str, str] = {}
    for b in range(0x80, 0x100):
        try:
            table[bytes([b]).decode(codec)] = chr(b)
        except UnicodeDecodeError:
            table[chr(b)] = chr(b)
    for b in range(0x20, 0x100):
        table[chr(0xF000 + b)] = chr(b)
    return table


_BYTE_MAPS = {codec: _byte_map(codec) for codec in ("cp1252", "cp1258")}


def _byte_view(text: str, codec: str) -> list[str | None]:
    """Per character: ``chr(byte)`` of its byte in ``codec`` when it is a high byte, the
    character itself when ASCII, None when the character has no byte (real Unicode)."""
    table = _BYTE_MAPS[codec]
    return [c if c < "\x80" else table.get(c) for c in text]


# --------------------------------------------------------------------------- decoders

# a TCVN3 capital written as base capital + the same vowel's lower-case toned letter ("Aµ" -> À)
_TCVN3_CAPITAL_RE = re.compile(
    r"([AĂÂEÊIOÔƠUƯY])([àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ])"
)
# "-" that stood for ư between two lower-case letters ("n-íc" -> "nước"), checked by syllable
_HYPHEN_IN_WORD_RE = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def _capital_pair(m: re.Match[str]) -> str:
    cap, low = m.group(1), m.group(2)
    base, _ = strip_tone(low)
    if base.upper() != cap:
        return m.group(0)
    return low.upper()


def _recover_hyphen_u(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        s = m.string
        a = m.start()
        while a > 0 and (s[a - 1].isalpha() or unicodedata.combining(s[a - 1])):
            a -= 1
        b = m.end()
        while b < len(s) and (s[b].isalpha() or unicodedata.combining(s[b])):
            b += 1
        left, right = s[a : m.start()], s[m.end() : b]
        joined = left[-1:].islower() and right[:1].islower() and is_syllable(left + "ư" + right)
        return "ư" if joined and not (is_syllable(left) and is_syllable(right)) else "-"

    return _HYPHEN_IN_WORD_RE.sub(repl, text)


def decode_tcvn3(text: str, codec: str = "cp1252") -> str:
    """Decode TCVN3 text, seen as the ``codec`` characters of its bytes, to NFC Unicode.

    >>> decode_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
    'Cộng hoà xã hội chủ nghĩa Việt Nam'
    >>> decode_tcvn3("Nhµ n\u2212íc")
    'Nhà nước'
    """
    text = re.sub(r"(?<=[^\W\d_])\u2212", "\xad", text).replace("\u2219", "\xb7")
    view = _byte_view(text, codec)
    decoded = "".join(
        _TCVN3_DECODE.get(k, k if k < "\x80" else c) if k is not None else c
        for c, k in zip(text, view, strict=True)
    )
    decoded = unicodedata.normalize("NFC", decoded)
    decoded = _TCVN3_CAPITAL_RE.sub(_capital_pair, decoded)
    return _recover_hyphen_u(decoded)


def decode_vni(text: str, codec: str = "cp1252") -> str:
    """Decode VNI-Windows text, seen as the ``codec`` characters of its bytes, to NFC Unicode
    (longest match first).

    >>> decode_vni("Ñoäc laäp - Töï do - Haïnh phuùc")
    'Độc lập - Tự do - Hạnh phúc'
    """
    view = _byte_view(text, codec)
    out: list[str] = []
    i = 0
    while i < len(text):
        k1 = view[i]
        k2 = view[i + 1] if i + 1 < len(text) else None
        if k1 is not None and k2 is not None and (k1 + k2) in _VNI_DECODE:
            out.append(_VNI_DECODE[k1 + k2])
            i += 2
            continue
        fallback = k1 if k1 is not None and k1 < "\x80" else text[i]
        out.append(_VNI_DECODE.get(k1, fallback) if k1 is not None else text[i])
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


_DECODERS: dict[str, Callable[[str, str], str]] = {TCVN3: decode_tcvn3, VNI: decode_vni}

# --------------------------------------------------------------------------- encoders


def encode_tcvn3(text: str) -> str:
    """Unicode to the Latin-1 view of TCVN3 bytes (what a .VnTime run holds).

    Capital toned vowels, which the ABC fonts lack, become the base capital plus a combining
    tone byte (0xB0-0xB4), so ``decode_tcvn3(encode_tcvn3(s)) == s`` for NFC text.

    >>> encode_tcvn3("Kế hoạch")
    'KÕ ho¹ch'
    """
    out: list[str] = []
    for c in unicodedata.normalize("NFC", text):
        if c in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[c])
            continue
        base, tones = strip_tone(c)
        if tones == 1 and base != c and (base in _TCVN3_ENCODE or base.isascii()):
            tone = next(t for t in unicodedata.normalize("NFD", c) if t in _TONES)
            out.append(_TCVN3_ENCODE.get(base, base) + _TCVN3_ENCODE[tone])
        else:
            out.append(c)
    return "".join(out)


def encode_vni(text: str) -> str:
    """Unicode to the Latin-1 view of VNI-Windows bytes.

    >>> encode_vni("Cộng hòa")
    'Coäng hoøa'
    """
    return "".join(_VNI_ENCODE.get(c, c) for c in unicodedata.normalize("NFC", text))


# --------------------------------------------------------------------------- detection

# ".VnTime", ".VnTimeH", "ABCDEF+.VnArial,Bold", "VnTimeH" (PDF names may lose the dot)
_TCVN3_FONT_RE = re.compile(r"^\.?vn(?!i)[a-z]", re.I)
# "VNI-Times", "VNI-Helve-Condense"
_VNI_FONT_RE = re.compile(r"^vni[- ]", re.I)
# the style suffix of a font name: ",Bold", "-BoldItalic", " Italic"
_FONT_STYLE_RE = re.compile(
    r"(?:[,\- ]+(?:bold|italic|oblique|regular|normal|narrow|condensed)+)+$", re.I
)


@functools.lru_cache(maxsize=1024)
def legacy_font_encoding(font_name: str | None) -> tuple[str | None, bool]:
    """``(encoding, upper)`` for a font name: TCVN3 for the ``.Vn`` fonts, VNI for ``VNI-``;
    ``upper`` is True for the TCVN3 "H" fonts, which draw every letter as a capital.

    >>> legacy_font_encoding("ABCDEF+.VnTimeH,Bold")
    ('TCVN3', True)
    """
    if not font_name:
        return None, False
    name = font_name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", font_name) else font_name
    name = name.strip()
    if _VNI_FONT_RE.match(name):
        return VNI, False
    if _TCVN3_FONT_RE.match(name):
        base = _FONT_STYLE_RE.sub("", name)
        return TCVN3, base.endswith("H")
    return None, False


def convert_run(text: str, font_name: str | None) -> str:
    """Convert one run of a word-processor or PDF document by its font name.

    Runs whose font is not a legacy font, and runs that already hold Unicode Vietnamese
    letters (a legacy font name on Unicode text is common), are returned unchanged.

    >>> convert_run("KÕ ho¹ch", ".VnTime"), convert_run("kÕ ho¹ch", ".VnTimeH")
    ('Kế hoạch', 'KẾ HOẠCH')
    """
    encoding, upper = legacy_font_encoding(font_name)
    if encoding is None or not text or _UNICODE_VN_RE.search(text):
        return text
    if encoding == TCVN3:  # PDF text layers: 0xAD drawn as a minus, 0xB7 as a bullet operator
        text = text.replace("\u2212", "\xad").replace("\u2219", "\xb7")
    converted = _DECODERS[encoding](text, "cp1252")
    return converted.upper() if upper else converted


_SAMPLE = 30_000


def _best_candidate(text: str) -> tuple[str, str, str] | None:
    """``(encoding, codec, decoded)`` of the best legacy reading of ``text``, if clearly better.

    Judged on the lines without Unicode-only letters (the first :data:`_SAMPLE` characters).
    """
    # lines with Unicode-only Vietnamese letters are Unicode: no legacy byte decodes to those
    rest = "\n".join(line for line in text.splitlines() if not _UNICODE_VN_RE.search(line))
    if len(rest) < 0.1 * len(text):
        return None
    text = rest[:_SAMPLE]
    valid0, _, weird0 = _quality(text)
    best: tuple[tuple[int, float, int], str, str, str] | None = None
    for codec in ("cp1252", "cp1258"):
        # characters with no byte in this view: the other view is the one the bytes came from
        unmapped = sum(
            1
            for k, c in zip(_byte_view(text, codec), text, strict=True)
            if k is None and c > "\x7f"
        )
        for name, decode in _DECODERS.items():
            decoded = decode(text, codec)
            if decoded == unicodedata.normalize("NFC", text):
                continue
            valid, n, weird = _quality(decoded)
            if n < 3 or valid < 0.85 or weird > weird0:
                continue
            if valid - valid0 < 0.2 and weird0 - weird < max(3, len(text) // 200):
                continue
            key = (-unmapped, valid, -weird)
            if best is None or key > best[0]:
                best = (key, name, codec, decoded)
    return (best[1], best[2], best[3]) if best else None


def detect_legacy(text: str) -> str | None:
    """``"TCVN3"``, ``"VNI"`` or None for a text whose words read better once decoded.

    >>> detect_legacy("KÕ ho¹ch thùc hiÖn"), detect_legacy("Kế hoạch thực hiện")
    ('TCVN3', None)
    """
    found = _best_candidate(text)
    return found[0] if found else None


def convert_if_legacy(text: str) -> tuple[str, str | None]:
    """Convert a TCVN3 or VNI text to Unicode; ``(text, None)`` when it is not legacy.

    Lines that hold Unicode-only Vietnamese letters are kept as they are, so a document that
    mixes a Unicode header with legacy body text is converted line by line.

    >>> convert_if_legacy("Uû ban nh©n d©n")
    ('Uỷ ban nhân dân', 'TCVN3')
    >>> convert_if_legacy("Ủy ban nhân dân")
    ('Ủy ban nhân dân', None)
    """
    found = _best_candidate(text)
    if found is None:
        return text, None
    name, codec, _ = found
    decode = _DECODERS[name]
    lines = text.splitlines(keepends=True)
    out = [line if _UNICODE_VN_RE.search(line) else decode(line, codec) for line in lines]
    return "".join(out), name
