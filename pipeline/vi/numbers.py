"""Document numbers and symbols (số và ký hiệu): their identity and the type their code names.

Party numbers put the type code after the number (``120-KL/TW``: number ``120``, type ``KL``,
issuer ``TW``); state numbers after the year, if any (``33/CT-TTg``, ``04/2015/NĐ-CP``,
``10/2022/QH15``). The codes are data (``models/lexicons/type_codes.tsv``).

>>> document_key("Số 120-KL/TW"), document_key("120/kl-tw"), document_key("NĐ-CP") == document_key("ND-CP")
('so-120-kl-tw', '120-kl-tw', True)
>>> type_from_symbol("33/CT-TTg"), type_from_symbol("05-TT/TW"), type_from_symbol("TT-BNV")
('Chỉ thị', 'Thông tri', 'Thông tư')
>>> type_from_symbol("UBND-VP"), type_from_symbol("UBND-VP", dispatch=True)
(None, 'Công văn')
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.vi.fold import fold
from pipeline.vi.lexicon import lexicon_rows

__all__ = ["document_key", "type_from_symbol", "type_codes", "normalize_number"]

_KEY_PART_RE = re.compile(r"[0-9a-z]+")
# a legislature's term after a code: "QH15", "UBTVQH11"
_TERM_SUFFIX_RE = re.compile(r"(?<=[A-ZĐ])\d+$")


def document_key(number: str | None) -> str | None:
    """Identity of a document number (the one rule of the project: citations merge on it, the
    store indexes and looks up on it): folded (no diacritics, ``đ``→``d``, lower case), every run
    of other characters becomes ``-``. ``120-KL/TW``, ``120/KL-TW`` and ``120 - kl/tw`` share
    ``120-kl-tw``; ``NĐ-CP`` and ``ND-CP`` share ``nd-cp``."""
    if not number:
        return None
    return "-".join(_KEY_PART_RE.findall(fold(number))) or None


def normalize_number(raw: str) -> str:
    """The display form of a number as printed: ``51-KH / BTGTU`` → ``51-KH/BTGTU``;
    ``12/CT- TTg`` → ``12/CT-TTg``."""
    return re.sub(r"\s+", "", raw).replace("–", "-")


@cache
def type_codes() -> dict[tuple[str, str | None], str]:
    """``{(CODE, system or None): type}`` from ``type_codes.tsv`` (codes upper-cased)."""
    out: dict[tuple[str, str | None], str] = {}
    for row in lexicon_rows("type_codes.tsv"):
        system = row[2] if len(row) > 2 and row[2] else None
        out[(row[0].upper(), system)] = row[1]
    return out


def _code_and_system(number: str) -> tuple[str, str]:
    """The type code of a full number or a bare symbol, and the system its form shows."""
    head = number.split("/")[0]
    parts = [p.strip() for p in re.split(r"[/-]", number)]
    if parts[0].isdigit():
        if "-" in head:  # party: N-CODE/ISSUER
            return (parts[1] if len(parts) > 1 else ""), "party"
        rest = [p for p in parts[1:] if not p.isdigit()]  # state: N[/YEAR]/CODE-ISSUER
        return (rest[0] if rest else ""), "state"
    # a bare symbol: "KH-UBND", "CT-TTg" (state), "KH/BDVHU", "TT/TW" (party)
    return parts[0], "party" if "/" in number and "-" not in head else "state"


def type_from_symbol(number: str, system: str | None = None, *, dispatch: bool = False) -> str | None:
    """The document type the code of ``number`` (a full number or a bare symbol) names.

    ``system`` (``party``/``state``), when known, overrides the one the form suggests. With
    ``dispatch``, a state symbol without a type code (``UBND-VP``: the issuer's abbreviation and
    the drafting unit's) is a ``Công văn``, as Nghị định 30/2020 writes dispatch symbols; a
    document's own header may conclude that, a citation in running text may not.
    """
    code, form = _code_and_system(number)
    system = system or form
    code = code.upper()
    codes = type_codes()
    for key in (code, _TERM_SUFFIX_RE.sub("", code)):
        found = codes.get((key, system)) or codes.get((key, None))
        if found:
            return found
    if dispatch and system != "party" and "-" in number:
        return "Công văn"
    return None
