"""Word automatic numbering rendered into ``Block.label`` (pipeline.read.ooxml.numbering).

Each case builds a .docx with its own numbering.xml and reads it back through
``read_document``; the expected labels are what Word shows in front of the paragraphs.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from pipeline.model import BlockKind
from pipeline.read.ooxml.names import W_NS
from pipeline.read.ooxml.numbering import (
    Level,
    ListCounters,
    NumberingDefinitions,
    render_level_text,
)
from pipeline.read.ooxml.numfmt import (
    bullet_label,
    format_number,
    symbol_char,
    to_letters,
    to_roman,
    to_vietnamese_counting,
)
from pipeline.read.ooxml.styles import StyleSheet


def lvl(ilvl: int, fmt: str = "decimal", text: str = "%1.", start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def abstract(abstract_id: int, *levels: str, extra: str = "") -> str:
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}">{extra}{"".join(levels)}</w:abstractNum>'
    )


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def start_override(ilvl: int, value: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'


# the seed's list: lvl 0 "%1.", lvl 1 "%1.%2."
MULTILEVEL = abstract(0, lvl(0, text="%1."), lvl(1, text="%1.%2.")) + num(1, 0)
# a paragraph spec is (numId, ilvl), None (not numbered) or {"style": id, "num": (numId, ilvl)}
Spec = tuple[int, int] | None | dict[str, object]

CASES: list[tuple[str, str, str, list[Spec], list[str]]] = [
    # (id, numbering.xml content, styles, paragraphs, expected labels)
    (
        "multilevel-restart-and-continuation",  # level 1 restarts after each level-0 item
        MULTILEVEL,
        "",
        [(1, 0), (1, 1), (1, 1), None, (1, 1), (1, 0), (1, 1)],
        ["1.", "1.1.", "1.2.", "", "1.3.", "2.", "2.1."],
    ),
    (
        "upper-roman",
        abstract(0, lvl(0, "upperRoman", "%1.")) + num(1, 0),
        "",
        [(1, 0)] * 4,
        ["I.", "II.", "III.", "IV."],
    ),
    (
        "lower-letter-is-latin",  # Word has no "đ": the 5th letter is "e"
        abstract(0, lvl(0, "lowerLetter", "%1)")) + num(1, 0),
        "",
        [(1, 0)] * 6,
        ["a)", "b)", "c)", "d)", "e)", "f)"],
    ),
    (
        "upper-letter-lower-roman-decimal-zero",
        abstract(
            0,
            lvl(0, "upperLetter", "%1."),
            lvl(1, "lowerRoman", "(%2)"),
            lvl(2, "decimalZero", "%3"),
        )
        + num(1, 0),
        "",
        [(1, 0), (1, 1), (1, 1), (1, 2), (1, 0), (1, 2)],
        ["A.", "(i)", "(ii)", "01", "B.", "01"],
    ),
    (
        "start-value",
        abstract(0, lvl(0, text="Điều %1.", start=3)) + num(1, 0),
        "",
        [(1, 0), (1, 0)],
        ["Điều 3.", "Điều 4."],
    ),
    (
        "two-nums-of-one-abstract-continue",
        abstract(0, lvl(0)) + num(1, 0) + num(2, 0),
        "",
        [(1, 0), (1, 0), (2, 0), (1, 0)],
        ["1.", "2.", "3.", "4."],
    ),
    (
        "start-override-restarts-on-first-use",
        abstract(0, lvl(0)) + num(1, 0) + num(2, 0, start_override(0, 1)),
        "",
        [(1, 0), (1, 0), (2, 0), (2, 0), (1, 0)],
        ["1.", "2.", "1.", "2.", "3."],
    ),
    (
        "start-override-value",
        abstract(0, lvl(0)) + num(1, 0, start_override(0, 7)),
        "",
        [(1, 0), (1, 0)],
        ["7.", "8."],
    ),
    (
        "lvl-override-replaces-format",
        abstract(0, lvl(0))
        + num(1, 0, f'<w:lvlOverride w:ilvl="0">{lvl(0, "upperRoman", "%1-")}</w:lvlOverride>'),
        "",
        [(1, 0), (1, 0)],
        ["I-", "II-"],
    ),
    (
        "lvl-restart-0-never-restarts",
        abstract(0, lvl(0), lvl(1, text="%1.%2", extra='<w:lvlRestart w:val="0"/>')) + num(1, 0),
        "",
        [(1, 0), (1, 1), (1, 0), (1, 1)],
        ["1.", "1.1", "2.", "2.2"],
    ),
    (
        "lvl-restart-after-level-1-only",  # level 2 restarts after level 0 but not level 1
        abstract(
            0, lvl(0), lvl(1, text="%2)"), lvl(2, text="%3/", extra='<w:lvlRestart w:val="1"/>')
        )
        + num(1, 0),
        "",
        [(1, 0), (1, 2), (1, 1), (1, 2), (1, 0), (1, 2)],
        ["1.", "1/", "1)", "2/", "2.", "1/"],
    ),
    (
        "is-legal-makes-upper-levels-decimal",
        abstract(0, lvl(0, "upperRoman", "%1."), lvl(1, text="%1.%2.", extra="<w:isLgl/>"))
        + num(1, 0),
        "",
        [(1, 0), (1, 1), (1, 0), (1, 1)],
        ["I.", "1.1.", "II.", "2.1."],
    ),
    (
        "bullets",
        abstract(0, lvl(0, "bullet", "-"))
        + abstract(
            1,
            lvl(
                0,
                "bullet",
                "\uf0b7",
                extra='<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr>',
            ),
            lvl(1, "bullet", "o", extra='<w:rPr><w:rFonts w:ascii="Courier New"/></w:rPr>'),
            lvl(2, "bullet", "\uf0a7", extra='<w:rPr><w:rFonts w:ascii="Wingdings"/></w:rPr>'),
            lvl(3, "bullet", "+"),
        )
        + num(1, 0)
        + num(2, 1),
        "",
        [(1, 0), (2, 0), (2, 1), (2, 2), (2, 3), (1, 0)],
        ["-", "•", "•", "•", "+", "-"],
    ),
    (
        "num-fmt-none-and-empty-text",
        abstract(0, lvl(0, "none", ""), lvl(1, text="%2.")) + num(1, 0),
        "",
        [(1, 0), (1, 1), (1, 0), (1, 1)],
        ["", "1.", "", "1."],
    ),
    (
        "num-id-0-means-not-numbered",
        MULTILEVEL,
        "",
        [(1, 0), (0, 0), (1, 0)],
        ["1.", "", "2."],
    ),
    (
        "style-inherited-num-pr-and-based-on",
        MULTILEVEL,
        '<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Muc"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="MucCon"><w:name w:val="Muc con"/>'
        '<w:basedOn w:val="Muc"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>',
        [{"style": "Muc"}, {"style": "MucCon"}, {"style": "MucCon"}, {"style": "Muc"}],
        ["1.", "1.1.", "1.2.", "2."],
    ),
    (
        "direct-num-id-0-overrides-style",
        MULTILEVEL,
        '<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Muc"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>',
        [{"style": "Muc"}, {"style": "Muc", "num": (0, 0)}, {"style": "Muc"}],
        ["1.", "", "2."],
    ),
    (
        "style-linked-level-pstyle",  # a heading style bound to level 1 through lvl/pStyle
        abstract(0, lvl(0), lvl(1, text="%1.%2.", extra='<w:pStyle w:val="Tieumuc"/>')) + num(1, 0),
        '<w:style w:type="paragraph" w:styleId="Tieumuc"><w:name w:val="Tieu muc"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>',
        [(1, 0), {"style": "Tieumuc"}, {"style": "Tieumuc"}],
        ["1.", "1.1.", "1.2."],
    ),
    (
        "num-style-link",  # abstract 1 only points at the numbering style that abstract 0 defines
        abstract(0, lvl(0, "upperRoman", "%1."), extra='<w:styleLink w:val="DanhMuc"/>')
        + abstract(1, extra='<w:numStyleLink w:val="DanhMuc"/>')
        + num(1, 0)
        + num(2, 1),
        '<w:style w:type="numbering" w:styleId="DanhMuc"><w:name w:val="Danh muc"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>',
        [(2, 0), (2, 0), (1, 0)],
        ["I.", "II.", "III."],
    ),
]


def _para(spec: Spec, i: int, para) -> str:
    if spec is None:
        return para(f"p{i}")
    if isinstance(spec, dict):
        return para(f"p{i}", num=spec.get("num"), style=spec.get("style"))
    return para(f"p{i}", num=spec)


@pytest.mark.parametrize(
    ("numbering", "styles", "paragraphs", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_numbering_labels(docx_builder, docx_xml, numbering, styles, paragraphs, expected):
    doc = docx_builder().set_numbering(numbering).add_styles(styles)
    doc.add("".join(_para(spec, i, docx_xml) for i, spec in enumerate(paragraphs)))
    source = doc.read()
    body = [b for b in source.blocks if b.kind == BlockKind.PARAGRAPH]
    assert [b.text for b in body] == [f"p{i}" for i in range(len(paragraphs))]
    assert [b.label for b in body] == expected
    assert not [i for i in source.issues if i.code == "READ004"]


def test_python_docx_list_styles(docx_builder):
    """python-docx's own "List Number"/"List Bullet" styles: numbering from the style only."""
    builder = docx_builder()
    document = builder.document
    for text in ("Tổ chức hội nghị", "Kiểm tra, giám sát"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Báo cáo kết quả", style="List Bullet")
    source = builder.read()
    assert [(b.label, b.text) for b in source.blocks] == [
        ("1.", "Tổ chức hội nghị"),
        ("2.", "Kiểm tra, giám sát"),
        ("•", "Báo cáo kết quả"),
    ]


def test_undefined_num_id_is_reported(docx_builder, docx_xml):
    doc = docx_builder().set_numbering(MULTILEVEL)
    doc.add(docx_xml("một", num=(9, 0)) + docx_xml("hai", num=(1, 4)))
    source = doc.read()
    assert [b.label for b in source.blocks] == ["", ""]
    messages = [i.message for i in source.issues if i.code == "READ004"]
    assert messages == ["numId 9 is not defined in numbering.xml", "numId 1 has no level 4"]


def test_unsupported_format_falls_back_to_decimal(docx_builder, docx_xml):
    doc = docx_builder().set_numbering(abstract(0, lvl(0, "chicago", "%1.")) + num(1, 0))
    doc.add(docx_xml("một", num=(1, 0)))
    source = doc.read()
    assert source.blocks[0].label == "1."
    assert [i.code for i in source.issues] == ["READ004"]


# ------------------------------------------------------------------ the formatters


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (1, "decimal", "1"),
        (9, "decimalZero", "09"),
        (12, "decimalZero", "12"),
        (14, "upperRoman", "XIV"),
        (49, "lowerRoman", "xlix"),
        (26, "lowerLetter", "z"),
        (27, "lowerLetter", "aa"),
        (30, "upperLetter", "DD"),
        (2, "ordinal", "2nd"),
        (12, "ordinal", "12th"),
        (3, "decimalEnclosedParen", "(3)"),
        (3, "decimalEnclosedCircle", "③"),
        (21, "vietnameseCounting", "hai mươi mốt"),
        (5, "none", ""),
        (
            10**20,
            "upperRoman",
            "100000000000000000000",
        ),  # a hostile start: digits, not "M" * 10**17
        (10**9, "lowerLetter", "1000000000"),
        (0, "upperRoman", "0"),
        (5, "unknownFormat", None),
    ],
)
def test_format_number(value, fmt, expected):
    assert format_number(value, fmt) == expected


