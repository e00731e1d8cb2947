"""Web pages saved from legal-document portals (.html): the document text without the site.

The page is parsed with lxml (libxml2's HTML parser: tolerant of tag soup, its depth bounded,
no network, no entities) into a small tree, then:

1. scripts, styles, forms, navigation, menus, sidebars, share and comment boxes are dropped
   (by tag, and by ``class``/``id`` words such as ``menu``, ``breadcrumb``, ``sidebar``);
2. the main content is the deepest element holding most of the page's text outside links
   (``<main>``/``<article>`` when the page has one);
3. block elements become blocks; a data table (a row with two or more filled cells) becomes
   cell blocks with :class:`~pipeline.model.Cell`, one per line of a cell, as the .docx reader
   gives them, so the header table reads
   ``Cell(0, 0, 0) "ỦY BAN NHÂN DÂN"``, ``Cell(0, 0, 0) "TỈNH BẾN TRE"``,
   ``Cell(0, 0, 1) "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"`` ...; layout tables (one filled cell per
   row, or tables around tables) are read as ordinary blocks.

Text in legacy fonts (``<font face=".VnTime">``, ``font-family: VNI-Times``) is converted by
:func:`pipeline.read.legacy.convert_run`, and a whole page in TCVN3/VNI by
:func:`pipeline.read.legacy.convert_if_legacy`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.model import Block, BlockKind, Cell, Issue, NoteRef, Severity, SourceDocument
from pipeline.read import legacy, sha256_of

__all__ = ["read_html", "parse_html", "html_blocks"]

MEDIA_TYPE = "text/html"


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


# elements whose content is never document text
SKIP_TAGS = _tags(
    "script style noscript template svg head iframe object canvas select button "
    "textarea nav aside form menu dialog"
)
BLOCK_TAGS = _tags(
    "address article blockquote center dd div dl dt figcaption figure footer h1 h2 h3 "
    "h4 h5 h6 header hr li main ol p pre section table tbody td tfoot th thead tr ul "
    "caption"
)
# elements the main-content search may go down into (a layout table's parts too)
CONTAINER_TAGS = _tags(
    "#root html body div section main article center font span tbody thead tfoot tr td th form"
)
# class/id words of site furniture: "main-menu", "breadcrumb", "box-share", "sidebar-right"
JUNK_ATTR_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|sidebar|banner|advert|ads|"
    r"share|social|comments?|login|cookie|popup|modal|pagination|related|toolbar|footer)(?:$|[\s_-])",
    re.IGNORECASE,
)
# <meta charset="windows-1258">, <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# font-family: VNI-Times / '.VnTime'
FONT_FAMILY_RE = re.compile(r"font-family\s*:\s*['\"]?([^;'\",]+)", re.IGNORECASE)
_SPACE_RE = re.compile(r"[ \t\r\n\f\u00a0\u200b]+")
# footnotes as Word's "Save as Web Page" and the portals write them:
# a reference <a href="#_ftn1">[1]</a>, a body <div id="ftn1"> or <p><a href="#_ftnref1">[1]</a> ...
NOTE_REF_RE = re.compile(r"^#_?(ftn|edn)(\d+)$", re.IGNORECASE)
NOTE_BACKLINK_RE = re.compile(r"^#_?(ftn|edn)ref(\d+)$", re.IGNORECASE)
NOTE_BODY_ID_RE = re.compile(r"^_?(ftn|edn)(\d+)$", re.IGNORECASE)
# a reference mark kept inside a running line until the line is finished
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_MARK_RE = re.compile("\ue000([^\ue001]*)\ue001")


@dataclass(slots=True)
class Node:
    """An element of the parsed page: tag, attributes, children (nodes and text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


def _is_junk(attrs: dict[str, str]) -> bool:
    words = " ".join((attrs.get("class", ""), attrs.get("id", ""), attrs.get("role", "")))
    return bool(words.strip()) and JUNK_ATTR_RE.search(words) is not None


def parse_html(text: str) -> tuple[Node, str]:
    """Parse a page into a tree without its scripts and site furniture; ``(root, title)``.

    lxml's HTML parser reads the page (errors recovered as a browser would); an element that is
    a script, a style, a form or site furniture (``class``/``id`` words such as ``menu``) is
    dropped with everything in it.

    Raises:
        ReadError: ``corrupt`` when lxml cannot make a tree of it at all.
    """
    from lxml import etree

    from pipeline.errors import ReadError

    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True,
        huge_tree=False, default_doctype=False,
    )  # fmt: skip
    try:
        tree = etree.fromstring(text.replace("\x00", "").encode("utf-8", "surrogatepass"), parser)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
        raise ReadError(f"the page cannot be parsed as HTML ({exc})", code="corrupt") from exc
    root = Node("#root")
    if tree is None:
        return root, ""
    titles = tree.xpath("//title")
    title = "".join(titles[0].itertext()) if titles else ""
    _convert(tree, root)
    return root, _SPACE_RE.sub(" ", title).strip()


