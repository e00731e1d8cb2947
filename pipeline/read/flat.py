"""Pages saved without their line breaks: a whole page on one line, or line breaks written as the
escape sequences ``\\r\\n`` / ``\\n`` (a JSON or database export pasted as text).

:func:`unflatten` restores the breaks a reader needs to find the header, the title and the
preamble items: the escapes are turned back into breaks; a line of thousands of characters that
holds a header's marks (``Số:``, ``Độc lập - Tự do - Hạnh phúc``, ``..., ngày ... tháng ... năm``)
is broken before the marks an official document puts on lines of their own (Nghị định
30/2020/NĐ-CP, Phụ lục I; Hướng dẫn 36-HD/VPTW): the motto, the number, the place and date, the
type name in capitals, each basis (``Căn cứ``, ``Thực hiện``), each numbered heading, the
closing block (``Nơi nhận``, ``TM.``, ``KT.``). Only such pages are touched: a text with its line
breaks comes back as it is.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.vi.document import TYPE_QUALIFIER_RE, signing_titles_pattern, split_authority
from pipeline.vi.emphasis import strip_emphasis
from pipeline.vi.lexicon import agency_heads, canonical_doc_type, doc_types
from pipeline.vi.markers import CAPITALS, SMALL_LETTERS

__all__ = ["unflatten"]

# a page is flat when one of its lines is this long and holds header marks
_FLAT_LINE = 300
_ESCAPE_RE = re.compile(r"\\r\\n|\\n|\\r")
_HEADER_MARK_RE = re.compile(r"Độc\s+lập\s*[-–]\s*Tự\s+do|CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|(?<!\w)Số\s*:\s*\d|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
_CAPS, _SMALL = CAPITALS, SMALL_LETTERS

# the signer's name after the signing titles in capitals: "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hồng Lĩnh"
_SIGNER_RE = re.compile(rf"(?<=[{_CAPS}]{{2}})\s+(?=(?:[{_CAPS}][{_SMALL}]+\s+){{1,4}}[{_CAPS}][{_SMALL}]+(?:\s*(?:\n|$)|\s+(?=[{_CAPS}]{{2,}}\s)|\s*(?=[«»|])))")


@cache
def _breaks() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Where a flat page is broken, in order: ``(pattern, replacement)``."""
    place = rf"[{_CAPS}][{_SMALL}]+(?:\s+[{_CAPS}][{_SMALL}]+){{0,3}}"
    before = "|".join(
        [
            r"(?=Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc)",
            r"(?<=Hạnh phúc)\s+",
            r"(?=(?<![\w/])Số(?:\s*:)?\s*\d)",
            r"\s+(?=V/v\s)",
            # a portal's sentence before the header: "... đăng ký gói cước. ỦY BAN NHÂN DÂN"
            rf"(?<=[{_SMALL}][.!?])\s+(?=[{_CAPS}]{{2,}}\s+[{_CAPS}]{{2,}})",
            r"(?<=năm \d{4})\s+(?=[" + _CAPS + r"])",
            # a header in capitals after running text or a time (a portal's summary above the page)
            rf"(?:(?<=[{_SMALL}])|(?<=[{_SMALL}]\.)|(?<=\d\d:\d\d)|(?<=[{_SMALL}] \d{{4}}))\s+(?=[{_CAPS}]{{2,}}\s+[{_CAPS}]{{2,}}\s+[{_CAPS}]{{2,}})",
            # a portal's list separators
            r"\s*•\s*",
            # a rule under the issuer or the motto: "-------", "_____"
            r"\s*(?<![-\w])[-_]{3,}(?![-\w])\s*",
            # each basis and each numbered heading after a sentence's end
            r"(?<=[;.:])\s+(?=(?:[-–+]\s*)?(?:Căn cứ|Thực hiện|Xét|Theo đề nghị)\s)",
            r"(?<=[\w”\"])\s+(?=(?:Căn cứ|Thực hiện)\s)",
            rf"(?<=[;.:])\s+(?=(?:[IVX]{{1,5}}|\d{{1,3}}(?:\.\d{{1,3}})*)\.\s+[{_CAPS}])",
            rf"(?<=[;.:])\s+(?=[a-zđ]\)\s+[{_CAPS}])",
            rf"(?<=[;.:])\s+(?=[-–+•]\s+[{_CAPS}])",
            r"\s+(?=Nơi\s+nhận\s*:)",
            r"\s*(?=«)",
            r"\s+(?=(?:TM|KT|TL|TUQ)\.\s+[" + _CAPS + r"])",
            # the issuer's name in capitals before the motto when the columns were run together
            rf"(?<=[{_CAPS}])\s+(?=CỘNG\s+H[OÒ][AÀ]\s+XÃ)",
            # a heading in capitals, then the first item: "I. MỤC ĐÍCH, YÊU CẦU 1. Nâng cao ..."
            rf"(?<=[{_CAPS}]{{2}})\s+(?=(?:\d{{1,3}}(?:\.\d{{1,3}})*\.|[a-zđ]\))\s+[{_CAPS}])",
        ]
    )
    return (
        # the cells of a flattened table: one per line, as the portal reader takes them
        (re.compile(r"\s*\|\s*"), "\n"),
        # "Hà Tĩnh, ngày 14 tháng 3 năm 2024": the place opens its line (consumed: one break only)
        (re.compile(rf"\s+({place},\s*ngày\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}\s+năm\s+\d{{4}})"), "\n\\1"),
        (re.compile(before), "\n"),
    )


