"""Word .docx files: blocks in document order, with rendered list labels and footnotes.

``read_docx(path, data) -> SourceDocument``. python-docx opens the package (parts and
relationships); the XML is then read directly with lxml (:mod:`pipeline.read.ooxml`), because
python-docx renders no list numbers, drops tracked insertions and loses the order of
paragraphs and tables. The blocks come out as a Tika text export would have the lines:

* page headers and footers first, as ``PAGE_HEADER`` blocks (the seed's header is the cached
  ``PAGE`` field "2");
* then the body: paragraphs and tables interleaved; a table cell's paragraphs carry
  ``Cell(table, row, grid column)``; merged cells are read once; nested tables and text boxes
  are read where they are anchored;
* automatic numbering becomes ``Block.label`` ("1.1.", "-", "a)"), not part of the text: the
  seed's "<w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/>" paragraph "Tiếp tục quán triệt,
  nâng cao nhận thức …" is read as ``Block(text="Tiếp tục quán triệt, …", label="1.1.")``;
* footnote marks are :class:`~pipeline.model.NoteRef` offsets; the notes follow the body as
  ``FOOTNOTE`` blocks, one per note, in the order of their first reference (endnotes too,
  with ids "e1", "e2" …);
* tracked changes are read accepted (insertions kept, deletions dropped) and reported as
  ``READ002``.

Bad input raises :class:`~pipeline.errors.ReadError` before anything is parsed
(:mod:`pipeline.read.ooxml.package`).
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass, replace

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.package import Package
from lxml import etree

from pipeline.errors import ReadError
from pipeline.model import Block, BlockKind, Cell, Issue, NoteRef, SourceDocument
from pipeline.read import sha256_of
from pipeline.read.ooxml import names as n
from pipeline.read.ooxml.inline import ChangeCount, InlineText, read_inline
from pipeline.read.ooxml.numbering import ListCounters, NumberingDefinitions, paragraph_list
from pipeline.read.ooxml.package import check_package, parse_xml_safely
from pipeline.read.ooxml.styles import StyleSheet

__all__ = ["read_docx"]

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# main-part content types of .docx, .docm, .dotx and .dotm
WORD_MAIN_TYPES = frozenset(
    {
        CT.WML_DOCUMENT_MAIN,
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
)
# what a zip that is not a Word file probably is, from one of its member names
_OTHER_ZIP_KINDS = (
    ("xl/", "an Excel workbook"),
    ("ppt/", "a PowerPoint presentation"),
    ("mimetype", "an OpenDocument file: save it as .docx"),
)
_NOTE_TYPES_SKIPPED = frozenset({"separator", "continuationSeparator", "continuationNotice"})


@dataclass(frozen=True, slots=True)
class _Story:
    """Where the blocks being read go: their kind, note id, table cell and list counters."""

    counters: ListCounters
    kind: BlockKind = BlockKind.PARAGRAPH
    note_id: str | None = None
    cell: Cell | None = None
    tables: bool = True  # False in page headers: their tables get no Cell and no number
    where: str = ""

    def in_cell(self, cell: Cell | None) -> _Story:
        """This story inside a table cell (``dataclasses.replace`` is slow in the cell loop)."""
        return _Story(self.counters, self.kind, self.note_id, cell, self.tables, self.where)


class _Reader:
    """One pass over a document's stories; collects blocks, note order and tracked changes."""

    def __init__(self, styles: StyleSheet, numbering: NumberingDefinitions):
        self.styles = styles
        self.numbering = numbering
        self.changes = ChangeCount()
        self.tables = 0
        self.paragraphs = 0
        self.alt_chunks = 0
        self.note_order: dict[str, None] = {}  # note ids in order of first reference
        self.counters: list[ListCounters] = []

    def new_counters(self) -> ListCounters:
        counters = ListCounters(self.numbering)
        self.counters.append(counters)
        return counters

    # ------------------------------------------------------------------ block containers

    def blocks(self, container: n.Element, story: _Story) -> list[Block]:
        """Read the block-level children of a body, cell, text box, note or header."""
        out: list[Block] = []
        pending: InlineText | None = None  # a paragraph whose mark was deleted: joins the next
        for child in container:
            tag = child.tag
            if tag == n.P:
                pending = self.paragraph(child, story, pending, out)
                continue
            if pending is not None:
                self.emit(None, pending, story, out)
                pending = None
            if tag == n.TBL:
                self.table(child, story, out)
            elif tag == n.SDT:
                content = n.child(child, n.SDT_CONTENT)
                if content is not None:
                    out.extend(self.blocks(content, story))
            elif tag in (n.CUSTOM_XML, n.INS, n.MOVE_TO):
                out.extend(self.blocks(child, story))
            elif tag == n.ALTERNATE_CONTENT:
                branch = n.alternative(child)
                if branch is not None:
                    out.extend(self.blocks(branch, story))
            elif tag == n.ALT_CHUNK:
                self.alt_chunks += 1
        if pending is not None:
            self.emit(None, pending, story, out)
        return out

    def paragraph(
        self, p: n.Element, story: _Story, pending: InlineText | None, out: list[Block]
    ) -> InlineText | None:
        """Read ``p`` into ``out``; return it instead when its paragraph mark is deleted."""
        self.paragraphs += 1
        p_pr = n.child(p, n.P_PR)
        style_id = n.child_val(p_pr, n.P_STYLE) or self.styles.default_paragraph
        inline = read_inline(p, self.changes, self.styles.font(style_id))
        mark = None if p_pr is None else n.child(p_pr, n.R_PR)
        if pending is not None:
            pending.extend(inline)
            inline = pending
        if mark is not None:
            if n.child(mark, n.DEL) is not None:
                self.changes.deletions += 1
                boxes, inline.boxes = inline.boxes, []
                self.read_boxes(boxes, story, out)
                return inline
            if n.child(mark, n.INS) is not None:
                self.changes.insertions += 1
        self.emit(p_pr, inline, story, out)
        return None

    def emit(
        self, p_pr: n.Element | None, inline: InlineText, story: _Story, out: list[Block]
    ) -> None:
        label = ""
        listed = paragraph_list(p_pr, self.styles, self.numbering)
        if listed is not None:
            label = story.counters.label(*listed)
        if inline.text.strip() or label or inline.refs:
            for _offset, note_id in inline.refs:
                self.note_order.setdefault(note_id)
            out.append(
                Block(
                    text=inline.text,
                    kind=story.kind,
                    label=label,
                    cell=story.cell,
                    note_refs=tuple(NoteRef(offset, note_id) for offset, note_id in inline.refs)
                    if inline.refs
                    else (),
                    note_id=story.note_id,
                    location=story.where or f"paragraph {self.paragraphs}",
                )
            )
        self.read_boxes(inline.boxes, story, out)

    def read_boxes(self, boxes: list[n.Element], story: _Story, out: list[Block]) -> None:
        """Text boxes anchored in a paragraph are read right after it."""
        for box in boxes:
            out.extend(self.blocks(box, story))

    # ------------------------------------------------------------------ tables

    def table(self, tbl: n.Element, story: _Story, out: list[Block]) -> None:
        index = self.tables
        if story.tables:
            self.tables += 1
        row = 0
        rows = _children(tbl, n.TR)
        grid = n.child(tbl, n.w("tblGrid"))
        # spans are clamped to the table's real width (its grid, or its widest row)
        width = max(len(_children(grid, n.w("gridCol"))) if grid is not None else 0,
                    max((len(_children(tr, n.TC)) for tr in rows), default=1), 1)  # fmt: skip
        for tr in rows:
            tr_pr = n.child(tr, n.TR_PR)
            if tr_pr is not None and n.child(tr_pr, n.DEL) is not None:
                self.changes.deletions += 1  # a deleted row is not in the accepted view
                continue
            if tr_pr is not None and n.child(tr_pr, n.INS) is not None:
                self.changes.insertions += 1
            col = min(max(0, n.to_int(n.child_val(tr_pr, n.GRID_BEFORE), 0) or 0), width)
            for tc in _children(tr, n.TC):
                tc_pr = n.child(tc, n.TC_PR)
                span = min(max(1, n.to_int(n.child_val(tc_pr, n.GRID_SPAN), 1) or 1), width)
                if tc_pr is not None and n.child(tc_pr, n.CELL_DEL) is not None:
                    self.changes.deletions += 1  # a deleted cell: its columns are still counted
                elif not _is_merge_continuation(tc_pr):
                    cell = Cell(index, row, col) if story.tables else None
                    out.extend(self.blocks(tc, story.in_cell(cell)))
                col += span
            row += 1


