"""Parties: the value of a lead or executor field to canonical party names.

The contract's rules, on the tokens and cue spans of the spaCy pipeline (:mod:`pipeline.nlp`):

1. split on ``;`` always; on ``,`` and ``và`` only where the right side opens a new party (an
   agency head, a role title or a group such as ``các tổ chức``) and the left side already is
   one, never inside a protected name (``Phòng Lao động - Thương binh và Xã hội``);
2. drop honorifics and introducers (``Đồng chí``, ``các đồng chí``, ``... các cơ quan:``);
3. expand abbreviations (``BCĐ`` → ``Ban Chỉ đạo``);
4. share a common head: ``Trưởng Ban và các đồng chí Phó Trưởng Ban Chỉ đạo thị xã`` →
   ``Trưởng Ban Chỉ đạo thị xã``, ``Phó Trưởng Ban Chỉ đạo thị xã``; and a locality written
   once at the end: ``Ủy ban Mặt trận, các tổ chức chính trị - xã hội thị xã``;
5. generic tails (``và các cơ quan liên quan``) are not parties: ``and_related``.

>>> from pipeline.nlp import load_nlp
>>> [p.name for p in parse_parties("Ban Dân vận Thị ủy, Văn phòng thị xã", load_nlp()).parties]
['Ban Dân vận Thị ủy', 'Văn phòng thị xã']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache, partial
from typing import TYPE_CHECKING

from pipeline.model import Party, PartyGroup
from pipeline.vi.lexicon import abbreviations, agency_heads, role_titles

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["parse_parties", "rules_parser", "baseline_parties", "expand_abbreviations"]

# "Các đồng chí thành viên Ban Chỉ đạo là đại diện lãnh đạo các cơ quan: X; Y" -> "X; Y"
INTRO_CLAUSE_RE = re.compile(
    r"^[^:]{0,160}?(?:đại diện|gồm|bao gồm|như sau|sau đây|cụ thể)[^:]{0,80}:\s*", re.IGNORECASE
)
# locality words that close a name: "thị xã", "huyện", "Thị ủy", "tỉnh Quảng Trị"
LOCALITY_TAIL_RE = re.compile(
    r"\s(?P<tail>(?:thị xã|huyện|tỉnh|thành phố|quận|xã|phường|thị trấn|(?:[Tt]hị|[Hh]uyện|[Tt]ỉnh|[Tt]hành|[Qq]uận) [uủ][ỷy])"
    r"(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)$"
)
_TRAIL = " .,;:\u201c\u201d\"'"


def expand_abbreviations(name: str) -> str:
    """``BCĐ các xã`` → ``Ban Chỉ đạo các xã``; ``Ủy ban MTTQ Việt Nam`` → ``Ủy ban Mặt trận Tổ quốc Việt Nam``."""
    table = abbreviations()

    def sub(m: re.Match[str]) -> str:
        return table.get(m.group(0), m.group(0))

    return _abbr_re().sub(sub, name)


@cache
def _abbr_re() -> re.Pattern[str]:
    """Every abbreviation of the lexicon as a whole word, longest first."""
    keys = sorted(abbreviations(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:{})(?![\w-])".format("|".join(re.escape(k) for k in keys)))


# what the cue spans of a value give: labels by start token, introducers' ends, protected tokens,
# generic ranges
_Cues = tuple[dict[int, set[str]], dict[int, int], set[int], list[tuple[int, int]]]


def _cue_starts(doc: Doc) -> _Cues:
    starts: dict[int, set[str]] = {}
    longest: dict[int, int] = {}
    protected: set[int] = set()
    generic: list[tuple[int, int]] = []
    for span in doc.spans["cues"]:
        starts.setdefault(span.start, set()).add(span.label_)
        if span.label_ == "PROTECT":
            protected.update(range(span.start, span.end))
        elif span.label_ == "GENERIC":
            generic.append((span.start, span.end))
        elif span.label_ == "INTRO":
            longest[span.start] = max(longest.get(span.start, 0), span.end)
    return starts, longest, protected, generic


def _skip_intro(i: int, intro_end: dict[int, int]) -> int:
    while i in intro_end:
        i = intro_end[i]
    return i


_OPENERS = frozenset({"HEAD", "ROLE", "GROUP", "GENERIC"})
_NAMERS = frozenset({"HEAD", "ROLE", "GROUP"})


def _opens_party(i: int, starts: dict[int, set[str]], intro_end: dict[int, int], n: int) -> bool:
    """Whether a party opens at token ``i`` (past any introducer) of a value of ``n`` tokens."""
    i = _skip_intro(i, intro_end)
    if i >= n:
        return False
    labels = starts.get(i)
    return labels is not None and not labels.isdisjoint(_OPENERS)


def _names_party(i: int, starts: dict[int, set[str]]) -> bool:
    """Whether a head, a role or a group starts at token ``i``."""
    labels = starts.get(i)
    return labels is not None and not labels.isdisjoint(_NAMERS)


def _chunks(
    doc: Doc, cues: _Cues | None = None, texts: list[str] | None = None
) -> list[list[tuple[int, int]]]:
    """Token ranges of the parties, grouped by ``;``-separated chunks (``cues``: the
    :func:`_cue_starts` of ``doc`` when the caller has them already; ``texts``: its token texts)."""
    starts, intro_end, protected, _ = cues or _cue_starts(doc)
    if texts is None:  # read once: each Token object spaCy makes costs more than the test
        texts = [t.text for t in doc]
    n = len(texts)
    chunks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    begin = 0
    named = False  # a head, role or group among the tokens begin..i-1: kept as the loop goes (asking
    # it of the range at every token was quadratic in a long value that never splits, issue 12)
    for i, text in enumerate(texts):
        if text == ";":
            if i > begin:
                current.append((begin, i))
            if current:
                chunks.append(current)
            current, begin, named = [], i + 1, False
            continue
        splits = text in (",", "và") and i not in protected and i > begin
        # after a comma, any capitalised word opens a new name ("..., Bảo tàng tỉnh, Thư viện tỉnh");
        # after "và" only a known head does ("Phòng Văn hóa và Thông tin" is one name)
        capital = text == "," and i + 1 < n and texts[i + 1][:1].isupper() and i + 1 not in protected
        whole = named or (capital and texts[begin][:1].isupper())
        if splits and (capital or _opens_party(i + 1, starts, intro_end, n)) and whole:
            current.append((begin, i))
            begin, named = i + 1, False
        else:
            named = named or _names_party(i, starts)
    if begin < n:
        current.append((begin, n))
    if current:
        chunks.append(current)
    return chunks


def _token_offsets(doc: Doc) -> tuple[list[str], list[int]]:
    """The texts and character offsets of ``doc``'s tokens, in one pass: spaCy makes a Token object
    per lookup, and ``doc[a:b].text`` made one per token of every party again."""
    texts: list[str] = []
    starts: list[int] = []
    for t in doc:
        texts.append(t.text)
        starts.append(t.idx)
    return texts, starts


def _text_of(value: str, texts: list[str], starts: list[int], a: int, b: int) -> str:
    """``doc[a:b].text`` stripped, sliced from the value: the tokenizer is lossless (``doc.text`` is
    the value and the tokens cover it), so tokens ``a..b-1`` are the characters from the first's
    offset to the last's end."""
    return value[starts[a] : starts[b - 1] + len(texts[b - 1])].strip(_TRAIL) if b > a else ""




