"""The values that cross the store interface: queries in, hits and citations out."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

__all__ = [
    "Filters",
    "SearchQuery",
    "Hit",
    "SourceState",
    "IngestFailure",
    "IngestRun",
    "RefSummary",
    "CitingDocument",
    "CitingTask",
    "Citations",
    "timeline_kinds",
]


@functools.cache
def timeline_kinds() -> tuple[str, ...]:
    """The timeline kinds extraction emits: the ``timeline.kind`` enum of the plan schema
    (``schemas/plan.schema.json``), the one list the ``--kind`` filter accepts."""
    from pipeline.validate import load_schema

    kinds = load_schema()["$defs"]["timeline"]["properties"]["kind"]["enum"]
    return tuple(k for k in kinds if k is not None)  # null: no time given, not a kind to filter on


@dataclass(frozen=True, slots=True)
class Filters:
    """Row filters shared by search and export. Text values match without accents.

    ``due_from`` / ``due_to`` are ISO dates compared with a task's due date (the end of its
    timeline); ``year_from`` / ``year_to`` with the year of the plan's date.
    """

    lead: str | None = None
    executor: str | None = None
    issuer: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    due_from: str | None = None
    due_to: str | None = None
    ref: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """``text`` is plain words (any punctuation is a separator) unless ``raw`` asks for FTS5
    syntax; ``prefix`` lets the last word match as a prefix (search as you type)."""

    text: str = ""
    filters: Filters = field(default_factory=Filters)
    limit: int = 20
    raw: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    task_id: int
    score: float
    snippet: str  # task text around the match, matches wrapped in ``[`` ``]`` markers (HL_*)
    path: str  # the task's path in its plan
    number: str | None
    text: str
    leads: tuple[str, ...]
    executors: tuple[str, ...]
    lead_raw: str | None
    executors_raw: str | None
    timeline_raw: str | None
    timeline_kind: str | None
    timeline_start: str | None
    timeline_end: str | None
    references: tuple[str, ...]
    source: str  # the document's source path
    doc_number: str | None
    doc_symbol: str | None
    doc_issuer: str | None
    doc_title: str | None
    doc_year: int | None
    doc_date: str | None
    doc_draft: bool = False  # a draft (marked DỰ THẢO, or not numbered yet)
    doc_versions: tuple[str, ...] = ()  # the other versions' sources: its final, or its drafts


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the store knows about one source path."""

    path: str
    sha256: str
    pipeline_version: str


@dataclass(frozen=True, slots=True)
class IngestFailure:
    path: str
    sha256: str | None
    pipeline_version: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class IngestRun:
    """One ``kehoach ingest`` run as recorded (``finished_at`` is None if it was killed)."""

    id: int
    started_at: str
    finished_at: str | None
    pipeline_version: str
    files: int
    new: int
    updated: int
    unchanged: int
    duplicate: int
    failed: int
    pruned: int


@dataclass(frozen=True, slots=True)
class RefSummary:
    key: str
    number: str | None
    name: str
    type: str | None
    title: str | None
    documents: int
    tasks: int


@dataclass(frozen=True, slots=True)
class CitingDocument:
    source: str
    number: str | None
    symbol: str | None
    issuer: str | None
    title: str | None
    date: str | None
    mentions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CitingTask:
    source: str
    path: str
    text: str


@dataclass(frozen=True, slots=True)
class Citations:
    ref: RefSummary | None
    documents: tuple[CitingDocument, ...]
    tasks: tuple[CitingTask, ...]
    stored: tuple[str, ...] = ()  # source paths of the cited document itself, when ingested
    suggestions: tuple[str, ...] = ()  # close stored numbers, when nothing cites this one
    versions: tuple[str, ...] = ()  # source paths of the stored document's drafts
