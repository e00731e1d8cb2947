"""Zones of an administrative document, from the conventions of NĐ 30/2020 and HD 36-HD/VPTW.

Top: the header (issuer, national motto or ``ĐẢNG CỘNG SẢN VIỆT NAM``, number, place and date),
then the type name in capitals (``KẾ HOẠCH``) and the summary line (trích yếu), closed by a rule
(``-----``, ``___``) or by the first body line. Then an unnumbered preamble (``Căn cứ ...``,
``Thực hiện ...``), the numbered body, and at the end ``Nơi nhận:`` with its ``- ...`` lines, the
signature block (``T/M BAN THƯỜNG VỤ``, ``KT. CHỦ TỊCH``, a position, a name) and appendices
(``PHỤ LỤC``). Footnote lines come last in :class:`~pipeline.model.Text`.
"""

from __future__ import annotations

import re

from pipeline.model import BlockKind, Layout, Text, Zone
from pipeline.vi.document import (
    AUTHORITY_RE,
    BASIS_RE,
    BODY_OPENER_RE,
    RECIPIENTS_RE,
    RULE_RE,
    type_qualifier,
)
from pipeline.vi.lexicon import canonical_doc_type, doc_type_re
from pipeline.vi.markers import is_capitalised, match_marker

# "PHỤ LỤC", "Phụ lục I", "PHỤ LỤC 01"
APPENDIX_RE = re.compile(
    r"^\s*(?:PH[ỤU]\s*L[ỤU]C\b(?!\s*(?:kèm|ban hành))|DANH\s+MỤC\s+(?:CÁC\s+)?(?:NHIỆM\s+VỤ|HOẠT\s+ĐỘNG|CÔNG\s+VIỆC|ĐỀ\s+ÁN))",
    re.IGNORECASE,
)
_MAX_HEADER_LINES = 60


def find_type_line(text: Text, limit: int = _MAX_HEADER_LINES) -> int:
    """Index of the line holding the document type in capitals (``KẾ HOẠCH``), or -1.

    A line that is only a type name wins; else a capitalised type name opening a short line
    outside the header table (``KẾ HOẠCH Cải cách hành chính năm 2024``).
    """
    pattern = doc_type_re()
    end = min(limit, len(text.lines))
    # no type line after the closing block begins: a portal's box ("THÔNG BÁO") below the signature
    end = next((i for i in range(end) if RECIPIENTS_RE.match(text.line_text(i)) or AUTHORITY_RE.match(text.line_text(i))), end)
    for i in range(end):
        line = text.line_text(i).strip()
        if is_capitalised(line) and canonical_doc_type(line):
            return i
    for i in range(end):  # "CHƯƠNG TRÌNH HÀNH ĐỘNG", "KẾ HOẠCH LIÊN TỊCH", "QUY CHẾ PHỐI HỢP"
        line = text.line_text(i).strip()
        if is_capitalised(line) and type_qualifier(line) is not None:
            return i
    for i in range(end):
        line = text.line_text(i).strip()
        m = pattern.match(line)
        if not m or not is_capitalised(m.group(0)) or text.lines[i].cell is not None:
            continue
        rest = line[m.end() :].strip(" :")
        if rest and not is_capitalised(rest) and len(line) < 200 and not rest.lower().startswith("số"):
            return i
    return -1


# a title line that ends mid-phrase: "... CỦA", "... VỀ", "... VÀ"
CONNECTIVE_END_RE = re.compile(r"\b(?:của|về|và|cho|với|tại|thuộc|trên|giữa|đối với|trong)\s*$", re.IGNORECASE)


def _opens_authority(line: str) -> bool:
    """A capitalised line naming a body or an office: ``CHỦ TỊCH ...``, ``ỦY BAN NHÂN DÂN ...``."""
    from pipeline.vi.lexicon import agency_heads, role_titles

    if not is_capitalised(line):
        return False
    upper = line.upper()
    names = [n.upper() for n in (*agency_heads(), *role_titles())]
    return any(upper == n or upper.startswith(n + " ") for n in names)


def _title_lines(text: Text, type_line: int, end: int) -> tuple[int, ...]:
    """The summary lines (trích yếu) under the type line. The first one is the title whatever
    verb it opens with (``Thực hiện Nghị quyết ...``, ``Triển khai ...``) when the type line is
    the type name alone; only a basis clause (``Căn cứ``, ``Xét``) or a label ends it at once."""
    out: list[int] = []
    bare_type = canonical_doc_type(text.line_text(type_line).strip()) is not None
    for i in range(type_line + 1, min(end, type_line + 5)):
        line = text.line_text(i).strip()
        opener = BASIS_RE.match(line) if (bare_type and not out) else BODY_OPENER_RE.match(line)
        if RULE_RE.match(line) or opener or match_marker(line):
            break
        if out and (len(line) > 160 or text.line_text(out[-1]).rstrip().endswith((".", ":", ";"))):
            break
        if out and _opens_authority(line) and not CONNECTIVE_END_RE.search(text.line_text(out[-1])):
            break  # "CHỦ TỊCH ỦY BAN ..." / "HỘI ĐỒNG NHÂN DÂN TỈNH ..." under a decision's title
        if not out and len(line) > 400:
            break
        out.append(i)
    return tuple(out)


# header lines without a type line: "CỘNG HÒA ...", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số: 12/KH-UBND", "..., ngày"
HEADER_MARK_RE = re.compile(
    r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|Độc\s+lập\s*-\s*Tự\s+do|^\s*Số(?:\s*:)?\s*\d*\s*[-/]|^[^,\d]{2,40},\s*ngày\s+\d{0,2}\s*tháng"
)