def _capitalize(name: str) -> str:
    return name[:1].upper() + name[1:] if name else name


@cache
def _roles_longest_first() -> tuple[tuple[str, str], ...]:
    """(role title, its lower case), longest first: sorted once, not on every name."""
    return tuple((role, role.lower()) for role in sorted(role_titles(), key=len, reverse=True))


def _split_role(name: str) -> tuple[str | None, str]:
    low = name.lower()
    for role, role_low in _roles_longest_first():
        if low.startswith(role_low) and (len(name) == len(role) or name[len(role)] == " "):
            return name[: len(role)], name[len(role) :].strip()
    return None, name


def _kind(name: str, role: str | None) -> str:
    if role:
        return "role"
    low = name.lower()
    if low.startswith(("các ", "những ", "toàn thể ")) or " các " in low or re.search(r"\bcấp (?:tỉnh|huyện|xã|cơ sở)$", low):
        return "group"
    return "org"


def _share_heads(names: list[tuple[str, str | None, str]]) -> list[tuple[str, str | None, str]]:
    """Roles without their body borrow it from the next role that has one."""
    out = list(names)
    for i, (_name, role, rest) in enumerate(out):
        if role is None or rest:
            continue
        donor = next((r for n, ro, r in out[i + 1 :] if ro and r), None)
        if donor is None:
            continue
        last = role.split()[-1].lower()
        tail = donor.split(" ", 1)
        if tail[0].lower() == last:
            donor = tail[1] if len(tail) > 1 else ""
        out[i] = (f"{role} {donor}".strip(), role, donor)
    return out


