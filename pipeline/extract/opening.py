"""The opening of a document read unit by unit (:mod:`pipeline.extract.markup`), each unit
recognised by its shape, whatever order and shape the page gave them.

What is recognised: the system line (``ĐẢNG CỘNG SẢN VIỆT NAM``), the state's name and motto, also
when they are wrapped or share a cell with the issuer (``ỦY BAN NHÂN DÂN CỘNG HÒA XÃ`` / ``TỈNH
BẮC NINH HỘI CHỦ NGHĨA VIỆT NAM``), the number (``Số: 18/KH-UBND``, ``Số 25-KH/BDVHU``, ``Số: 773
/QĐ-TTg``), place and date, rules, the draft mark, the type line (``KẾ HOẠCH``, ``CÔNG ĐIỆN``)
and the title under it, a letter's summary (``V/v ...``, which makes the document a công văn),
the salutation (``Kính gửi``) and page chrome (never a field). What is left before the type line,
in order, is the issuer column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.bodies import split_bodies
from pipeline.extract.closing import is_chrome, record_label
from pipeline.extract.markup import Unit, units
from pipeline.model import PartialDate, Text
from pipeline.vi.document import BASIS_RE, BODY_OPENER_RE, RULE_RE, type_qualifier
from pipeline.vi.fold import fix_tone_placement
from pipeline.vi.lexicon import agency_heads, canonical_doc_type, doc_type_re, role_titles
from pipeline.vi.markers import is_capitalised, match_marker

__all__ = ["Opening", "read_opening", "NUMBER_LINE_RE", "PLACE_DATE_RE", "DRAFT_RE"]

PARTY_RE = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
MOTTO_RE = re.compile(r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc", re.IGNORECASE)
YOUTH_UNION_RE = re.compile(r"^ĐOÀN\s+(?:TNCS|THANH\s+NIÊN\s+CỘNG\s+SẢN)\s+HỒ\s+CHÍ\s+MINH$", re.IGNORECASE)
DRAFT_RE = re.compile(r"\(?\s*D[ỰỰự]\s*TH[ẢẢả]O(?:\s+L[ẦầẦ]N\s*(?:THỨ\s*)?\d+)?\s*\)?", re.IGNORECASE)
TRAILING_DRAFT_RE = re.compile(r"\s*(?:[-–]\s*|\()\s*d[ựự]\s*th[ảả]o(?:\s+lần\s*(?:thứ\s*)?\d+)?(?:\s*\))?\s*$", re.IGNORECASE)
# "Số: 18/KH-UBND", "Số 25-KH/BDVHU", "Số          -KH/BCĐ", "Số: 12/2010/NQ-HĐND", "Số: /KH-UBND", "Số: 773 /QĐ-TTg", "Số: 30c/QĐ-UBND"
NUMBER_LINE_RE = re.compile(
    r"^\s*S[ốô](?:\s*:)?\s*(?P<num>\d{1,5}[a-zđ]?(?:/(?:19|20)\d{2})?)?\s*(?P<sep>[-/–])?\s*"
    r"(?P<sym>[A-ZĐ][A-Za-zĐđ0-9.&]*(?:\s*[-/–]\s*[A-ZĐ][A-Za-zĐđ0-9.&]*)*)"
)
_DAY = r"\d\s?\d|\d"  # "0 6": a digit split by the page
PLACE_DATE_RE = re.compile(
    rf"^\s*(?P<place>[^,\d]{{2,50}}?)(?:\s*,)?\s*ngày\s*(?P<d>{_DAY})?\s*(?:tháng|/|-|\.)\s*(?P<m>{_DAY})?\s*(?:năm|/|-|\.)\s*(?P<y>(?:19|20)\d{{2}})?",
    re.IGNORECASE,
)
VV_RE = re.compile(r"^\s*(?:V/v|V/V|Về việc)(?:\s*:)?\s*", re.IGNORECASE)
SALUTATION_RE = re.compile(r"^\s*Kính\s+gửi\b", re.IGNORECASE)
# the state's name, word by word: wrapped lines and shared cells are read against it
_STATE_WORDS = ("CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM")
_PARTY_WORDS = ("ĐẢNG", "CỘNG", "SẢN", "VIỆT", "NAM")
# a rule or a table border inside a cell: "ỦY BAN NHÂN DÂN TỈNH SƠN LA -------", "|---|---|"
_INNER_RULE_RE = re.compile(r"\s*(?:[-_–—=*]\s*){3,}\s*|\s*:?-{3,}:?\s*")
CONNECTIVE_END_RE = re.compile(r"(?<!\w)(?:của|về|và|cho|với|tại|thuộc|trên|giữa|đối với|trong|số)\s*$", re.IGNORECASE)
_MAX_LINES = 60
# the term and session under a council's name: "KHÓA XIII KỲ HỌP THỨ 20"
SESSION_RE = re.compile(r"^(?:KH[ÓO]A\s+[IVXL]+|KỲ\s+HỌP)\b", re.IGNORECASE)


@dataclass
class Opening:
    system: str | None = None
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    date: PartialDate = field(default_factory=PartialDate)
    draft: bool = False
    draft_label: str | None = None
    issuer_lines: list[str] = field(default_factory=list)
    doc_type: str | None = None
    title: str | None = None
    letter: bool = False  # a "V/v ..." summary or a "Kính gửi" line: the shape of a công văn
    end: int = 0  # the first line after the opening
    anchor: int = 0  # the line of the number or the motto: above it nothing ends the opening
    title_line: int = -1


def _key(word: str) -> str:
    return fix_tone_placement(word.upper()).replace("OÀ", "ÒA").replace("HOA", "HÒA")


def _strip_sequence(words: list[str], seq: tuple[str, ...], progress: int) -> tuple[list[str], int]:
    """Remove from ``words`` the rest of ``seq`` (read up to ``progress`` on earlier lines) at
    their start or their end, and any new start of ``seq``; return the words left and the progress."""
    keys = [_key(w) for w in words]
    if 0 < progress < len(seq):
        need = list(seq[progress:])
        k = 0
        while k < len(keys) and progress + k < len(seq) and keys[k] == seq[progress + k]:
            k += 1
        if k and (progress + k == len(seq) or k >= 2 or k == len(keys)):
            return _strip_sequence(words[k:], seq, (progress + k) % len(seq))
        if len(keys) > len(need) and keys[-len(need) :] == need:  # "TỈNH BẮC NINH | HỘI CHỦ NGHĨA VIỆT NAM"
            return words[: -len(need)], 0
    for i in range(len(keys) - 1):
        if keys[i : i + 2] == list(seq[:2]):
            k = 0
            while i + k < len(keys) and k < len(seq) and keys[i + k] == seq[k]:
                k += 1
            rest, progress = _strip_sequence(words[i + k :], seq, k % len(seq))
            return words[:i] + rest, progress
    return words, progress


def _pieces(u: Unit) -> list[str]:
    """A cell split at inner rules and at the state's name and motto it shares with other text."""
    text = MOTTO_RE.sub(" | ", re.sub(r"^[•·+]\s*", "", u.text))
    return [p.strip() for p in _INNER_RULE_RE.split(text.replace("|", "\n")) for p in p.split("\n") if p.strip()]


