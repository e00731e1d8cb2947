"""Plain text, including the text exports that Apache Tika (and "Save as text") make of Word files.

Encodings: UTF-8 (with or without BOM), UTF-16 (BOM, or detected from NUL bytes), else
Windows-1258, the legacy Vietnamese ANSI code page. Legacy font encodings (TCVN3, VNI) are
recognised by :mod:`pipeline.read.legacy` when it is installed and converted to Unicode.

Markers of Tika exports:

* ``[bookmark: _GoBack]`` is dropped;
* ``[footnoteRef:N]`` becomes a :class:`~pipeline.model.NoteRef` at its offset, and the footnote
  body ``[N:  text]`` appended to the paragraph becomes a footnote block;
* TAB-separated cells become blocks with a :class:`~pipeline.model.Cell`, one row per line;
* a line holding only a page number (``2``) becomes a page-header block.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from pipeline.errors import ReadError
from pipeline.model import Block, BlockKind, Cell, Issue, NoteRef, Severity, SourceDocument
from pipeline.read import sha256_of
from pipeline.read.plaintext import logical_lines

# a TAB-separated line is a table row of at most this many cells: a line of 100,000 TABs would
# otherwise make a row of 100,000 columns for the table reader to walk (issue 12)
MAX_CELLS = 64

# "[bookmark: _GoBack]", "[bookmark: id.gjdgxs]"
BOOKMARK_RE = re.compile(r"\[bookmark: [^\]]*\]")
# "[footnoteRef:1]"  (not "[1:  body]")
NOTE_REF_RE = re.compile(r"\[footnoteRef:(\d+)\]")
# "[1:  ban hành Quy chế ...]" appended after the paragraph; the body may contain "[...]"? not in
# Tika output, which escapes nothing, so the body runs to the first "]" followed by space/end.
NOTE_BODY_RE = re.compile(r"\s*\[(\d+):\s+(.*?)\](?=\s*(?:\[\d+:|$))", re.S)
# a line that is only a page number: "2", " 12 ", "- 3 -"
PAGE_NUMBER_RE = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
# characters that mean the bytes were not text at all
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes to str; return ``(text, encoding)``.

    >>> decode_text("Kế hoạch".encode("utf-16"))[0]
    'Kế hoạch'
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: NULs in the high bytes of ASCII characters
        le = sample[1::2].count(b"\x00") > sample[0::2].count(b"\x00")
        return data.decode("utf-16-le" if le else "utf-16-be", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return data.decode("cp1258", errors="replace"), "cp1258"


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    bad = len(_CONTROL_RE.findall(sample)) + sample.count("\ufffd")
    return bad > max(8, len(sample) // 50)


# Letters that only Unicode Vietnamese has (ơ ư đ and the precomposed tone letters).
_VN_UNICODE_RE = re.compile(r"[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
# Bytes 0xA0-0xFF read as Latin letters: where TCVN3 and VNI put their Vietnamese letters.
_HIGH_LATIN_RE = re.compile(r"[\u00a0-\u00ff]")


def _maybe_legacy(text: str) -> bool:
    """Cheap gate before the legacy detector: Unicode Vietnamese is never legacy text."""
    sample = text[:20000]
    vn = len(_VN_UNICODE_RE.findall(sample))
    high = len(_HIGH_LATIN_RE.findall(sample))
    return high > 20 and vn < high // 4


def read_txt(path: str, data: bytes) -> SourceDocument:
    """Read a text file into blocks (see the module docstring for the markers handled)."""
    text, encoding = decode_text(data)
    if _looks_binary(text):
        raise ReadError("binary data, not text", code="unsupported")
    issues: list[Issue] = []
    try:
        from pipeline.read import legacy
    except ImportError:  # the legacy-encoding module is optional
        legacy = None  # type: ignore[assignment]
    if legacy is not None and _maybe_legacy(text):
        converted, legacy_name = legacy.convert_if_legacy(text)
        if legacy_name:
            text = converted
            encoding = legacy_name
            issues.append(
                Issue("READ003", f"legacy {legacy_name} text converted to Unicode", Severity.INFO)
            )
    if encoding == "cp1258":
        issues.append(Issue("READ003", "not UTF-8: decoded as Windows-1258", Severity.INFO))
    from pipeline.read.flat import unflatten

    text, restored = unflatten(text)
    if restored:
        issues.append(Issue("READ007", restored, Severity.INFO))
    blocks, notes, more = _blocks_from_text(text)
    issues.extend(more)
    return SourceDocument(
        path=path,
        media_type="text/plain",
        sha256=sha256_of(data),
        blocks=tuple(blocks) + tuple(notes),
        issues=tuple(issues),
        meta=(("encoding", encoding),),
    )


_NOTE_START_RE = re.compile(r"\[\d+:\s")


def _first_note_body(line: str) -> int | None:
    """Where the first footnote body (``[1: ...]``) starts, spaces before it included; linear
    (a leading ``\\s*`` in the search pattern made a long run of spaces quadratic)."""
    m = _NOTE_START_RE.search(line)
    if m is None:
        return None
    start = m.start()
    while start > 0 and line[start - 1].isspace():
        start -= 1
    return start


def _blocks_from_text(text: str) -> tuple[list[Block], list[Block], list[Issue]]:
    blocks: list[Block] = []
    notes: list[Block] = []
    issues: list[Issue] = []
    table = -1
    row = 0
    in_table = False
    gap = 0
    for physical in logical_lines(text):
        start, lineno = physical.offset, physical.lineno
        line = BOOKMARK_RE.sub("", physical.text)
        # footnote bodies appended to the paragraph
        first_body = _first_note_body(line)
        if first_body is not None and NOTE_BODY_RE.match(line, first_body):
            for m in NOTE_BODY_RE.finditer(line, first_body):
                notes.append(
                    Block(
                        text=m.group(2).strip(),
                        kind=BlockKind.FOOTNOTE,
                        note_id=m.group(1),
                        location=f"line {lineno}",
                    )
                )
            line = line[:first_body]
        refs: list[NoteRef] = []
        if "[footnoteRef:" in line:
            parts: list[str] = []
            pos = 0
            for m in NOTE_REF_RE.finditer(line):
                parts.append(line[pos : m.start()])
                refs.append(NoteRef(sum(map(len, parts)), m.group(1)))
                pos = m.end()
            parts.append(line[pos:])
            line = "".join(parts)
        if not line.strip():
            continue
        location = f"line {lineno}"
        if PAGE_NUMBER_RE.match(line) and not refs:
            blocks.append(
                Block(line.strip(), BlockKind.PAGE_HEADER, location=location, source_offset=start)
            )
            continue
        if "\t" in line.strip("\t ") or line.startswith("\t"):
            cells = line.split("\t")
            if len(cells) > MAX_CELLS:  # the rest stays text of the last cell (tables read by column)
                cells[MAX_CELLS - 1 :] = ["\t".join(cells[MAX_CELLS - 1 :])]
            if not in_table or gap > 0:
                table += 1
                row = 0
            in_table, gap = True, 0
            cell_start = 0
            for col, cell_text in enumerate(cells):
                cell_end = cell_start + len(cell_text)
                # each footnote mark goes to the cell it sits in, at its offset in that cell
                cell_refs = tuple(
                    NoteRef(r.offset - cell_start, r.note_id)
                    for r in refs
                    if cell_start <= r.offset <= cell_end
                )
                refs = [r for r in refs if not (cell_start <= r.offset <= cell_end)]
                if cell_text.strip():
                    blocks.append(
                        Block(
                            cell_text,
                            cell=Cell(table, row, col),
                            note_refs=cell_refs,
                            location=f"{location}, cell {col + 1}",
                            source_offset=start,
                        )
                    )
                cell_start = cell_end + 1  # the TAB
            row += 1
            continue
        if in_table:
            gap += 1
            if gap > 1:
                in_table = False
        blocks.append(Block(line, note_refs=tuple(refs), location=location, source_offset=start))
    note_ids = {n.note_id for n in notes}
    for b in blocks:
        for r in b.note_refs:
            if r.note_id not in note_ids:
                issues.append(Issue("READ001", f"footnote {r.note_id} has no body ({b.location})"))
    if unicodedata.is_normalized("NFC", text) is False:
        issues.append(Issue("NORM001", "decomposed Unicode composed to NFC", Severity.INFO))
    return blocks, notes, issues
