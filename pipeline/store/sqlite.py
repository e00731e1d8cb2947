"""The SQLite implementation of :class:`pipeline.store.Store` (stdlib ``sqlite3``, WAL).

Writes are explicit transactions (the connection is in autocommit mode and every write
method wraps itself in ``BEGIN IMMEDIATE`` … ``COMMIT``), so a process killed at any moment
leaves either the whole document or none of it. Shared rows (parties, references) are merged
with order-independent rules, so the same files give the same database whatever order the
workers finish in. Each task keeps its parties as written; a party's display name and
aliases are derived from the tasks stored now (use counts in ``party_names`` and
``party_aliases``), so replacing or deleting a document takes its spellings along.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pipeline.errors import PipelineError
from pipeline.store.records import (
    Citations,
    Filters,
    Hit,
    IngestFailure,
    RefSummary,
    SearchQuery,
    SourceState,
)
from pipeline.store.rows import DocumentRows, PartyRow
from pipeline.store.schema import apply_migrations
from pipeline.store.textkeys import new_tone

__all__ = ["SqliteStore", "connect", "rebuild_spellings"]

log = logging.getLogger(__name__)

# name and kind are set by _refresh_parties from the use counts; the no-op update returns the id
_PARTY_UPSERT = """
INSERT INTO parties (key, name, kind) VALUES (?, ?, ?)
ON CONFLICT (key) DO UPDATE SET key = excluded.key
RETURNING id
"""
_NAME_USES = """
INSERT INTO party_names (party_id, name, kind, uses) VALUES (?, ?, ?, ?)
ON CONFLICT DO UPDATE SET uses = uses + excluded.uses
"""
_ALIAS_USES = """
INSERT INTO party_aliases (party_id, alias, uses) VALUES (?, ?, ?)
ON CONFLICT DO UPDATE SET uses = uses + excluded.uses
"""
_CHUNK = 500  # ids per IN (...) list
# number and name are set by _refresh_refs from the spellings of the documents citing it
_REF_UPSERT = """
INSERT INTO refs (key, number, name) VALUES (?, ?, ?)
ON CONFLICT (key) DO UPDATE SET key = excluded.key
RETURNING id
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    items = sorted(set(ids))
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _preferred(uses: Counter[str]) -> str:
    """The spelling most tasks use; on a tie one not in capitals, then one with new-style tone
    marks (``Ủy`` rather than ``Uỷ``), then the smallest. Always a spelling some task wrote."""
    return min(uses, key=lambda s: (-uses[s], s.isupper(), new_tone(s) != s, s))


def _refresh_parties(conn: sqlite3.Connection, party_ids: Iterable[int]) -> None:
    """Delete the parties no task uses any more; give the others the display name and kind
    most of their tasks use (order-free, so the same files give the same rows)."""
    for chunk in _chunks(party_ids):
        marks = ",".join("?" * len(chunk))
        conn.execute(
            f"DELETE FROM parties WHERE id IN ({marks})"
            " AND NOT EXISTS (SELECT 1 FROM task_parties WHERE party_id = parties.id)",
            chunk,
        )
        names: dict[int, Counter[str]] = {}
        kinds: dict[int, Counter[str]] = {}
        for pid, name, kind, uses in conn.execute(
            f"SELECT party_id, name, kind, uses FROM party_names WHERE party_id IN ({marks})", chunk
        ):
            names.setdefault(pid, Counter())[name] += uses
            kinds.setdefault(pid, Counter())[kind] += uses
        conn.executemany(
            "UPDATE parties SET name = ?, kind = ? WHERE id = ?",
            [(_preferred(names[pid]), _preferred(kinds[pid]), pid) for pid in sorted(names)],
        )


def _refresh_refs(conn: sqlite3.Connection, ref_ids: Iterable[int]) -> None:
    """Delete the refs no plan or task cites any more; give the others the smallest number
    and name their citing documents write (order-free)."""
    for chunk in _chunks(ref_ids):
        marks = ",".join("?" * len(chunk))
        conn.execute(
            f"DELETE FROM refs WHERE id IN ({marks})"
            " AND NOT EXISTS (SELECT 1 FROM task_refs WHERE ref_id = refs.id)"
            " AND NOT EXISTS (SELECT 1 FROM document_refs WHERE ref_id = refs.id)"
            " AND NOT EXISTS (SELECT 1 FROM document_ref_names WHERE ref_id = refs.id)",
            chunk,
        )
        conn.execute(
            "UPDATE refs SET"
            " number = (SELECT min(number) FROM document_ref_names WHERE ref_id = refs.id),"
            " name = coalesce((SELECT min(name) FROM document_ref_names WHERE ref_id = refs.id),"
            " name)"
            f" WHERE id IN ({marks})",
            chunk,
        )


