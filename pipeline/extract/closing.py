"""The closing block: who signed (authority, position, name) and the recipients (``Nơi nhận``).

The signature block (NĐ 30/2020, Phụ lục I, II.8; HD 36-HD/VPTW, 1.8) is a run of short lines:
the authority (``TM. ỦY BAN NHÂN DÂN``, ``KT. CHỦ TỊCH``, ``T/M BAN THƯỜNG VỤ``, ``TL. CỤC TRƯỞNG``),
the signer's position (``PHÓ CHỦ TỊCH``; a title of ``signing_titles.txt``), a signed mark
(``(Đã ký)``) and the person's name. It is found by that shape anywhere after the header, not by
its zone, because a saved page puts it before or after the recipients' cell, wraps its lines,
marks them up (``**KT. BỘ TRƯỞNG**``) and follows it with the portal's own chrome (a box titled
``THÔNG BÁO``, notices), which is never part of it. Of several blocks (a decision and the plan it
issues), the one next to ``Nơi nhận`` wins, else the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.markup import Unit, plain, units
from pipeline.model import Signer, Text
from pipeline.vi.document import RECIPIENTS_RE, RULE_RE, split_authority
from pipeline.vi.fold import fix_tone_placement
from pipeline.vi.lexicon import load_list, page_chrome
from pipeline.vi.markers import is_capitalised

__all__ = ["extract_closing", "is_chrome", "NAME_RE"]

# "TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "KT.TRƯỞNG BAN", "TL. CỤC TRƯỞNG", "TUQ.", "Q. GIÁM ĐỐC"
AUTHORITY_RE = re.compile(
    r"^(?:T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|TM|KT|TL|TUQ)\s*[./]?\s*(?=[A-ZĐÀ-Ỹ])|^Q\s*[./]\s*(?=[A-ZĐÀ-Ỹ])"
    r"|^(?:THAY MẶT|KÝ THAY|THỪA LỆNH|THỪA ỦY QUYỀN)\s"
)
# "Nguyễn Văn An", "Y Ngọc", "Đinh Y Ly Niê", "A Pớt": two to five capitalised syllables, one letter allowed
NAME_RE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\s+){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")
# the same in capitals: "NGUYỄN VĂN AN"
CAPS_NAME_RE = re.compile(r"^(?:[A-ZĐÀ-Ỹ]+\s+){1,4}[A-ZĐÀ-Ỹ]+$")
SIGNED_RE = re.compile(
    r"^[(\[]?\s*(?:đã ký|đã kí|ký tên|ký và đóng dấu|ký, đóng dấu|ký tên, đóng dấu|daky|chữ ký số)[^)\]]*[)\]]?$",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^[-–+•]\s*")
_SCAN_AFTER_HEADER = 8  # the header's own lines are never the closing block


@cache
def _titles() -> tuple[str, ...]:
    return tuple(fix_tone_placement(t.lower()) for t in load_list("signing_titles.txt"))


@cache
def _chrome() -> tuple[str, ...]:
    kinds = ("head", "tail", "line", "furniture")
    return tuple(fix_tone_placement(t.lower()) for t in page_chrome(*kinds))


def is_chrome(line: str) -> bool:
    """A line a portal adds around the document (``portal_chrome.tsv``), or a label of its record."""
    low = fix_tone_placement(plain(line).lower().lstrip("# "))
    return bool(low) and (low.startswith(_chrome()) or record_label(line) is not None)


@cache
def _labels() -> tuple[str, ...]:
    return tuple(fix_tone_placement(t.lower().rstrip(": ")) for t in page_chrome("label"))


def record_label(line: str) -> str | None:
    """``Số hiệu: 980/KH-UBND`` → ``980/KH-UBND``; ``Loại văn bản:`` → ``""`` (its value on the
    next line); ``None`` for any other line (the ``label`` rows of ``portal_chrome.tsv``)."""
    s = plain(line).lstrip("# ")
    m = re.match(r"^([^:]{2,30}):\s*(.*)$", s)
    if not m or fix_tone_placement(m.group(1).strip().lower()) not in _labels():
        return None
    return m.group(2).strip()


def _is_position(s: str) -> bool:
    """``PHÓ CHỦ TỊCH``, ``BỘ TRƯỞNG``, ``CHỦ NHIỆM``, ``KT.TRƯỞNG BAN ...``: a short line in
    capitals holding a signing title."""
    if not is_capitalised(s) or len(s) > 90:
        return False
    low = fix_tone_placement(AUTHORITY_RE.sub("", s).lower())
    return any(re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", low) for t in _titles())


@cache
def _surnames() -> tuple[str, ...]:
    return tuple(fix_tone_placement(x.lower()) for x in load_list("surnames.txt"))


def split_position_name(s: str) -> tuple[str, str] | None:
    """``PHÓ BÍ THƯ NGUYỄN VĂN AN`` (one line: the page lost the break) → position and name: a
    signing title, then a family name of ``surnames.txt`` opening two to four more words."""
    words = s.split()
    for k in range(1, len(words) - 1):
        head, tail = " ".join(words[:k]), words[k:]
        if 2 <= len(tail) <= 5 and fix_tone_placement(tail[0].lower()) in _surnames() and _is_position(head):
            name = " ".join(tail)
            if _is_name(name):
                return head, name
    return None


# the signature block in one cell: the authority and position in capitals, then the name
_NAME_TAIL_RE = re.compile(r"^(.*?\S)\s+(" + NAME_RE.pattern.strip("^$") + r")\s*$")


def _is_name(s: str) -> bool:
    if SIGNED_RE.match(s) or _is_position(s) or AUTHORITY_RE.match(s):
        return False
    return bool(NAME_RE.match(s) or (CAPS_NAME_RE.match(s) and len(s.split()) >= 2))


@dataclass
class _Block:
    start: int  # line index
    authority: list[str]
    position: list[str]
    name: str | None = None


def _blocks(cells: list[Unit]) -> list[_Block]:
    """Every run authority/position lines (+ a name) in ``cells``."""
    out: list[_Block] = []
    cur: _Block | None = None
    for u in cells:
        s = u.text.strip()
        if cur is not None and (SIGNED_RE.match(s) or RULE_RE.match(s)):
            continue
        if cur is not None and cur.authority and not cur.position and cur.authority[-1].endswith(",") and is_capitalised(s):
            cur.authority[-1] += " " + s  # "KT. TRƯỞNG BAN BAN CHÍNH SÁCH," / "THUẾ QUỐC TẾ"
            continue
        tail = _NAME_TAIL_RE.match(s) if AUTHORITY_RE.match(s) and not is_capitalised(s) else None
        if tail and is_capitalised(tail.group(1)) and _is_name(tail.group(2)):
            out.append(_Block(u.line, [tail.group(1)], [], tail.group(2)))  # "KT. BỘ TRƯỞNG THỨ TRƯỞNG Đặng Minh Tuấn"
            cur = None
            continue
        if AUTHORITY_RE.match(s) and is_capitalised(s):
            if cur is None or cur.position or cur.name:
                cur = _Block(u.line, [], [])
                out.append(cur)
            cur.authority.append(s)
            continue
        glued = split_position_name(s) if cur is not None else None
        if glued:  # "PHÓ BÍ THƯ NGUYỄN VĂN AN"
            cur.position.append(glued[0])
            cur.name = glued[1]
            cur = None
            continue
        if _is_position(s) and not _BULLET_RE.match(s):
            if cur is None or cur.name:
                cur = _Block(u.line, [], [])
                out.append(cur)
            cur.position.append(s)
            continue
        if cur is not None and cur.name is None and (cur.authority or cur.position) and _is_name(s):
            cur.name = s
        cur = None
    return [b for b in out if b.name or b.authority]


def _join_authority(lines: list[str]) -> list[str]:
    """``KT. BỘ TRƯỞNG,`` / ``CHỦ NHIỆM`` is one authority: a line ending in a comma goes on."""
    out: list[str] = []
    for s in lines:
        if out and out[-1].endswith(","):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    return out


def extract_closing(text: Text, header_end: int = 0) -> tuple[Signer | None, tuple[str, ...]]:
    """Signer and recipients of ``text``; the lines before ``header_end`` are the header."""
    n = len(text.lines)
    start = max(header_end, min(_SCAN_AFTER_HEADER, n))
    raw = [text.line_text(i) if text.lines[i].kind == "paragraph" else "|" for i in range(n)]
    stop = next((i for i in range(start, n) if is_chrome(raw[i])), n)
    cells = [u for u in units(raw[start:stop], first=start) if u.text]
    recipients, rec_at = _recipients(cells)
    blocks = _blocks(cells)
    if not blocks:
        return None, recipients
    block = min(blocks, key=lambda b: abs(b.start - rec_at)) if rec_at >= 0 else blocks[0]
    authority = _join_authority(block.authority)
    position = block.position
    split = split_authority(authority[-1]) if authority and not position else None
    if split:  # "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in one cell
        authority, position = [*authority[:-1], split[0]], [split[1]]
        glued = split_position_name(split[1]) if block.name is None else None
        if glued:  # "T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ NGUYỄN VĂN THÀNH"
            position, block.name = [glued[0]], glued[1]
    signer = Signer(
        authority=" ".join(" ".join(a.split()) for a in authority) or None,
        position=" ".join(position[-1].split()) if position else None,
        name=block.name,
    )
    return signer, recipients


def _recipients(cells: list[Unit]) -> tuple[tuple[str, ...], int]:
    """The ``Nơi nhận`` list and the line where it starts (-1 when there is none)."""
    at = -1
    out: list[str] = []
    inside = False
    open_end = False  # the last recipient ends without ";" / "," / ".": the page may have wrapped it
    for u in cells:
        s = u.text.strip()
        if RECIPIENTS_RE.match(s):
            inside, at = True, u.line
            rest = RECIPIENTS_RE.sub("", s, count=1).strip()
            if _BULLET_RE.match(rest):
                out.append(_clean_recipient(rest))
            continue
        if not inside:
            continue
        if _BULLET_RE.match(s):
            if s.strip() in ("-", "–", "+", "•"):
                continue
            out.append(_clean_recipient(s))
            open_end = not s.endswith((";", ",", ".", ":"))
        elif out and open_end and not (AUTHORITY_RE.match(s) or _is_position(s)) and not is_capitalised(s):
            out[-1] = f"{out[-1]} {_clean_recipient(s)}".strip()  # a recipient wrapped by the page
            open_end = not s.endswith((";", ",", ".", ":"))
        elif out or AUTHORITY_RE.match(s) or _is_position(s):
            inside = False
    return tuple(r for r in out if r), at


def _clean_recipient(line: str) -> str:
    s = _BULLET_RE.sub("", line).strip()
    return s.rstrip(" ,;.").strip()
