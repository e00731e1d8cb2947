"""Bad .docx input: every case must end in a ReadError with the right code, quickly.

The hostile files are made here, in memory, from the seed .docx or from scratch: empty and
truncated zips, encrypted members, zip bombs (a highly compressible member, lying headers,
too many members), DOCTYPEs and entity expansion in the XML parts, and zips that are not Word.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import ReadError
from pipeline.read import read_document
from pipeline.read.from_docx import read_docx
from pipeline.read.ooxml import package

SEED_DOCX = (
    Path(__file__).resolve().parents[2] / "corpus" / "formats" / "2023-duc-pho-bcd-qcdc.docx"
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# each bad input must be refused within this many seconds
FAST = 2.0

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + f"]>\n<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
).encode()
EXTERNAL_ENTITY = (
    f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f"<w:document {W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
).encode()

UTF7_DOCTYPE = (
    b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE r +AFs-+ADw-!ENTITY a +ACI-hi+ACI-+AD4-'
    b"+AF0-+AD4-+ADw-w:document/+AD4-"
)


def seed() -> bytes:
    return SEED_DOCX.read_bytes()


def rezip(
    data: bytes, replace: dict[str, bytes] | None = None, drop: frozenset[str] = frozenset()
) -> bytes:
    """The zip ``data`` with members replaced or dropped."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        replace = dict(replace or {})
        for info in src.infolist():
            if info.filename not in drop:
                dst.writestr(info.filename, replace.pop(info.filename, None) or src.read(info))
        for name, content in replace.items():  # new members
            dst.writestr(name, content)
    return out.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in members.items():
            dst.writestr(name, content)
    return out.getvalue()


def patch_headers(data: bytes, name: str, *, flags: int = 0, file_size: int | None = None) -> bytes:
    """Set flag bits and/or the declared uncompressed size of member ``name`` in both its local
    header and its central directory entry (the sizes then lie)."""
    buf = bytearray(data)
    eocd = buf.rfind(b"PK\x05\x06")
    (count,) = struct.unpack_from("<H", buf, eocd + 10)
    (pos,) = struct.unpack_from("<I", buf, eocd + 16)
    for _ in range(count):
        assert buf[pos : pos + 4] == b"PK\x01\x02"
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", buf, pos + 28)
        (local,) = struct.unpack_from("<I", buf, pos + 42)
        if buf[pos + 46 : pos + 46 + name_len].decode() == name:
            for flag_at, size_at in ((pos + 8, pos + 24), (local + 6, local + 22)):
                (old,) = struct.unpack_from("<H", buf, flag_at)
                struct.pack_into("<H", buf, flag_at, old | flags)
                if file_size is not None:
                    struct.pack_into("<I", buf, size_at, file_size)
        pos += 46 + name_len + extra_len + comment_len
    return bytes(buf)


def _document_xml() -> bytes:
    with zipfile.ZipFile(SEED_DOCX) as z:
        return z.read("word/document.xml")


def _strict_rels() -> bytes:
    with zipfile.ZipFile(SEED_DOCX) as z:
        rels = z.read("_rels/.rels")
    return rels.replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    )