def rebuild_spellings(conn: sqlite3.Connection) -> None:
    """Recount ``party_names`` and ``party_aliases`` from ``task_parties`` and refresh every
    party and ref (the migration to written spellings; writes keep them up to date)."""
    conn.execute("DELETE FROM party_names")
    conn.execute(
        "INSERT INTO party_names (party_id, name, kind, uses)"
        " SELECT party_id, name, kind, count(*) FROM task_parties GROUP BY 1, 2, 3"
    )
    conn.execute("DELETE FROM party_aliases")
    conn.execute(
        "INSERT INTO party_aliases (party_id, alias, uses)"
        " SELECT party_id, alias, count(*) FROM ("
        "   SELECT party_id, name AS alias FROM task_parties"
        "   UNION ALL SELECT tp.party_id, j.value FROM task_parties tp, json_each(tp.alts) j"
        " ) GROUP BY 1, 2"
    )
    _refresh_parties(conn, [r[0] for r in conn.execute("SELECT id FROM parties")])
    _refresh_refs(conn, [r[0] for r in conn.execute("SELECT id FROM refs")])


def connect(target: str | Path, *, create: bool = True) -> sqlite3.Connection:
    """Open and check the database file, set WAL, apply pending migrations.

    Raises:
        PipelineError: ``not_found`` (no file and ``create`` is false), ``unsupported`` (not
            a SQLite file, or a SQLite file that is not a kehoach database).
    """
    path = Path(target)
    name = str(target)
    if path.is_dir():
        raise PipelineError("is a directory, not a database file", path=name, code="unsupported")
    if not create and not path.exists():
        raise PipelineError(
            "no database here; build one with `kehoach ingest FOLDER --db FILE`",
            path=name,
            code="not_found",
        )
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    uri = f"file:{quote(str(path.resolve()))}?mode={'rwc' if create else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=60)
    except sqlite3.Error as exc:
        raise PipelineError(
            f"cannot open the database ({exc})", path=name, code="unreadable"
        ) from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "_migrations" not in tables:
            raise PipelineError(
                "a SQLite database, but not a kehoach one (no _migrations table); "
                "choose another --db file",
                path=name,
                code="unsupported",
            )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -32000")
        apply_migrations(conn)
    except PipelineError as exc:
        conn.close()
        exc.path = exc.path or name
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise PipelineError(
            f"not a SQLite database ({exc}); nothing was changed", path=name, code="unsupported"
        ) from exc
    return conn


