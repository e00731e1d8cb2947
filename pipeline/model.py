"""The data that passes between stages: frozen, slotted dataclasses of plain values.

Stages are pure functions over these types::

    read_document(path) -> SourceDocument      (pipeline.read)
    build_text(source)  -> Text                (pipeline.normalize)
    segment(text)       -> Outline             (pipeline.segment)
    extract(outline)    -> Plan                (pipeline.extract)
    plan_to_dict(plan)  -> dict (the JSON contract)   (pipeline.export)

Offsets are half-open ``[start, end)`` character positions into ``Text.text``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum

Span = tuple[int, int]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Issue:
    """A doubtful result, reported as data (never raised). ``code`` comes from
    :data:`pipeline.errors.ISSUE_CODES`."""

    code: str
    message: str
    severity: Severity = Severity.WARNING
    path: str | None = None
    span: Span | None = None


# --------------------------------------------------------------------------- read


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    FOOTNOTE = "footnote"
    PAGE_HEADER = "page_header"


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a block sits in a table: ``table`` counts tables from 0 in document order."""

    table: int
    row: int
    col: int


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote reference mark at ``offset`` in its block's text."""

    offset: int
    note_id: str


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the source, as a reader sees it.

    ``text`` is the paragraph text without list numbering and without footnote marks;
    ``label`` is the list label the word processor renders in front of it ("1.1.", "-", "a)"),
    empty when the number is typed in the text. ``location`` says where the block is in the
    source ("line 12", "paragraph 40", "footnote 2") for error messages and review.
    """

    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    label: str = ""
    cell: Cell | None = None
    note_refs: tuple[NoteRef, ...] = ()
    note_id: str | None = None
    location: str = ""
    source_offset: int | None = None


@dataclass(frozen=True, slots=True)
class SourceDocument:
    path: str
    media_type: str
    sha256: str
    blocks: tuple[Block, ...]
    issues: tuple[Issue, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------------- normalize


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the normalized text: ``text[start:end]`` (no newline)."""

    start: int
    end: int
    block: int
    cell: Cell | None = None
    kind: BlockKind = BlockKind.PARAGRAPH
    note_id: str | None = None


@dataclass(frozen=True, slots=True)
class Text:
    """The normalized document: NFC, one line per paragraph, footnotes after the body.

    ``notes`` maps a footnote id to its text; ``note_refs`` lists ``(offset, note_id)``
    for each reference mark in ``text`` (the mark itself is removed from the text). Each line
    knows its source block, and the block its ``location`` in the file.
    """

    text: str
    lines: tuple[Line, ...]
    notes: tuple[tuple[str, str], ...] = ()
    note_refs: tuple[tuple[int, str], ...] = ()
    source: SourceDocument | None = None
    issues: tuple[Issue, ...] = ()

    def line_text(self, i: int) -> str:
        line = self.lines[i]
        return self.text[line.start : line.end]


# --------------------------------------------------------------------------- segment


class Zone(StrEnum):
    HEADER = "header"
    PREAMBLE = "preamble"
    BODY = "body"
    APPENDIX = "appendix"
    RECIPIENTS = "recipients"
    SIGNATURE = "signature"
    NOTES = "notes"


@dataclass(frozen=True, slots=True)
class Layout:
    """Key lines found while zoning (indices into ``Text.lines``; -1 when absent)."""

    type_line: int
    title_lines: tuple[int, ...]
    zones: tuple[tuple[Zone, int, int], ...]


@dataclass(frozen=True, slots=True)
class Item:
    """A numbered (or bulleted) item of the outline.

    ``marker`` is the numbering family (``roman``, ``arabic``, ``decimal``, ``letter``,
    ``dash``, ``plus``, ``row``). ``lines`` are the indices of the item's own lines (its
    heading line first, then its continuation and field lines, not its children).
    """

    path: str
    number: str | None
    marker: str
    level: int
    heading: str
    lines: tuple[int, ...]
    span: Span
    parent: str | None
    zone: Zone = Zone.BODY


@dataclass(frozen=True, slots=True)
class Outline:
    """Zones and items of a text; ``type_line`` and ``title_lines`` index ``text.lines``
    (the ``KẾ HOẠCH`` line and the summary under it; -1 and () when absent)."""

    text: Text
    zones: tuple[tuple[Zone, int, int], ...]
    items: tuple[Item, ...]
    issues: tuple[Issue, ...] = ()
    type_line: int = -1
    title_lines: tuple[int, ...] = ()


# --------------------------------------------------------------------------- extract


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    kind: str = "org"
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class PartyGroup:
    raw: str | None = None
    parties: tuple[Party, ...] = ()
    and_related: bool = False
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    raw: str | None = None
    kind: str = "unspecified"
    start: str | None = None
    end: str | None = None
    inferred_year: bool = False
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    path: str
    span: Span


@dataclass(frozen=True, slots=True)
class LegalRef:
    key: str
    number: str | None
    type: str | None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    term: str | None = None
    title: str | None = None
    title_from: str | None = None
    mentions: tuple[Mention, ...] = ()
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Section:
    path: str
    number: str | None
    heading: str
    level: int
    span: Span


@dataclass(frozen=True, slots=True)
class Task:
    path: str
    number: str | None
    text: str
    lead: PartyGroup
    executors: PartyGroup
    timeline: Timeline
    references: tuple[str, ...]
    span: Span
    product: str | None = None


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True, slots=True)
class Signer:
    authority: str | None
    position: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class Attachment:
    doc_type: str
    title: str | None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    system: str | None
    doc_type: str | None
    number: str | None
    symbol: str | None
    issuer: str | None
    parent_issuer: str | None
    place: str | None
    date: PartialDate
    title: str | None
    draft: bool
    signer: Signer | None
    recipients: tuple[str, ...]
    attachment: Attachment | None = None
    draft_label: str | None = None


def _line_start(location: tuple[int, str]) -> int:
    return location[0]


@dataclass(frozen=True, slots=True)
class Plan:
    source: str
    sha256: str
    media_type: str
    document: DocumentInfo | None
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    references: tuple[LegalRef, ...]
    issues: tuple[Issue, ...] = field(default=())
    text: str = ""
    # (line start offset, where the line is in the source: "line 37", "paragraph 12", "footnote 2")
    locations: tuple[tuple[int, str], ...] = ()

    def location_of(self, offset: int) -> str | None:
        """Where the character at ``offset`` of the normalized text is in the source file
        (a binary search on the line starts: O(log lines) per call, as export calls it per task)."""
        i = bisect.bisect_right(self.locations, offset, key=_line_start) - 1
        return self.locations[i][1] if i >= 0 else None