def _convert(el: Any, into: Node) -> None:
    """Add the lxml element ``el`` (and what it holds) to ``into``; a dropped element keeps the
    text after it (its tail). Recursive: lxml bounds the depth of the tree (256 without
    ``huge_tree``), so deep tag soup cannot exhaust the stack."""
    tag = el.tag
    if isinstance(tag, str):
        tag = tag.lower()
        attrs = {str(k).lower(): str(v) for k, v in el.attrib.items()}
        if tag not in SKIP_TAGS and not _is_junk(attrs):
            node = Node(tag, attrs)
            into.children.append(node)
            if el.text:
                node.children.append(el.text)
            for child in el:
                _convert(child, node)
    if el.tail:
        into.children.append(el.tail)


# --------------------------------------------------------------------------- main content


def _text_weights(node: Node, memo: dict[int, int], in_link: bool = False) -> int:
    """Characters of text outside links under ``node`` (memoised by node id)."""
    total = 0
    for child in node.children:
        if isinstance(child, str):
            total += 0 if in_link else len(child.strip())
        else:
            total += _text_weights(child, memo, in_link or child.tag == "a")
    memo[id(node)] = total
    return total


def main_content(root: Node) -> Node:
    """The ``<main>``/``<article>`` holding most text, else the deepest container (a ``div``,
    a section, the cell of a layout table) that holds at least 60% of its parent's text.
    Paragraphs, lists and data tables are content, never descended into."""
    memo: dict[int, int] = {}
    total = _text_weights(root, memo)
    landmarks = [n for n in _walk(root) if n.tag in ("main", "article")]
    if landmarks:
        best = max(landmarks, key=lambda n: memo.get(id(n), 0))
        if memo.get(id(best), 0) >= 0.5 * total:
            return best
    node = root
    while True:
        here = memo.get(id(node), 0)
        heavy = [
            c
            for c in node.children
            if isinstance(c, Node) and memo.get(id(c), 0) >= 0.6 * here and _is_container(c)
        ]
        if not heavy or here == 0:
            return node
        node = heavy[0]


def _is_container(node: Node) -> bool:
    if node.tag == "table":
        return not _is_data_table(node)
    return node.tag in CONTAINER_TAGS


def _walk(node: Node) -> Iterator[Node]:
    for child in node.children:
        if isinstance(child, Node):
            yield child
            yield from _walk(child)


# --------------------------------------------------------------------------- rendering


def _font_of(node: Node, inherited: str | None) -> str | None:
    face = node.attrs.get("face")
    if face:
        return face.split(",")[0].strip()
    m = FONT_FAMILY_RE.search(node.attrs.get("style", ""))
    return m.group(1).strip() if m else inherited


@dataclass(slots=True)
class _Out:
    """Blocks being built: inline text joins the running line, block boundaries end it."""

    blocks: list[Block] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    tables: int = 0
    note: str | None = None  # inside the body of this footnote

    def add(self, text: str) -> None:
        self.current.append(text)

    def mark(self, note_id: str) -> None:
        """A footnote reference at the current position."""
        self.current.append(f"{_MARK_OPEN}{note_id}{_MARK_CLOSE}")

    def end(self) -> None:
        line = _SPACE_RE.sub(" ", "".join(self.current)).strip()
        self.current = []
        refs: list[NoteRef] = []
        while (m := _MARK_RE.search(line)) is not None:
            line = (
                line[: m.start()].rstrip() if m.end() == len(line) else line[: m.start()]
            ) + line[m.end() :]
            refs.append(NoteRef(m.start(), m.group(1)))
        line = line.strip()
        if not line:
            return
        if self.note is not None:
            where = f"footnote {self.note}"
            self.blocks.append(
                Block(line, kind=BlockKind.FOOTNOTE, note_id=self.note, location=where)
            )
        else:
            where = f"html block {len(self.blocks) + 1}"
            self.blocks.append(Block(line, note_refs=tuple(refs), location=where))


def _note_body_id(node: Node) -> str | None:
    """The note id when ``node`` holds a footnote body: Word's ``<div id="ftn1">``, or a
    paragraph opening with a back link ``<a href="#_ftnref1">[1]</a>``."""
    m = NOTE_BODY_ID_RE.match(node.attrs.get("id", ""))
    if m:
        return _note_key(m)
    if node.tag in ("p", "div", "li"):
        first = next((c for c in node.children if not (isinstance(c, str) and not c.strip())), None)
        while isinstance(first, Node) and first.tag != "a" and first.children:
            first = next(
                (c for c in first.children if not (isinstance(c, str) and not c.strip())), None
            )
        if isinstance(first, Node) and (m := NOTE_BACKLINK_RE.match(first.attrs.get("href", ""))):
            return _note_key(m)
    return None