def _share_locality(names: list[str]) -> list[str]:
    """``A, các B thị xã``: a locality written once after the last name applies to the others."""
    if len(names) < 2:
        return names
    m = LOCALITY_TAIL_RE.search(names[-1])
    if not m:
        return names
    tail = m.group("tail")
    return [f"{n} {tail}" if _lacks_locality(n) else n for n in names[:-1]] + [names[-1]]


def _lacks_locality(name: str) -> bool:
    """A name that a shared locality completes: no locality of its own, no proper name after its
    head (``Ủy ban Mặt trận`` yes; ``Báo Quảng Trị``, ``Huyện đoàn``, ``Văn phòng Huyện ủy`` no)."""
    if LOCALITY_TAIL_RE.search(name) or " của " in name or re.match(r"(?:Huyện|Tỉnh|Thành|Thị|Quận) ", name):
        return False
    if re.match(r"(?:Các|Những)\s", name):  # "Các sở, ban, ngành" is complete as it is
        return False
    head = next((h for h in _heads_longest_first() if name == h or name.startswith(h + " ")), None)
    rest = name[len(head) :].split() if head else name.split()[1:]
    return not any(w[:1].isupper() for w in rest)


def parse_parties(raw: str | None, nlp: object) -> PartyGroup:
    """Split a field value into canonical parties (see the module docstring), on the tokens and
    cue spans ``nlp`` gives (the pipeline of :mod:`pipeline.nlp`)."""
    if raw is None or not raw.strip():
        return PartyGroup(raw=raw)
    return _parse(raw, nlp)


def rules_parser(nlp: object) -> Callable[[str], PartyGroup]:
    """The rule-based parser on ``nlp``, caching each value it has parsed."""
    return lru_cache(maxsize=4096)(partial(parse_parties, nlp=nlp))


@cache
def _heads_longest_first() -> tuple[str, ...]:
    """The agency heads, longest first: sorted once, not on every name."""
    return tuple(sorted(agency_heads(), key=len, reverse=True))


@cache
def _bare_heads() -> frozenset[str]:
    return frozenset(h.lower() for h in agency_heads())


def _is_bare_list(name: str) -> bool:
    parts = [p.strip().lower() for p in name.split(",")]
    return len(parts) > 1 and all(p in _bare_heads() for p in parts)


def _bare_heads_as_one(items: list[tuple[str, str | None, str]]) -> list[tuple[str, str | None, str]]:
    """``Viện, Trường``: head words with no name after them, listed with commas, are one class of
    bodies (a ``group``, as ``Các sở, ban, ngành`` is), not two bodies."""
    out: list[tuple[str, str | None, str]] = []
    run: list[tuple[str, str | None, str]] = []
    for item in [*items, ("", None, "")]:
        if item[0] and item[0].lower() in _bare_heads():
            run.append(item)
            continue
        out.extend([(", ".join(n for n, _, _ in run), None, "")] if len(run) > 1 else run)
        run = []
        if item[0]:
            out.append(item)
    return out


def baseline_parties(raw: str) -> PartyGroup:
    """What string slicing alone gives: split on ``;`` and ``,``, nothing dropped or expanded."""
    names = [p.strip(_TRAIL) for p in re.split(r"[;,]", raw)]
    return PartyGroup(raw=raw, parties=tuple(Party(n) for n in names if n))


