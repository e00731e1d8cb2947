"""Fixtures that build small .docx files in ``tmp_path``.

python-docx writes the package (content types, relationships, styles, the default numbering
part); the WordprocessingML that python-docx cannot write (automatic numbering, footnotes,
tracked changes, text boxes, merged cells) is added as XML fragments parsed with lxml::

    doc = docx_builder()
    doc.add('<w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p>')
    source = doc.read()          # read_document() of the saved file

Fragments need no namespace declarations: :data:`NSDECL` is added around them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from pipeline.model import SourceDocument
from pipeline.read import read_document

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "w10": "urn:schemas-microsoft-com:office:word",
}
NSDECL = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())

# separators Word always writes at the top of footnotes.xml / endnotes.xml
_NOTE_SEPARATORS = (
    '<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
    '<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:{tag}>"
)


def fragment(xml: str) -> list[etree._Element]:
    """Parse XML elements written with the ``w:``/``mc:``/… prefixes of :data:`NS`."""
    root = etree.fromstring(f"<root {NSDECL}>{xml}</root>".encode())
    return list(root)


def para(text: str = "", num: tuple[int, int] | None = None, style: str | None = None) -> str:
    """A ``w:p`` fragment; ``num`` is ``(numId, ilvl)``."""
    props = ""
    if style is not None:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


class DocxBuilder:
    """A python-docx document plus raw XML; :meth:`save` writes it, :meth:`read` reads it back."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.document = docx.Document()
        self._notes: dict[str, list[str]] = {"footnote": [], "endnote": []}

    def add(self, xml: str) -> DocxBuilder:
        """Append block-level fragments (``w:p``, ``w:tbl`` …) to the body, before ``sectPr``."""
        body = self.document.element.body
        sect_pr = body.find(f"{{{NS['w']}}}sectPr")
        for el in fragment(xml):
            if sect_pr is not None:
                sect_pr.addprevious(el)
            else:
                body.append(el)
        return self

    def set_numbering(self, xml: str) -> DocxBuilder:
        """Replace the content of numbering.xml with ``w:abstractNum``/``w:num`` fragments."""
        numbering = self.document.part.numbering_part.element
        for child in list(numbering):
            numbering.remove(child)
        for el in fragment(xml):
            numbering.append(el)
        return self

    def add_styles(self, xml: str) -> DocxBuilder:
        """Append ``w:style`` fragments to styles.xml."""
        styles = self.document.styles.element
        for el in fragment(xml):
            styles.append(el)
        return self

    def add_footnote(self, note_id: str, xml: str) -> DocxBuilder:
        """Add a footnote whose content is ``xml`` (``w:p`` fragments)."""
        self._notes["footnote"].append(f'<w:footnote w:id="{note_id}">{xml}</w:footnote>')
        return self

    def add_endnote(self, note_id: str, xml: str) -> DocxBuilder:
        self._notes["endnote"].append(f'<w:endnote w:id="{note_id}">{xml}</w:endnote>')
        return self

    def _add_notes_parts(self) -> None:
        kinds = (
            ("footnote", "/word/footnotes.xml", CT.WML_FOOTNOTES, RT.FOOTNOTES),
            ("endnote", "/word/endnotes.xml", CT.WML_ENDNOTES, RT.ENDNOTES),
        )
        for tag, partname, content_type, reltype in kinds:
            notes = self._notes[tag]
            if not notes:
                continue
            xml = (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f"<w:{tag}s {NSDECL}>{_NOTE_SEPARATORS.format(tag=tag)}{''.join(notes)}</w:{tag}s>"
            )
            package = self.document.part.package
            part = Part(PackURI(partname), content_type, xml.encode(), package)
            self.document.part.relate_to(part, reltype)
            self._notes[tag] = []

    def save(self, name: str = "test.docx") -> Path:
        self._add_notes_parts()
        path = self.directory / name
        self.document.save(str(path))
        return path

    def read(self) -> SourceDocument:
        return read_document(self.save())


@pytest.fixture
def docx_builder(tmp_path: Path) -> Callable[[], DocxBuilder]:
    """A factory of :class:`DocxBuilder` writing into ``tmp_path``."""
    count = 0

    def make() -> DocxBuilder:
        nonlocal count
        count += 1
        directory = tmp_path / f"docx{count}"
        directory.mkdir()
        return DocxBuilder(directory)

    return make


@pytest.fixture
def docx_xml() -> Callable[..., str]:
    """:func:`para` for tests (conftest modules are not importable under importlib mode)."""
    return para