def _starts_authority(s: str) -> bool:
    """A capitalised line naming a body or an office (``CHỦ TỊCH ỦY BAN ...``, ``THỦ TƯỚNG CHÍNH PHỦ``)."""
    if not is_capitalised(s):
        return False
    low = fix_tone_placement(s.lower())
    names = [fix_tone_placement(n.lower()) for n in (*agency_heads(), *role_titles(), "Thủ tướng", "Bộ trưởng", "Chính phủ")]
    return any(low == n or low.startswith(n + " ") for n in names)


def read_opening(text: Text, hint_end: int = 0) -> Opening:
    """The opening of ``text`` (at most its first lines; ``hint_end``: where the segmenter ends the header)."""
    n = min(len(text.lines), _MAX_LINES * 3)
    raw = [text.line_text(i) if text.lines[i].kind == "paragraph" else "|" for i in range(n)]
    out = Opening()
    state_progress = party_progress = 0
    title: list[str] = []
    in_title = False
    cells, out.anchor = _from_anchor(units(raw), max(hint_end, _MAX_LINES))
    # a line that is a type name alone ("KẾ HOẠCH", "CHƯƠNG TRÌNH HÀNH ĐỘNG") is the type line; only
    # without one does a type name opening a longer line ("KẾ HOẠCH Triển khai ...") count
    out.title_line = next((u.line for u in cells if _bare_type(u.text)), -1)
    value_next = False
    for k, u in enumerate(cells):
        after = cells[k + 1].text if k + 1 < len(cells) else ""
        if value_next or is_chrome(u.text):  # page chrome; a record label and its value
            value_next = record_label(u.text) == ""
            continue
        for piece in _pieces(u):
            done = _take(out, piece, u, title, in_title, after)
            if done == "body":
                out.end = u.line
                return _finish(out, title)
            in_title = done == "title"
            if done or out.doc_type:
                continue
            words, state_progress = _strip_sequence(piece.split(), _STATE_WORDS, state_progress)
            words, party_progress = _strip_sequence(words, _PARTY_WORDS, party_progress)
            if len(words) < len(piece.split()):
                if party_progress or PARTY_RE.search(piece):
                    out.system = "party"
                elif out.system is None:
                    out.system = "state"
                if PARTY_RE.search(piece):
                    out.system = "party"
            rest = " ".join(words).strip(" *_-.,:;")
            if rest and is_capitalised(rest) and len(rest) < 120 and rest.count(",") < 2 and not YOUTH_UNION_RE.match(rest):
                out.issuer_lines.extend(split_bodies(rest))  # "BỘ XÂY DỰNG CỤC ĐƯỜNG BỘ" in one cell
        out.end = u.last + 1
    return _finish(out, title)


