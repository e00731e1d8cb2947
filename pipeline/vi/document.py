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

from pipeline.vi.lexicon import canonical_doc_type, doc_type_re

__all__ = ["RECIPIENTS_RE", "AUTHORITY_RE", "RULE_RE", "TYPE_QUALIFIER_RE", "type_qualifier"]

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
