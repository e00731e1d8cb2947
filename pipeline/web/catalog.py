"""What the pages read beyond the store protocol: plans by id, facet values, sources.

Searches, citations and exports go through :class:`pipeline.store.Store`; this read model
answers the questions only the web pages ask (a plan's stored JSON, the values offered as
facets, the documents to compare). It reads the SQLite file through the store's connection;
facet values are cached until a document is written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.store.matched import Facets

__all__ = ["Catalog", "StoredPlan", "DocumentRow", "Facets", "FACET_LIMIT"]

FACET_LIMIT = 60


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    path: str
    doc_type: str | None
    number: str | None
    symbol: str | None
    issuer: str | None
    title: str | None
    year: int | None
    month: int | None
    day: int | None
    draft: bool
    task_count: int


@dataclass(frozen=True, slots=True)
class StoredPlan:
    row: DocumentRow
    sha256: str
    sources: tuple[str, ...]
    ingested_at: str
    plan: dict[str, Any]


_DOC_COLUMNS = (
    "d.id, d.path, d.doc_type, d.number, d.symbol, d.issuer, d.title, d.year, d.month, d.day,"
    " d.draft, d.task_count"
)


def _doc(r: tuple[Any, ...]) -> DocumentRow:
    return DocumentRow(*r[:10], bool(r[10]), int(r[11]))


class Catalog:
    """Read-only questions over one database; safe to share between threads.

    ``db``: the SQLite file, whose version is read from the file system (see
    :meth:`version`); ``None`` for a PostgreSQL store."""

    def __init__(self, db: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._facets: tuple[tuple[Any, ...], Facets] | None = None
        self._types: dict[tuple[Any, ...], dict[str, frozenset[str]]] = {}
        self._files = (db, db.with_name(db.name + "-wal")) if db is not None else ()

    def version(self, conn: Any) -> tuple[Any, ...]:
        """Changes whenever a document is written, replaced or deleted.

        For a SQLite file: the modification times and sizes of the file and its write-ahead
        log, which every commit (by any process) changes, in microseconds; otherwise a query
        (a scan of the documents, a few milliseconds on 100,000 tasks)."""
        if self._files:
            stamp: list[int] = []
            for f in self._files:
                try:
                    st = os.stat(f)
                    stamp += [st.st_mtime_ns, st.st_size]
                except FileNotFoundError:
                    stamp += [0, 0]
            max_id = conn.execute("SELECT max(id) FROM documents").fetchone()[0]
            return (*stamp, max_id)  # the id too, should two commits share a time stamp
        return tuple(
            conn.execute("SELECT count(*), max(id), max(ingested_at) FROM documents").fetchone()
        )

    def facets(self, conn: sqlite3.Connection) -> Facets:
        version = self.version(conn)
        with self._lock:
            if self._facets and self._facets[0] == version:
                return self._facets[1]
        facets = Facets(
            years=tuple(conn.execute(
                "SELECT year, CAST(sum(task_count) AS INTEGER) FROM documents WHERE year IS NOT NULL"
                " GROUP BY year ORDER BY year DESC").fetchall()),
            issuers=tuple(conn.execute(
                "SELECT issuer, CAST(sum(task_count) AS INTEGER) n FROM documents WHERE issuer IS NOT NULL"
                " GROUP BY issuer ORDER BY n DESC, issuer LIMIT ?", (FACET_LIMIT,)).fetchall()),
            doc_types=tuple(conn.execute(
                "SELECT doc_type, CAST(sum(task_count) AS INTEGER) n FROM documents WHERE doc_type IS NOT NULL"
                " GROUP BY doc_type ORDER BY n DESC, doc_type").fetchall()),
            leads=self._parties(conn, "lead"),
            executors=self._parties(conn, "executor"),
            kinds=tuple(conn.execute(
                "SELECT timeline_kind, count(*) n FROM tasks WHERE timeline_kind IS NOT NULL"
                " GROUP BY timeline_kind ORDER BY n DESC").fetchall()),
        )  # fmt: skip
        with self._lock:
            self._facets = (version, facets)
        return facets

    @staticmethod
    def _parties(conn: sqlite3.Connection, role: str) -> tuple[tuple[str, int], ...]:
        rows = conn.execute(
            "SELECT p.name, c.n FROM (SELECT party_id, count(*) n FROM task_parties"
            " WHERE role = ? GROUP BY party_id ORDER BY n DESC LIMIT ?) c"
            " JOIN parties p ON p.id = c.party_id ORDER BY c.n DESC, p.name",
            (role, FACET_LIMIT),
        ).fetchall()
        return tuple(rows)

    def sources_of_type(self, conn: sqlite3.Connection, doc_type: str) -> frozenset[str]:
        """Every source path of the documents of one type (for the type facet)."""
        version = self.version(conn)
        with self._lock:
            by_type = self._types.get(version)
        if by_type is None:
            by_type = {}
            for t, path in conn.execute(
                "SELECT d.doc_type, s.path FROM sources s JOIN documents d ON d.id = s.document_id"
            ):
                by_type.setdefault(t or "", set()).add(path)  # type: ignore[arg-type]
            by_type = {k: frozenset(v) for k, v in by_type.items()}
            with self._lock:
                self._types = {version: by_type}
        return by_type.get(doc_type, frozenset())

    @staticmethod
    def document_ids(conn: sqlite3.Connection, sources: list[str]) -> dict[str, int]:
        """The document id of each source path."""
        paths = sorted(set(sources))
        if not paths:
            return {}
        marks = ",".join("?" * len(paths))
        return dict(
            conn.execute(f"SELECT path, document_id FROM sources WHERE path IN ({marks})", paths)
        )

    @staticmethod
    def documents(conn: sqlite3.Connection, limit: int = 500) -> list[DocumentRow]:
        rows = conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents d"
            " ORDER BY d.year DESC, d.month DESC, d.day DESC, d.path LIMIT ?",
            (limit,),
        )
        return [_doc(r) for r in rows]

    @staticmethod
    def plan(conn: sqlite3.Connection, doc_id: int) -> StoredPlan | None:
        row = conn.execute(
            f"SELECT {_DOC_COLUMNS}, d.sha256, d.ingested_at, j.json FROM documents d"
            " JOIN plan_json j ON j.document_id = d.id WHERE d.id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        sources = tuple(
            r[0]
            for r in conn.execute(
                "SELECT path FROM sources WHERE document_id = ? ORDER BY path", (doc_id,)
            )
        )
        return StoredPlan(_doc(row[:12]), row[12], sources, row[13], json.loads(row[14]))
