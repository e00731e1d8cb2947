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
from dataclasses import dataclass, field
from functools import cache

from pipeline.extract.parties import expand_abbreviations
from pipeline.lexicon import abbreviations, agency_heads, canonical_doc_type, doc_type_re
from pipeline.model import Attachment, DocumentInfo, PartialDate, Signer, Text, Zone
from pipeline.normalize.fold import fix_tone_placement
from pipeline.segment.zones import (
    AUTHORITY_RE,
    RECIPIENTS_RE,
    RULE_RE,
    Layout,
    is_capitalised,
    type_qualifier,
)

__all__ = ["extract_header", "extract_closing", "plan_year"]

# the party's header line, in capitals (in running text "Đảng Cộng sản Việt Nam" is no signal)
PARTY_RE = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
# the state's national name, also when a web page wraps it: "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM"
STATE_RE = re.compile(r"^\W*(?:CỘNG\s+H(?:ÒA|OÀ|OA)(?:\s+XÃ\s+HỘI)?|CHỦ\s+NGHĨA\s+VIỆT\s+NAM)\b", re.IGNORECASE)
MOTTO_RE = re.compile(r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc", re.IGNORECASE)
# the Youth Union's line where the party's stands: "ĐOÀN TNCS HỒ CHÍ MINH" (not an issuer)
YOUTH_UNION_RE = re.compile(r"^ĐOÀN\s+(?:TNCS|THANH\s+NIÊN\s+CỘNG\s+SẢN)\s+HỒ\s+CHÍ\s+MINH$", re.IGNORECASE)
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


def _starts_body(line: str) -> bool:
    """A header line that names a body (``HUYỆN UỶ THANH HÀ``, ``SỞ NỘI VỤ``, ``BCH ĐOÀN ...``),
    either tone placement."""
    low = fix_tone_placement(line.lower())
    heads = _head_keys()
    return any(low == h or low.startswith(h + " ") for h in heads)


@cache
def _head_keys() -> tuple[str, ...]:
    extra = ("đảng bộ", "ubnd", "hđnd", "ủy ban", "bộ", "tổng cục", "mặt trận", "bch", "tỉnh đoàn", "huyện đoàn")
    return tuple(fix_tone_placement(h.lower()) for h in (*agency_heads(), *extra))


def sentence_case(caps: str) -> str:
    """``BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ`` → ``Ban Chỉ đạo thực hiện Quy chế dân chủ``;
    place names after a locality word keep their capitals (``Thị ủy Đức Phổ``)."""
    if not is_capitalised(caps):
        return " ".join(caps.split())
    keep = set(abbreviations())
    words = " ".join(w if w in keep else w.lower() for w in caps.split())
    words = re.sub(r"\bviệt nam\b", "Việt Nam", words)
    for head in sorted(agency_heads(), key=len, reverse=True):
        if words.startswith(head.lower() + " ") or words == head.lower():
            rest = words[len(head) :]
            if " " not in head and rest.strip():  # "Phòng Nội vụ", "Sở Tài chính": the field is named
                rest = " " + rest.strip()[:1].upper() + rest.strip()[1:]
            words = head + rest
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


@dataclass
class _HeaderScan:
    system: str | None = None
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    date: PartialDate = field(default_factory=PartialDate)
    draft: bool = False
    draft_label: str | None = None
    issuer_lines: list[str] = field(default_factory=list)


def _scan(text: Text, layout: Layout) -> _HeaderScan:
    """One pass over the header lines, each recognised by its shape."""
    scan = _HeaderScan()
    for i in _header_lines(text, layout):
        line = text.line_text(i).strip().lstrip("•·*+ ").strip()
        m = DRAFT_RE.search(line)
        if m:
            scan.draft, scan.draft_label = True, m.group(0).strip(" ()")
            line = (line[: m.start()] + " " + line[m.end() :]).strip()
        if not line:
            continue
        if PARTY_RE.search(line):
            scan.system = "party"
            continue
        if STATE_RE.search(line) or MOTTO_RE.search(line):
            scan.system = scan.system or "state"
            continue
        if YOUTH_UNION_RE.match(line):
            continue
        m = NUMBER_LINE_RE.match(line)
        if m and scan.number is None and scan.symbol is None:
            scan.number = m.group("num")
            scan.symbol = re.sub(r"\s+", "", m.group("sym")).replace("–", "-")
            continue
        m = PLACE_DATE_RE.match(line)
        if m and "ngày" in line.lower():
            scan.place = " ".join(m.group("place").split()) or None
            scan.date = _partial_date(m)
            continue
        if RULE_RE.match(line) or i in (layout.type_line, *layout.title_lines):
            continue
        if is_capitalised(line) and len(line) < 120 and line.count(",") < 2:  # slogans have commas
            scan.issuer_lines.append(line)
    return scan


def _partial_date(m: re.Match[str]) -> PartialDate:
    return PartialDate(
        int(m.group("y")) if m.group("y") else None,
        int(m.group("m")) if m.group("m") else None,
        int(m.group("d")) if m.group("d") else None,
    )


def _type_and_title(text: Text, layout: Layout, scan: _HeaderScan) -> tuple[str | None, str | None]:
    if layout.type_line < 0:
        return None, None
    type_text = text.line_text(layout.type_line).strip()
    doc_type = canonical_doc_type(type_text)
    parts = []
    if doc_type is None:
        m = doc_type_re().match(type_text)
        if m:
            doc_type = canonical_doc_type(m.group(0))
            if type_qualifier(type_text) is None:  # "CHƯƠNG TRÌNH HÀNH ĐỘNG": the qualifier is no title
                parts.append(type_text[m.end() :].strip(" :"))
    for i in layout.title_lines:
        t = text.line_text(i).strip()
        m = DRAFT_RE.fullmatch(t) or TRAILING_DRAFT_RE.search(t)
        if m:  # "Dự thảo lần 2" under the title, or "... năm 2024 (Dự thảo)" closing it
            scan.draft, scan.draft_label = True, m.group(0).strip(" ()")
            t = t[: m.start()].strip()
        parts.append(t)
    return doc_type, " ".join(" ".join(p for p in parts if p).split()) or None


# a draft mark closing the title line: "... năm 2024 (Dự thảo)", "... - Dự thảo lần 3"
TRAILING_DRAFT_RE = re.compile(r"\s*(?:[-–]\s*|\()\s*d[ựự]\s*th[ảả]o(?:\s+lần\s*(?:thứ\s*)?\d+)?\s*\)?\s*$", re.IGNORECASE)


def _system_of(symbol: str | None) -> str | None:
    """``KH/BCĐ`` (type code, then a slash) is the party's form; ``KH-UBND`` the state's."""
    if not symbol:
        return None
    return "party" if re.match(r"^[A-ZĐa-zđ]+/", symbol) else "state"


# "... ban hành Kế hoạch ... như sau:" — a plan that introduces itself, without a header
SELF_INTRO_RE = re.compile(
    r"(?:^|[.;,]\s+)(?P<issuer>[A-ZĐÀ-Ỹ][^.;:,]{2,90}?)\s+(?:đã\s+)?ban hành\s+(?P<type>Kế hoạch|Chương trình|Quyết định|Hướng dẫn|Đề án)\b[^.;:]*?(?:như sau|sau đây)\s*:"
)
# a news report of a plan: "Ban Thường vụ Tỉnh ủy vừa ban hành Chương trình hành động ..."
NEWS_RE = re.compile(r"\bvừa\s+(?:ban hành|ký ban hành|phê duyệt)\b")
# a portal's attribution: "(Nguồn công văn số 2983/UBND-VP - 22/09/2020)"; searched from "Nguồn"
# (a leading "\(?\s*" made a long run of spaces quadratic and captured nothing)
SOURCE_NOTE_RE = re.compile(
    r"Nguồn:?\s+(?P<type>[\wÀ-ỹ ]{2,20}?)\s+số\s+(?P<num>\d{1,5})\s*[/-]\s*(?P<sym>[A-ZĐ][\wĐđ/-]*)\s*[-–,]\s*"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})",
    re.IGNORECASE,
)
# "BAN HÀNH KẾ HOẠCH HOẠT ĐỘNG ...", "VỀ VIỆC BAN HÀNH KẾ HOẠCH KIỂM TRA ..."
ISSUES_PLAN_RE = re.compile(r"^(?:về việc\s+)?ban hành\s+(?P<rest>.+)$", re.IGNORECASE)


