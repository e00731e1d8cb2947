"""Legal references: the documents a plan cites, from the citation grammar

    <Type> [<title words>] [số] <number>[, ngày <date>] [của <issuer> [khóa <term>]] [về <title>]

with party numbers ``120-KL/TW``, ``11-QĐi/TW``, ``05-QC/BTCTU-BDVTU`` and state numbers
``33/CT-TTg``, ``04/2015/NĐ-CP``, ``34/2007/PL-UBTVQH11``. Documents cited by name only are
found for laws (``Luật Hòa giải ở cơ sở``) and for capitalised type names followed by a proper
name (``Kế hoạch ... giai đoạn 2022 - 2025``, ``Quy chế đối thoại trực tiếp ...``).

A date and issuer written once for several numbers apply to each
(``Quyết định số 217-QĐ/TW, Quyết định số 218-QĐ/TW, ngày 12/12/2013 của Bộ Chính trị``), and a
footnote attached to a citation without a ``về ...`` title gives its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from pipeline.extract.bodies import body_end
from pipeline.extract.tools import Tools
from pipeline.vi.fold import canon, tone_spellings
from pipeline.vi.lexicon import (
    agency_heads,
    canonical_doc_type,
    doc_type_re,
    doc_types,
    load_list,
)
from pipeline.vi.numbers import document_key, normalize_number, type_from_symbol

__all__ = ["Citation", "find_citations", "merge_key", "normalize_number"]

_UP = "A-ZĐÀ-Ỹ"
# a symbol group: "KH", "QĐi", "UBTVQH11", "TB&XH", "UBND.HC" (a unit after a dot)
_WORD_SYM = rf"[{_UP}][A-Za-zĐđÀ-ỹ0-9&]*(?:\.[{_UP}][A-Za-zĐđ0-9]*)*"
# party numbers: "120-KL/TW", "11-QĐi/TW", "51-KH / BTGTU", "05-QC/BTCTU-BDVTU", "18 - KH/ĐU"
PARTY_NUMBER_PATTERN = rf"\d{{1,5}}[a-zđ]?\s*[-–]\s*{_WORD_SYM}\s*/\s*{_WORD_SYM}(?:\s*[-–]\s*{_WORD_SYM})*"
# state numbers: "33/CT-TTg", "12/CT- TTg", "04/2015/NĐ-CP", "34/2007/PL-UBTVQH11", "10/2022/QH15"
# joint documents: "12/2008/NQLT/CP-UBTWMTTQVN" (the joint code, a slash, the issuers)
STATE_NUMBER_PATTERN = rf"\d{{1,5}}[a-zđ]?\s*/\s*(?:(?:19|20)\d{{2}}\s*/\s*)?{_WORD_SYM}(?:/{_WORD_SYM}(?=[-–]))?(?:\s*[-–]\s?{_WORD_SYM})*"
NUMBER_RE = re.compile(rf"(?<![\w/.-])(?:{PARTY_NUMBER_PATTERN}|{STATE_NUMBER_PATTERN})(?![\w/])")
# "ngày 07/01/2016", "ngày 5-8-2024", "ngày 22 tháng 12 năm 2024", ", ngày 26/11/2021"
DATE_AFTER_RE = re.compile(
    r"(?:\s*,)?\s*(?:ban hành\s+)?ngày\s*(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d{2}))"
)
# "của Bộ Chính trị", ", của Thủ tướng Chính phủ"
ISSUER_AFTER_RE = re.compile(r"(?:\s*,)?\s*của\s+")
# "khóa XI", "khoá XIII", "(khóa IX)"
TERM_RE = re.compile(r"(?:\s*,)?(?:\s*\()?\s*kh(?:óa|oá|oa)\s+(?P<term>[IVXL]+)\s*\)?", re.IGNORECASE)
# every type name of the lexicon, longest first: "Thông tư liên tịch|Nghị quyết liên tịch|...|Công điện|...|Luật"
_TYPES_ALT = "|".join(re.escape(t) for t in sorted(doc_types(), key=len, reverse=True))
# the head word of an agency, capitalised: "Ban Thường vụ", "Ủy ban nhân dân", "Sở", or an acronym "UBND"
# in both tone placements ("Ủy ban", "Uỷ ban")
# occasions after which a type in lower case names a document ("nghị quyết Đại hội ...")
_OCCASIONS_ALT = "|".join(re.escape(w) for w in sorted(load_list("occasions.txt"), key=len, reverse=True))
_AGENCY_ALT = "|".join(
    re.escape(form)
    for form in sorted({f for h in agency_heads() if h[0].isupper() for f in tone_spellings(h)}, key=len, reverse=True)
)
AGENCY_PATTERN = rf"(?:(?:{_AGENCY_ALT})|[A-ZĐ]{{2,}})(?!\w)"
# what ends an issuer: the title, a term, another citation, a clause
ISSUER_END_RE = re.compile(
    r"(?:\s*\()?\s*kh(?:óa|oá|oa)\s+[IVXL]+|\s+(?i:về|v/v|ban hành|phê duyệt|quy định|hướng dẫn|sửa đổi,?|và các)(?:\s|$)|\s+về(?=việc)"
    # "của Chính phủ| và Công điện số 01/CĐ-TTg", "của Bộ Chính trị| và Kết luận ..."
    r"|\s+và\s+(?=(?:" + _TYPES_ALT + r")\s)|\s+và\s+(?=[a-zđà-ỹ])"
    r"|\s*[,;:.(\[]|\s+(?=(?:" + _TYPES_ALT + r")\s+số)|\s*“(?=(?:[^”\s]+\s+){4,}[^”]*”)"
    r"|\s+(?:để|nhằm|gắn với|đến|trên|tại|trong|đối với|với|cho)\s"
    # "của Ban Thường vụ Tỉnh ủy| thực hiện Nghị quyết 57", "| triển khai Chỉ thị số 05-CT/TW"; not the name
    # "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở" (no number after the type)
    r"|\s+(?=(?:thực hiện|triển khai)\s+(?:" + _TYPES_ALT + r")\s+(?:số(?:\s*:)?\s*)?\d)"
)
# a main clause after a title: an agency (or its head), a few words, and either a making verb with
# what it makes (", Ban Thường vụ Huyện ủy xây dựng Kế hoạch thực hiện như sau", ", UBND tỉnh ban
# hành Kế hoạch ...") or a reporting verb (", Ủy ban nhân dân huyện có ý kiến như sau", ", Chủ tịch
# Uỷ ban nhân dân tỉnh yêu cầu"); not ", Hội Nông dân tham gia góp ý xây dựng Đảng"
MAIN_CLAUSE_PATTERN = (
    r",\s+(?=(?:Chủ tịch\s+)?" + AGENCY_PATTERN + r"(?:\s+[^\s,;.:]+){0,6}?\s+"
    r"(?:(?:đã\s+|vừa\s+|sẽ\s+)?(?:ban hành|xây dựng|triển khai|tổ chức)\s+"
    r"(?:(?i:" + _TYPES_ALT + r")|thực hiện|triển khai|quán triệt|như sau)"
    r"|(?:trân trọng\s+)?(?:có ý kiến|đề nghị|yêu cầu|hướng dẫn|chỉ đạo|thông báo)(?!\w)))"
)
# what ends a title: sentence ends, clause breaks, the next citation, an alias "(sau đây gọi tắt là ...)"
TITLE_END_RE = re.compile(
    r"\s*[;]|\.(?:\s|$)|\s*\[|,\s*(?=(?:[" + _UP + r"][a-zà-ỹđ]+\s+){1,2}số\s)|(?:\s+và)?\s+(?:đạt (?:hiệu quả|nhiều|được|kết quả)|gắn với|nhằm|để)\s"
    r"|,\s*(?:nhất là|trong đó|cụ thể|theo đó|qua đó|đồng thời)\s|\s*\)\s*(?:$|[,;.])|:\s"
    # "... công tác thông tin| và Chỉ thị số 12/CT-TTg", "| và Công điện 01/CĐ-TTg"
    r"|\s+và\s+(?=(?:(?:các|những)\s+)?(?:" + _TYPES_ALT + r")\s+(?:số\s*)?\d)"
    # "| và nghị quyết Đại hội ...", "| và tình hình thực tế ...": another basis of the sentence
    r"|\s+và\s+(?=(?i:" + _TYPES_ALT + r")\s+(?:" + _OCCASIONS_ALT + r")(?!\w))"
    r"|\s+và\s+(?=(?:" + "|".join(re.escape(w) for w in load_list("basis_tails.txt")) + r")(?!\w))"
    # "..., các bộ, ngành, địa phương đã có nhiều cố gắng": a clause with its own subject and tense
    r"|,\s+(?=(?:các|những|nhiều|hầu hết)\s[^;.()]{0,60}?\s(?:đã|đang|vẫn|còn)\s)"
    # "..., yêu cầu các cơ quan ...": the sentence's own verb after the title
    r"|,\s+(?=(?:yêu cầu|đề nghị)\s+(?:các|những|Ủy ban|UBND|Sở|Ban|toàn thể)(?!\w))"
    r"|\s*\((?=\s*(?:sau đây|gọi tắt|viết tắt|gọi là|" + _TYPES_ALT + r"))"
    r"|,\s+(?=[^,;.]{3,60}?\s+ban hành\s+(?:Kế hoạch|Chương trình|Quyết định))|" + MAIN_CLAUSE_PATTERN
    # "quán triệt Kế hoạch ... nhiệm kỳ 2025-2030| tới các đảng bộ": the audience of the verb, after a year
    + r"|(?<=\d{4})\s+(?=(?:tới|đến)\s+(?:các|toàn thể|toàn bộ|cán bộ|đảng viên|đội ngũ|đông đảo)\s)"
)
# a preamble item opens a paragraph or follows a sentence break
# (a full stop after a word, not after an item number "1." or "a.")
SENTENCE_BREAK_RE = re.compile(r"(?<=[^\W\d][^\W\d])\.(?=\s)|[;:](?=\s)|\n\s*\n")
PREAMBLE_OPEN_RE = re.compile(
    r"(?:^|\n)\s*(?:[-–+•]\s*)?(?:Căn cứ|Thực hiện|Triển khai|Theo)\s|(?:(?<=[^\W\d][^\W\d]\.)|(?<=[;:]))\s+(?:Căn cứ|Thực hiện)\s"
)
# after a semicolon, a title goes on in lower case ("; kịp thời chấn chỉnh ...", "; 73 năm ngày ...")
CLAUSE_END_RE = re.compile(r"[;.](?:\s|$)")
CITED_NUMBER_RE = re.compile(r"\d+\s*[/-]\s*(?:\d{4}/)?[A-ZĐ]")
TITLE_GOES_ON_RE = re.compile(r"\s*(?!(?:căn cứ|thực hiện|và|đồng thời)\s)(?=[^\W_])")
# words that open a title after the number, date and issuer: "về ...", "ban hành ...", "sửa đổi, bổ sung ..."
TITLE_CUE_RE = re.compile(
    r"(?:\s*,)?\s*(?=(?i:về|v/v|ban hành|quy định|phê duyệt|hướng dẫn|sửa đổi,?)\s)(?!(?i:quy định|hướng dẫn)\s+số\b)"
)
# alias definitions inside a title: "(KHCN, ĐMST)", "(CĐS)", "(OCOP)" stay out of it
ALIAS_RE = re.compile(r"\s*\((?:[A-ZĐ][A-ZĐ0-9&-]{1,12}(?:,\s*)?)+\)")
# a quoted title right after the number, date or issuer: “Tiếp tục đẩy mạnh ... năm 2017”
QUOTED_TITLE_RE = re.compile(r"(?:\s*,)?\s*[“\"](?P<t>(?:[^“”\"]|“[^”]*”)+?)[”\"]")
# a title that is a cue and a quoted name: "về “Tăng cường ...”", "về việc “...”"
QUOTED_AFTER_CUE_RE = re.compile(r"(?i:về(?:\s+việc)?|v/v)\s*[“\"][^“”\"\n]{3,400}[”\"]")
# "số", "số:", "số 12"; title words between a type and its number: "Quy chế làm việc số"
NUMBER_CUE_RE = re.compile(r"\s*số(?:\s*:)?\s*$", re.IGNORECASE)
# Unnumbered names end at punctuation, a number, a date or a new clause.
NAME_END_RE = re.compile(
    r"\s*[,;:.(\[]|\s+(?:số|ngày|gắn với|và các|để|nhằm|trong|tại|trên|theo)\s|\s+như sau(?!\w)|\s+và\s+(?=[" + _UP + r"][a-zà-ỹ]+\s)"
)
# "sửa đổi, bổ sung ..." after a type name: an amending law whose name runs to the clause end
AMENDING_RE = re.compile(r"\s+sửa đổi,?\s+bổ sung\b")
# the name of an amending law runs through its commas ("... của Luật Đất đai, Luật Nhà ở, Luật Kinh doanh
# bất động sản") to its date, number, year or the clause end
AMENDING_END_RE = re.compile(r"\s*[;.(\[]|\s+số\s*\d|\s+(?:ngày|năm)\s")
# Laws, codes and ordinances are cited by name (NĐ 30): the name runs to its date, number or year, to the
# clause end or to the next citation, not to a comma: "Luật Phòng, chống thiên tai| ngày 19/6/2013",
# "Luật Hộ tịch| năm 2014", "Luật Thi đua, Khen thưởng| số 06/2022/QH15", "Luật Cán bộ, công chức| và Luật
# Viên chức", "Luật Đất đai|, Luật Nhà ở", "Luật thực hiện dân chủ cơ sở| gắn với ..."
LAW_TYPES = ("Luật", "Bộ luật", "Pháp lệnh")
LAW_NAME_END_RE = re.compile(
    r"\s*[;:.(\[]|\s+(?:số|ngày)(?=[\s:\d])|,?\s*ngày\s*\d|,?\s+năm\s+(?:19|20)\d{2}(?!\d)"
    r"|\s*,\s*(?=(?:" + _TYPES_ALT + r")(?!\w))|\s+và\s+(?=(?:" + _TYPES_ALT + r")(?!\w))"
    r"|\s+(?:gắn với|và các|để|nhằm|trong|tại|trên|theo|như sau|với (?:các|những) nội dung)(?!\w)"
)
# a part after a comma in a law's name continues it ("Phòng|, chống thiên tai", "Cán bộ|, công chức",
# "tác hại của rượu|, bia"); a list or a clause does not ("Luật Trẻ em|, các văn bản hướng dẫn")
LAW_COMMA_LIST_RE = re.compile(r"\s*(?:các|những|mọi|cùng|cũng|đồng thời|nhất là|trong đó|đặc biệt|bao gồm|và)(?!\w)")
# "Luật Hộ tịch năm 2014": the year of a law cited by name
LAW_YEAR_RE = re.compile(r",?\s+năm\s+(?P<y>(?:19|20)\d{2})(?!\d)")
# "(Chương trình hành động) thực hiện Nghị quyết số 57-NQ/TW": a name that ends with a number
IMPLEMENTS_RE = re.compile(
    r"(?:\s+[a-zà-ỹđ]+){0,3}\s+(?:thực hiện|triển khai)\s+(?:" + _TYPES_ALT + r")\s+số\s+(?:" + PARTY_NUMBER_PATTERN + "|" + STATE_NUMBER_PATTERN + r")"
)
# a period that closes the name of a plan or programme: "năm 2024", "giai đoạn 2021 - 2025"
NAME_PERIOD_RE = re.compile(
    r"(?:giai đoạn|nhiệm kỳ)\s+\d{4}\s*[-–]\s*\d{4}|(?:đến\s+)?năm\s+\d{4}|kh(?:óa|oá)\s+[IVXL]+|lần thứ\s+[IVXL]+"
)
# verbs that make a document rather than cite it: "xây dựng Kế hoạch giám sát", "ban hành Kế hoạch"
_MAKING_VERBS = r"(?:xây dựng|soạn thảo|dự thảo|đăng ký|góp ý|lập|tham mưu|trình)"
MAKING_RE = re.compile(
    # "xây dựng, ban hành Quy chế ...", "trình ban hành Quyết định ...": a document still to be written
    _MAKING_VERBS + r"(?:(?:\s*,)?\s*(?:ban hành|xây dựng))?\s+(?:\S+\s+){0,1}$",
    re.IGNORECASE,
)

# "... ban hành Kế hoạch X như sau:" / "... với các nội dung cụ thể sau:": the document itself
SELF_INTRO_RE = re.compile(r"ban hành\s+$")
# "Ban hành kèm theo Quyết định này Kế hoạch kiểm tra ...": the decision's own attachment
ATTACHED_RE = re.compile(r"kèm theo\s+(?:[^\s,;.]+\s+){1,2}này\s+$", re.IGNORECASE)
SELF_INTRO_END_RE = re.compile(
    r"[^.;:]*?(?:như sau|sau đây|với (?:các|những) nội dung)[^.;\n]*:?[ \t]*(?:\n|$)", re.IGNORECASE
)

# an alias defined right after a citation: "(sau đây gọi tắt là Đề án 06)", "(gọi tắt là Quy định 124)",
# "(sau đây viết tắt là Chỉ thị 05)", "(sau đây gọi là Chiến lược)", "(sau đây gọi tắt là “Kế hoạch 25”)"
ALIAS_DEF_RE = re.compile(
    r"(?:\s*,)?\s*\(\s*(?:sau đây\s+)?(?:được\s+)?(?:gọi tắt|viết tắt|gọi)\s+là(?:\s*:)?\s*[“\"]?"
    r"(?P<alias>[^()“”\";:]{2,60}?)[”\"]?\s*\)"
)
# an alias names a document: a type name ("Đề án 06", "Chiến lược", "Chương trình OCOP") or a type code
# with a number ("NQ 57", "QĐ-06"); "(sau đây gọi tắt là Ban Chỉ đạo)" names an agency, not the document
ALIAS_NAME_RE = re.compile(r"(?:" + _TYPES_ALT + r")(?!\w)|[A-ZĐ]{2,5}[\s-]*\d")

# Type codes in symbols (``type_codes.tsv``, :func:`pipeline.vi.numbers.type_from_symbol`): used
# when no type name stands before the number.
@dataclass(frozen=True, slots=True)
class Citation:
    """One citation in a run of text; offsets are relative to that text."""

    number: str | None
    type: str | None
    start: int
    end: int
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    term: str | None = None
    title: str | None = None
    title_from: str | None = None
    name: str | None = None  # the whole name for unnumbered citations
    alias: str | None = None  # "(sau đây gọi tắt là Đề án 06)" right after it: "Đề án 06"
    alias_end: int | None = None  # where that definition ends; the alias cites it from there on
    caps: bool = False  # cited in a line written in capitals (a title): its spelling is the weaker one

    @property
    def key(self) -> str:
        return self.number or self.name or ""

    @property
    def merge_key(self) -> str:
        return merge_key(self.number, self.name)


def merge_key(number: str | None, name: str | None) -> str:
    """What makes two citations the same document: the number's key
    (:func:`~pipeline.vi.numbers.document_key`), else the folded name."""
    return document_key(number) or canon(name or "")


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _clean_phrase(s: str) -> str:
    """Whitespace folded, punctuation trimmed; a closing quote stays when its opening one does."""
    out = re.sub(r"\s+", " ", s).strip(" ,;:.")
    if out.endswith('"') and out.count('"') % 2 == 0 and not out.startswith('"'):
        return out  # 'về việc "Nâng cao ..."': the quote closes a name the title holds
    if out.endswith("”") and out.count("“") >= out.count("”"):
        return out.lstrip("\u201c\"").rstrip(" ,;:.") if out.startswith("“") and out.count("“") > out.count("”") else out
    return out.strip(" ,;:.\u201c\u201d\"")


def _type_before(text: str, start: int) -> tuple[str | None, str | None, int]:
    """The type name (and title words) before a number at ``start``: ``(type, title, type_start)``."""
    window_start = max(0, start - 120)
    window = text[window_start:start]
    cue = NUMBER_CUE_RE.search(window)
    head = window[: cue.start()] if cue else window
    matches = list(doc_type_re().finditer(head))
    for m in reversed(matches):
        between = head[m.end() :]
        if not m.group(0)[0].isupper():
            continue
        type_name = canonical_doc_type(m.group(0))
        short = cue and len(between) <= 60 and not re.search(r"[;.]", between)
        # "Luật Thi đua, Khen thưởng số 06/2022/QH15": a comma inside a law's name
        if not between.strip() or (short and ("," not in between or (type_name in LAW_TYPES and _law_commas_ok(between)))):
            title = _clean_phrase(between) or None
            if title and canonical_doc_type(title):  # "Thông báo kết luận số ...": a kind, no title
                title = None
            return type_name, title, window_start + m.start()
        break
    return None, None, start


def _law_commas_ok(name: str) -> bool:
    """Whether the commas in a law's name (after its type word) are inside the name: a short head
    and short parts (``Phòng, chống tác hại của rượu, bia``), not a list (``Trẻ em, các văn bản``)."""
    parts = name.split(",")
    if len(parts[0].split()) > 3 or len(name.split()) > 15:
        return False
    return all(1 <= len(p.split()) <= 6 and not LAW_COMMA_LIST_RE.match(p) for p in parts[1:])


def _law_name_stop(rest: str) -> int:
    """Where the name of a law starting at ``rest`` (right after ``Luật``) ends."""
    end = LAW_NAME_END_RE.search(rest)
    stop = end.start() if end else len(rest)
    comma = rest.find(",", 0, stop)
    if comma >= 0 and not _law_commas_ok(rest[:stop]):
        return comma
    return stop


def _date_at(text: str, pos: int) -> tuple[str | None, int] | None:
    m = DATE_AFTER_RE.match(text, pos)
    if not m:
        return None
    iso = _iso(m.group("y") or m.group("y2"), m.group("m") or m.group("m2"), m.group("d") or m.group("d2"))
    return iso, m.end()


@cache
def _compounds() -> tuple[str, ...]:
    return load_list("compound_names.txt")


# how far an issuer's end is looked for: an issuer longer than 150 characters is dropped anyway, and
# searching to the end of a long line for each of its citations was quadratic (fuzz case 2356)
_ISSUER_WINDOW = 2000


def _issuer_stop(text: str, start: int, joint: bool = False) -> int:
    """Where an issuer starting at ``start`` ends; names with a comma or "và" inside
    (``Bộ Lao động, Thương binh và Xã hội``) are read whole, and so are national bodies named
    "về ..." (``Ủy ban Quốc gia về chuyển đổi số``)."""
    limit = start + _ISSUER_WINDOW
    end = ISSUER_END_RE.search(text, start, limit)
    while end and joint and re.match(r"\s*(?:,|và)\s+[A-ZĐÀ-Ỹ]", text[end.start() : end.start() + 6]):
        end = ISSUER_END_RE.search(text, end.end(), limit)
    national = r"(?:Ủy ban|Uỷ ban|Hội đồng|Ban Chỉ đạo)\s+(?:Quốc gia|Trung ương)$"
    if end and re.match(r"\s+về\s", end.group(0)) and re.search(national, text[start : end.start()]):
        end = ISSUER_END_RE.search(text, end.end(), limit)
    stop = end.start() if end else min(len(text), limit)
    window = text[start : stop + 80]
    for name in _compounds():
        i = window.find(name)
        if 0 <= i <= stop - start and start + i + len(name) > stop:
            after = ISSUER_END_RE.search(text, start + i + len(name))
            return after.start() if after else len(text)
    known = body_end(text, start)  # a body of the lexicon: its name ends where the lexicon says
    if 0 < known < stop and TITLE_AFTER_BODY_RE.match(text, known):
        return known
    return stop


# what follows a body's name and is not part of it: a lower-case phrase (the title: "thực hiện ...",
# "tăng cường ...", "công tác ..."), a quoted title, or the session of a council ("tại kỳ họp thứ 9")
TITLE_AFTER_BODY_RE = re.compile(
    r"(?:\s*,)?\s+(?:[“\"]|tại\s+kỳ\s+họp\b|(?!(?:và|khóa|khoá|kh[oó]a|nhiệm kỳ|lần)\b)[a-zđà-ỹ])"
)
# "tại kỳ họp thứ 9", ", tại Kỳ họp thứ mười" after the issuer: the session, not the title
SESSION_AFTER_RE = re.compile(r"(?:\s*,)?\s*tại\s+[Kk]ỳ\s+họp\s+(?:thứ\s+)?[\wÀ-ỹ]+(?:(?:\s*,)?\s*(?:khóa|khoá)\s+[IVXL]+)?", re.IGNORECASE)
# words that open a clause rather than a title after an issuer
CLAUSE_WORD_RE = re.compile(
    r"(?:và|để|nhằm|đã|có|với|cho|đến|trong|theo|là|được|thì|khi|nên|trên|nay|này|các|những|đồng thời|cũng|sẽ|"
    r"đối với|gửi|tới|về việc|như sau|ngày|năm|số|tại|từ|sau|trước|phiên)(?!\w)",
    re.IGNORECASE,
)


def _in_preamble(text: str, start: int) -> bool:
    """Whether the citation at ``start`` is an item of a "Căn cứ ..."/"Thực hiện ..." paragraph."""
    window = text[max(0, start - 600) : start]
    breaks = [m.end() for m in SENTENCE_BREAK_RE.finditer(window)]
    return bool(PREAMBLE_OPEN_RE.search(window, breaks[-1] if breaks else 0))


def _title_stop(text: str, start: int) -> int:
    """The end of a title starting at ``start``: the first clause break outside quotes.

    In a preamble item ("Thực hiện Chỉ thị số 12/CT-TTg ... về việc A; kịp thời B;") a semicolon
    followed by lower-case words is inside the title: the next item opens with a capital.
    """
    preamble: bool | None = None
    for m in TITLE_END_RE.finditer(text, start):
        inside = text[start : m.start()]
        if inside.count("“") > inside.count("”") or inside.count('"') % 2:
            continue
        at, mark = m.start(), m.group(0).strip()
        if mark.startswith(")") and inside.count("(") > inside.count(")"):
            # "(03/02/1930 – 03/02/2020)": a parenthesis the title opened; what follows it decides
            at, mark = text.index(")", m.start()) + 1, mark[1:].strip()
            if mark in ("", ","):
                continue
            at = text.index(mark, at)
        if mark == ";" and _goes_on(text, at + 1):
            if preamble is None:
                preamble = _in_preamble(text, start)
            if preamble:
                continue
        if mark in _PURPOSE_WORDS and _purpose_in_title(text, m.end()):
            if preamble is None:
                preamble = _in_preamble(text, start)
            if preamble:
                continue
        return at
    return len(text)


# words that open a purpose clause: inside a title of a preamble item ("về đẩy mạnh cải cách hành
# chính để thu hút đầu tư;"), the sentence's purpose elsewhere ("..., để tiếp tục kế thừa ...")
_PURPOSE_WORDS = frozenset({"để", "nhằm", "gắn với"})
# what closes a preamble item right after a purpose clause inside its title
_ITEM_END_RE = re.compile(r"[;\n]|\.(?:\s|$)|,")


def _purpose_in_title(text: str, pos: int) -> bool:
    """Whether a purpose clause starting at ``pos`` runs to the end of its item without a comma or
    another citation: then it belongs to the title it follows."""
    end = _ITEM_END_RE.search(text, pos)
    stop = end.start() if end else len(text)
    if end is not None and end.group(0) == ",":
        return False
    clause = text[pos:stop]
    return len(clause.split()) <= 30 and not CITED_NUMBER_RE.search(clause)


def _goes_on(text: str, pos: int) -> bool:
    """Whether the words after a semicolon continue a title: lower case, no citation of their own."""
    m = TITLE_GOES_ON_RE.match(text, pos)
    if not m or not (text[m.end()].islower() or text[m.end()].isdigit()):
        return False
    end = CLAUSE_END_RE.search(text, pos)
    named = _cased_type_re().match(text, m.end())
    if named and _occasion_re().match(text, named.end()):
        return False  # "; nghị quyết Đại hội ...": another document cited by name
    return not CITED_NUMBER_RE.search(text, pos, end.start() if end else len(text))


def _clean_title(title: str) -> str:
    return _clean_phrase(ALIAS_RE.sub("", title))


# "... của Sở Thông tin và Truyền thông tại Tờ trình số 169/TTr-STTTT"
ISSUER_BEFORE_RE = re.compile(r"của\s+(?P<issuer>[^,;.]{3,120}?)\s+tại\s*$")
# "Ngày 13/5/2011, Ủy ban nhân dân huyện ban hành Kế hoạch số 42/KH-UBND"
SUBJECT_BEFORE_RE = re.compile(
    r"(?:^|[,;.:]\s*)(?P<subj>[A-ZĐÀ-Ỹ][^,;.:]{2,150}?)\s+(?:đã\s+|vừa\s+)?(?:ban hành|xây dựng|ký ban hành|có)\s*$"
)
DATE_BEFORE_RE = re.compile(r"[Nn]gày\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})\s*,\s*$")
# an apposition after the issuer: "Ban Dân vận Thành ủy - cơ quan Thường trực ..."
APPOSITION_RE = re.compile(r"\s*[-–]\s*(?:cơ quan|đơn vị)\b.*$")


_AGENCY = frozenset({"HEAD"})


def _before_citation(text: str, start: int, tools: Tools) -> dict[str, str | None]:
    """Issuer and date written before a citation: ``của X tại Tờ trình số ...``,
    ``Ngày 13/5/2011, X ban hành Kế hoạch số ...``."""
    window = text[max(0, start - 250) : start]
    out: dict[str, str | None] = {}
    m = ISSUER_BEFORE_RE.search(window)
    if m and tools.opens_with(m.group("issuer"), _AGENCY):
        out["issuer"] = _clean_phrase(m.group("issuer"))
        return out
    m = SUBJECT_BEFORE_RE.search(window)
    if m and tools.opens_with(m.group("subj"), _AGENCY):
        out["issuer"] = _clean_phrase(APPOSITION_RE.sub("", m.group("subj")))
        d = DATE_BEFORE_RE.search(window[: m.start("subj")])
        if d:
            out["date"] = _iso(d.group("y"), d.group("m"), d.group("d"))
    return out


_LOWER_NEXT_RE = re.compile(r"(?:\s*,)?\s*(?=[a-zđà-ỹ])")


def _after_number(text: str, pos: int, joint: bool = False) -> tuple[dict[str, str | None], int]:
    """Date, issuer, term and title after a number ending at ``pos``; ``joint`` documents
    (``Nghị quyết liên tịch``) name several issuers: ``A, B và C``."""
    out: dict[str, str | None] = {}
    found = _date_at(text, pos)
    if found:
        out["date"], pos = found
    m = ISSUER_AFTER_RE.match(text, pos)
    if m:
        stop = _issuer_stop(text, m.end(), joint)
        issuer = _clean_phrase(text[m.end() : stop])
        if issuer and len(issuer) < 150:
            out["issuer"] = issuer
            pos = stop
    m = TERM_RE.match(text, pos)
    if m:
        out["term"] = m.group("term").upper()
        pos = m.end()
    m = SESSION_AFTER_RE.match(text, pos)
    if m and out.get("issuer"):  # "của Quốc hội tại kỳ họp thứ 9": the session is no title
        term = re.search(r"(?:khóa|khoá)\s+([IVXL]+)", m.group(0), re.IGNORECASE)
        if term and "term" not in out:
            out["term"] = term.group(1).upper()
        pos = m.end()
    if "date" not in out:
        found = _date_at(text, pos)
        if found:
            out["date"], pos = found
    m = TITLE_CUE_RE.match(text, pos)
    if m:
        t_start = m.end()
        quoted = QUOTED_AFTER_CUE_RE.match(text, t_start)  # "về “Tiếp tục ...”": the quote closes it
        stop = quoted.end() if quoted else _title_stop(text, t_start)
        title = _clean_title(text[t_start:stop])
        if title:
            out["title"] = title
            pos = stop
        return out, pos
    m = QUOTED_TITLE_RE.match(text, pos)
    if m and len(m.group("t").split()) >= 4:
        out["title"] = _clean_title(m.group("t"))
        pos = m.end()
        return out, pos
    # a title without a cue right after a body of the lexicon: "của Ủy ban nhân dân tỉnh thực hiện ..."
    m = _LOWER_NEXT_RE.match(text, pos)  # in place: a slice of the rest per citation was quadratic
    if out.get("issuer") and m and body_end(out["issuer"], 0) == len(out["issuer"]) and not CLAUSE_WORD_RE.match(text, m.end()):
        t_start = m.end()
        stop = _title_stop(text, t_start)
        title = _clean_title(text[t_start:stop])
        if title and len(title.split()) >= 2:
            out["title"] = title
            pos = stop
    return out, pos


@cache
def _concepts() -> tuple[str, ...]:
    return tuple(canon(x) for x in load_list("concepts.txt"))


@cache
def _cased_type_re() -> re.Pattern[str]:
    """Type names written with a capital (``Luật``, ``Kế hoạch``): citations by name start so."""
    from pipeline.vi.lexicon import doc_types_alternation

    # a digit may follow: a footnote number glued to the name ("Đề án3 về ...")
    return re.compile(rf"(?<!\w)(?i:{doc_types_alternation()})(?![^\W\d])")


@cache
def _occasion_re() -> re.Pattern[str]:
    """An occasion that names a document written in lower case: ``nghị quyết Đại hội ...``,
    ``nghị quyết Hội nghị Trung ương 8``, ``nghị quyết Kỳ họp thứ 7`` (``occasions.txt``)."""
    return re.compile(r"\s+(?:" + _OCCASIONS_ALT + r")(?!\w)")


# a footnote number glued to the word before it ("Đề án3 về ..."): the name goes on after it
_GLUED_NOTE_RE = re.compile(r"\d{1,2}(?=\s)")
# "của Ban Chấp hành Trung ương khóa XIII" closing a name: the issuer and the term, not the name
_OF_ISSUER_RE = re.compile(r"\s+của\s+")
# types cited by name only when a title cue follows them ("Quy định về ...", "Hướng dẫn về ...")
_CUED_NAME_TYPES = ("Quy định", "Hướng dẫn", "Quy chế", "Chỉ thị", "Kết luận")
_NAME_CUE_RE = re.compile(r"\s+(?:về|v/v)\s")
# such a name runs through its commas ("Hướng dẫn về công tác kiểm tra, giám sát") to the clause end
CUED_NAME_END_RE = re.compile(r"\s*[;:.(\[]|\s+(?:số|ngày)(?=[\s:\d])|\s+(?:để|nhằm|theo|như sau|và các)(?!\w)")


# how far after a type name its name is looked for (a name is at most 40 words): bounded, so
# thousands of citations on one line stay linear (issue 12)
_REST_WINDOW = 2000


def _unnumbered(text: str, taken: list[tuple[int, int]], own: tuple[str, ...]) -> list[Citation]:
    out: list[Citation] = []
    concepts = _concepts()
    # matches come in order and every span added below starts at the current match, so "inside a
    # span taken" is "before the furthest end of the spans started so far": one sweep, linear
    pending = sorted(taken)
    k, reach, intro_reach = 0, -1, -1
    for m in _cased_type_re().finditer(text):
        word = m.group(0)
        lower = word[0].islower()
        if word.isupper() or (lower and not _occasion_re().match(text, m.end())):
            continue  # a title line in capitals; a type in lower case names a document after an occasion only
        while k < len(pending) and pending[k][0] <= m.start():
            reach = max(reach, pending[k][1])
            k += 1
        if reach > m.start():
            continue
        type_name = canonical_doc_type(word)
        if type_name is None:
            continue
        prefix = text[max(0, m.start() - 40) : m.start()]
        paragraph_start = not prefix.strip()
        if MAKING_RE.search(prefix) or ATTACHED_RE.search(prefix) or _made_alongside(text, m.start()):
            continue
        rest = text[m.end() : m.end() + _REST_WINDOW]
        glued = _GLUED_NOTE_RE.match(rest) if word[-1].isalpha() and word[-1].islower() else None
        if glued:  # "Đề án3 về ...": a footnote number lost its superscript
            rest = " " * glued.end() + rest[glued.end() :]
        intro = SELF_INTRO_RE.search(prefix) and SELF_INTRO_END_RE.match(rest)
        if intro:  # "Ủy ban nhân dân tỉnh ban hành Kế hoạch ... với các nội dung như sau:": itself
            intro_reach = max(intro_reach, m.end() + intro.end())
            continue
        if type_name not in LAW_TYPES and intro_reach > m.start():
            continue  # "Kế hoạch thực hiện Đề án X ... như sau:": X was cited by number before; laws go by name
        if rest[:1] != " " or re.match(r"\s*(?:số|này|\d)", rest):
            continue
        # "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B": the amending law, whole
        if type_name in LAW_TYPES and re.search(r"[Pp]háp\s+$", prefix):
            continue  # "Hệ Thống Pháp Luật": law in general, no law's name
        amending = AMENDING_RE.match(rest)
        law = type_name in LAW_TYPES and not amending
        if law:  # "Luật Phòng, chống thiên tai", "Luật Cán bộ, công chức": commas inside the name
            name_rest = rest[: _law_name_stop(rest)]
        else:
            cued = type_name in _CUED_NAME_TYPES and _NAME_CUE_RE.match(rest)
            end = (AMENDING_END_RE if amending else CUED_NAME_END_RE if cued else NAME_END_RE).search(rest)
            name_rest = rest[: end.start()] if end else rest
        period = None if amending or law else NAME_PERIOD_RE.search(name_rest)
        if period is None and not (amending or law) and rest[len(name_rest) : len(name_rest) + 1] == ",":
            # "Chương trình kiểm tra, giám sát năm 2025": a comma inside a name closed by its period
            clause = re.match(r"[^;.:()]{0,120}", rest).group(0)
            later = NAME_PERIOD_RE.search(clause)
            if later and len(clause[: later.end()].split()) <= 15 and " của " not in clause[: later.start()]:
                name_rest, period = clause[: later.end()], None
                period = NAME_PERIOD_RE.search(name_rest)
        # "Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW": named after what it implements
        implements = IMPLEMENTS_RE.match(rest)
        if implements:
            name_rest, period = implements.group(0), implements
        if amending:
            taken.append((m.start(), m.end() + len(name_rest)))
            reach = max(reach, m.end() + len(name_rest))
        if period and not implements:
            name_rest = name_rest[: period.end()]
            term_of = re.match(r",?\s*nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}", rest[len(name_rest) :])
            if term_of and period.group(0).startswith("lần thứ"):  # "Đại hội ... lần thứ XI, nhiệm kỳ 2020-2025"
                name_rest += term_of.group(0)
        issuer = term = None
        if not law and not implements:  # "Quy định về ... của Ban Chấp hành Trung ương khóa XIII"
            name_rest, issuer, term = _issuer_of_name(text, m.end(), name_rest)
        name = _clean_phrase(type_name + name_rest)
        words = name.split()
        # a name closed by its period ("... giai đoạn 2015 - 2020") is bounded; an open one is kept short
        if len(words) < 2 or len(words) > (40 if period else 25):
            continue
        if type_name in ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp", "Điều lệ"):
            pass
        elif type_name in ("Quy chế", "Đề án", "Chiến lược", "Quy hoạch", "Nghị quyết", "Chương trình", "Kế hoạch"):
            if paragraph_start or not (period or type_name in ("Quy chế", "Đề án")):
                continue
        elif type_name not in _CUED_NAME_TYPES or paragraph_start or not _NAME_CUE_RE.match(rest):
            continue
        key = canon(name)
        if key.startswith(concepts) or key in own:
            continue
        end_at, day, year = m.start() + len(name), None, None
        if type_name in LAW_TYPES:  # "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015", "Luật Hộ tịch năm 2014"
            found = _date_at(text, m.end() + len(name_rest))
            y = LAW_YEAR_RE.match(text, m.end() + len(name_rest))
            if found and found[0]:
                day, end_at = found
            elif y:
                year, end_at = int(y.group("y")), y.end()
        out.append(
            Citation(
                None, type_name, m.start(), end_at, date=day, year=year, issuer=issuer, term=term,
                title=_clean_phrase(name_rest), name=name,
            )
        )
        taken.append((m.start(), end_at))
        reach = max(reach, end_at)
    return out


def _issuer_of_name(text: str, name_start: int, name_rest: str) -> tuple[str, str | None, str | None]:
    """A name closed by ``của`` and a body (``... của Ban Chấp hành Trung ương khóa XIII``):
    ``(the name without them, issuer, term)``; the name as it is when no body follows ``của``."""
    for of in _OF_ISSUER_RE.finditer(name_rest):
        at = name_start + of.end()
        if not (body_end(text, at) > at or re.match(AGENCY_PATTERN, text[at:])):
            continue
        stop = _issuer_stop(text, at)
        term = TERM_RE.match(text, stop)
        end = term.end() if term else stop
        if text[end : name_start + len(name_rest)].strip(" ,;.") and not term:
            continue  # "Quy chế hoạt động của Ban Chỉ đạo Quy chế dân chủ ...": the body is inside the name
        issuer = _clean_phrase(text[at:stop]) or None
        return name_rest[: of.start()], issuer, term.group("term").upper() if term else None
    return name_rest, None, None


_MAKING_VERB_RE = re.compile(_MAKING_VERBS + r"(?:(?:\s*,)?\s*ban hành)?\s", re.IGNORECASE)


def _made_alongside(text: str, start: int) -> bool:
    """``trình ban hành Quyết định phân công ... và Quy định về chế độ báo cáo``: a second document
    to be written, joined by ``và`` to the first in the same clause."""
    before = text[max(0, start - 160) : start]
    if not re.search(r"\svà\s+$", before):
        return False
    clause = re.split(r"[.;:]", before)[-1]
    verb = _MAKING_VERB_RE.search(clause)
    return verb is not None and _cased_type_re().search(clause, verb.end()) is not None


# a lower-case word glued to the end of a symbol ("/TWngày", "-UBNDcủa", "/QĐ-TTgvề"): the symbol's last
# group is capitals and digits, or one of the mixed-case codes (TTg, QĐi, CTr, TTr)
GLUED_AFTER_NUMBER_RE = re.compile(r"(?:(?<=[A-ZĐ0-9])|(?<=TTg|QĐi|CTr|TTr))(?:ngày|của|về|và|năm|tại|theo|nhằm|đã|được)$")
# "Quy định số 84 QĐ/TW": the party's number with a space where its hyphen stands (a type code follows)
SPACED_PARTY_RE = re.compile(r"(?<=số)((?:\s*:)?\s*\d{1,5})\s(?=\s*(?:QĐi|QĐ|NQ|CT|KL|KH|HD|TB|QC|CTr|ĐA|BC|TT)\s*/\s*[A-ZĐ])")


# "Chỉ thị số 18 của Thủ tướng Chính phủ", "Nghị quyết số 17 ngày 12/3/2011 của ...": a number without
# its symbol, cited with its type before it and its date or issuer after it
_BARE_NUMBER_RE = re.compile(rf"(?<!\w)(?P<type>{_TYPES_ALT})\s+số(?:\s*:)?\s*(?P<n>\d{{1,5}}[a-zđ]?)(?![\w/.-])(?=(?:\s*,)?\s*(?:ngày|của)\s)")


def _bare_numbers(text: str, found: list[Citation]) -> list[Citation]:
    out: list[Citation] = []
    if "số" not in text or not _DIGIT_RE.search(text):  # the pattern needs both: most paragraphs
        return out  # have neither, and the alternation of types was tried at every word of them
    taken = [(c.start, c.end) for c in found]
    for m in _BARE_NUMBER_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        fields, end = _after_number(text, m.end())
        if not (fields.get("date") or fields.get("issuer")):
            continue
        out.append(
            Citation(
                number=m.group("n"), type=canonical_doc_type(m.group("type")), start=m.start(), end=end,
                date=fields.get("date"), issuer=fields.get("issuer"), term=fields.get("term"), title=fields.get("title"),
            )
        )
    return out


@cache
def _generic_before_re() -> re.Pattern[str]:
    """A generic word for a document right before its number: ``văn bản số``, ``Văn bản``."""
    words = sorted(load_list("generic_doc_words.txt"), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?i:" + "|".join(re.escape(w) for w in words) + r")\s+(?:số(?:\s*:)?\s*)?$")


def find_citations(
    text: str, notes: dict[int, str] | None = None, own_title: str | tuple[str, ...] | None = None, *, tools: Tools
) -> list[Citation]:
    """Every citation in ``text`` (one paragraph or one task), in order.

    ``notes`` maps offsets of footnote marks in ``text`` to the footnote text; ``own_title`` is
    the plan's own type and title (never a reference of itself); ``tools`` tell where a body's
    name opens (an issuer written before the citation).

    >>> from pipeline.run import default_tools
    >>> s = "theo Quyết định số 217-QĐ/TW, Quyết định số 218-QĐ/TW, ngày 12/12/2013 của Bộ Chính trị"
    >>> [c.number for c in find_citations(s, tools=default_tools())]
    ['217-QĐ/TW', '218-QĐ/TW']
    """
    notes = notes or {}
    found: list[Citation] = []
    probe = SPACED_PARTY_RE.sub(lambda m: m.group(1) + "-", text)  # same length: offsets hold
    for m in NUMBER_RE.finditer(probe):
        number = normalize_number(m.group(0))
        number_end = m.end()
        glued = GLUED_AFTER_NUMBER_RE.search(number)
        if glued:  # "21-CT/TWngày 20/01/2023": a word glued to the symbol by a lost space
            number = number[: glued.start()]
            number_end = m.end() - len(glued.group(0))
        # a bare "N/YYYY" or a date is not a document number
        if re.fullmatch(r"\d+/\d+", number) or re.fullmatch(r"\d+-\d+", number):
            continue
        type_name, pre_title, t_start = _type_before(text, m.start())
        if type_name is None:
            # no type name before: the symbol's type code ("QĐ-TTg") or at least a cue ("số"); after a
            # generic word ("văn bản số 567/UBND-KGVX") a symbol without a type code is a dispatch
            generic = _generic_before_re().search(text, max(0, m.start() - 30), m.start())
            type_name = type_from_symbol(number, dispatch=generic is not None)
            prev = text[max(0, m.start() - 12) : m.start()]
            cue = re.search(r"(?:số|Số)(?:\s*:)?\s*$|[“\"(,;]\s*$|và\s*$|theo\s*$", prev)
            if type_name is None and not cue:
                continue
        fields, end = _after_number(text, number_end, joint="LT-" in number or "liên tịch" in (type_name or ""))
        if not fields.get("issuer") or not fields.get("date"):
            before = _before_citation(text, t_start, tools)
            said = fields.get("issuer")
            fields = {**before, **{k: v for k, v in fields.items() if v}}
            # "Ban Chỉ đạo công tác dân vận huyện ban hành Kế hoạch số 03-KH/BCĐ của Ban chỉ đạo":
            # the short "của" issuer is the subject named in full before
            if said and before.get("issuer") and canon(before["issuer"]).startswith(canon(said) + " "):
                fields["issuer"] = before["issuer"]
        year = None
        y = re.search(r"/((?:19|20)\d{2})/", number)
        if y:
            year = int(y.group(1))
        title = fields.get("title") or pre_title
        if type_name in ("Luật", "Bộ luật", "Pháp lệnh") and pre_title and not fields.get("title"):
            title = pre_title
        found.append(
            Citation(
                number=number,
                type=type_name,
                start=t_start,
                end=max(end, m.end()),
                date=fields.get("date"),
                year=year if not fields.get("date") else None,
                issuer=fields.get("issuer"),
                term=fields.get("term"),
                title=title,
            )
        )
    found.extend(_bare_numbers(text, found))
    found = sorted(found + _compressed(text, found), key=lambda c: c.start)
    found = _share_fields(text, found)
    found = _attach_notes(found, notes)
    taken = [(c.start, c.end) for c in found]
    aliases = [m for m in (ALIAS_DEF_RE.match(text, c.end) for c in found) if m]
    taken.extend((m.start(), m.end()) for m in aliases)  # "(gọi tắt là Đề án 06)" is no citation itself
    own = (own_title,) if isinstance(own_title, str) else tuple(own_title or ())
    found.extend(_unnumbered(text, taken, own))
    return _with_aliases(text, sorted(found, key=lambda c: c.start))


def _with_aliases(text: str, found: list[Citation]) -> list[Citation]:
    """Give a citation followed by ``(sau đây gọi tắt là X)`` the alias ``X``; a citation inside
    that definition is the alias, not another document. Every citation notes whether its text is
    written in capitals."""
    caps = _in_capitals(text)
    out: list[Citation] = []
    skip_to = -1
    for c in found:
        if c.start < skip_to:
            continue
        m = ALIAS_DEF_RE.match(text, c.end)
        if m:
            alias = _clean_phrase(m.group("alias"))
            c = replace(c, alias=alias if ALIAS_NAME_RE.match(alias) else None, alias_end=m.end())
            skip_to = m.end()
        out.append(replace(c, caps=caps) if caps else c)
    return out


def _in_capitals(text: str) -> bool:
    """``KẾ HOẠCH TRIỂN KHAI THỰC HIỆN QUYẾT ĐỊNH SỐ 34/2014/QĐ-TTG ...``: (nearly) every letter upper-case."""
    letters = list(filter(str.isalpha, text))
    return len(letters) >= 8 and sum(map(str.isupper, letters)) >= 0.9 * len(letters)


# "Quyết định số 217, số 218-QĐ/TW", "số 217 và 218-QĐ/TW", "Nghị định số 20, 21/2024/NĐ-CP": bare
# numbers written before one full number share its symbol (the list must open with "số")
BARE_BEFORE_RE = re.compile(r"(?:^|\s)(?:số\s*)?(?P<bare>\d{1,5})\s*(?:,|và)\s*(?:số\s*)?$")


_DIGIT_RE = re.compile(r"\d")


def _compressed(text: str, found: list[Citation]) -> list[Citation]:
    """Citations for the bare numbers of a compressed list, each with the full number's symbol."""
    out: list[Citation] = []
    for cite in found:
        # searched in place from the citation (a slice of the rest of the text per citation was
        # quadratic with thousands of citations on one line)
        digit = _DIGIT_RE.search(text, cite.start) if cite.number else None
        if cite.number is None or digit is None:
            continue
        sep = "-" if re.match(r"\d+\s*[-–]", cite.number) else "/"
        suffix = cite.number[cite.number.index(sep) :] if sep in cite.number else ""
        pos = digit.start()
        bare: list[Citation] = []
        while suffix:  # walk back over "N, số" / "N và" before the full number
            m = BARE_BEFORE_RE.search(text[max(0, pos - 20) : pos])
            if m is None:
                break
            at = max(0, pos - 20) + m.start("bare")
            number = m.group("bare") + suffix
            bare.append(replace(cite, number=number, start=at, end=at + len(m.group("bare")), title=None, date=None, issuer=None))
            pos = at
        if bare and re.search(r"số\s*$", text[max(0, pos - 8) : pos]):
            out.extend(bare)
    return out


