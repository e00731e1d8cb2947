"""Conventions of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP, Hướng dẫn
36-HD/VPTW) that more than one stage reads: the recipients line, the authority line opening a
signature block, the rules under a title, and the words that qualify a type name.

>>> bool(AUTHORITY_RE.match("T/M BAN THƯỜNG VỤ")), bool(RECIPIENTS_RE.match("Nơi nhận:"))
(True, True)
>>> type_qualifier("CHƯƠNG TRÌNH HÀNH ĐỘNG")
'HÀNH ĐỘNG'
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.vi.lexicon import canonical_doc_type, doc_type_re
from pipeline.vi.markers import CAPITALS

__all__ = ["RECIPIENTS_RE", "AUTHORITY_RE", "RULE_RE", "TYPE_QUALIFIER_RE", "type_qualifier", "split_authority", "signing_titles_pattern"]

# "Nơi nhận:", "Nơi nhận :", "NƠI NHẬN"
# body openers that end a title: "Căn cứ", "Thực hiện", "Để", "Nhằm", "Triển khai", "Xét"
BODY_OPENER_RE = re.compile(
    r"^(?:Căn cứ|Thực hiện|Để|Nhằm|Triển khai|Xét|Theo|Qua|Trên cơ sở|Sau khi|Ngày|Hôm nay)\b"
)
# a basis clause never opens a title: "Căn cứ Luật ...", "Xét đề nghị ..."
BASIS_RE = re.compile(r"^(?:Căn cứ|Xét|Theo đề nghị)\b")
RECIPIENTS_RE = re.compile(r"^\s*n[ơo]i\s+nh[ậa]n\s*:?", re.IGNORECASE)
# "TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "K/T TRƯỞNG BAN", "TL.", "TUQ.", "Q. "
AUTHORITY_RE = re.compile(r"^\s*(?:T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|TM|KT|TL|TUQ|Q)\s*[./]?\s+(?=[A-ZĐÀ-Ỹ])")
# rules under the title: "-----", "_____", "*", "—"
RULE_RE = re.compile(r"^\s*(?:[-_–—=*.]\s*){3,}$|^\s*\*\s*$")

# words that qualify a type name on its line without starting the title
TYPE_QUALIFIER_RE = re.compile(r"(?:HÀNH ĐỘNG|CÔNG TÁC|LIÊN TỊCH|PHỐI HỢP|LIÊN NGÀNH|KẾT LUẬN|TỔNG THỂ)$", re.IGNORECASE)


def type_qualifier(line: str) -> str | None:
    """``CHƯƠNG TRÌNH HÀNH ĐỘNG`` → ``HÀNH ĐỘNG``: a type name and its qualifier, nothing else."""
    m = doc_type_re().match(line.strip())
    if not m or not canonical_doc_type(m.group(0)):
        return None
    rest = line.strip()[m.end() :].strip()
    return rest if rest and TYPE_QUALIFIER_RE.fullmatch(rest) else None


@cache
def signing_titles_pattern() -> str:
    """The signing titles of ``signing_titles.txt`` in capitals, longest first, as one alternation."""
    from pipeline.vi.lexicon import load_list

    return "|".join(re.escape(t.upper()) for t in sorted(load_list("signing_titles.txt"), key=len, reverse=True))


@cache
def _authority_position_re() -> re.Pattern[str]:
    titles = signing_titles_pattern()
    return re.compile(
        rf"^((?:T\s*/\s*M|K\s*/\s*T|TM|KT|TL|TUQ)\.?\s+[{CAPITALS} ,]+?)\s+((?:PHÓ\s+)?(?:{titles})(?:\s+[{CAPITALS} ,]+)?)$"
    )


def split_authority(line: str) -> tuple[str, str] | None:
    """An authority and the signer's position written on one line: ``TM. ỦY BAN NHÂN DÂN CHỦ
    TỊCH`` → ``("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")``, ``KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC`` →
    ``("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")``; ``None`` when the line holds no position after its
    authority (the titles of ``signing_titles.txt``).

    >>> split_authority("KT. CHỦ TỊCH PHÓ CHỦ TỊCH")
    ('KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH')
    >>> split_authority("TM. ỦY BAN NHÂN DÂN") is None
    True
    >>> split_authority("TL. CỤC TRƯỞNG") is None
    True
    """
    line = " ".join(line.split())
    m = _authority_position_re().match(line)
    if not m:
        return None
    words = line.split()
    title = re.compile(signing_titles_pattern())
    if title.fullmatch(" ".join(words[1:])):
        return None  # "TL. CỤC TRƯỞNG": the authority is one title, no position follows it
    for k in range(2, len(words)):  # the longest ending that is a title ("THỨ TRƯỞNG", not "TRƯỞNG")
        if title.fullmatch(" ".join(words[k:])):
            k -= words[k - 1] == "PHÓ"
            return " ".join(words[:k]), " ".join(words[k:])
    return m.group(1), m.group(2)  # "PHÓ BÍ THƯ NGUYỄN VĂN AN": the name follows the title