def _children(el: n.Element, tag: str) -> list[n.Element]:
    """Children with ``tag``, looking through ``w:sdt`` and ``w:customXml`` wrappers (rows of
    a table, cells of a row can sit in content controls)."""
    found: list[n.Element] = []
    for child in el:
        if child.tag == tag:
            found.append(child)
        elif child.tag == n.SDT:
            content = n.child(child, n.SDT_CONTENT)
            if content is not None:
                found.extend(_children(content, tag))
        elif child.tag == n.CUSTOM_XML:
            found.extend(_children(child, tag))
    return found


def _is_merge_continuation(tc_pr: n.Element | None) -> bool:
    """A cell covered by the merged cell above (``vMerge``) or before it (``hMerge``)."""
    if tc_pr is None:
        return False
    v_merge = n.child(tc_pr, n.V_MERGE)
    if v_merge is not None and v_merge.get(n.VAL, "continue") == "continue":
        return True
    h_merge = n.child(tc_pr, n.H_MERGE)
    return h_merge is not None and h_merge.get(n.VAL, "continue") == "continue"


# ---------------------------------------------------------------------- package and parts


def _open_main_part(data: bytes, names: list[str]) -> Part:
    """The main document part, through python-docx's package reader."""
    try:
        main = Package.open(io.BytesIO(data)).main_document_part
    except KeyError as exc:
        raise ReadError(_not_word_message(names, data), code="corrupt") from exc
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"malformed XML in the .docx: {exc}", code="corrupt") from exc
    except NotImplementedError as exc:
        raise ReadError(f"unsupported zip feature: {exc}", code="unsupported") from exc
    except Exception as exc:  # python-docx raises many kinds on broken packages
        message = f"not a valid .docx: {type(exc).__name__}: {exc}"
        if "word/document.xml" not in names:
            message = _not_word_message(names, data)
        raise ReadError(message, code="corrupt") from exc
    if main.content_type not in WORD_MAIN_TYPES:
        raise ReadError(
            f"not a Word document: its main part is {main.content_type}", code="corrupt"
        )
    return main


