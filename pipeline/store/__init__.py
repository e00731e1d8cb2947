"""The task database: ingest extracted plans, search their tasks, follow references, export.

Callers (the CLI, the ingest loop) speak to a :class:`Store`, a small protocol with two
implementations sharing one write path (:mod:`pipeline.store.sqlstore`):
:class:`~pipeline.store.sqlite.SqliteStore` (a file, the default) and
:class:`~pipeline.store.postgres.PgStore` (a PostgreSQL server, for many users and
ingesters). :func:`open_store` picks the implementation from its target.

>>> store = open_store("kehoach.db")                         # doctest: +SKIP
>>> [h.path for h in store.search(SearchQuery("dan van"))]   # doctest: +SKIP
['II/1', 'III/2']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pipeline.store.records import (
    Citations,
    Filters,
    Hit,
    IngestFailure,
    IngestRun,
    RefSummary,
    SearchQuery,
    SourceState,
)

if TYPE_CHECKING:
    from pipeline.errors import PipelineError
    from pipeline.store.rows import DocumentRows

__all__ = [
    "Store",
    "open_store",
    "Filters",
    "SearchQuery",
    "Hit",
    "Citations",
    "RefSummary",
    "SourceState",
    "IngestFailure",
    "IngestRun",
    "DEFAULT_DB",
]

DEFAULT_DB = "kehoach.db"


class Store(Protocol):
    """What the CLI and the ingest loop need from a task database."""

    def source_states(self) -> dict[str, SourceState]:
        """Every source path stored, with the hash and pipeline version of its document."""
        ...

    def failures(self) -> dict[str, IngestFailure]:
        """The recorded ingest failures, by path."""
        ...

    def document_version(self, sha256: str) -> str | None:
        """The pipeline version that extracted the document with this hash, if stored."""
        ...

    def write_document(self, rows: DocumentRows, paths: Sequence[str]) -> None:
        """Store (or replace) one document and link its source paths: all or nothing."""
        ...

    def write_documents(
        self, batch: Sequence[tuple[DocumentRows, Sequence[str]]]
    ) -> list[PipelineError | None]:
        """:meth:`write_document` for many documents in one transaction; a document the
        database refuses is left out alone, its error in its place of the list."""
        ...

    def link_sources(self, sha256: str, paths: Sequence[str]) -> None:
        """Point more source paths at an already stored document (duplicates, moves)."""
        ...

    def record_failure(self, failure: IngestFailure, run_id: int | None = None) -> None:
        """Remember a file that could not be ingested; what is stored for it stays."""
        ...

    def remove_sources(self, paths: Sequence[str]) -> int:
        """Forget these source paths (deleted files); documents left without one go too."""
        ...

    def begin_run(self, version: str, files: int) -> int:
        """Record the start of an ingest run; returns its id."""
        ...

    def end_run(self, run_id: int, counts: dict[str, int]) -> None: ...

    def recent_runs(self, limit: int = 5) -> list[IngestRun]: ...

    def failure_log(self) -> list[tuple[IngestFailure, str, int | None]]:
        """The recorded failures with when and in which run, newest first."""
        ...

    def clear_failures(self, paths: Sequence[str]) -> None:
        """Forget the recorded failures of these paths."""
        ...

    def search(self, query: SearchQuery) -> list[Hit]: ...

    def citations(self, number: str) -> Citations: ...

    def top_refs(self, limit: int = 20) -> list[RefSummary]: ...

    def iter_task_records(self, filters: Filters, text: str = "") -> Iterator[dict[str, Any]]:
        """One flat dict per task (document fields and parties included), for export."""
        ...

    def facet_counts(self, query: SearchQuery, window: int, doc_type: str | None = None) -> Any:
        """How the newest ``window`` tasks matching ``query`` (all its words, its filters) and
        ``doc_type`` spread over years, issuers, types, leads, executors and timeline kinds."""
        ...

    def corrected_plans(self) -> list[tuple[str, dict[str, Any]]]:
        """``(path, plan)`` of every stored plan with standing corrections (of its tasks or
        its header, made in ``kehoach serve``), the corrections applied: what
        ``kehoach export --gold`` writes."""
        ...

    def counts(self) -> dict[str, int]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...


def open_store(target: str | Path = DEFAULT_DB, *, create: bool = True) -> Store:
    """Open the task database at ``target``: a SQLite file path, or a PostgreSQL URL
    (``postgresql://USER@HOST:PORT/DB``).

    ``create=False`` refuses to make a new database (for read-only commands such as search).
    """
    from pipeline.store.postgres import PgStore, is_postgres_target

    if is_postgres_target(target):
        return PgStore.open(str(target), create=create)
    from pipeline.store.sqlite import SqliteStore

    return SqliteStore.open(target, create=create)