@pytest.mark.parametrize(
    ("text", "font", "expected"),
    [
        ("-", "Times New Roman", "-"),  # a typed-looking dash bullet stays "-"
        ("\uf02d", "Symbol", "-"),  # Symbol's minus
        ("\uf0b7", "Symbol", "•"),
        ("\uf0a7", "Wingdings", "•"),
        ("\uf0d8", "Wingdings", "•"),
        ("§", "Wingdings", "•"),  # a Wingdings square written without the F000 offset
        ("o", "Courier New", "•"),
        ("+", "Times New Roman", "+"),
        ("–", None, "–"),
        ("", "Symbol", ""),
    ],
)
def test_bullet_label(text, font, expected):
    assert bullet_label(text, font) == expected


@pytest.mark.parametrize(
    ("code", "font", "expected"),
    [(0xF0B3, "Symbol", "≥"), (0xF0B7, "Symbol", "•"), (0xF044, "Symbol", "Δ"), (0xF0FC, "Wingdings", "✓"),
     (0x2265, None, "≥"), (0xF0A7, None, "•")],
)  # fmt: skip
def test_symbol_char(code, font, expected):
    assert symbol_char(code, font) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "một"),
        (10, "mười"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (24, "hai mươi tư"),
        (100, "100"),
    ],
)
def test_vietnamese_counting(value, expected):
    assert to_vietnamese_counting(value) == expected


