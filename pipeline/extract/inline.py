"""Assignments written inside the prose of an item, without field lines:

* ``Giao X chủ trì, phối hợp với Y tham mưu ...`` / ``Đề nghị X chủ trì ...`` → lead X, executors Y;
* ``Đề nghị X chỉ đạo thực hiện`` → lead X; ``Đề nghị X phối hợp ...`` → executors X;
* ``X chủ trì, phối hợp với Y ...`` (X a party opening the sentence) → lead X, executors Y;
* ``X thực hiện thường xuyên`` / ``X tổ chức thực hiện`` / ``X căn cứ Kế hoạch này ...`` → executors X;

and the time phrase of the assignment (``hoàn thành trong quý II/2024`` → ``trong quý II/2024``,
``thực hiện thường xuyên`` → ``thường xuyên``, ``định kỳ 6 tháng, năm``).
"""

from __future__ import annotations

import re

from pipeline.extract.parties import parse_parties
from pipeline.extract.timeline import parse_timeline
from pipeline.model import PartyGroup, Timeline

__all__ = ["find_inline"]

# verbs that close the list of co-operating bodies: "..., Phòng Tư pháp huyện tham mưu ..."
_VERBS = (
    r"tham mưu|tổ chức|triển khai|thực hiện|hướng dẫn|định hướng|theo dõi|đôn đốc|kiểm tra|rà soát|"
    r"báo cáo|tuyên truyền|vận động|chỉ đạo|xây dựng kế hoạch|tổng hợp|giám sát|biên soạn|phát hành"
)
# "Giao Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Y tham mưu"
GIVEN_LEAD_RE = re.compile(
    r"(?:^|[.;]\s*|\s)(?:[Gg]iao|[Đđ]ề nghị|[Yy]êu cầu|[Pp]hân công)\s+(?P<lead>[^.;]+?)\s+chủ trì"
    r"(?:(?:\s+thực hiện)?\s*,?\s*phối hợp với\s+(?P<exec>[^.;]+?)(?=\s+(?:" + _VERBS + r")\b|[.;]|$))?"
)
# "Đề nghị Ủy ban nhân dân huyện chỉ đạo thực hiện"
ASKED_LEAD_RE = re.compile(r"(?:^|[.;]\s*|\s)(?:[Đđ]ề nghị|[Gg]iao)\s+(?P<lead>[^.;]+?)\s+chỉ đạo(?:\s+thực hiện)?\b")
# "Đề nghị Ủy ban Mặt trận Tổ quốc ... phối hợp tuyên truyền"
ASKED_EXEC_RE = re.compile(r"(?:^|[.;]\s*|\s)(?:[Đđ]ề nghị|[Gg]iao)\s+(?P<exec>[^.;]+?)\s+phối hợp\b")
# a sentence opening with a party: "Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy theo dõi"
SUBJECT_RE = re.compile(
    r"(?:^|(?<=[.;])\s*|\n)(?P<subj>[A-ZĐÀ-Ỹ][^.;:\n]{2,160}?)\s+(?P<verb>chủ trì(?:\s+thực hiện)?\s*,?\s*phối hợp với\s+(?P<exec>[^.;]+?)(?=\s+(?:"
    + _VERBS
    + r")\b|[.;]|$)|chủ trì\b|(?:tổ chức\s+)?thực hiện\b|căn cứ\b)"
)
# time phrases: "hoàn thành trong quý II/2024", "thực hiện thường xuyên", "định kỳ 6 tháng, năm"
TIME_RE = re.compile(
    r"(?:hoàn thành|thực hiện|triển khai|tổ chức)\s+(?P<t>(?:trong|trước|từ|chậm nhất|đến|xong trước|ngay)\b[^.;]*|thường xuyên|định kỳ[^.;]*|hằng (?:năm|quý|tháng)|hàng (?:năm|quý|tháng))"
    r"|(?P<t2>định kỳ [^.;]*)|(?P<t3>\bthường xuyên\b)(?=\s*[.;]|\s*$)"
    r"|(?i:thời gian|thời hạn)(?:\s+(?:thực hiện|hoàn thành))?\s*:?\s+(?P<t4>[^.;]+)"
)


def _is_party(text: str) -> bool:
    group = parse_parties(text)
    return bool(group.parties) and all(len(p.name) < 160 for p in group.parties)


def _subject_ok(subject: str) -> bool:
    from pipeline.nlp import load_nlp

    doc = load_nlp()(subject)
    return any(s.start == 0 and s.label_ in ("HEAD", "GROUP") for s in doc.spans["cues"])


def find_inline(text: str, year: int | None) -> tuple[PartyGroup, PartyGroup, Timeline] | None:
    """Lead, executors and timeline written in prose, or ``None`` when no party is assigned."""
    lead_raw = exec_raw = None
    anchor = len(text)
    for m in GIVEN_LEAD_RE.finditer(text):
        lead_raw, exec_raw, anchor = m.group("lead"), m.group("exec"), m.start("lead")
    if lead_raw is None:
        for m in ASKED_LEAD_RE.finditer(text):
            lead_raw, anchor = m.group("lead"), m.start("lead")
    if lead_raw is None:
        for m in ASKED_EXEC_RE.finditer(text):
            exec_raw, anchor = m.group("exec"), m.start("exec")
    if lead_raw is None and exec_raw is None:
        for m in SUBJECT_RE.finditer(text):
            subject = m.group("subj").strip()
            if not _subject_ok(subject):
                continue
            anchor = m.start("subj")
            if m.group("verb").startswith("chủ trì"):
                lead_raw, exec_raw = subject, m.group("exec")
            else:
                lead_raw, exec_raw = None, subject
    if lead_raw is None and exec_raw is None:
        return None
    lead = parse_parties(lead_raw) if lead_raw else PartyGroup()
    executors = parse_parties(exec_raw) if exec_raw else PartyGroup()
    if lead_raw and not lead.parties and not executors.parties:
        return None
    return lead, executors, _time_phrase(text, anchor, year)


def _time_phrase(text: str, anchor: int, year: int | None) -> Timeline:
    """The time phrase of an assignment: after it first, else anywhere before it."""
    timeline = Timeline()
    after = list(TIME_RE.finditer(text, max(0, anchor - 1)))
    before = [m for m in TIME_RE.finditer(text) if m.start() < anchor - 1]
    for m in after + before[::-1]:
        raw = (m.group("t") or m.group("t2") or m.group("t3") or m.group("t4") or "").strip(" ,")
        t = parse_timeline(raw, year)
        timeline = Timeline(raw, t.kind, t.start, t.end, t.inferred_year)
        if t.kind != "unspecified":
            break
    return timeline
