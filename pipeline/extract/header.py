"""The header block and the closing block: system, type, number and symbol, issuer and parent,
place and date, title, draft mark, signer and recipients.

Header lines are recognised by their shape, not their order, because text exports interleave the
two columns of the header table: ``ĐẢNG CỘNG SẢN VIỆT NAM`` / ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM``
(the system), ``Độc lập - Tự do - Hạnh phúc`` (the motto), ``Số: 18/KH-UBND`` / ``Số 25-KH/BDVHU``,
``Lục Ngạn, ngày 20 tháng 02 năm 2024``, rules (``*``, ``-----``), ``DỰ THẢO``; what is left, in
order, is the issuer column (parent body above the issuer).
"""

from __future__ import annotations

import re

from pipeline.lexicon import agency_heads, canonical_doc_type
from pipeline.model import DocumentInfo, PartialDate, Signer, Text, Zone
from pipeline.segment.zones import AUTHORITY_RE, RECIPIENTS_RE, RULE_RE, Layout

__all__ = ["extract_header", "extract_closing", "plan_year"]

# the party's header line, in capitals (in running text "Đảng Cộng sản Việt Nam" is no signal)
PARTY_RE = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
# the state's national name, also when a web page wraps it: "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM"
STATE_RE = re.compile(r"^\W*(?:CỘNG\s+H(?:ÒA|OÀ|OA)(?:\s+XÃ\s+HỘI)?|CHỦ\s+NGHĨA\s+VIỆT\s+NAM)\b", re.IGNORECASE)
MOTTO_RE = re.compile(r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc", re.IGNORECASE)
# "DỰ THẢO", "Dự thảo lần 2", "(Dự thảo)"
DRAFT_RE = re.compile(r"\(?\s*D[ỰỰự]\s*TH[ẢẢả]O(?:\s+L[ẦầẦ]N\s*(?:THỨ\s*)?\d+)?\s*\)?", re.IGNORECASE)
# "Số: 18/KH-UBND", "Số 25-KH/BDVHU", "Số          -KH/BCĐ", "Số: 12/2010/NQ-HĐND", "Số: /KH-UBND"
NUMBER_LINE_RE = re.compile(
    r"^\s*S[ốô]\s*:?\s*(?P<num>\d{1,5}(?:/(?:19|20)\d{2})?)?\s*(?P<sep>[-/–])?\s*"
    r"(?P<sym>[A-ZĐ][A-Za-zĐđ0-9]*(?:\s*[-/–]\s*[A-ZĐ][A-Za-zĐđ0-9]*)*)"
)
# "Đức Phổ, ngày       tháng    năm 2023", "Quảng Trị, ngày 22 tháng 01 năm 2024", "Hà Nội, ngày 5/8/2024"
PLACE_DATE_RE = re.compile(
    r"^\s*(?P<place>[^,\d]{2,50}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*(?:tháng|/|-)\s*(?P<m>\d{1,2})?\s*(?:năm|/|-)\s*(?P<y>(?:19|20)\d{2})?",
    re.IGNORECASE,
)
# a line that continues the issuer above it: "TỈNH QUẢNG TRỊ" (but "HUYỆN ỦY NGHI LỘC" is a body)
_LOCALITY_RE = re.compile(r"^(?:TỈNH|HUYỆN|THỊ XÃ|XÃ|PHƯỜNG|THÀNH PHỐ|QUẬN|THỊ TRẤN|TP\.?)\b(?!\s+[ỦU][ỶY]\b)")
_LOCALITY_WORDS = ("tỉnh", "huyện", "thị xã", "xã", "phường", "thành phố", "quận", "thị trấn",
                   "thị ủy", "huyện ủy", "tỉnh ủy", "thành ủy", "quận ủy", "đảng bộ tỉnh",
                   "đảng bộ huyện", "đảng bộ thành phố")  # fmt: skip
_TITLE_YEAR_RE = re.compile(r"(?:năm|giai đoạn)\s+((?:19|20)\d{2})")


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _starts_body(line: str) -> bool:
    upper = line.upper()
    return any(upper.startswith(h.upper() + " ") or upper == h.upper() for h in agency_heads()) or upper.startswith(
        ("ĐẢNG BỘ", "UBND", "HĐND", "ỦY BAN", "UỶ BAN", "BỘ ", "TỔNG CỤC", "MẶT TRẬN")
    )


def sentence_case(caps: str) -> str:
    """``BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ`` → ``Ban Chỉ đạo thực hiện Quy chế dân chủ``;
    place names after a locality word keep their capitals (``Thị ủy Đức Phổ``)."""
    words = " ".join(caps.split()).lower()
    if not _is_caps(caps):
        return " ".join(caps.split())
    for head in sorted(agency_heads(), key=len, reverse=True):
        if words.startswith(head.lower() + " ") or words == head.lower():
            words = head + words[len(head) :]
            break
    out = words[:1].upper() + words[1:]
    for loc in sorted(_LOCALITY_WORDS, key=len, reverse=True):
        m = re.search(r"(?<!\w)" + re.escape(loc) + r"\s+(.+)$", out, re.IGNORECASE)
        if m:
            place = " ".join(w[:1].upper() + w[1:] for w in m.group(1).split())
            out = out[: m.start(1)] + place
            break
    return out


def plan_year(info: DocumentInfo | None, text: Text) -> int | None:
    """The plan's year: its date, else its title (``... năm 2023``), else the first year in the text."""
    if info and info.date.year:
        return info.date.year
    if info and info.title:
        m = _TITLE_YEAR_RE.search(info.title)
        if m:
            return int(m.group(1))
    m = re.search(r"năm\s+((?:19|20)\d{2})", text.text[:3000])
    return int(m.group(1)) if m else None


def _header_lines(text: Text, layout: Layout) -> list[int]:
    end = next((b for z, a, b in layout.zones if z == Zone.HEADER), 0)
    return [i for i in range(end) if text.lines[i].kind == "paragraph"]


def extract_header(text: Text, layout: Layout) -> DocumentInfo | None:
    """The header fields, or ``None`` when the text has no official header at all."""
    lines = _header_lines(text, layout)
    system = None
    number = symbol = place = None
    date = PartialDate()
    draft = False
    draft_label = None
    issuer_lines: list[str] = []
    for i in lines:
        raw = text.line_text(i).strip()
        line = raw
        m = DRAFT_RE.search(line)
        if m:
            draft, draft_label = True, m.group(0).strip(" ()")
            line = (line[: m.start()] + " " + line[m.end() :]).strip()
        if not line:
            continue
        if PARTY_RE.search(line):
            system = "party"
            continue
        if STATE_RE.search(line) or MOTTO_RE.search(line):
            system = system or "state"
            continue
        m = NUMBER_LINE_RE.match(line)
        if m and (number is None and symbol is None):
            number = m.group("num")
            symbol = re.sub(r"\s+", "", m.group("sym")).replace("–", "-")
            if number and "/" in number and m.group("sep") == "/":
                pass
            continue
        m = PLACE_DATE_RE.match(line)
        if m and "ngày" in line.lower():
            place = " ".join(m.group("place").split()) or None
            date = PartialDate(
                int(m.group("y")) if m.group("y") else None,
                int(m.group("m")) if m.group("m") else None,
                int(m.group("d")) if m.group("d") else None,
            )
            continue
        if RULE_RE.match(line) or i in (layout.type_line, *layout.title_lines):
            continue
        if _is_caps(line) and len(line) < 120:
            issuer_lines.append(line)
    doc_type = None
    title = None
    if layout.type_line >= 0:
        type_text = text.line_text(layout.type_line).strip()
        doc_type = canonical_doc_type(type_text)
        rest = ""
        if doc_type is None:
            from pipeline.lexicon import doc_type_re

            m2 = doc_type_re().match(type_text)
            if m2:
                doc_type = canonical_doc_type(m2.group(0))
                rest = type_text[m2.end() :].strip(" :")
        parts = [rest] if rest else []
        for i in layout.title_lines:
            t = text.line_text(i).strip()
            m = DRAFT_RE.fullmatch(t)
            if m:
                draft, draft_label = True, m.group(0).strip(" ()")
                continue
            parts.append(t)
        title = " ".join(" ".join(parts).split()) or None
    if system is None and symbol:
        system = "party" if re.match(r"^[A-ZĐ][\wĐđ]*/", symbol) and number is not None else None
        if symbol and "-" in symbol.split("/")[0] and number:
            system = None
    if doc_type is None and symbol:
        doc_type = _type_from_symbol(symbol, system)
    issuer, parent = _issuer(issuer_lines)
    if not any((system, number, symbol, issuer, doc_type and date.year)):
        return None
    if system is None:
        system = "party" if (symbol and re.match(r"^[A-ZĐa-zđ]+/", symbol)) else ("state" if symbol else None)
    return DocumentInfo(
        system=system,
        doc_type=doc_type,
        number=number,
        symbol=symbol,
        issuer=issuer,
        parent_issuer=parent,
        place=place,
        date=date,
        title=title,
        draft=draft,
        signer=None,
        recipients=(),
        draft_label=draft_label,
    )


def _type_from_symbol(symbol: str, system: str | None) -> str | None:
    """``KH-UBND`` / ``KH/BDVHU`` → ``Kế hoạch``; a state symbol without a type code
    (``UBND-VP``) is a công văn."""
    from pipeline.extract.references import TYPE_CODES

    code = re.split(r"[-/]", symbol)[0].upper()
    if code in TYPE_CODES:
        return TYPE_CODES[code]
    if system != "party" and "-" in symbol:
        return "Công văn"
    return None


def _issuer(lines: list[str]) -> tuple[str | None, str | None]:
    bodies: list[list[str]] = []
    for line in lines:
        clean = line.strip(" *_-")
        if not clean:
            continue
        if bodies and (not _starts_body(clean) or _LOCALITY_RE.match(clean.upper())):
            bodies[-1].append(clean)
        else:
            bodies.append([clean])
    names = [sentence_case(" ".join(b)) for b in bodies]
    if not names:
        return None, None
    return names[-1], (names[-2] if len(names) > 1 else None)


# --------------------------------------------------------------------------- closing block

# "Ngô Văn A", "Nông Thị Huyền": 2-5 capitalised words, no digits
NAME_RE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")
SIGNED_RE = re.compile(r"^\(?\s*(?:đã ký|ký tên|ký và đóng dấu|ký, đóng dấu|ký tên, đóng dấu)[^)]*\)?$", re.IGNORECASE)


def extract_closing(text: Text, layout: Layout) -> tuple[Signer | None, tuple[str, ...]]:
    """Signer and recipients from the signature and recipients zones."""
    tail: list[int] = []
    for zone, a, b in layout.zones:
        if zone in (Zone.SIGNATURE, Zone.RECIPIENTS):
            tail.extend(range(a, b))
    recipients: list[str] = []
    authority: list[str] = []
    position: list[str] = []
    name = None
    in_recipients = False
    for i in tail:
        line = text.line_text(i).strip()
        if RECIPIENTS_RE.match(line):
            in_recipients = True
            rest = RECIPIENTS_RE.sub("", line, count=1).strip()
            if rest.startswith(("-", "–", "+")):
                recipients.append(_clean_recipient(rest))
            continue
        if line.startswith(("-", "–", "+", "•")) and in_recipients:
            recipients.append(_clean_recipient(line))
            continue
        if SIGNED_RE.match(line) or RULE_RE.match(line) or line in ("./.",):
            continue
        if AUTHORITY_RE.match(line):
            authority.append(" ".join(line.split()))
            continue
        if _is_caps(line) and len(line) < 60 and (authority or not in_recipients or not line.startswith("-")):
            if authority or position or in_recipients:
                position.append(" ".join(line.split()))
            continue
        if NAME_RE.match(line):
            name = line
    recipients = [r for r in recipients if r]
    signer = None
    if authority or name or position:
        signer = Signer(
            authority=" ".join(authority) or None,
            position=position[-1] if position else None,
            name=name,
        )
    return signer, tuple(recipients)


def _clean_recipient(line: str) -> str:
    s = re.sub(r"^[-–+•]\s*", "", line).strip()
    return s.rstrip(" ,;.").strip()