def _attachment(doc_type: str | None, title: str | None) -> Attachment | None:
    """For a decision or resolution that issues a plan, the plan it issues."""
    if doc_type not in ("Quyết định", "Nghị quyết") or not title:
        return None
    m = ISSUES_PLAN_RE.match(title)
    if not m:
        return None
    t = doc_type_re().match(m.group("rest"))
    if not t:
        return None
    attached = canonical_doc_type(t.group(0))
    rest = m.group("rest")[t.end() :].strip(" :") or None
    return Attachment(attached, rest) if attached else None


def _without_header(text: Text) -> DocumentInfo | None:
    """What a page without a header still says of itself (self-introduction, source note)."""
    head = "\n".join(text.line_text(i) for i in range(min(len(text.lines), 12)))
    m = SELF_INTRO_RE.search(head)
    if m and not NEWS_RE.search(head[: m.start()]):
        return _bare(doc_type=canonical_doc_type(m.group("type")), issuer=m.group("issuer").strip())
    tail = "\n".join(text.line_text(i) for i in range(max(0, len(text.lines) - 5), len(text.lines)))
    m = SOURCE_NOTE_RE.search(tail)
    if m:
        symbol = m.group("sym")
        return _bare(
            doc_type=canonical_doc_type(m.group("type")) or _type_from_symbol(symbol, None),
            number=m.group("num"),
            symbol=symbol,
            system=_system_of(symbol),
            date=PartialDate(int(m.group("y")), int(m.group("m")), int(m.group("d"))),
        )
    return None


