"""The outline: paths, levels and zones; and a round trip from a rendered outline."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.segment.outline as outline_module
from pipeline.errors import ISSUE_CODES
from pipeline.model import Zone
from pipeline.normalize import build_text
from pipeline.read.from_txt import read_txt
from pipeline.segment import segment
from pipeline.segment.outline import MAX_DEPTH

HEAD = "ĐẢNG CỘNG SẢN VIỆT NAM\nSố 12-KH/HU\nKẾ HOẠCH\nthực hiện nhiệm vụ năm 2024\n-----\nThực hiện chỉ đạo của cấp trên, Huyện ủy ban hành kế hoạch như sau:\n"
TAIL = "Nơi nhận:\n- Lưu Văn phòng Huyện ủy.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn An\n"


def _outline(body: str):
    return segment(build_text(read_txt("x.txt", (HEAD + body + TAIL).encode())))


def test_paths_levels_and_zones():
    outline = _outline("I- MỤC ĐÍCH\n- Một dòng\nII- NHIỆM VỤ\n1. Tham mưu\n1.1. Việc một\n1.2. Việc hai\n2. Công tác\na) Việc ba\n")
    assert [(i.path, i.level) for i in outline.items] == [
        ("I", 1), ("II", 1), ("II/1", 2), ("II/1/1.1", 3), ("II/1/1.2", 3), ("II/2", 2), ("II/2/a", 3)
    ]
    zones = [z for z, _, _ in outline.zones]
    assert zones[:3] == [Zone.HEADER, Zone.PREAMBLE, Zone.BODY] and Zone.RECIPIENTS in zones
    first = outline.items[0]
    assert len(first.lines) == 2  # the dash line belongs to item I


def test_repeated_number_gets_unique_path_and_issue():
    outline = _outline("I. A\n1. x\n1. y\n")
    paths = [i.path for i in outline.items]
    assert paths == ["I", "I/1", "I/1~2"]
    assert any(i.code == "SEG001" for i in outline.issues)


def test_gap_is_reported():
    outline = _outline("I. A\n1. x\n3. y\n")
    assert any("jumps" in i.message for i in outline.issues)


ROMANS = ["I", "II", "III", "IV", "V"]
LETTERS = "abcdđe"


@st.composite
def outlines(draw):
    tree = []
    for r in range(draw(st.integers(1, 4))):
        kids = []
        for a in range(draw(st.integers(0, 3))):
            kids.append((str(a + 1), [LETTERS[k] for k in range(draw(st.integers(0, 3)))]))
        tree.append((ROMANS[r], kids))
    return tree


def _render(tree) -> tuple[str, list[str]]:
    lines, paths = [], []
    for roman, kids in tree:
        lines.append(f"{roman}. PHẦN {roman}")
        paths.append(roman)
        for num, letters in kids:
            lines.append(f"{num}. Mục {num} của phần {roman}")
            paths.append(f"{roman}/{num}")
            for letter in letters:
                lines.append(f"{letter}) Nội dung {letter}")
                lines.append("- một gạch đầu dòng")
                paths.append(f"{roman}/{num}/{letter}")
    return "\n".join(lines) + "\n", paths


@settings(max_examples=60, deadline=None)
@given(outlines())
def test_round_trip(tree):
    body, paths = _render(tree)
    outline = _outline(body)
    assert [i.path for i in outline.items] == paths
    spans = [i.span for i in outline.items]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_lettered_parts_above_roman_numerals():
    outline = _outline("A. MỤC ĐÍCH\nI. Mục đích\nB. NỘI DUNG\nI. Nội dung kiểm tra\n1. Việc một\nC. TỔ CHỨC THỰC HIỆN\n1. Giao Sở Nội vụ chủ trì.\n")
    assert [i.path for i in outline.items] == ["A", "A/I", "B", "B/I", "B/I/1", "C", "C/1"]
    assert not outline.issues


def _lines_of(outline, path):
    item = next(i for i in outline.items if i.path == path)
    return [outline.text.line_text(k) for k in item.lines]


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 40])
def test_outline_depth_is_capped(depth):
    """Deeper than MAX_DEPTH levels: the lines stay text of the deepest item, with one SEG004."""
    body = "I. NHIỆM VỤ\n" + "".join(f"{'1.' * k}1. Mục {k}\n" for k in range(depth - 1))
    outline = _outline(body)
    assert max(i.level for i in outline.items) == min(depth, MAX_DEPTH)
    capped = [i for i in outline.issues if i.code == "SEG004"]
    kept = depth - MAX_DEPTH
    if kept <= 0:
        assert not capped
        return
    assert len(capped) == 1 and capped[0].message.startswith(f"{kept} numbered lines nested deeper")
    deepest = outline.items[-1]
    assert _lines_of(outline, deepest.path)[1:] == [f"{'1.' * k}1. Mục {k}" for k in range(MAX_DEPTH - 1, depth - 1)]
    assert "SEG004" in ISSUE_CODES


def test_items_in_one_list_are_capped(monkeypatch):
    """Past MAX_ITEMS in one list: the extra items are text of the last one; other lists go on."""
    monkeypatch.setattr(outline_module, "MAX_ITEMS", 3)
    outline = _outline("I. A\n1. x\n2. y\n3. z\n4. t\n5. u\nII. B\n1. v\n")
    assert [i.path for i in outline.items] == ["I", "I/1", "I/2", "I/3", "II", "II/1"]
    assert _lines_of(outline, "I/3") == ["3. z", "4. t", "5. u"]
    (issue,) = [i for i in outline.issues if i.code == "SEG004"]
    assert issue.message.startswith("2 numbered lines past 3 in one list") and issue.path == "I/3"