def _not_word_message(names: list[str], data: bytes) -> str:
    if not names:
        return "not a Word document: the zip is empty"
    if "word/document.xml" not in names:
        for prefix, kind in _OTHER_ZIP_KINDS:
            if any(name.startswith(prefix) for name in names):
                return f"not a Word document (no word/document.xml): it looks like {kind}"
        return "not a Word document: the zip has no word/document.xml"
    if _is_strict_ooxml(data):
        return "Strict Open XML is not supported: save it in Word as a standard .docx"
    return "not a Word document: its package structure is broken (content types or relationships)"


def _is_strict_ooxml(data: bytes) -> bool:
    """ISO 29500 Strict packages name their relationships under purl.oclc.org."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            rels = archive.read("_rels/.rels")  # size-checked already by check_package
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False
    return b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in rels


def _element(part: Part) -> n.Element:
    if isinstance(part, XmlPart):
        return part.element
    return parse_xml_safely(part.blob, str(part.partname))


def _related(part: Part, reltype: str) -> list[Part]:
    return [
        rel.target_part
        for rel in part.rels.values()
        if rel.reltype == reltype and not rel.is_external
    ]


def _related_element(part: Part, reltype: str) -> n.Element | None:
    parts = _related(part, reltype)
    return _element(parts[0]) if parts else None


def _page_header_parts(main: Part, body: n.Element) -> list[Part]:
    """Header and footer parts referenced by the sections, headers first, each once."""
    headers: list[Part] = []
    footers: list[Part] = []
    related = main.rels
    # section properties sit at the end of a section's last paragraph, and at the end of the body
    sections = [*body.iterfind(f"{n.P}/{n.P_PR}/{n.SECT_PR}"), *body.iterfind(n.SECT_PR)]
    for sect_pr in sections:
        for ref in sect_pr:
            if ref.tag == n.HEADER_REFERENCE:
                target = headers
            elif ref.tag == n.FOOTER_REFERENCE:
                target = footers
            else:
                continue
            rel = related.get(ref.get(n.R_ID) or "")
            if rel is None or rel.is_external:
                continue
            part = rel.target_part
            if part not in headers and part not in footers:
                target.append(part)
    return headers + footers


def _note_elements(main: Part, reltype: str, tag: str, prefix: str) -> dict[str, n.Element]:
    """Note id (with ``prefix``) -> ``w:footnote``/``w:endnote``, separators left out."""
    notes: dict[str, n.Element] = {}
    for part in _related(main, reltype):
        for el in _element(part).iterchildren(tag):
            if el.get(n.TYPE, "normal") in _NOTE_TYPES_SKIPPED:
                continue
            notes.setdefault(prefix + (el.get(n.ID) or ""), el)
    return notes


# ---------------------------------------------------------------------- stories


def _read_page_headers(reader: _Reader, main: Part, body: n.Element) -> list[Block]:
    blocks: list[Block] = []
    counters = reader.new_counters()
    for part in _page_header_parts(main, body):
        name = str(part.partname).rsplit("/", 1)[-1]
        where = f"{'header' if 'header' in name else 'footer'} ({name})"
        story = _Story(counters, BlockKind.PAGE_HEADER, tables=False, where=where)
        blocks.extend(reader.blocks(_element(part), story))
    return blocks


def _read_notes(reader: _Reader, main: Part) -> tuple[list[Block], list[Issue]]:
    """One FOOTNOTE block per referenced note, in the order of first reference."""
    notes = _note_elements(main, RT.FOOTNOTES, n.FOOTNOTE, "")
    notes.update(_note_elements(main, RT.ENDNOTES, n.ENDNOTE, "e"))
    counters = reader.new_counters()
    blocks: list[Block] = []
    issues: list[Issue] = []
    for note_id in reader.note_order:
        el = notes.get(note_id)
        if el is None:
            issues.append(Issue("READ001", f"footnote {note_id} has no body in the .docx"))
            continue
        kind = "endnote" if note_id.startswith("e") else "footnote"
        where = f"{kind} {note_id.removeprefix('e')}"
        story = _Story(counters, BlockKind.FOOTNOTE, note_id=note_id, where=where)
        parts = reader.blocks(el, story)
        if parts:
            blocks.append(_join_note(parts))
    return blocks, issues


def _join_note(parts: list[Block]) -> Block:
    """A note's paragraphs as one block, one line each; the space Word puts after the note
    number is dropped."""
    first = parts[0]
    text = first.text.lstrip()
    shift = len(first.text) - len(text)
    refs = [NoteRef(max(0, r.offset - shift), r.note_id) for r in first.note_refs]
    for block in parts[1:]:
        line = f"{block.label} {block.text}" if block.label else block.text
        offset = len(text) + 1 + (len(block.label) + 1 if block.label else 0)
        refs.extend(NoteRef(offset + r.offset, r.note_id) for r in block.note_refs)
        text = f"{text}\n{line}"
    return replace(first, text=text, note_refs=tuple(refs))


def _issues(reader: _Reader) -> list[Issue]:
    issues: list[Issue] = []
    if reader.changes:
        issues.append(
            Issue(
                "READ002",
                f"tracked changes: {reader.changes.insertions} insertion(s) kept and "
                f"{reader.changes.deletions} deletion(s) dropped; the accepted view was read",
            )
        )
    for counters in reader.counters:
        for problem in counters.problems:
            issues.append(Issue("READ004", problem))
    return issues


def _meta(main: Part) -> tuple[tuple[str, str], ...]:
    """Title, author and dates from the core properties, where set."""
    try:
        props = main.package.core_properties
        values = (
            ("title", props.title),
            ("author", props.author),
            ("created", props.created.isoformat() if props.created else ""),
            ("modified", props.modified.isoformat() if props.modified else ""),
        )
    except (ValueError, AttributeError, KeyError) as exc:
        log.debug("core properties unreadable: %s", exc)
        return ()
    return tuple((key, value) for key, value in values if value)


def read_docx(path: str, data: bytes) -> SourceDocument:
    """Read a .docx file (already in memory) into blocks.

    Args:
        path: the file name, for messages and ``SourceDocument.path``.
        data: the file's bytes.

    Returns:
        The page-header blocks, the body blocks in document order, then the footnote blocks.
        For the seed plan: ``Block("2", PAGE_HEADER)``, then the header table from
        ``Block("THỊ ỦY ĐỨC PHỔ", cell=Cell(0, 0, 0))``, …, the first numbered task
        ``Block("Tiếp tục quán triệt, …", label="1.1.")``, … and last the three footnotes
        ``Block("ban hành Quy chế giám sát …", FOOTNOTE, note_id="1")`` ….

    Raises:
        ReadError: ``corrupt``, ``encrypted``, ``too_large``, ``unsafe_xml`` or ``unsupported``.
    """
    names = check_package(data)
    main = _open_main_part(data, names)
    root = _element(main)
    body = n.child(root, n.BODY)
    if body is None:
        raise ReadError("not a Word document: the main part has no w:body", code="corrupt")
    styles = StyleSheet(_related_element(main, RT.STYLES))
    reader = _Reader(styles, NumberingDefinitions(_related_element(main, RT.NUMBERING), styles))
    content = reader.blocks(body, _Story(reader.new_counters()))
    headers = _read_page_headers(reader, main, body)  # read second, so "paragraph N" is the body's
    notes, note_issues = _read_notes(reader, main)
    if reader.alt_chunks and not any(b.text.strip() for b in content):
        raise ReadError(
            "the text is in an embedded HTML/RTF chunk (altChunk): open and save it in Word first",
            code="unsupported",
        )
    issues = note_issues + _issues(reader)
    return SourceDocument(
        path=path,
        media_type=MEDIA_TYPE,
        sha256=sha256_of(data),
        blocks=tuple(headers + content + notes),
        issues=tuple(issues),
        meta=_meta(main),
    )