def _header_end_without_type(text: Text, limit: int) -> int:
    """After the last header mark among the first lines, when no type line was found."""
    end = 0
    for i in range(min(_MAX_HEADER_LINES, limit)):
        line = text.line_text(i)
        if len(line) < 120 and HEADER_MARK_RE.search(line):
            end = i + 1
        elif end and (BODY_OPENER_RE.match(line) or (match_marker(line) and match_marker(line).family in ("roman", "arabic"))):  # type: ignore[union-attr]
            break
    return end


# "(Ban hành kèm theo Quyết định số 27/QĐ-UBQGCĐS ngày ...)", "(Kèm theo Kế hoạch số ...)"
# "Điều 1.", "Điều 2:" — the articles of a decision
ARTICLE_RE = re.compile(r"^Điều\s+\d{1,2}\s*[.:]")
ATTACHED_RE = re.compile(r"^(?:\s*\()?\s*(?:Ban hành\s+)?kèm theo\b", re.IGNORECASE)


def _attached_plan(text: Text, start: int, end: int) -> int:
    """The type line of a plan attached to a decision (``KẾ HOẠCH`` followed by ``(Ban hành kèm
    theo Quyết định ...)``) between ``start`` and ``end``, or -1."""
    articles = False  # "Điều 1. Ban hành kèm theo ..." seen: the decision's own text is over
    for i in range(start, end):
        line = text.line_text(i).strip()
        attached = any(ATTACHED_RE.match(text.line_text(j)) for j in range(i + 1, min(end, i + 5)))
        alone = articles and len(line) <= 40  # the type name alone on its line, after the articles
        if (attached or alone) and is_capitalised(line) and canonical_doc_type(line):
            return _header_block_start(text, start, i)
        articles = articles or bool(ARTICLE_RE.match(line))
    return -1


def _header_block_start(text: Text, start: int, type_line: int) -> int:
    """The first line of the header block above an attached plan's type line (``ỦY BAN NHÂN DÂN``,
    ``CỘNG HÒA ...``, ``Số: ...``, place and date, written again above the plan)."""
    first = type_line
    for i in range(type_line - 1, max(start, type_line - 12) - 1, -1):
        line = text.line_text(i).strip()
        if HEADER_MARK_RE.search(line) or RULE_RE.match(line) or (is_capitalised(line) and _opens_authority(line)):
            first = i
        elif is_capitalised(line) and len(line) < 80 and first - i == 1:
            first = i  # a locality line under the issuer: "HUYỆN YÊN THẾ"
        else:
            break
    return first


def _body_and_tail(text: Text, start: int, end: int) -> list[tuple[Zone, int, int]]:
    """Preamble, body, signature, recipients and appendix of the lines ``[start, end)``."""
    appendix = next(
        (i for i in range(start, end) if APPENDIX_RE.match(text.line_text(i)) and is_capitalised(text.line_text(i)[:10])),
        end,
    )
    recipients = next((i for i in range(start, appendix) if RECIPIENTS_RE.match(text.line_text(i))), appendix)
    signature = next((i for i in range(start, recipients) if AUTHORITY_RE.match(text.line_text(i))), recipients)
    tail_start = min(recipients, signature)
    # the preamble runs to the first top-level numbered item
    body_start = tail_start
    for i in range(start, tail_start):
        marker = match_marker(text.line_text(i))
        if marker and marker.family in ("part", "roman", "arabic", "decimal"):
            body_start = i
            break
    zones = [(Zone.PREAMBLE, start, body_start), (Zone.BODY, body_start, tail_start)]
    if signature < recipients:
        zones.append((Zone.SIGNATURE, signature, recipients))
    zones.append((Zone.RECIPIENTS, recipients, appendix))
    zones.append((Zone.APPENDIX, appendix, end))
    return zones


def find_zones(text: Text) -> Layout:
    """Split the lines of ``text`` into zones (see the module docstring).

    A decision that issues a plan (``QUYẾT ĐỊNH`` ... ``Điều 1. Ban hành kèm theo ... Kế hoạch``)
    is followed by the plan itself: the decision's text and closing block come first, then the
    plan's own preamble, body and appendices.
    """
    n = len(text.lines)
    body_end = next((i for i, line in enumerate(text.lines) if line.kind == BlockKind.FOOTNOTE), n)
    type_line = find_type_line(text)
    title: tuple[int, ...] = ()
    start = 0
    if type_line < 0:
        start = _header_end_without_type(text, body_end)
    else:
        title = _title_lines(text, type_line, body_end)
        start = (title[-1] if title else type_line) + 1
        if start < body_end and RULE_RE.match(text.line_text(start)):
            start += 1
    zones = [(Zone.HEADER, 0, start)]
    attached = _attached_plan(text, start, body_end) if type_line >= 0 else -1
    if attached > 0:
        decision = _body_and_tail(text, start, attached)
        zones += [(Zone.PREAMBLE, start, attached)] + [z for z in decision if z[0] in (Zone.SIGNATURE, Zone.RECIPIENTS)]
        zones += _body_and_tail(text, attached, body_end)
        zones = _without_overlaps(zones)
    else:
        zones += _body_and_tail(text, start, body_end)
    zones.append((Zone.NOTES, body_end, n))
    return Layout(type_line, title, tuple(z for z in zones if z[2] > z[1]))


def _without_overlaps(zones: list[tuple[Zone, int, int]]) -> list[tuple[Zone, int, int]]:
    """Zones in order, each line in one zone: a later zone trims the one before it."""
    ordered = sorted((z for z in zones if z[2] > z[1]), key=lambda z: (z[1], -z[2]))
    out: list[tuple[Zone, int, int]] = []
    for zone, a, b in ordered:
        if out and out[-1][2] > a:
            prev = out[-1]
            out[-1] = (prev[0], prev[1], a)
        out.append((zone, a, b))
    return [z for z in out if z[2] > z[1]]
