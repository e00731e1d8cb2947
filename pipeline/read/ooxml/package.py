"""Safety checks on a .docx zip, made before python-docx (or anything else) parses it.

A .docx is a zip of XML parts. Hostile or broken files are refused with a
:class:`~pipeline.errors.ReadError` whose ``code`` says why, cheaply and before decompressing:

* not a zip, a truncated zip, a bad member            -> ``corrupt``
* a member with the zip encryption flag               -> ``encrypted``
* too many members, too many declared bytes, or a member that inflates more than
  :data:`MAX_RATIO` times (a zip bomb)                -> ``too_large``
* an XML part with a DOCTYPE (entity declarations, "billion laughs", external entities),
  or an encoding used to hide one                     -> ``unsafe_xml``

Only the central directory is read for the size checks; for the XML check each member is
inflated only as far as its root element (the prolog, where a DOCTYPE must be), through a
bounded stream. Example: the seed "Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2023" has
20 members, 935 kB declared, the largest ratio 32:1; it passes in well under a millisecond.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from typing import BinaryIO

from lxml import etree

from pipeline.errors import ReadError

__all__ = [
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "MAX_XML_PART_BYTES",
    "check_package",
    "check_prolog",
    "parse_xml_safely",
    "prolog_state",
]

MAX_MEMBERS = 5000
# Sum of the declared uncompressed sizes of all members.
MAX_TOTAL_BYTES = 200 * 2**20
# XML is parsed into memory (lxml needs several times the size): one XML part, and all of
# them together, may not be larger than this. A 300-page plan's document.xml is ~10 MB.
MAX_XML_PART_BYTES = 32 * 2**20
MAX_XML_TOTAL_BYTES = 64 * 2**20
# Compression ratio allowed for members over RATIO_FLOOR bytes; Word's styles.xml is ~30:1.
MAX_RATIO = 100
RATIO_FLOOR = 2**20
# The prolog (XML declaration, comments, PIs) before the root element; real parts use ~60 bytes.
MAX_PROLOG_BYTES = 64 * 1024
_CHUNK = 4096

# general-purpose flag bit 0: the member is encrypted (traditional PKWARE or strong encryption)
_FLAG_ENCRYPTED = 0x1

# Byte-order marks and the first bytes of "<?xm" in the encodings libxml2 detects by itself.
_UTF8_BOM = codecs.BOM_UTF8
_SNIFF_ENCODINGS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
# "<?xm" in EBCDIC: libxml2 would decode it, a byte scan would not see a DOCTYPE.
_EBCDIC_XML_DECL = b"\x4c\x6f\xa7\x94"
# The encoding named in an XML declaration:
#   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' -> "UTF-8"
#   "<?xml version='1.0' encoding='utf-16'?>"                  -> "utf-16"
#   not '<?xml version="1.0"?>' (no encoding: UTF-8 or the byte-order mark decides)
XML_ENCODING_RE = re.compile(r"""^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
# Declared encodings allowed in a .docx part (Python codec names). Anything else (UTF-7,
# EBCDIC code pages …) could hide a DOCTYPE from the prolog scan, and Word never writes it.
SAFE_XML_ENCODINGS = frozenset(
    {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "ascii",
     "latin-1", "iso8859-1", "cp1252", "cp1258"}
)  # fmt: skip


def check_package(data: bytes) -> list[str]:
    """Refuse ``data`` unless it is a zip whose members are safe to inflate and parse;
    return the member names.

    Raises:
        ReadError: ``corrupt``, ``encrypted``, ``too_large`` or ``unsafe_xml``.
    """
    archive = open_zip(data)
    with archive:
        infos = archive.infolist()
        check_members(infos)
        xml_total = 0
        for info in infos:
            if _check_prolog(archive, info):
                xml_total += info.file_size
                _check_xml_size(info, xml_total)
    return [info.filename for info in infos]


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open the zip's central directory (nothing is inflated yet)."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise ReadError(
            f"not a valid .docx: broken or truncated zip ({exc})", code="corrupt"
        ) from exc


def check_members(infos: list[zipfile.ZipInfo]) -> None:
    """Check the declared sizes, ratios and flags of every member (central directory only)."""
    if len(infos) > MAX_MEMBERS:
        raise ReadError(
            f"the zip has {len(infos)} members, over the limit of {MAX_MEMBERS}", code="too_large"
        )
    total = 0
    for info in infos:
        if info.flag_bits & _FLAG_ENCRYPTED:
            raise ReadError(
                f"the .docx is encrypted ({info.filename}): remove the password in Word and save again",
                code="encrypted",
            )
        size = info.file_size
        total += size
        if total > MAX_TOTAL_BYTES:
            raise ReadError(
                f"the .docx would inflate to more than {_mib(MAX_TOTAL_BYTES)} (zip bomb?)",
                code="too_large",
            )
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise ReadError(
                f"{info.filename} inflates {ratio}:1, over the {MAX_RATIO}:1 limit (zip bomb?)",
                code="too_large",
            )


def _mib(size: int) -> str:
    """``3.5 MiB``: a size for messages."""
    return f"{size / 2**20:.1f} MiB"