# what stands between the numbers of one run: "A, B và C", "số A, số B", "A; B"
_RUN_GAP_RE = re.compile(r"\s*(?:,|và|;)?\s*(?:,|và)?\s*(?:số\s*)?")


def _share_fields(text: str, found: list[Citation]) -> list[Citation]:
    """Give each citation of a run (``A, B và C, ngày ... của X``) the date and issuer written
    once after the last of them; a bare ``số N`` after a citation (``Công văn số 2514/UBND-KGVX,
    số 2530/UBND-KGVX``) is of the same type."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if not (a.type and a.number and b.number and _RUN_GAP_RE.fullmatch(text, a.end, b.start)):
            continue
        # "Quy định số 22-QĐ/TW, 24-QĐ/TW": no type word before the second, its code is the first's
        named = doc_type_re().match(text, b.start) is not None  # "... và Quyết định số 99-QĐ/TW": its own
        if not named and (b.type is None or type_from_symbol(a.number) == type_from_symbol(b.number)):
            out[i + 1] = replace(b, type=a.type)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        gap = text[a.end : b.start]
        if len(gap) > 16 or not _RUN_GAP_RE.fullmatch(gap):
            continue
        if a.type != b.type:  # "Chỉ thị số 35-CT/TW, Thông tri số 10-TT/TU và Kế hoạch số 168 ngày ...": the last only
            continue
        if a.date is None and a.issuer is None:
            out[i] = replace(a, date=b.date, issuer=b.issuer, term=a.term or b.term, year=a.year if b.date is None else None)
        elif a.issuer is None and b.issuer:  # "số 63/2010/NĐ-CP ngày 08/6/2010 và số 92/2017/NĐ-CP ngày ... của Chính phủ"
            out[i] = replace(a, issuer=b.issuer, term=a.term or b.term)
    return _pair_titles(text, out)


# the cue a title opens with; a shared title repeats it for each document: "về việc A và về việc B"
_TITLE_OPENER_RE = re.compile(r"^(?i:về việc|về|v/v|phê duyệt|ban hành|quy định|hướng dẫn)\s")


def _pair_titles(text: str, found: list[Citation]) -> list[Citation]:
    """``Quyết định số 10/QĐ-UBND và Quyết định số 11/QĐ-UBND ngày ... của UBND tỉnh về việc A và
    về việc B``: as many titles, each opened by the same cue, as numbers in the run share the tail:
    one to each, in order."""
    out = list(found)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and out[j].title is None and out[j].number and out[j + 1].number and out[j].type == out[j + 1].type:
            gap = text[out[j].end : out[j + 1].start]
            if len(gap) > 16 or not _RUN_GAP_RE.fullmatch(gap):
                break
            j += 1
        last = out[j]
        opener = _TITLE_OPENER_RE.match(last.title or "")
        if j > i and opener:
            cue = re.escape(opener.group(0).strip())
            parts = re.split(rf"\s*(?:[,;]\s*)?(?:\s+và\s+|;\s*|,\s*)(?=(?i:{cue})\s)", last.title or "")
            if len(parts) == 1:  # "quy định chi tiết ...; về thành lập ...": one cue each, split at ";"
                parts = re.split(r"\s*;\s*(?=" + _TITLE_OPENER_RE.pattern[1:] + ")", last.title or "")
            if len(parts) == j - i + 1:
                for k, part in enumerate(parts):
                    out[i + k] = replace(out[i + k], title=_clean_phrase(part))
            elif len(parts) == 1 and all(out[k].issuer == last.issuer for k in range(i, j)):
                for k in range(i, j):  # one title written once for the run: each has it
                    out[k] = replace(out[k], title=last.title)
        i = j + 1
    return out


def _attach_notes(found: list[Citation], notes: dict[int, str]) -> list[Citation]:
    """A footnote mark inside a citation (or right after it) without a ``về`` title gives the title."""
    if not notes:
        return found
    out = []
    for i, c in enumerate(found):
        limit = found[i + 1].start if i + 1 < len(found) else c.end + 1
        mark = next((off for off in sorted(notes) if c.start <= off <= max(c.end, min(limit, c.end + 1))), None)
        if mark is not None and not (c.title and c.title.lower().startswith(("về", "v/v"))):
            note = notes[mark]
            out.append(replace(c, title=_clean_phrase(note), title_from="footnote"))
        else:
            out.append(c)
    return out