class SqliteStore:
    """A task database in one SQLite file. Use :meth:`open`."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True) -> SqliteStore:
        return cls(connect(target, create=create), str(target))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # ------------------------------------------------------------------ ingest state

    def source_states(self) -> dict[str, SourceState]:
        rows = self.conn.execute(
            "SELECT s.path, s.sha256, d.pipeline_version FROM sources s "
            "JOIN documents d ON d.id = s.document_id"
        )
        return {p: SourceState(p, h, v) for p, h, v in rows}

    def failures(self) -> dict[str, IngestFailure]:
        rows = self.conn.execute(
            "SELECT path, sha256, pipeline_version, code, message FROM ingest_errors"
        )
        return {r[0]: IngestFailure(*r) for r in rows}

    def document_version(self, sha256: str) -> str | None:
        row = self.conn.execute(
            "SELECT pipeline_version FROM documents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        tables = ("documents", "sources", "tasks", "parties", "refs", "ingest_errors")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    # ------------------------------------------------------------------ writes

    def record_failure(self, failure: IngestFailure) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO ingest_errors (path, sha256, pipeline_version, code, message, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                failure.path,
                failure.sha256,
                failure.pipeline_version,
                failure.code,
                failure.message,
                _now(),
            ),
        )

    def clear_failures(self, paths: Sequence[str]) -> None:
        self.conn.executemany("DELETE FROM ingest_errors WHERE path = ?", [(p,) for p in paths])

    def link_sources(self, sha256: str, paths: Sequence[str]) -> None:
        with self._transaction() as conn:
            row = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
            if row is None:
                raise PipelineError(f"no stored document with hash {sha256[:12]}", code="not_found")
            self._link(conn, row[0], sha256, paths)

    def write_document(self, rows: DocumentRows, paths: Sequence[str]) -> None:
        doc = rows.document
        with self._transaction() as conn:
            old = conn.execute(
                "SELECT id FROM documents WHERE sha256 = ?", (doc.sha256,)
            ).fetchone()
            keep_paths: list[str] = []
            if old:
                keep_paths = [
                    r[0]
                    for r in conn.execute("SELECT path FROM sources WHERE document_id = ?", old)
                ]
                self._delete_documents(conn, [old[0]])
            doc_id = self._insert_document(conn, rows, min([*paths, *keep_paths]))
            self._link(conn, doc_id, doc.sha256, [*keep_paths, *paths])

    def _insert_document(self, conn: sqlite3.Connection, rows: DocumentRows, path: str) -> int:
        d = rows.document
        (doc_id,) = conn.execute(
            "INSERT INTO documents (sha256, path, pipeline_version, media_type, size, system, doc_type,"
            " number, symbol, number_key, issuer, parent_issuer, issuer_fold, place, year, month, day,"
            " title, draft, signer, recipients, task_count, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
            (d.sha256, path, d.pipeline_version, d.media_type, d.size, d.system, d.doc_type,
             d.number, d.symbol, d.number_key, d.issuer, d.parent_issuer, d.issuer_fold, d.place,
             d.year, d.month, d.day, d.title, int(d.draft), d.signer, d.recipients,
             len(rows.tasks), _now()),
        ).fetchone()  # fmt: skip
        conn.execute(
            "INSERT INTO plan_json (document_id, json) VALUES (?, ?)", (doc_id, d.plan_json)
        )
        section_ids: dict[str, int] = {}
        for s in rows.sections:
            (sid,) = conn.execute(
                "INSERT INTO sections (document_id, ord, path, number, heading, level)"
                " VALUES (?,?,?,?,?,?) RETURNING id",
                (doc_id, s.ord, s.path, s.number, s.heading, s.level),
            ).fetchone()
            section_ids.setdefault(s.path, sid)
        ref_ids: dict[str, int] = {}
        for i, r in enumerate(rows.refs):
            ref_ids[r.key] = self._upsert_ref(conn, r.key, r.number, r.name)
            conn.execute(
                "INSERT OR IGNORE INTO document_ref_names (document_id, ref_id, number, name)"
                " VALUES (?, ?, ?, ?)",
                (doc_id, ref_ids[r.key], r.number, r.name),
            )
            conn.execute(
                "INSERT OR IGNORE INTO document_refs (document_id, ref_id, ord, type, date, issuer,"
                " term, title, mentions) VALUES (?,?,?,?,?,?,?,?,?)",
                (doc_id, ref_ids[r.key], i, r.type, r.date, r.issuer, r.term, r.title, r.mentions),
            )
        party_ids: dict[str, int] = {}
        names: Counter[tuple[int, str, str]] = Counter()
        aliases: Counter[tuple[int, str]] = Counter()
        for t in rows.tasks:
            (task_id,) = conn.execute(
                "INSERT INTO tasks (document_id, section_id, ord, path, number, text, lead_raw,"
                " executors_raw, and_related, timeline_raw, timeline_kind, timeline_start,"
                " timeline_end, product, span_start, span_end)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                (doc_id, section_ids.get(t.section_path or ""), t.ord, t.path, t.number, t.text,
                 t.lead_raw, t.executors_raw, int(t.and_related), t.timeline_raw, t.timeline_kind,
                 t.timeline_start, t.timeline_end, t.product, t.span_start, t.span_end),
            ).fetchone()  # fmt: skip
            conn.execute(
                "INSERT INTO tasks_fts (rowid, text, lead, executors, context) VALUES (?,?,?,?,?)",
                (task_id, *t.fts),
            )
            for role, group in (("lead", t.leads), ("executor", t.executors)):
                for i, p in enumerate(group):
                    pid = party_ids.get(p.key) or self._upsert_party(conn, p)
                    party_ids[p.key] = pid
                    conn.execute(
                        "INSERT INTO task_parties (task_id, role, party_id, ord, name, kind, alts)"
                        " VALUES (?,?,?,?,?,?,?)",
                        (task_id, role, pid, i, p.name, p.kind, p.alts_json),
                    )
                    names[(pid, p.name, p.kind)] += 1
                    aliases.update((pid, a) for a in p.aliases)
            for key in t.refs:
                conn.execute(
                    "INSERT OR IGNORE INTO task_refs (task_id, ref_id) VALUES (?, ?)",
                    (task_id, ref_ids[key]),
                )
        conn.executemany(_NAME_USES, [(*k, n) for k, n in sorted(names.items())])
        conn.executemany(_ALIAS_USES, [(*k, n) for k, n in sorted(aliases.items())])
        _refresh_parties(conn, party_ids.values())
        _refresh_refs(conn, ref_ids.values())
        return int(doc_id)

    @staticmethod
    def _upsert_party(conn: sqlite3.Connection, p: PartyRow) -> int:
        (pid,) = conn.execute(_PARTY_UPSERT, (p.key, p.name, p.kind)).fetchone()
        return int(pid)

    @staticmethod
    def _upsert_ref(conn: sqlite3.Connection, key: str, number: str | None, name: str) -> int:
        (rid,) = conn.execute(_REF_UPSERT, (key, number, name)).fetchone()
        return int(rid)

    def _link(
        self, conn: sqlite3.Connection, doc_id: int, sha256: str, paths: Sequence[str]
    ) -> None:
        """Point ``paths`` at ``doc_id``; drop documents left without any source path."""
        marks = ",".join("?" * len(paths))
        previous = {
            r[0]
            for r in conn.execute(
                f"SELECT document_id FROM sources WHERE path IN ({marks}) AND document_id != ?",
                (*paths, doc_id),
            )
        }
        conn.executemany(
            "INSERT OR REPLACE INTO sources (path, document_id, sha256) VALUES (?, ?, ?)",
            [(p, doc_id, sha256) for p in paths],
        )
        conn.executemany("DELETE FROM ingest_errors WHERE path = ?", [(p,) for p in paths])
        orphans = [
            d for d in previous
            if not conn.execute("SELECT 1 FROM sources WHERE document_id = ?", (d,)).fetchone()
        ]  # fmt: skip
        self._delete_documents(conn, orphans)
        for d in [doc_id, *previous]:
            conn.execute(
                "UPDATE documents SET path = (SELECT min(path) FROM sources WHERE document_id = ?)"
                " WHERE id = ? AND EXISTS (SELECT 1 FROM sources WHERE document_id = ?)",
                (d, d, d),
            )

    @staticmethod
    def _delete_documents(conn: sqlite3.Connection, doc_ids: Sequence[int]) -> None:
        """Delete documents with their rows, take their party spellings off the use counts,
        then delete the parties, spellings and refs no one uses any more."""
        if not doc_ids:
            return
        marks = ",".join("?" * len(doc_ids))
        tasks = f"SELECT id FROM tasks WHERE document_id IN ({marks})"
        names: Counter[tuple[int, str, str]] = Counter()
        aliases: Counter[tuple[int, str]] = Counter()
        for pid, name, kind, alts in conn.execute(
            f"SELECT party_id, name, kind, alts FROM task_parties WHERE task_id IN ({tasks})",
            doc_ids,
        ):
            names[(pid, name, kind)] += 1
            aliases.update((pid, a) for a in {name, *(json.loads(alts) if alts else ())})
        conn.executemany(
            "UPDATE party_names SET uses = uses - ? WHERE party_id = ? AND name = ? AND kind = ?",
            [(n, *k) for k, n in sorted(names.items())],
        )
        conn.executemany(
            "UPDATE party_aliases SET uses = uses - ? WHERE party_id = ? AND alias = ?",
            [(n, *k) for k, n in sorted(aliases.items())],
        )
        parties = sorted({pid for pid, _, _ in names})
        conn.executemany(
            "DELETE FROM party_names WHERE party_id = ? AND uses <= 0", [(p,) for p in parties]
        )
        conn.executemany(
            "DELETE FROM party_aliases WHERE party_id = ? AND uses <= 0", [(p,) for p in parties]
        )
        refs = [r[0] for r in conn.execute(
            f"SELECT ref_id FROM task_refs WHERE task_id IN ({tasks})"
            f" UNION SELECT ref_id FROM document_refs WHERE document_id IN ({marks})"
            f" UNION SELECT ref_id FROM document_ref_names WHERE document_id IN ({marks})",
            (*doc_ids, *doc_ids, *doc_ids))]  # fmt: skip
        conn.execute(f"DELETE FROM tasks WHERE document_id IN ({marks})", doc_ids)
        conn.execute(f"DELETE FROM documents WHERE id IN ({marks})", doc_ids)
        _refresh_parties(conn, parties)
        _refresh_refs(conn, refs)

    # ------------------------------------------------------------------ reads

    def search(self, query: SearchQuery) -> list[Hit]:
        from pipeline.store.search import search_tasks

        return search_tasks(self.conn, query)

    def citations(self, number: str) -> Citations:
        from pipeline.store.refs import find_citations

        return find_citations(self.conn, number)

    def top_refs(self, limit: int = 20) -> list[RefSummary]:
        from pipeline.store.refs import top_refs

        return top_refs(self.conn, limit)

    def iter_task_records(self, filters: Filters, text: str = "") -> Iterator[dict[str, Any]]:
        from pipeline.store.search import iter_task_records

        return iter_task_records(self.conn, filters, text)