@cache
def _type_opening_re() -> re.Pattern[str]:
    """The type name in capitals (and its qualifier) opening a line, before its title."""
    types = "|".join(re.escape(t.upper()) for t in sorted(doc_types(), key=len, reverse=True))
    qualifier = TYPE_QUALIFIER_RE.pattern.rstrip("$")
    return re.compile(rf"^((?:{types})(?:\s+{qualifier})?)\s+(?=\S)")


# the line a type line follows in a header: the place and date, the number, a rule
_BEFORE_TYPE_RE = re.compile(r"năm\s+\d{4}\s*$|^Số\s*:|^[-_*]{3,}$")


@cache
def _caps_lines() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A body's name after a locality on one line in capitals (``ỦY BAN MTTQ VIỆT NAM TỈNH ĐIỆN
    BIÊN BAN THƯỜNG TRỰC``); a signing title closing the title line (``... NĂM 2022 CHỦ TỊCH ỦY
    BAN QUỐC GIA VỀ CHUYỂN ĐỔI SỐ``, the authority line of a decision)."""
    heads = "|".join(re.escape(h.upper()) for h in sorted(agency_heads(), key=len, reverse=True) if len(h) > 2)
    titles = signing_titles_pattern()
    locality = r"(?:TỈNH|HUYỆN|THÀNH PHỐ|THỊ XÃ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN)"
    sub_body = re.compile(rf"(?m)^(?!.*CỘNG\s+H[OÒ][AÀ])([{_CAPS} ]*?{locality}(?:\s+[{_CAPS}]+){{1,3}}?)\s+(?=(?:{heads})\s)(?=[{_CAPS} ]+$)")
    authority = re.compile(
        rf"(?<=[{_CAPS}0-9])\s+(?=(?:{titles})(?:\s+[{_CAPS}]+){{0,10}}\s*$"
        rf"|(?:{heads})(?:\s+[{_CAPS}]+){{0,6}}\s+KH[OÓ]A\s+[IVXL]+(?:\s+[{_CAPS}0-9]+){{0,4}}\s*$"
        # a dispatch's sender: "THỦ TƯỚNG CHÍNH PHỦ điện:"
        rf"|(?:{titles})(?:\s+[{_CAPS}]+){{0,6}}\s+điện\s*:)"
    )
    return sub_body, authority


def _break(line: str) -> str:
    for pattern, replacement in _breaks():
        line = pattern.sub(replacement, line)
    sub_body, authority = _caps_lines()
    parts = sub_body.sub("\\1\n", line).split("\n")
    for k in range(len(parts) - 1, -1, -1):  # the title opens its own line under the type line
        if (k == 0 and not parts[0].startswith(" ")) or _BEFORE_TYPE_RE.search(parts[k - 1].strip()):
            parts[k : k + 1] = _type_opening_re().sub("\\1\n", parts[k]).split("\n")
    for k in range(1, len(parts)):  # the title line under a bare type line
        if canonical_doc_type(parts[k - 1].strip()):
            parts[k] = authority.sub("\n", parts[k])
    line = "\n".join(parts)
    parts = [_SIGNER_RE.sub("\n", part) for part in line.split("\n")]
    return "\n".join("\n".join(split_authority(p) or (p,)) for p in "\n".join(parts).split("\n"))




def _is_flat(line: str) -> bool:
    if len(line) < _FLAT_LINE:
        return False
    kinds = {m.group(0)[:2] for m in _HEADER_MARK_RE.finditer(line[:3000])}
    # a headerless copy: the type name in capitals, its title and a basis on one line
    headless = _type_opening_re().match(line) and re.search(r"\s(?:Căn cứ|Thực hiện)\s", line[:1500])
    return len(kinds) >= 2 or bool(headless)


def unflatten(text: str) -> tuple[str, str | None]:
    """``(text with its line breaks, what was done or None)``."""
    done = None
    lines = text.count("\n")
    pairs, singles = text.count("\\r\\n"), text.count("\\n")
    if (pairs >= 2 and pairs > lines) or (singles >= 5 and singles > 2 * lines):
        text = _ESCAPE_RE.sub("\n", text)
        done = "escaped line breaks (\\r\\n) restored"
    if not any(_is_flat(line) for line in text.split("\n")[:5]):
        return text, done
    out = []
    for line in text.split("\n"):
        out.append(_break(strip_emphasis(line)) if _is_flat(line) else line)
    return "\n".join(out), "a page saved on one line was broken at its header marks, bases and headings"