def _take(out: Opening, s: str, u: Unit, title: list[str], in_title: bool, after: str = "") -> str:
    """Record ``s`` if it is a field: ``"field"``, ``"title"`` (a title is being read), ``"body"`` (the
    opening ends here) or ``""`` (not a field: maybe an issuer line)."""
    m = DRAFT_RE.fullmatch(s.strip()) or (DRAFT_RE.search(s) if is_capitalised(s) or s.startswith("(") else None)
    if m and (not title or DRAFT_RE.fullmatch(s.strip()) or TRAILING_DRAFT_RE.search(s)):
        out.draft, out.draft_label = True, m.group(0).strip(" ()")
        s = (s[: m.start()] + " " + s[m.end() :]).strip()
        if not s:
            return "title" if in_title else "field"
    if in_title:
        return _title_goes_on(out, s, title, after)
    if RULE_RE.match(s):
        return "field"
    if PARTY_RE.fullmatch(s.strip(" *")):
        out.system = "party"
        return "field"
    if MOTTO_RE.search(s):
        out.system = out.system or "state"
        return "field"
    m = NUMBER_LINE_RE.match(s)
    if m and out.number is None and out.symbol is None and not out.doc_type:
        out.number = m.group("num")
        out.symbol = re.sub(r"\s+", "", m.group("sym")).replace("–", "-").rstrip(".")
        rest = s[m.end() :]
        if "ngày" in rest.lower():  # "Số: 412/PGDĐT-THCS Cam Lâm, ngày 22 tháng 9 năm 2014" on one line
            _place_date(out, rest)
        return "field"
    if "ngày" in s.lower() and out.date.year is None and len(s) < 90 and _place_date(out, s):
        return "field"
    if VV_RE.match(s) and out.title is None and not out.doc_type:
        out.letter = True
        out.title = VV_RE.sub("", s).strip() or None
        return "field"
    if SALUTATION_RE.match(s):
        out.letter = True
        return "body" if out.doc_type or out.number else "field"
    if out.doc_type is None and (out.title_line < 0 or u.line == out.title_line):
        doc_type, rest = _type_of(s)
        if rest and (out.title_line >= 0 or is_capitalised(rest)):
            doc_type = None
        if doc_type and is_capitalised(s[: len(s) - len(rest or "")]):
            out.doc_type, out.title_line = doc_type, u.line
            if rest:
                title.append(rest)
            return "title"
    if u.line < out.anchor:  # a portal's heading or date line above the header
        return ""
    if BODY_OPENER_RE.match(s) or re.match(r"^(?:Điều\s+1\b|[IVX]+[.-]\s|\d+\.\s)", s):
        return "body"
    if len(s) > 150 and not is_capitalised(s):
        return "body"
    return ""


def _anchor(s: str) -> bool:
    return bool(NUMBER_LINE_RE.match(s) or MOTTO_RE.search(s) or PARTY_RE.search(s) or re.search(r"CỘNG\s+H[OÒ]", s))


def _prose(s: str) -> bool:
    """A sentence of running text (a portal's summary above the document)."""
    return not is_capitalised(s) and (len(s) > 150 or s.rstrip().endswith(".")) and not PLACE_DATE_RE.match(s)


