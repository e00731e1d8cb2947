"""Agency blocks: a numbered heading that names a body, then that body's duties.

``1. Sở Y tế`` / ``a) Công an tỉnh:`` / ``7. Đề nghị Ủy ban MTTQ Việt Nam thành phố`` /
``5. Sở Tài chính: Tham mưu bố trí kinh phí ...``. The body leads every duty of its block; the
parties named after ``phối hợp (với)`` in a duty are its executors.

>>> from pipeline.run import default_tools
>>> tools = default_tools()
>>> agency_heading("Sở Giáo dục và Đào tạo:", tools)
('Sở Giáo dục và Đào tạo', '')
>>> agency_heading("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", tools)
('Ủy ban Mặt trận Tổ quốc Việt Nam thành phố', '')
>>> agency_heading("Tổ chức rà soát, đánh giá các nhiệm vụ", tools) is None
True
"""

from __future__ import annotations

import re

from pipeline.extract.inline import ASSIGN_RE, first_verb
from pipeline.extract.tools import Tools

__all__ = ["agency_heading"]

# "Sở Nội vụ: Là cơ quan thường trực ..." — a body, a colon, its duties on the same line
_WITH_DUTIES_RE = re.compile(r"^(?P<agency>[A-ZĐÀ-Ỹ][^:.]{2,160}?)\s*:\s*(?P<rest>\S.*)$")
_MAX_WORDS = 30


def agency_heading(heading: str, tools: Tools) -> tuple[str, str] | None:
    """``(body, duties on the heading's line)`` when a heading names the body a block is for."""
    heading = heading.strip()
    m = _WITH_DUTIES_RE.match(heading)
    if m:
        name, rest = m.group("agency"), m.group("rest")
    else:
        name, rest = heading.rstrip(" :."), ""
    opener = ASSIGN_RE.match(name)
    if opener:
        name = name[opener.end() :]
    name = name.strip()
    if not name or len(name.split()) > _MAX_WORDS or first_verb(name[:1].lower() + name[1:]) is not None:
        return None  # a verb inside or at the start ("Phòng chống bệnh đường ruột"): a topic
    if not tools.opens_with(name):
        return None
    return name, rest
