"""Legacy encodings: TCVN3 (ABC, .VnTime/.VnTimeH) and VNI-Windows to Unicode, and back."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.normalize import build_text
from pipeline.read import read_document
from pipeline.read.legacy import (
    convert_if_legacy,
    convert_run,
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    encode_tcvn3,
    encode_vni,
    is_syllable,
    legacy_font_encoding,
)
from tests.conftest import SEED_TXT
from tests.read.archives import assert_scores_close, text_lines

SEED = unicodedata.normalize("NFC", SEED_TXT.read_text(encoding="utf-8"))

# (mojibake as extracted, Unicode) - the strings of docs/vn-document-format.md section 5.3
TCVN3_CASES = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Uû ban nh©n d©n", "Uỷ ban nhân dân"),
    ("KÕ ho¹ch", "Kế hoạch"),
    ("Th«ng t\xad", "Thông tư"),  # ư is byte 0xAD, the soft hyphen
    ("Nhµ n\u2212íc", "Nhà nước"),  # PDF text layers draw 0xAD as a minus sign
    ("n-íc", "nước"),  # ... and some extractors as a hyphen
    ("chÝnh trÞ-x· héi", "chính trị-xã hội"),  # a real hyphen between two syllables stays
    ("QĐ-TTg", "QĐ-TTg"),  # ASCII and capitals around a hyphen: untouched
    ("Aµ", "À"),  # capital written as base + lower-case toned vowel
    ("U\xb1y ban", "Ủy ban"),  # capital + combining tone byte (0xB1 = hook)
]
VNI_CASES = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Keá hoaïch thöïc hieän", "Kế hoạch thực hiện"),
    ("COÄNG HOØA", "CỘNG HÒA"),
    ("ñöôøng", "đường"),
    ("thuôû", "thuở"),
    ("aên uoáng", "ăn uống"),
    ("Kyø hoïp", "Kỳ họp"),
]


@pytest.mark.parametrize(("mojibake", "unicode"), TCVN3_CASES)
def test_decode_tcvn3(mojibake, unicode):
    assert decode_tcvn3(mojibake) == unicode


@pytest.mark.parametrize(("mojibake", "unicode"), VNI_CASES)
def test_decode_vni(mojibake, unicode):
    assert decode_vni(mojibake) == unicode


@pytest.mark.parametrize(
    ("encode", "text", "expected"),
    [
        (encode_tcvn3, "Kế hoạch", "KÕ ho¹ch"),
        (encode_tcvn3, "Đảng", "§¶ng"),
        (encode_tcvn3, "Ủy", "U\xb1y"),  # no capital toned vowels in TCVN3: base + tone byte
        (encode_vni, "Cộng hòa", "Coäng hoøa"),
        (encode_vni, "ĐỨC PHỔ", "ÑÖÙC PHOÅ"),
        (encode_tcvn3, "ASCII 01-QC/BCĐ", "ASCII 01-QC/BC§"),
    ],
)
def test_encoders(encode, text, expected):
    assert encode(text) == expected


# every precomposed Vietnamese letter, both cases
VN_LETTERS = "".join(
    sorted({unicodedata.normalize("NFC", c) for c in "aăâbcdđeêghiklmnoôơpqrstuưvxy"})
)
TONED = "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
ALPHABET = VN_LETTERS + VN_LETTERS.upper() + TONED + TONED.upper() + " ,.;:()/0123456789“”"
# the two one-way repairs: "Aà" -> "À" (TCVN3 capitals) and "n-íc" -> "nước" (lost soft hyphens)
_CAPITAL_PAIR_RE = re.compile(r"[AĂÂEÊIOÔƠUƯY][" + TONED + "]")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_tcvn3_round_trip(text):
    assume(not _CAPITAL_PAIR_RE.search(text))
    assert decode_tcvn3(encode_tcvn3(text)) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET + "-", max_size=60))
def test_vni_round_trip(text):
    assert decode_vni(encode_vni(text)) == text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(set(re.findall(r"[^\W\d_]+", SEED)))), min_size=3, max_size=30)
)
def test_round_trip_of_seed_words(words):
    text = " ".join(words)
    assert decode_tcvn3(encode_tcvn3(text)) == text
    assert decode_vni(encode_vni(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (encode_tcvn3(SEED[:2000]), "TCVN3"),
        (encode_vni(SEED[:2000]), "VNI"),
        (SEED[:2000], None),  # real Unicode Vietnamese
        (unicodedata.normalize("NFD", SEED[:2000]), None),  # decomposed Unicode
        ("Plain ASCII text - with dashes, numbers 2023 and no accents at all.", None),
        ("Café crème à la française, déjà vu, naïve résumé. Où est-elle ? " * 4, None),  # French
        ("30°C – “trích dẫn” … §2 · mục", None),
        ("Ủy ban nhân dân", None),
        ("", None),
    ],
    ids=["tcvn3", "vni", "unicode", "nfd", "ascii", "french", "punctuation", "short", "empty"],
)
def test_detect_legacy(text, expected):
    assert detect_legacy(text) == expected


def test_windows_1258_view_of_tcvn3_bytes():
    """A TCVN3 .txt is not UTF-8, so the text reader decodes it as Windows-1258 first."""
    view = (
        encode_tcvn3("Kế hoạch thực hiện Quy chế dân chủ ở cơ sở").encode("cp1252").decode("cp1258")
    )
    assert convert_if_legacy(view) == ("Kế hoạch thực hiện Quy chế dân chủ ở cơ sở", "TCVN3")


def test_mixed_document_keeps_unicode_lines():
    text = "Ủy ban nhân dân tỉnh Quảng Ngãi\n" + encode_tcvn3(
        "Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2023"
    )
    converted, name = convert_if_legacy(text)
    assert name == "TCVN3"
    assert (
        converted
        == "Ủy ban nhân dân tỉnh Quảng Ngãi\nKế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2023"
    )


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("TCVN3", False)),
        (".VnTimeH", ("TCVN3", True)),
        (".VnArialH,Bold", ("TCVN3", True)),
        ("ABCDEF+.VnTime-Italic", ("TCVN3", False)),
        ("VnTimeH", ("TCVN3", True)),  # PDF names may lose the dot
        ("VNI-Times", ("VNI", False)),
        ("VNI-Helve-Condense", ("VNI", False)),
        ("Times New Roman", (None, False)),
        ("Vni", (None, False)),
        (None, (None, False)),
    ],
)
def test_legacy_font_encoding(font, expected):
    assert legacy_font_encoding(font) == expected


@pytest.mark.parametrize(
    ("text", "font", "expected"),
    [
        ("KÕ ho¹ch", ".VnTime", "Kế hoạch"),
        ("kÕ ho¹ch", ".VnTimeH", "KẾ HOẠCH"),  # H fonts draw lower-case bytes as capitals
        ("Keá hoaïch", "VNI-Times", "Kế hoạch"),
        ("KÕ ho¹ch", "Times New Roman", "KÕ ho¹ch"),  # not a legacy font: unchanged
        ("Kế hoạch", ".VnTime", "Kế hoạch"),  # Unicode typed in a .VnTime-named font
        ("Nhµ n\u2212íc", ".VnTime", "Nhà nước"),  # PDF minus for 0xAD
        ("\uf04b\uf0d5", ".VnTime", "Kế"),  # Word's symbol-font Private Use view of the bytes
        ("", ".VnTime", ""),
    ],
)
def test_convert_run(text, font, expected):
    assert convert_run(text, font) == expected


@pytest.mark.parametrize(
    ("word", "ok"),
    [
        ("nghiêng", True),
        ("Đường", True),
        ("khuya", True),
        ("ỞCƠSỞ", False),
        ("hoµ", False),
        ("UBND", False),
    ],
)
def test_is_syllable(word, ok):
    assert is_syllable(word) is ok


# --------------------------------------------------------------------------- renditions of the seed


@pytest.fixture(scope="module")
def renditions(tmp_path_factory):
    """The seed as legacy .txt files: TCVN3 and VNI bytes, and their UTF-8 mojibake copies."""
    folder = tmp_path_factory.mktemp("legacy")
    out = {}
    for name, encode in (("tcvn3", encode_tcvn3), ("vni", encode_vni)):
        for codec in ("cp1252", "utf-8"):
            path = folder / f"2023-duc-pho-bcd-qcdc.{name}.{codec}.txt"
            path.write_bytes(encode(SEED).encode(codec))
            out[f"{name}-{codec}"] = path
    return out


@pytest.mark.parametrize("key", ["tcvn3-cp1252", "tcvn3-utf-8", "vni-cp1252", "vni-utf-8"])
def test_rendition_reads_as_the_txt(renditions, key):
    path = renditions[key]
    assert text_lines(path) == text_lines(SEED_TXT)
    assert dict(read_document(path).meta)["encoding"] == key.split("-")[0].upper()


@pytest.mark.parametrize("key", ["tcvn3-cp1252", "vni-cp1252"])
def test_rendition_scores_like_the_txt(renditions, key):
    assert_scores_close(renditions[key], 0.02)


def test_windows_1258_file_is_not_converted(write_bytes):
    """Real Windows-1258 (base letters + combining tones) is Unicode once decoded: kept."""
    text = "Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2023. Ủy ban nhân dân thị xã Đức Phổ."
    decomposed = "".join(_cp1258(c) for c in text)
    doc = read_document(write_bytes("plan.txt", decomposed.encode("cp1258")))
    assert build_text(doc).text == text
    assert dict(doc.meta)["encoding"] == "cp1258"


def _cp1258(c: str) -> str:
    try:
        c.encode("cp1258")
        return c
    except UnicodeEncodeError:
        base, *marks = unicodedata.normalize("NFD", c)
        return unicodedata.normalize(
            "NFC", base + "".join(m for m in marks if m in "\u0302\u0306\u031b")
        ) + "".join(m for m in marks if m not in "\u0302\u0306\u031b")