# "Các Sở: Tài chính, Kế hoạch và Đầu tư, Nội vụ" — one head for the names after the colon
SHARED_HEAD_RE = re.compile(r"^(?:[Cc]ác|[Nn]hững)\s+(?P<head>Sở|Phòng|Ban|Bộ|Cục|Chi cục|Trung tâm|Hội)\s*:\s*(?P<names>.+)$")
# a gloss in parentheses after a name: "Sở Thông tin và Truyền thông (Trung tâm CNTT)"
# (a match starts only where a run of spaces starts: "\s*" tried at every space was quadratic)
GLOSS_RE = re.compile(r"(?<!\s)\s*\([^()]*\)")
# a generic list: "Các sở, ngành, địa phương liên quan", "các phòng, ban có liên quan"; closing a
# value after a party: "Bộ Chỉ huy Quân sự tỉnh và sở, ngành có liên quan tại khu vực biên giới"
_GENERIC_NOUNS = r"(?:cơ quan|đơn vị|ngành|địa phương|sở|ban|phòng|tổ chức|cá nhân|lực lượng|bộ|ngành chức năng)"
_GENERIC = (
    r"(?:các\s+)?" + _GENERIC_NOUNS + r"(?:\s*(?:,|và)\s*(?:các\s+)?" + _GENERIC_NOUNS + r")*(?:\s+có)?\s+liên quan"
    + r"(?:\s+(?:tại|trên|ở|thuộc|trong)\s+[^;.]{1,60})?"
)
GENERIC_LIST_RE = re.compile(r"^(?:và\s+)?" + _GENERIC + "$", re.IGNORECASE)
# searched from where a run of spaces starts only (the leftmost match starts there anyway): tried
# from every space of a long run, it was quadratic
GENERIC_TAIL_RE = re.compile(r"(?<!\s)(?:\s*[,;]\s*|\s+và\s+)" + _GENERIC + r"\s*[.;,]?\s*$", re.IGNORECASE)


# "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã": one body per level
_LEVELS_RE = re.compile(r"^(?P<head>.*\S)\s+(?P<levels>cấp [^\s,;]+(?:\s*(?:,|và)\s*cấp [^\s,;]+)+)$")


def _per_level(name: str) -> list[str]:
    """``X cấp tỉnh, cấp xã`` → ``X cấp tỉnh``, ``X cấp xã``."""
    m = _LEVELS_RE.match(name)
    if not m:
        return [name]
    levels = re.findall(r"cấp [^\s,;]+", m.group("levels"))
    return [f"{m.group('head')} {lv}" for lv in levels]


def _prepare(raw: str) -> str:
    """Field value to party list: introducers, glosses, one name per line of a table cell."""
    value = INTRO_CLAUSE_RE.sub("", raw.strip(), count=1)
    lines = [re.sub(r"^[-–+•]\s*", "", ln.strip()) for ln in value.split("\n")]
    value = "; ".join(ln.rstrip(" ;,.") for ln in lines if ln)
    m = SHARED_HEAD_RE.match(value)
    if m:
        names = [n.strip() for n in re.split(r"[,;]", m.group("names")) if n.strip(" .")]
        value = "; ".join(f"{m.group('head')} {n.strip(' .')}" for n in names)
    return GLOSS_RE.sub("", value)


def _parse(raw: str, nlp: object) -> PartyGroup:
    value = _prepare(raw)
    tail = None if GENERIC_LIST_RE.match(value.strip(" .;")) else GENERIC_TAIL_RE.search(value)
    and_related = bool(tail and tail.start() > 0)
    if and_related and tail is not None:
        value = value[: tail.start()]
    doc = nlp(value)  # type: ignore[operator]
    cues = _cue_starts(doc)
    _, intro_end, _, generic = cues
    texts, offsets = _token_offsets(doc)
    parties: list[Party] = []
    for chunk in _chunks(doc, cues, texts):
        items: list[tuple[str, str | None, str]] = []
        for a, b in chunk:
            a = min(_skip_intro(a, intro_end), b)
            for ga, _gb in generic:
                if a <= ga < b:
                    and_related = True
                    b = ga
                    while b > a and texts[b - 1] in ("và", ",", "và các"):
                        b -= 1
            text = _text_of(value, texts, offsets, a, b)
            if GENERIC_LIST_RE.match(text):
                and_related = True
                continue
            if not text:
                continue
            name = expand_abbreviations(text)
            if re.match(r"(?:các|những)\s", name, re.IGNORECASE) and _split_role(name.split(" ", 1)[1])[0]:
                name = name.split(" ", 1)[1]  # "các thành viên Ban Chỉ đạo": the role, not a group
            name = _capitalize(name)
            role, rest = _split_role(name)
            items.append((name, role, rest))
        items = _share_heads(_bare_heads_as_one(items))
        names = _share_locality([n for n, _, _ in items])
        for (name, role, _), final in zip(items, names, strict=True):
            for one in _per_level(final):
                kind = "group" if _is_bare_list(one) else _kind(one, role)
                parties.append(Party(name=one, kind=kind, raw=name))
    return PartyGroup(raw=raw, parties=tuple(parties), and_related=and_related)
