"""Assignments written inside the prose of an item, without field lines.

An assignment sentence names a party and what it does; the party ends at the first verb of
the predicate (``models/lexicons/verbs.txt``, lower case, not after ``các``/``những``):

* ``Giao X chủ trì, phối hợp với Y ...`` / ``Đề nghị X chủ trì ...`` → lead X, executors Y;
* ``Giao X chỉ đạo Y thực hiện`` / ``X chỉ đạo Y ...`` → lead X, executors Y;
* ``Giao X <any other verb>`` / ``Đề nghị X phối hợp ...`` → executors X;
* ``X chủ trì ...``, ``X là cơ quan thường trực, chủ trì ...`` (X a party opening the sentence)
  → lead X; ``X thực hiện thường xuyên``, ``X tổ chức quán triệt``, ``X căn cứ Kế hoạch này ...``
  → executors X;

and the time phrase of the assignment (``hoàn thành trong quý II/2024`` → ``trong quý II/2024``,
``thực hiện thường xuyên`` → ``thường xuyên``, ``định kỳ 6 tháng, năm``, ``trước ngày 10/12/2024``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.parties import parse_parties
from pipeline.extract.timeline import parse_timeline
from pipeline.lexicon import load_list
from pipeline.model import PartyGroup, Timeline

__all__ = ["find_inline", "split_subject"]

# "Giao ...", "Đề nghị ...", "Yêu cầu ...", "Phân công ..." open an assignment to the party after them
ASSIGN_RE = re.compile(r"^(?:[Gg]iao(?:\s+cho)?|[Đđ]ề nghị|[Yy]êu cầu|[Pp]hân công)\s+")
# "phối hợp với Y", "phối hợp Y" inside a predicate
WITH_RE = re.compile(r"\bphối hợp(?:\s+với)?\s+")
# time phrases: "hoàn thành trong quý II/2024", "thực hiện thường xuyên", "định kỳ 6 tháng, năm",
# "thời gian: tháng 5/2024", "trước ngày 15/3/2024"
TIME_RE = re.compile(
    r"(?:hoàn thành|thực hiện|triển khai|tổ chức)\s+(?P<t>(?:trong|trước|từ|chậm nhất|đến|xong trước|ngay)\b[^.;]*|thường xuyên|định kỳ[^.;]*|hằng (?:năm|quý|tháng)|hàng (?:năm|quý|tháng))"
    r"|(?P<t2>định kỳ [^.;]*)|(?P<t3>\bthường xuyên\b)(?=\s*[.;]|\s*$)"
    r"|(?i:thời gian|thời hạn)(?:\s+(?:thực hiện|hoàn thành))?\s*:?\s+(?P<t4>[^.;]+)"
    r"|(?P<t5>\b(?:trước|chậm nhất|không quá)\s+ngày\s+\d{1,2}\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{4})?)"
    r"|(?:hoàn thành|thực hiện)\s+(?P<t6>(?i:quý|tháng|năm)\s[^.;)]*)"
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


def _first_verb(text: str) -> re.Match[str] | None:
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
    m = _first_verb(sentence)
    if not m or m.start() == 0:
        return None
    subject = sentence[: m.start()].strip(" ,")
    return (subject, sentence[m.start() :]) if subject else None


def _opens_with_party(phrase: str) -> bool:
    from pipeline.nlp import load_nlp

    doc = load_nlp()(phrase)
    return any(s.start == 0 and s.label_ in ("HEAD", "GROUP") for s in doc.spans["cues"])


def _clauses(text: str) -> list[Clause]:
    out = []
    for m in _SENTENCE_RE.finditer(text):
        sentence = m.group(0).strip()
        offset = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        assign = ASSIGN_RE.match(sentence)
        body = sentence[assign.end() :] if assign else sentence
        split = split_subject(body)
        if split is None:
            continue
        subject, predicate = split
        if len(subject.split()) > 20 or not _opens_with_party(subject):
            continue
        out.append(Clause(subject, predicate.rstrip(" .;:"), bool(assign), offset + (assign.end() if assign else 0)))
    return out


def _roles(clause: Clause) -> tuple[str | None, str | None]:
    """``(lead raw, executors raw)`` of an assignment clause."""
    predicate = clause.predicate
    verb = _verb_re().match(predicate)
    first = verb.group(0) if verb else ""
    partners = None
    with_m = WITH_RE.search(predicate)
    if with_m:
        rest = predicate[with_m.end() :]
        stop = _first_verb(rest)
        partners = rest[: stop.start()].strip(" ,") if stop else rest.strip(" ,")
    chairs = re.search(r"\bchủ trì\b", predicate[: with_m.start()] if with_m else predicate)
    if first == "phối hợp" and not chairs:
        return None, clause.subject
    if chairs:
        return clause.subject, partners or None
    if first == "chỉ đạo":  # "X chỉ đạo Y thực hiện": X leads, Y carries out
        rest = predicate[len(first) :]
        stop = _first_verb(rest)
        target = (rest[: stop.start()] if stop else "").strip(" ,")
        return clause.subject, target if target and _opens_with_party(target) else None
    return None, clause.subject


def find_inline(text: str, year: int | None) -> tuple[PartyGroup, PartyGroup, Timeline] | None:
    """Lead, executors and timeline written in prose, or ``None`` when no party is assigned.

    The last assignment clause wins, one opened by ``Giao``/``Đề nghị`` before any other.
    """
    clauses = _clauses(text)
    if not clauses:
        return None
    clause = next((c for c in reversed(clauses) if c.assigned), clauses[-1])
    lead_raw, exec_raw = _roles(clause)
    lead = parse_parties(lead_raw) if lead_raw else PartyGroup()
    executors = parse_parties(exec_raw) if exec_raw else PartyGroup()
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
        timeline = Timeline(raw, t.kind, t.start, t.end, t.inferred_year)
        if t.kind != "unspecified":
            break
    return timeline