CASES: list[tuple[str, Callable[[], bytes], str, str]] = [
    # (id, bad bytes, expected code, a word of the message)
    ("empty-zip", lambda: make_zip({}), "corrupt", "not a Word document"),
    ("zip-signature-then-garbage", lambda: b"PK\x03\x04" + random.Random(1).randbytes(4000), "corrupt", "zip"),
    ("truncated-zip", lambda: seed()[: len(seed()) // 2], "corrupt", "zip"),
    ("truncated-central-directory", lambda: seed()[:-30], "corrupt", "zip"),
    (
        "damaged-member-data",
        lambda: (lambda d: d[:3000] + bytes(b ^ 0x5A for b in d[3000:3400]) + d[3400:])(seed()),
        "corrupt",
        "",
    ),
    ("encrypted-flag", lambda: patch_headers(seed(), "word/document.xml", flags=0x1), "encrypted", "password"),
    (
        "zip-bomb-ratio",
        lambda: rezip(seed(), {"word/media/blank.bin": b"\0" * (8 * 2**20)}),
        "too_large",
        "inflates",
    ),
    (
        "declared-size-over-total",
        lambda: patch_headers(seed(), "docProps/thumbnail.jpeg", file_size=300 * 2**20),
        "too_large",
        "",
    ),
    (
        "headers-lie-smaller",  # declared 100 bytes, real 1 MB: the bounded read stops, CRC fails
        lambda: patch_headers(
            rezip(seed(), {"customXml/item1.xml": b"<a>" + b"x" * 2**20 + b"</a>"}),
            "customXml/item1.xml",
            file_size=100,
        ),
        "corrupt",
        "",
    ),
    (
        "too-many-members",
        lambda: make_zip({f"word/m{i}.xml": b"" for i in range(package.MAX_MEMBERS + 1)}),
        "too_large",
        "members",
    ),
    ("billion-laughs", lambda: rezip(seed(), {"word/document.xml": BILLION_LAUGHS}), "unsafe_xml", "DOCTYPE"),
    ("external-entity", lambda: rezip(seed(), {"word/document.xml": EXTERNAL_ENTITY}), "unsafe_xml", "DOCTYPE"),
    (
        "doctype-after-long-comment",
        lambda: rezip(seed(), {"word/document.xml": b"<!--" + b"-" * 20000 + b"-->" + BILLION_LAUGHS[22:]}),
        "unsafe_xml",
        "DOCTYPE",
    ),
    (
        "doctype-in-utf16",
        lambda: rezip(seed(), {"word/document.xml": BILLION_LAUGHS.decode().replace("?>", ' encoding="UTF-16"?>', 1).encode("utf-16")}),
        "unsafe_xml",
        "DOCTYPE",
    ),
    (
        "doctype-in-footnotes",
        lambda: rezip(seed(), {"word/footnotes.xml": BILLION_LAUGHS}),
        "unsafe_xml",
        "footnotes.xml",
    ),
    (
        "doctype-in-content-types",
        lambda: rezip(
            seed(),
            {"[Content_Types].xml": b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "b">]><Types/>'},
        ),
        "unsafe_xml",
        "Content_Types",
    ),
    (
        "doctype-hidden-in-utf7",  # libxml2 decodes UTF-7: "+ADw-!DOCTYPE" is "<!DOCTYPE"
        lambda: rezip(seed(), {"word/document.xml": UTF7_DOCTYPE}),
        "unsafe_xml",
        "UTF-7",
    ),
    (
        "doctype-in-utf16-without-bom",
        lambda: rezip(seed(), {"word/document.xml": BILLION_LAUGHS[22:].decode().encode("utf-16-le")}),
        "unsafe_xml",
        "DOCTYPE",
    ),
    ("ebcdic-xml", lambda: rezip(seed(), {"word/settings.xml": b"\x4c\x6f\xa7\x94\x93"}), "unsafe_xml", "EBCDIC"),
    (
        "endless-prolog",
        lambda: rezip(seed(), {"word/document.xml": b"<?xml version='1.0'?>" + b"<?pi ?>" * 20000 + b"<w:document/>"}),
        "unsafe_xml",
        "root element",
    ),
    (
        "malformed-document-xml",
        lambda: rezip(seed(), {"word/document.xml": _document_xml()[:-200]}),
        "corrupt",
        "",
    ),
    (
        "missing-document-xml",
        lambda: rezip(seed(), drop=frozenset({"word/document.xml"})),
        "corrupt",
        "not a Word document",
    ),
    ("missing-content-types", lambda: rezip(seed(), drop=frozenset({"[Content_Types].xml"})), "corrupt", "not a Word"),
    (
        "excel-workbook",
        lambda: make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
        "corrupt",
        "Excel",
    ),
    (
        "strict-ooxml",
        lambda: rezip(seed(), {"_rels/.rels": _strict_rels()}),
        "corrupt",
        "Strict Open XML",
    ),
    ("no-body", lambda: rezip(seed(), {"word/document.xml": f"<w:document {W}/>".encode()}), "corrupt", "body"),
    (
        "alt-chunk-only",
        lambda: rezip(
            seed(),
            {"word/document.xml": f'<w:document {W}><w:body><w:altChunk r:id="x" xmlns:r="r"/></w:body></w:document>'.encode()},
        ),
        "unsupported",
        "altChunk",
    ),
]  # fmt: skip


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("make", "code", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_docx_is_refused(tmp_path, make, code, words):
    path = tmp_path / "bad.docx"
    path.write_bytes(make())
    start = time.perf_counter()
    with pytest.raises(ReadError) as info:
        read_document(path)
    elapsed = time.perf_counter() - start
    assert info.value.code == code, info.value.message
    assert words in info.value.message
    assert info.value.path == str(path)
    assert elapsed < FAST


def test_random_bytes_named_docx(tmp_path):
    path = tmp_path / "noise.docx"
    path.write_bytes(random.Random(0).randbytes(5000))
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert info.value.code == "unsupported"


def test_xml_size_limit_applies_whatever_the_name(monkeypatch, tmp_path):
    """XML is recognised by content: a big XML part named like an image is still capped."""
    monkeypatch.setattr(package, "MAX_XML_PART_BYTES", 500_000)  # styles.xml has 350 kB
    xml = b'<?xml version="1.0"?><x>' + b"<y/>" * 150_000 + b"</x>"
    path = tmp_path / "disguised.docx"
    path.write_bytes(rezip(seed(), {"word/media/image1.png": xml}))
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert info.value.code == "too_large"
    assert "image1.png" in info.value.message


def test_total_size_limit(monkeypatch, tmp_path):
    """The declared total is checked before inflating (limit lowered to the seed's size)."""
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", 500_000)
    path = tmp_path / "seed.docx"
    path.write_bytes(seed())
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert info.value.code == "too_large"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ('<?xml version="1.0"?><w:document>', "root"),
        ("\ufeff  <!-- a --><?pi x?>\n<w:document>", "root"),
        ("<?xml version='1.0'?><!DOCTYPE x>", "doctype"),
        ("<!-- <!DOCTYPE x> --><r/>", "root"),  # a DOCTYPE inside a comment is only text
        ("<?xml version='1.0'?><!-", "more"),
        ("<?xml version='1.0'", "more"),
        ("<", "more"),
        ("\x89PNG", "other"),
    ],
)
def test_prolog_state(text, state):
    assert package.prolog_state(text) == state


def test_parse_xml_safely_refuses_doctype():
    with pytest.raises(ReadError) as info:
        package.parse_xml_safely(BILLION_LAUGHS, "word/footnotes.xml")
    assert info.value.code == "unsafe_xml"
    with pytest.raises(ReadError) as info:
        package.parse_xml_safely(b"<a><b></a>", "word/footnotes.xml")
    assert info.value.code == "corrupt"


# fragments that break the structure or carry odd values where the reader parses numbers
_FUZZ_TOKENS = [
    b"<w:p>", b"</w:p>", b"<w:tbl>", b"</w:tc>", b'<w:gridSpan w:val="-5"/>', b'<w:numId w:val="0"/>',
    b'<w:ilvl w:val="99"/>', b'w:val="abc"', b'<w:fldChar w:fldCharType="begin"/>',
    b'<w:footnoteReference w:id="99"/>', b"<w:vMerge/>", b'<w:sym w:char="ZZZZ"/>',
    b'<w:lvlText w:val="%1%2%9%0"/>', b'<w:start w:val="99999999999999999999"/>',
    b'<w:lvlRestart w:val="-1"/>', b'<w:numStyleLink w:val="X"/>',
]  # fmt: skip


@functools.cache
def _seed_members() -> dict[str, bytes]:
    with zipfile.ZipFile(SEED_DOCX) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["word/document.xml", "word/numbering.xml", "word/footnotes.xml"]),
    st.lists(
        st.tuples(
            st.floats(0, 1, exclude_max=True), st.sampled_from(_FUZZ_TOKENS), st.integers(0, 40)
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_mutated_xml_never_crashes(name, edits):
    """Whatever the damage to an XML part, the reader returns blocks or raises ReadError."""
    members = dict(_seed_members())
    data = bytearray(members[name])
    for where, token, cut in edits:
        pos = int(where * len(data))
        data[pos : pos + cut] = token
    members[name] = bytes(data)
    try:
        read_docx("mutated.docx", make_zip(members))
    except ReadError as exc:
        assert exc.code in ("corrupt", "unsafe_xml", "unsupported")