def _from_anchor(cells: list[Unit], limit: int) -> tuple[list[Unit], int]:
    """The cells of the header: from after the prose a portal put above it (a summary, a heading)
    to ``limit`` lines after its anchor (the number line, the motto)."""
    at = next((k for k, u in enumerate(cells) if _anchor(u.text)), -1)
    if at < 0:
        return [u for u in cells if u.line < limit], 0
    first = 0
    for k in range(at - 1, -1, -1):
        if _prose(cells[k].text) or is_chrome(cells[k].text):
            first = k + 1
            break
    base = cells[first].line if first < len(cells) else 0
    return [u for u in cells[first:] if u.line < base + limit], cells[at].line


def _bare_type(s: str) -> bool:
    s = s.strip(" :")
    return is_capitalised(s) and (canonical_doc_type(s) is not None or type_qualifier(s) is not None)


def _type_of(s: str) -> tuple[str | None, str | None]:
    """``KẾ HOẠCH`` → (Kế hoạch, None); ``CHƯƠNG TRÌNH HÀNH ĐỘNG`` → (Chương trình, None);
    ``KẾ HOẠCH Triển khai ...`` → (Kế hoạch, ``Triển khai ...``)."""
    s = s.strip(" :")
    t = canonical_doc_type(s)
    if t:
        return t, None
    m = doc_type_re().match(s)
    if not m or not canonical_doc_type(m.group(0)):
        return None, None
    if type_qualifier(s) is not None:
        return canonical_doc_type(m.group(0)), None
    rest = s[m.end() :].strip(" :")
    if rest.lower().startswith(("số", "của", "này")) or len(s) > 200:
        return None, None
    return canonical_doc_type(m.group(0)), rest


def _title_goes_on(out: Opening, s: str, title: list[str], after: str = "") -> str:
    """Whether ``s`` continues the title under the type line; ``None`` ends the opening."""
    if RULE_RE.match(s):
        return "field" if title else "title"
    if SALUTATION_RE.match(s):
        out.letter = True
        return "body"
    opener = BASIS_RE.match(s) if not title else BODY_OPENER_RE.match(s)
    marker = match_marker(s)
    if opener or re.match(r"^(?:Điều\s+1\b|[IVX]+[.-]\s|\d+\.\s)", s) or (marker and marker.family == "part"):
        return "body"  # "PHẦN I. SỰ CẦN THIẾT ...", "Phần thứ nhất": the body's first part
    # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" / "Căn cứ ...", "THỦ TƯỚNG CHÍNH PHỦ điện:": the authority that
    # issues a decision stands between its title and its basis; "PHÒNG THỦ DÂN SỰ" ending a title does not
    authority_next = not after or BASIS_RE.match(after) or SESSION_RE.match(after) or s.rstrip().endswith(":")
    if title and _starts_authority(s) and authority_next and not CONNECTIVE_END_RE.search(title[-1]):
        return "body"  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" under a decision's title
    if title and (len(s) > 200 or title[-1].rstrip().endswith((".", ":", ";"))):
        return "body"
    if not title and len(s) > 400:
        return "body"
    if len(title) >= 12 or sum(len(t) for t in title) > 600:
        return "body"
    title.append(s)
    return "title"


def _finish(out: Opening, title: list[str]) -> Opening:
    if title:
        t = " ".join(" ".join(title).split()).rstrip(" .;:")
        m = TRAILING_DRAFT_RE.search(t)
        if m:
            out.draft, out.draft_label = True, m.group(0).strip(" ()-–")
            t = t[: m.start()].strip()
        out.title = t or out.title
    return out


def _place_date(out: Opening, s: str) -> bool:
    """Record the place and date of ``s`` (``Hà Nội, ngày 05 tháng 3 năm 2024``) when it is one."""
    m = PLACE_DATE_RE.match(s)
    if not m or out.date.year is not None:
        return False
    place = " ".join(m.group("place").split()).strip(" ,*")
    out.place = place or None
    out.date = _partial_date(m)
    return True


def _partial_date(m: re.Match[str]) -> PartialDate:
    def num(g: str | None) -> int | None:
        return int(g.replace(" ", "")) if g else None

    return PartialDate(num(m.group("y")), num(m.group("m")), num(m.group("d")))