def _note_ref_id(node: Node) -> str | None:
    """The note id of a footnote reference link ``<a href="#_ftn1">[1]</a>``."""
    if node.tag != "a":
        return None
    m = NOTE_REF_RE.match(node.attrs.get("href", ""))
    return _note_key(m) if m else None


def _note_key(m: re.Match[str]) -> str:
    """Note ids as the .docx reader gives them: "1" for footnote 1, "e1" for endnote 1."""
    return ("e" if m.group(1).lower() == "edn" else "") + m.group(2)


def _render(node: Node, out: _Out, font: str | None) -> None:
    font = _font_of(node, font)
    for child in node.children:
        if isinstance(child, str):
            out.add(legacy.convert_run(child, font) if font else child)
        elif (ref := _note_ref_id(child)) is not None:
            if out.note is None:
                out.mark(ref)
        elif NOTE_BACKLINK_RE.match(child.attrs.get("href", "")) if child.tag == "a" else False:
            continue  # the "[1]" opening a note body
        elif (body := _note_body_id(child)) is not None:
            out.end()
            saved, out.note = out.note, body
            _render(child, out, font)
            out.end()
            out.note = saved
        elif child.tag == "br":
            out.end()
        elif child.tag == "table" and _is_data_table(child):
            out.end()
            _render_table(child, out, font)
        elif child.tag in BLOCK_TAGS:
            out.end()
            _render(child, out, font)
            out.end()
        else:
            _render(child, out, font)


def _cell_lines(cell: Node, font: str | None) -> list[str]:
    sub = _Out()
    _render(cell, sub, font)
    sub.end()
    return [b.text for b in sub.blocks]


def _cells(row: Node) -> list[Node]:
    return [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]


def _rows(table: Node) -> list[Node]:
    return [n for n in _walk(table) if n.tag == "tr"]


def _is_data_table(table: Node) -> bool:
    """A table of data (a row with two filled cells), not a layout table around the page."""
    if any(n.tag == "table" for n in _walk(table)):
        return False
    return any(sum(1 for c in _cells(row) if _cell_lines(c, None)) >= 2 for row in _rows(table))


def _render_table(table: Node, out: _Out, font: str | None) -> None:
    index = out.tables
    out.tables += 1
    rows = [_cells(row) for row in _rows(table)]
    width = max((len(cells) for cells in rows), default=1)  # the table's real width
    for r, cells in enumerate(rows):
        col = 0
        for cell in cells:
            for line in _cell_lines(cell, _font_of(cell, font)):
                where = f"table {index + 1}, row {r + 1}, cell {col + 1}"
                out.blocks.append(Block(line, cell=Cell(index, r, col), location=where))
            col += colspan(cell.attrs.get("colspan"), width)


def colspan(value: str | None, width: int) -> int:
    """A cell's ``colspan``, clamped to 1..``width`` (the table's real width); anything that is
    not a plain ASCII number (``²``, 5,000 digits, ``-3``) counts as 1.

    >>> colspan("2", 5), colspan("1000000000", 5), colspan("²", 5), colspan(None, 5)
    (2, 5, 1, 1)
    """
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return max(1, width) if len(text) > 9 else min(max(1, int(text)), max(1, width))


def html_blocks(root: Node) -> list[Block]:
    """Blocks of the main content of a parsed page (see the module docstring)."""
    out = _Out()
    _render(main_content(root), out, None)
    out.end()
    return out.blocks


def _convert_legacy_blocks(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """Decode a page typed in TCVN3/VNI without font tags (block by block, Unicode kept)."""
    converted, name = legacy.convert_if_legacy("\n".join(b.text for b in blocks))
    if name is None:
        return blocks, None
    texts = converted.split("\n")
    return [replace(b, text=t) for b, t in zip(blocks, texts, strict=True)], name


# --------------------------------------------------------------------------- decoding


def decode_html(data: bytes) -> tuple[str, str]:
    """Bytes to text: BOM, then ``<meta charset>``, then UTF-8, then Windows-1258.

    >>> decode_html('<meta charset="utf-8"><p>Kế hoạch</p>'.encode())[1]
    'utf-8'
    """
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    m = META_CHARSET_RE.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        try:
            codecs.lookup(name)
        except LookupError:
            name = ""
        if name and name not in ("utf-8", "utf8"):
            return data.decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), "cp1258"


def read_html(path: str, data: bytes) -> SourceDocument:
    """Read a saved web page into blocks (see the module docstring)."""
    text, encoding = decode_html(data)
    issues: list[Issue] = []
    root, title = parse_html(text)
    blocks, name = _convert_legacy_blocks(html_blocks(root))
    if name:
        encoding = name
        issues.append(Issue("READ003", f"legacy {name} page converted to Unicode", Severity.INFO))
    meta = [("encoding", encoding)]
    if title:
        meta.append(("title", title))
    return SourceDocument(
        path=path,
        media_type=MEDIA_TYPE,
        sha256=sha256_of(data),
        blocks=tuple(blocks),
        issues=tuple(issues),
        meta=tuple(meta),
    )
