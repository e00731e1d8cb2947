"""Assignments written inside the prose of an item, without field lines.

An assignment sentence names a party and what it does; the party ends at the first verb of
the predicate (``models/lexicons/verbs.txt``, lower case, not after ``các``/``những``):

* ``Giao X chủ trì, phối hợp với Y ...`` / ``Đề nghị X chủ trì ...`` → lead X, executors Y;
* ``Giao X chỉ đạo Y thực hiện`` / ``X chỉ đạo Y ...`` → lead X, executors Y;
* ``Giao X <any other verb>`` / ``Đề nghị X phối hợp với Y ...`` → lead X (the sole party the
  task is given to), executors Y;
* ``X chủ trì ...``, ``X là cơ quan thường trực, chủ trì ...`` (X a party opening the sentence)
  → lead X; ``X thực hiện thường xuyên``, ``X tổ chức quán triệt``, ``X căn cứ Kế hoạch này ...``
  → lead X;

and the time phrase of the assignment (``hoàn thành trong quý II/2024`` → ``trong quý II/2024``,
``thực hiện thường xuyên`` → ``thường xuyên``, ``định kỳ 6 tháng, năm``, ``trước ngày 10/12/2024``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.timeline import parse_timeline
from pipeline.extract.tools import Tools
from pipeline.model import PartyGroup, Timeline
from pipeline.vi.lexicon import load_list

__all__ = ["find_inline", "split_subject", "subjects_of", "partners_in", "time_phrase", "is_event", "first_verb"]

# "Giao ...", "Đề nghị ...", "Yêu cầu ...", "Phân công ..." open an assignment to the party after them
ASSIGN_RE = re.compile(r"^(?:[Gg]iao(?:\s+cho)?|[Đđ]ề nghị|[Yy]êu cầu|[Pp]hân công|[Kk]huyến khích)\s+")
# an introductory clause before the subject: "Căn cứ Kế hoạch này, ...", "Trên cơ sở ..., "
_INTRO_RE = re.compile(r"^(?:[Cc]ăn cứ|[Tt]rên cơ sở|[Tt]heo|[Tt]rong phạm vi|[Tt]ừ nay)\s")
# "phối hợp với Y", "phối hợp Y" inside a predicate
WITH_RE = re.compile(r"\b[Pp]hối hợp(?:\s+chặt chẽ|\s+thường xuyên)?(?:\s+với)?\s+")
# time phrases: "hoàn thành trong quý II/2024", "thực hiện thường xuyên", "định kỳ 6 tháng, năm",
# "thời gian: tháng 5/2024", "trước ngày 15/3/2024"
TIME_RE = re.compile(
    r"(?:hoàn thành|thực hiện|triển khai|tổ chức|xong)\s+(?P<t>(?:trong|trước|từ|chậm nhất|đến|xong trước|ngay)\b[^.;]*|thường xuyên|định kỳ[^.;]*|hằng (?:năm|quý|tháng)|hàng (?:năm|quý|tháng))"
    r"|(?P<t2>định kỳ [^.;]*)|(?P<t3>\bthường xuyên\b)(?=\s*[.;]|\s*$)"
    r"|(?i:thời gian|thời hạn)(?:\s+(?:thực hiện|hoàn thành))?(?:\s*:)?\s+(?P<t4>[^.;]+)"
    r"|(?P<t5>\b(?:trước|chậm nhất|không quá)\s+ngày\s+\d{1,2}\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{4})?)"
    r"|(?:hoàn thành|thực hiện)\s+(?P<t6>(?i:quý|tháng|năm)\s[^.;)]*)"
    # "(khi Bộ Y tế có văn bản triển khai)", "khi có yêu cầu của ...": an event
    r"|\((?P<t7>(?:ngay\s+)?(?:sau\s+)?khi\s[^()]{3,80})\)"
    r"|(?P<t8>\bkhi có (?:yêu cầu|đề nghị|văn bản)[^.;,()]{0,60})"
    # "trình Thủ tướng Chính phủ trong quý 1/2019", "xong trong tháng 12/2025"
    r"|(?P<t9>\btrong (?:quý|tháng) [IVX\d]{1,4}(?:\s*,\s*[IVX\d]{1,4})*(?:\s*/\s*\d{4})?(?![\w/]))"
    # "từ tháng 9 đến tháng 12", "từ tháng 3/2026" (no end), "trong vòng 10 ngày sau khi ..."
    r"|(?P<t11>\btừ (?:ngày|tháng|quý) [\dIVX/]{1,10}(?:\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày|tháng|quý|năm) [\dIVX/]{1,10})?)"
    r"|(?P<t12>\btrong (?:vòng|thời hạn) \d{1,3} (?:ngày|tháng)[^.;]{0,60})"
    # a sentence or bullet that opens with its deadline: "Đến năm 2020, ...", "Năm 2018: ..."
    r"|(?:^|\n|[.;]\s+)(?:[-–•+]\s*)?(?P<t10>(?:[Đđ]ến (?:hết )?|[Vv]ào |[Tt]rong )?[Nn]ăm \d{4})(?=\s*[,:])"
)
# an "unspecified" phrase is a timeline only when it names an event or a pace
_EVENT_RE = re.compile(
    r"^(?:ngay\s+)?(?:sau\s+)?khi\b|^theo (?:tiến độ|yêu cầu|kế hoạch)|^trong (?:vòng|thời hạn) \d", re.IGNORECASE
)
# sentences and parenthesised clauses: "Kiểm tra việc lưu trữ (Sở Nội vụ chủ trì, phối hợp Sở Tư pháp; ...)"
# a match starts only where a run starts and never backtracks into it (a long run ending at a line
# break was tried from each of its characters: quadratic); the matches are the same as without
_SENTENCE_RE = re.compile(r"(?<![^.;:!?()\n])[^.;:!?()\n]++(?:[.;:!?()]|$)")


@cache
def _verb_re() -> re.Pattern[str]:
    verbs = sorted(load_list("verbs.txt"), key=len, reverse=True)
    # a verb as a whole word, not after "các"/"những" (then it is a noun: "các tổ chức"), and
    # not "thực hiện" inside "Ban Chỉ đạo thực hiện ..." (a committee's name)
    return re.compile(
        r"(?<![Cc]ác )(?<![Nn]hững )(?<!Ban Chỉ đạo )(?<!\w)(?:" + "|".join(re.escape(v) for v in verbs) + r")(?!\w)"
    )


@dataclass(frozen=True, slots=True)
class Clause:
    """A sentence split into its party (the subject) and its predicate."""

    subject: str
    predicate: str
    assigned: bool  # opened by "Giao", "Đề nghị" ...
    start: int  # offset of the subject in the text


@cache
def _names_re() -> re.Pattern[str]:
    """Names with a verb inside ("Hội đồng phối hợp phổ biến, giáo dục pháp luật"): not predicates."""
    names = sorted(load_list("compound_names.txt"), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


def first_verb(text: str) -> re.Match[str] | None:
    protected = [(m.start(), m.end()) for m in _names_re().finditer(text)]  # in order
    k, reach = 0, -1
    for m in _verb_re().finditer(text):  # one sweep: inside a name = before the furthest end so far
        while k < len(protected) and protected[k][0] <= m.start():
            reach = max(reach, protected[k][1])
            k += 1
        if reach <= m.start():
            return m
    return None


def split_subject(sentence: str) -> tuple[str, str] | None:
    """``"Sở Tài chính tham mưu bố trí kinh phí"`` → ``("Sở Tài chính", "tham mưu bố trí kinh phí")``."""
    m = first_verb(sentence)
    if not m or m.start() == 0:
        return None
    subject = sentence[: m.start()].strip(" ,")
    return (subject, sentence[m.start() :]) if subject else None


_LETTER_RE = re.compile(r"[^\W\d_]")


def _clauses(text: str, tools: Tools) -> list[Clause]:
    out = []
    for m in _SENTENCE_RE.finditer(text):
        raw = m.group(0)
        if not _LETTER_RE.search(raw):
            continue  # "1", "2023": no party, no verb (a 1,000-level "1.1.1..." is 500,000 of them)
        bullet = re.match(r"\s*[-–+•]\s+", raw)  # "- Trung tâm Kiểm soát bệnh tật tỉnh chủ trì ..."
        lead_in = bullet.end() if bullet else len(raw) - len(raw.lstrip())
        sentence = raw[lead_in:].strip()
        offset = m.start() + lead_in
        assign = ASSIGN_RE.match(sentence)
        body = sentence[assign.end() :] if assign else sentence
        if not _INTRO_RE.match(body) and _verb_re().match(body[:1].lower() + body[1:]):
            continue  # "Ban hành kế hoạch ...", "Báo cáo kết quả ...": a verb, not a body, opens it
        split = split_subject(body)
        if split is None:
            continue
        subject, predicate = split
        intro = _INTRO_RE.match(subject)
        if intro and not assign:  # "Căn cứ Kế hoạch này, Giám đốc các Sở ... xây dựng ..."
            rest = subject[intro.end() :]
            comma = next((m.end() for m in re.finditer(r",\s*", rest) if tools.opens_with(rest[m.end() :])), None)
            if comma is None:
                continue
            offset += len(subject) - len(rest[comma:])
            subject = rest[comma:]
        subject = _before_clause(subject)
        # a list of bodies asked to act may be long ("Đề nghị Văn phòng Tỉnh ủy, ..., Chi cục ...")
        if len(subject.split()) > (80 if assign else 20) or not tools.opens_with(subject):
            continue
        out.append(Clause(subject, predicate.rstrip(" .;:"), bool(assign), offset + (assign.end() if assign else 0)))
    return out


@cache
def _clause_re() -> re.Pattern[str]:
    openers = sorted(load_list("clause_openers.txt"), key=len, reverse=True)
    return re.compile(r",\s*(?:" + "|".join(re.escape(o) for o in openers) + r")(?!\w)")


def _before_clause(subject: str) -> str:
    """``Sở Tài chính, trên cơ sở đề xuất của ...`` → ``Sở Tài chính``."""
    m = _clause_re().search(subject)
    return subject[: m.start()].strip() if m else subject


# a piece of a field value longer than this is a sentence, not a list of names
_LIST_WORDS = 15


_SENTENCE_BREAK_RE = re.compile(r"\.\s+(?=[A-ZĐÀ-Ỹ])")


def _value_pieces(value: str) -> list[str]:
    r"""``re.split(r"\s*;\s*|\.\s+(?=[A-ZĐÀ-Ỹ])", value)`` in linear time: that pattern tried
    ``\s*;`` from every character of a run of spaces (a 188,000-space value took minutes)."""
    parts = value.split(";")
    out: list[str] = []
    for k, part in enumerate(parts):
        part = part.lstrip() if k else part
        part = part.rstrip() if k < len(parts) - 1 else part
        out.extend(_SENTENCE_BREAK_RE.split(part))
    return out


def subjects_of(value: str, tools: Tools) -> str:
    """A field value written as sentences, each cut to its subject: ``Sở Khoa học và Công nghệ
    tiến hành rà soát ...; các sở, ngành liên quan và UBND các xã rà soát ...`` → ``Sở Khoa học và
    Công nghệ; các sở, ngành liên quan và UBND các xã``. Values without a predicate are kept."""
    pieces = []
    for piece in _value_pieces(value):
        if len(piece.split()) <= _LIST_WORDS:  # a name, or a list of names ("Ban chỉ đạo các xã")
            pieces.append(piece.strip())
            continue
        split = split_subject(piece)
        if split is not None and tools.opens_with(split[0]):
            piece = _before_clause(split[0])
        elif split is not None:
            continue  # a sentence about the task, not a party ("Đồng thời, ...")
        pieces.append(piece.strip())
    return "; ".join(p for p in pieces if p) or value


def _roles(clause: Clause, tools: Tools) -> tuple[str | None, str | None]:
    """``(lead raw, executors raw)`` of an assignment clause."""
    predicate = clause.predicate
    verb = _verb_re().match(predicate)
    first = verb.group(0) if verb else ""
    partners = None
    with_m = WITH_RE.search(predicate)
    if with_m:
        rest = predicate[with_m.end() :]
        stop = first_verb(rest)
        partners = rest[: stop.start()].strip(" ,") if stop else rest.strip(" ,")
    chairs = re.search(r"\bchủ trì\b", predicate[: with_m.start()] if with_m else predicate)
    if chairs:
        return clause.subject, partners or None
    if first == "chỉ đạo":  # "X chỉ đạo Y thực hiện": X leads, Y carries out
        rest = predicate[len(first) :]
        stop = first_verb(rest)
        target = (rest[: stop.start()] if stop else "").strip(" ,")
        return clause.subject, target if target and tools.opens_with(target) else None
    # the party the task is given to leads it (the contract's rule since 2026-12), whatever its
    # verb: "X thực hiện ...", "Đề nghị X phối hợp với Y ..."
    return clause.subject, partners or None


def find_inline(text: str, year: int | None, tools: Tools) -> tuple[PartyGroup, PartyGroup, Timeline] | None:
    """Lead, executors and timeline written in prose, or ``None`` when no party is assigned.

    The last assignment clause wins, one opened by ``Giao``/``Đề nghị`` before any other.
    """
    clauses = _clauses(text, tools)
    if not clauses:
        return None
    clause = next((c for c in reversed(clauses) if c.assigned), clauses[-1])
    lead_raw, exec_raw = _roles(clause, tools)
    lead, executors = tools.parties(lead_raw), tools.parties(exec_raw)
    if not lead.parties and not executors.parties and not executors.and_related:
        return None
    return lead, executors, _time_phrase(text, clause.start, year)


def _time_phrase(text: str, anchor: int, year: int | None) -> Timeline:
    """The time phrase of an assignment: after it first, else anywhere before it."""
    timeline = Timeline()
    after = list(TIME_RE.finditer(text, max(0, anchor - 1)))
    before = [m for m in TIME_RE.finditer(text) if m.start() < anchor - 1]
    for m in after + before[::-1]:
        raw = next((g for g in m.groups() if g), "").strip(" ,")
        t = parse_timeline(raw, year)
        if t.kind == "unspecified" and not is_event(raw):
            continue  # "thời gian thực ...", "được cấp Huy chương": no time phrase at all
        timeline = Timeline(raw, t.kind, t.start, t.end, t.inferred_year)
        if t.kind != "unspecified":
            break
    return timeline


def partners_in(text: str, tools: Tools) -> list[str]:
    """The parties named after ``phối hợp (với)`` in each sentence of ``text``, in order
    (``Chủ trì, phối hợp với Sở Tư pháp tổ chức ...`` → ``["Sở Tư pháp"]``)."""
    out = []
    for m in WITH_RE.finditer(text):
        rest = text[m.end() :]
        end = re.search(r"[.;:\n()]", rest)
        rest = rest[: end.start()] if end else rest
        stop = first_verb(rest)
        raw = (rest[: stop.start()] if stop else rest).strip(" ,")
        if raw and tools.opens_with(raw):
            out.append(raw)
    return out


def time_phrase(text: str, year: int | None) -> Timeline:
    """The first time phrase of ``text`` (``hoàn thành trong tháng 11/2025``), or an empty timeline."""
    return _time_phrase(text, 0, year)


def is_event(raw: str) -> bool:
    """Whether an unnormalizable time phrase still names an event or a pace (``khi có yêu cầu``,
    ``theo tiến độ``, ``trong vòng 10 ngày``): a timeline of kind ``unspecified``."""
    return bool(_EVENT_RE.match(raw.lstrip(" -–•+(")))