def _check_xml_size(info: zipfile.ZipInfo, xml_total: int) -> None:
    """XML members (by content, whatever their name) are parsed into memory: cap them."""
    if info.file_size > MAX_XML_PART_BYTES:
        raise ReadError(
            f"{info.filename} is {_mib(info.file_size)} of XML, over the "
            f"{_mib(MAX_XML_PART_BYTES)} limit",
            code="too_large",
        )
    if xml_total > MAX_XML_TOTAL_BYTES:
        raise ReadError(
            f"the .docx has more than {_mib(MAX_XML_TOTAL_BYTES)} of XML", code="too_large"
        )


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Inflate ``info`` only up to its root element and refuse a DOCTYPE before it; return
    whether the member is XML."""
    if info.is_dir() or info.file_size == 0:
        return False
    try:
        with archive.open(info) as stream:
            return check_prolog(stream, info.filename, info.file_size)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise ReadError(
            f"not a valid .docx: {info.filename} is damaged ({exc})", code="corrupt"
        ) from exc
    except NotImplementedError as exc:  # a compression method zipfile does not know
        raise ReadError(f"{info.filename}: {exc}", code="unsupported") from exc


def check_prolog(stream: BinaryIO, name: str, size: int) -> bool:
    """Read ``stream`` (``size`` bytes of XML, or not XML at all) only up to its root element;
    refuse a DOCTYPE before it, an encoding that could hide one, or a prolog longer than
    :data:`MAX_PROLOG_BYTES`. Return whether the stream is XML.

    Raises:
        ReadError: ``unsafe_xml``.
    """
    limit = min(size, MAX_PROLOG_BYTES)
    head = stream.read(min(limit, _CHUNK))
    decoder = _decoder_for(head, name)
    if decoder is None:  # not XML (an image, a binary part)
        return False
    text = decoder.decode(head)
    _check_declared_encoding(text, name)
    read = len(head)
    while True:
        state = prolog_state(text)
        if state == "doctype":
            raise ReadError(
                f"{name} declares a DOCTYPE (entities are not allowed in .docx XML)",
                code="unsafe_xml",
            )
        if state in ("root", "other"):
            return True
        if read >= limit:
            break
        chunk = stream.read(min(_CHUNK, limit - read))
        if not chunk:
            return True  # the whole part is a prolog: the XML parser will say it is broken
        read += len(chunk)
        text += decoder.decode(chunk)
    if size > limit:
        raise ReadError(
            f"{name}: no root element in the first {_mib(MAX_PROLOG_BYTES)}",
            code="unsafe_xml",
        )


def _check_declared_encoding(text: str, name: str) -> None:
    match = XML_ENCODING_RE.match(text.lstrip("\ufeff"))
    if match is None:
        return
    try:
        codec = codecs.lookup(match.group(1)).name
    except LookupError:
        codec = match.group(1)
    if codec not in SAFE_XML_ENCODINGS:
        raise ReadError(
            f"{name}: XML encoding {match.group(1)!r} is not allowed in a .docx", code="unsafe_xml"
        )


def _decoder_for(head: bytes, name: str) -> codecs.IncrementalDecoder | None:
    """An incremental decoder for an XML member, ``None`` when the bytes are not XML."""
    if head.startswith(_EBCDIC_XML_DECL):
        raise ReadError(f"{name}: EBCDIC-encoded XML is not allowed in a .docx", code="unsafe_xml")
    for prefix, encoding in _SNIFF_ENCODINGS:
        if head.startswith(prefix):
            return codecs.getincrementaldecoder(encoding)(errors="replace")
    body = head[3:] if head.startswith(_UTF8_BOM) else head
    if not body.lstrip(b" \t\r\n").startswith(b"<"):
        return None
    return codecs.getincrementaldecoder("utf-8")(errors="replace")


def prolog_state(text: str) -> str:
    """Where an XML text stands after its prolog.

    Returns ``"root"`` (the root element starts: safe), ``"doctype"`` (a ``<!`` declaration
    that is not a comment), ``"more"`` (the text ends inside the prolog) or ``"other"``
    (not XML; the parser will decide).

    >>> prolog_state('<?xml version="1.0"?><!-- c --><w:document>')
    'root'
    >>> prolog_state('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>')
    'doctype'
    """
    pos = 0
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t\r\n\ufeff":
            pos += 1
        if pos >= n:
            return "more"
        if text.startswith("<?", pos):
            end = text.find("?>", pos + 2)
            if end < 0:
                return "more"
            pos = end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            if end < 0:
                return "more"
            pos = end + 3
        elif text.startswith("<!", pos):
            if n - pos < 4 and "<!--".startswith(text[pos:]):
                return "more"
            return "doctype"
        elif text[pos] == "<":
            return "more" if pos + 1 >= n else "root"
        else:
            return "other"


def parse_xml_safely(blob: bytes, name: str) -> etree._Element:
    """Parse a part python-docx left as bytes, with entities and DTDs off.

    Raises:
        ReadError: ``corrupt`` for malformed XML, ``unsafe_xml`` for a DOCTYPE.
    """
    check_prolog(io.BytesIO(blob), name, len(blob))
    # no DTD loading, no entity expansion, no network, the default (non-huge) limits; a parser
    # per call because lxml parsers must not be shared between threads
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, remove_pis=True
    )
    try:
        root = etree.fromstring(blob, parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"malformed XML in {name}: {exc}", code="corrupt") from exc
    if root.getroottree().docinfo.doctype:
        raise ReadError(f"{name} declares a DOCTYPE", code="unsafe_xml")
    return root