def _bare(**fields: object) -> DocumentInfo:
    base: dict[str, object] = {
        "system": None, "doc_type": None, "number": None, "symbol": None, "issuer": None,
        "parent_issuer": None, "place": None, "date": PartialDate(), "title": None, "draft": False,
        "signer": None, "recipients": (),
    }  # fmt: skip
    base.update(fields)
    return DocumentInfo(**base)  # type: ignore[arg-type]


def extract_header(text: Text, layout: Layout) -> DocumentInfo | None:
    """The header fields, or ``None`` when the text has no official header at all."""
    scan = _scan(text, layout)
    doc_type, title = _type_and_title(text, layout, scan)
    system = scan.system or _system_of(scan.symbol)
    if doc_type is None and scan.symbol:
        doc_type = _type_from_symbol(scan.symbol, system)
    issuer, parent = _issuer(scan.issuer_lines)
    if issuer and scan.place and GENERIC_ISSUER_RE.fullmatch(issuer) and not parent:
        issuer = f"{issuer} tỉnh {scan.place}"  # "ỦY BAN NHÂN DÂN" whose locality line was lost
    if not any((system, scan.number, scan.symbol, issuer, doc_type and scan.date.year)):
        return _without_header(text)
    return DocumentInfo(
        system=system,
        doc_type=doc_type,
        number=scan.number,
        symbol=scan.symbol,
        issuer=issuer,
        parent_issuer=parent,
        place=scan.place,
        date=scan.date,
        title=title,
        draft=scan.draft,
        signer=None,
        recipients=(),
        attachment=_attachment(doc_type, title),
        draft_label=scan.draft_label,
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


# a state body named without its locality
GENERIC_ISSUER_RE = re.compile(r"(?:Ủy|Uỷ) ban nhân dân|Hội đồng nhân dân")


# web copies sometimes lose the first letter of the page: "Y BAN NHÂN DÂN" for "ỦY BAN NHÂN DÂN"
_LOST_U_RE = re.compile(r"^Y(?=\s+(?:BAN|Ban|ban)\s+(?:NHÂN DÂN|MẶT TRẬN|KIỂM TRA|nhân dân|kiểm tra)\b)")


def _issuer(lines: list[str]) -> tuple[str | None, str | None]:
    bodies: list[list[str]] = []
    for line in lines:
        clean = _LOST_U_RE.sub("Ủ" + ("Y" if line.isupper() else "y"), line.strip(" *_-.,:;"))
        if not clean:
            continue
        if bodies and (not _starts_body(clean) or _LOCALITY_RE.match(clean.upper())):
            bodies[-1].append(clean)
        else:
            bodies.append([clean])
    names = [expand_abbreviations(sentence_case(" ".join(b))) for b in bodies]
    if not names:
        return None, None
    return names[-1], (names[-2] if len(names) > 1 else None)


# --------------------------------------------------------------------------- closing block

# "Ngô Văn A", "Nông Thị Huyền": 2-5 capitalised words, no digits
# "Nguyễn Văn An", "Y Ngọc", "A Pớt", "Đinh Y Ly Niê": capitalised syllables, one letter allowed
NAME_RE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\s+){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")
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
        if is_capitalised(line) and len(line) < 60 and (authority or not in_recipients or not line.startswith("-")):
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
