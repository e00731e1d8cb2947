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
from functools import cache

from pipeline.extract.bodies import body_end, canonical_spelling
from pipeline.extract.opening import read_opening
from pipeline.extract.parties import expand_abbreviations
from pipeline.model import Attachment, DocumentInfo, Layout, PartialDate, Text, Zone
from pipeline.vi.fold import fix_tone_placement
from pipeline.vi.lexicon import (
    abbreviations,
    agency_heads,
    canonical_doc_type,
    doc_type_re,
    load_list,
)
from pipeline.vi.markers import is_capitalised
from pipeline.vi.numbers import type_from_symbol

__all__ = ["extract_header", "plan_year"]

# a line that continues the issuer above it: "TỈNH QUẢNG TRỊ" (but "HUYỆN ỦY NGHI LỘC" is a body)
_LOCALITY_RE = re.compile(r"^(?:TỈNH|HUYỆN|THỊ XÃ|XÃ|PHƯỜNG|THÀNH PHỐ|QUẬN|THỊ TRẤN|TP\.?)\b(?!\s+[ỦU][ỶY]\b)")
_LOCALITY_WORDS = ("tỉnh", "huyện", "thị xã", "xã", "phường", "thành phố", "quận", "thị trấn",
                   "thị ủy", "huyện ủy", "tỉnh ủy", "thành ủy", "quận ủy", "đảng bộ tỉnh",
                   "đảng bộ huyện", "đảng bộ thành phố")  # fmt: skip
_TITLE_YEAR_RE = re.compile(r"(?:năm|giai đoạn)\s+((?:19|20)\d{2})")


def _starts_body(line: str) -> bool:
    """A header line that names a body (``HUYỆN UỶ THANH HÀ``, ``SỞ NỘI VỤ``, ``BCH ĐOÀN ...``),
    either tone placement: a body of the lexicon (``bodies.tsv``) or a head word that opens one
    (``agency_heads.txt``, ``issuer_heads.txt``)."""
    if body_end(line, 0) > 0:
        return True
    low = fix_tone_placement(line.lower())
    heads = _head_keys()
    return any(low == h or low.startswith(h + " ") for h in heads)


@cache
def _head_keys() -> tuple[str, ...]:
    return tuple(fix_tone_placement(h.lower()) for h in (*agency_heads(), *load_list("issuer_heads.txt")))


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


_SCAN_CHARS = 4000


def _without_header(text: Text) -> DocumentInfo | None:
    """What a page without a header still says of itself (self-introduction, source note)."""
    # bounded: a self-introduction opens the page, a source note closes it (and a hostile line of
    # 300,000 spaces must not make the search quadratic)
    head = "\n".join(text.line_text(i) for i in range(min(len(text.lines), 12)))[:_SCAN_CHARS]
    m = SELF_INTRO_RE.search(head)
    if m and not NEWS_RE.search(head[: m.start()]):
        return _bare(doc_type=canonical_doc_type(m.group("type")), issuer=m.group("issuer").strip())
    tail = "\n".join(text.line_text(i) for i in range(max(0, len(text.lines) - 5), len(text.lines)))[-_SCAN_CHARS:]
    m = SOURCE_NOTE_RE.search(tail)
    if m:
        symbol = m.group("sym")
        return _bare(
            doc_type=canonical_doc_type(m.group("type")) or type_from_symbol(symbol, None, dispatch=True),
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
    hint = next((b for z, a, b in layout.zones if z == Zone.HEADER), 0)
    scan = read_opening(text, hint)
    doc_type, title = scan.doc_type, scan.title
    system = scan.system or _system_of(scan.symbol)
    if doc_type is None and scan.symbol:
        doc_type = "Công văn" if scan.letter and system != "party" else type_from_symbol(scan.symbol, system, dispatch=True)
    issuer, parent = _issuer(scan.issuer_lines)
    if issuer and scan.place and GENERIC_ISSUER_RE.fullmatch(issuer) and not parent:
        issuer = f"{issuer} tỉnh {scan.place}"  # "ỦY BAN NHÂN DÂN" whose locality line was lost
    if not any((system, scan.number, scan.symbol, issuer, doc_type and scan.date.year)):
        found = _without_header(text)
        if found is None and doc_type and title and scan.title_line >= 0:
            # a copy that kept only its type line and title ("KẾ HOẠCH" / "Tổ chức ..."): still the document
            found = _bare(doc_type=doc_type, title=title, draft=scan.draft)
        return found
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
    names = [canonical_spelling(expand_abbreviations(sentence_case(" ".join(b)))) for b in bodies]
    if not names:
        return None, None
    return names[-1], (names[-2] if len(names) > 1 else None)