_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
# a well-formed Roman numeral below 4000: "MCMXCIV", "XLIX", "IV"; not "IIII" or "VX"
CANONICAL_ROMAN_RE = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


def _from_roman(text: str) -> int:
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        value = _ROMAN_VALUES[a]
        total += -value if b != " " and _ROMAN_VALUES[b] > value else value
    return total


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(value):
    roman = to_roman(value)
    assert CANONICAL_ROMAN_RE.fullmatch(roman)
    assert _from_roman(roman) == value
    assert format_number(value, "lowerRoman") == roman.lower()


@given(st.integers(min_value=1, max_value=2000))
def test_letters_round_trip(value):
    letters = to_letters(value)
    assert len(set(letters)) == 1 and letters.isascii() and letters.islower()
    assert (len(letters) - 1) * 26 + ord(letters[0]) - ord("a") + 1 == value
    assert format_number(value, "upperLetter") == letters.upper()


def _two_level_counters() -> ListCounters:
    xml = f'<w:numbering xmlns:w="{W_NS}">{MULTILEVEL}</w:numbering>'
    return ListCounters(NumberingDefinitions(etree.fromstring(xml), StyleSheet(None)))


@given(st.lists(st.sampled_from(["item", "sub", "plain"]), max_size=40))
def test_counters_match_a_hand_kept_outline(steps):
    """Labels of the seed's two-level list equal those of a hand-kept counter pair, whatever
    the mix of items, sub-items and unnumbered paragraphs."""
    counters = _two_level_counters()
    major = minor = 0
    for step in steps:
        if step == "item":
            major, minor = major + 1, 0
            assert counters.label("1", 0) == f"{major}."
        elif step == "sub":
            minor += 1
            assert counters.label("1", 1) == f"{major or 1}.{minor}."


def test_render_level_text_unknown_placeholder_level():
    level = Level(1, "decimal", "%1.%3.")  # %3 names a deeper level: rendered empty
    assert render_level_text(level, 1, [2, 1] + [None] * 7, (level, level) + (None,) * 7) == (
        "2..",
        set(),
    )
