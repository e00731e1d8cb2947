"""The write path and bookkeeping every SQL store shares (SQLite and PostgreSQL).

One implementation, in SQL both databases run (``?`` placeholders, ``ON CONFLICT``,
``RETURNING``), so a behaviour cannot exist on one store only. A subclass gives the
connection (an object with ``execute``/``executemany`` speaking ``?``), a transaction that
serialises writers (:meth:`SqlStore._transaction`) and the search over its full-text index.

A document is one row whatever the number of files it comes in: its identity
(:func:`~pipeline.store.rows.document_identity`: issuer, number and symbol, date) is unique,
every file is a ``sources`` row with its own hash (a rendition), and the rows stored are
those of the best rendition (:func:`~pipeline.store.rows.rendition_rank`: text layer over
OCR). Writes are whole transactions: a process killed at any moment leaves the whole
document or none of it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from importlib import import_module
from typing import Any

from pipeline.errors import PipelineError
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
from pipeline.store.rows import DocumentRows, rendition_rank
from pipeline.store.spellings import refresh_parties, refresh_refs
from pipeline.store.versions import link_versions

__all__ = ["SqlStore", "now"]

_NAME_USES = (
    "INSERT INTO party_names (party_id, name, kind, uses) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (party_id, name, kind) DO UPDATE SET uses = party_names.uses + excluded.uses"
)
_ALIAS_USES = (
    "INSERT INTO party_aliases (party_id, alias, uses) VALUES (?, ?, ?)"
    " ON CONFLICT (party_id, alias) DO UPDATE SET uses = party_aliases.uses + excluded.uses"
)
_COUNTED = ("documents", "sources", "tasks", "parties", "refs", "ingest_errors")
_RUN_COUNTS = ("files", "new", "updated", "unchanged", "duplicate", "failed", "pruned")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SqlStore:
    """The shared part of :class:`~pipeline.store.Store`; see the module docstring."""

    conn: Any
    path: str
    _search_module: str  # the dialect's search: search_tasks, iter_task_records, matched_ids
    _refused_errors: tuple[type[Exception], ...] = ()  # the driver's "cannot store these rows"

    def _transaction(self) -> AbstractContextManager[Any]:
        """A write transaction that excludes every other writer of the database."""
        raise NotImplementedError

    def _errors(self) -> AbstractContextManager[None]:
        """The driver's errors as one-line PipelineErrors with their codes."""
        raise NotImplementedError

    # ------------------------------------------------------------------ reads

    def search(self, query: SearchQuery) -> list[Hit]:
        with self._errors():
            return import_module(self._search_module).search_tasks(self.conn, query)  # type: ignore[no-any-return]

    def citations(self, number: str) -> Citations:
        from pipeline.store.refs import find_citations

        with self._errors():
            return find_citations(self.conn, number)

    def top_refs(self, limit: int = 20) -> list[RefSummary]:
        from pipeline.store.refs import top_refs

        with self._errors():
            return top_refs(self.conn, limit)

    def iter_task_records(self, filters: Filters, text: str = "") -> Iterator[dict[str, Any]]:
        records = import_module(self._search_module).iter_task_records
        with self._errors():
            yield from records(self.conn, filters, text)

    def facet_counts(self, query: SearchQuery, window: int, doc_type: str | None = None) -> Any:
        """How the newest ``window`` tasks ``query`` (and ``doc_type``) matches spread over
        the facets (:class:`pipeline.store.matched.SearchFacets`)."""
        from pipeline.store.matched import facet_counts

        with self._errors():
            ids = import_module(self._search_module).matched_ids(self.conn, query, window, doc_type)
            return facet_counts(self.conn, ids, window)

    def corrected_plans(self) -> list[tuple[str, dict[str, Any]]]:
        from pipeline.store.corrections import corrected_plans

        with self._errors():
            return corrected_plans(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ ingest state

    def source_states(self) -> dict[str, SourceState]:
        rows = self.conn.execute(
            "SELECT s.path, s.sha256, d.pipeline_version FROM sources s "
            "JOIN documents d ON d.id = s.document_id"
        ).fetchall()
        return {p: SourceState(p, h, v) for p, h, v in rows}

    def failures(self) -> dict[str, IngestFailure]:
        rows = self.conn.execute(
            "SELECT path, sha256, pipeline_version, code, message FROM ingest_errors"
        ).fetchall()
        return {r[0]: IngestFailure(*r) for r in rows}

    def document_version(self, sha256: str) -> str | None:
        """The version that last stored a file with this hash (any rendition of a document)."""
        row = self.conn.execute(
            "SELECT d.pipeline_version FROM sources s JOIN documents d ON d.id = s.document_id"
            " WHERE s.sha256 = ? LIMIT 1",
            (sha256,),
        ).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _COUNTED}

    # ------------------------------------------------------------------ runs and failures

    def begin_run(self, version: str, files: int) -> int:
        with self._transaction() as conn:
            (run_id,) = conn.execute(
                "INSERT INTO ingest_runs (started_at, pipeline_version, files) VALUES (?, ?, ?)"
                " RETURNING id",
                (now(), version, files),
            ).fetchone()
        return int(run_id)

    def end_run(self, run_id: int, counts: dict[str, int]) -> None:
        values = [int(counts.get(k, 0)) for k in _RUN_COUNTS[1:]]
        sets = ", ".join(f"{k} = ?" for k in _RUN_COUNTS[1:])
        with self._transaction() as conn:
            conn.execute(
                f"UPDATE ingest_runs SET finished_at = ?, {sets} WHERE id = ?",
                (now(), *values, run_id),
            )

    def recent_runs(self, limit: int = 5) -> list[IngestRun]:
        rows = self.conn.execute(
            "SELECT id, started_at, finished_at, pipeline_version, "
            + ", ".join(_RUN_COUNTS)
            + " FROM ingest_runs ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [IngestRun(*r) for r in rows]

    def failure_log(self) -> list[tuple[IngestFailure, str, int | None]]:
        """Every recorded failure with when it happened and in which run, newest first."""
        rows = self.conn.execute(
            "SELECT path, sha256, pipeline_version, code, message, at, run_id FROM ingest_errors"
            " ORDER BY at DESC, path"
        ).fetchall()
        return [(IngestFailure(*r[:5]), r[5], r[6]) for r in rows]

    def record_failure(self, failure: IngestFailure, run_id: int | None = None) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO ingest_errors (path, sha256, pipeline_version, code, message, at,"
                " run_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET"
                " sha256 = excluded.sha256, pipeline_version = excluded.pipeline_version,"
                " code = excluded.code, message = excluded.message, at = excluded.at,"
                " run_id = excluded.run_id",
                (failure.path, failure.sha256, failure.pipeline_version, failure.code,
                 failure.message, now(), run_id),
            )  # fmt: skip

    def clear_failures(self, paths: Sequence[str]) -> None:
        with self._transaction() as conn:
            conn.executemany("DELETE FROM ingest_errors WHERE path = ?", [(p,) for p in paths])

    # ------------------------------------------------------------------ writes

    def link_sources(self, sha256: str, paths: Sequence[str]) -> None:
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT document_id FROM sources WHERE sha256 = ? LIMIT 1", (sha256,)
            ).fetchone()
            if row is None:
                raise PipelineError(f"no stored document with hash {sha256[:12]}", code="not_found")
            self._link(conn, row[0], [(p, sha256) for p in paths])

    def remove_sources(self, paths: Sequence[str]) -> int:
        """Forget these source paths (deleted files) and their recorded failures; a document
        left without any path goes too. Returns how many paths were known."""
        removed = 0
        with self._transaction() as conn:
            for chunk in _path_chunks(paths):
                marks = ",".join("?" * len(chunk))
                docs = {
                    r[0]
                    for r in conn.execute(
                        f"SELECT document_id FROM sources WHERE path IN ({marks})", chunk
                    ).fetchall()
                }
                removed += conn.execute(
                    f"DELETE FROM sources WHERE path IN ({marks})", chunk
                ).rowcount
                removed += conn.execute(
                    f"DELETE FROM ingest_errors WHERE path IN ({marks})"
                    f" AND path NOT IN (SELECT path FROM sources WHERE path IN ({marks}))",
                    (*chunk, *chunk),
                ).rowcount
                self._tidy(conn, docs)
        return removed

    def write_document(self, rows: DocumentRows, paths: Sequence[str]) -> None:
        """Store one document from these files (all of the same content), or link them as
        another rendition of the stored document with the same identity when that one's
        rendition is better."""
        with self._transaction() as conn:
            self._write(conn, rows, paths)

    def write_documents(
        self, batch: Sequence[tuple[DocumentRows, Sequence[str]]]
    ) -> list[PipelineError | None]:
        """:meth:`write_document` for each ``(rows, paths)`` of ``batch``, all in one
        transaction (one commit, one FTS flush: the ingest's write path). Each document is
        written in a savepoint, so one the database refuses (a constraint, a value it cannot
        store) is rolled back alone and comes back as an ``invalid_output`` error in its place
        of the returned list (``None``: written); any other failure rolls back the batch."""
        out: list[PipelineError | None] = []
        if not batch:
            return out
        with self._transaction() as conn:
            for rows, paths in batch:
                conn.execute("SAVEPOINT kehoach_document")
                try:
                    self._write(conn, rows, paths)
                except Exception as exc:
                    refused = self._refused(exc)
                    if refused is None:
                        raise
                    conn.execute("ROLLBACK TO SAVEPOINT kehoach_document")
                    out.append(refused)
                else:
                    out.append(None)
                conn.execute("RELEASE SAVEPOINT kehoach_document")
        return out

    def _refused(self, exc: Exception) -> PipelineError | None:
        """The ``invalid_output`` error when the database refused this document's rows (the
        batch goes on without it); ``None`` when the database itself failed."""
        if isinstance(exc, PipelineError):
            return exc if exc.code == "invalid_output" else None
        if isinstance(exc, (ValueError, TypeError, *self._refused_errors)):
            return PipelineError(
                f"cannot store this plan ({type(exc).__name__}: {exc})", code="invalid_output"
            )
        return None

    def _write(self, conn: Any, rows: DocumentRows, paths: Sequence[str]) -> None:
        doc = rows.document
        new = [(p, doc.sha256) for p in paths]
        same = conn.execute(
            "SELECT id, sha256, media_type, ocr FROM documents WHERE identity = ?",
            (doc.identity,),
        ).fetchone()
        if same and same[1] != doc.sha256 and rendition_rank(
            same[2], bool(same[3]), same[1]
        ) < rendition_rank(doc.media_type, doc.ocr, doc.sha256):
            self._link(conn, same[0], new)
            return
        by_hash = conn.execute(
            "SELECT id FROM documents WHERE sha256 = ?", (doc.sha256,)
        ).fetchone()
        replaced = sorted({r[0] for r in (same, by_hash) if r})
        keep: list[tuple[str, str]] = []
        for old in replaced:
            keep += [
                (p, h)
                for p, h in conn.execute(
                    "SELECT path, sha256 FROM sources WHERE document_id = ?", (old,)
                ).fetchall()
            ]
        self._delete_documents(conn, replaced)
        doc_id = self._insert_document(conn, rows, min(p for p, _ in [*new, *keep]))
        self._link(conn, doc_id, sorted({**dict(keep), **dict(new)}.items()))

    def _insert_document(self, conn: Any, rows: DocumentRows, path: str) -> int:
        d = rows.document
        (doc_id,) = conn.execute(
            "INSERT INTO documents (sha256, path, pipeline_version, media_type, size, system, doc_type,"
            " number, symbol, number_key, issuer, parent_issuer, issuer_fold, place, year, month, day,"
            " title, draft, signer, recipients, task_count, ingested_at, identity, ocr)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
            (d.sha256, path, d.pipeline_version, d.media_type, d.size, d.system, d.doc_type,
             d.number, d.symbol, d.number_key, d.issuer, d.parent_issuer, d.issuer_fold, d.place,
             d.year, d.month, d.day, d.title, int(d.draft), d.signer, d.recipients,
             len(rows.tasks), now(), d.identity, int(d.ocr)),
        ).fetchone()  # fmt: skip
        conn.execute(
            "INSERT INTO plan_json (document_id, json) VALUES (?, ?)", (doc_id, d.plan_json)
        )
        section_ords = _returning(
            conn, "INSERT INTO sections (document_id, ord, path, number, heading, level)",
            [(doc_id, x.ord, x.path, x.number, x.heading, x.level) for x in rows.sections],
            "ord",
        )  # fmt: skip
        section_ids: dict[str, int] = {}
        for x in rows.sections:
            section_ids.setdefault(x.path, section_ords[x.ord])
        # shared rows first, in key order, so concurrent writers lock them in the same order
        refs = {r.key: (r.key, r.number, r.name) for r in rows.refs}
        ref_ids = _returning(
            conn, "INSERT INTO refs (key, number, name)", [refs[k] for k in sorted(refs)], "key",
            " ON CONFLICT (key) DO UPDATE SET key = excluded.key",
        )  # fmt: skip
        party_rows = {p.key: p for t in rows.tasks for p in (*t.leads, *t.executors)}
        party_ids = _returning(
            conn, "INSERT INTO parties (key, name, kind)",
            [(k, p.name, p.kind) for k, p in sorted(party_rows.items())], "key",
            " ON CONFLICT (key) DO UPDATE SET key = excluded.key",
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO document_ref_names (document_id, ref_id, number, name)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(doc_id, ref_ids[r.key], r.number, r.name) for r in rows.refs],
        )
        conn.executemany(
            "INSERT INTO document_refs (document_id, ref_id, ord, type, date, issuer, term, title,"
            " mentions) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
            [(doc_id, ref_ids[r.key], i, r.type, r.date, r.issuer, r.term, r.title, r.mentions)
             for i, r in enumerate(rows.refs)],
        )  # fmt: skip
        task_ids = _returning(
            conn,
            "INSERT INTO tasks (document_id, section_id, ord, path, number, text, lead_raw,"
            " executors_raw, and_related, timeline_raw, timeline_kind, timeline_start,"
            " timeline_end, product, span_start, span_end, text_fold, lead_fold,"
            " executors_fold, context_fold)",
            [(doc_id, section_ids.get(t.section_path or ""), t.ord, t.path, t.number, t.text,
              t.lead_raw, t.executors_raw, int(t.and_related), t.timeline_raw, t.timeline_kind,
              t.timeline_start, t.timeline_end, t.product, t.span_start, t.span_end, *t.fts)
             for t in rows.tasks],
            "ord",
        )  # fmt: skip
        names: Counter[tuple[int, str, str]] = Counter()
        aliases: Counter[tuple[int, str]] = Counter()
        task_parties: list[tuple[Any, ...]] = []
        task_refs: list[tuple[int, int]] = []
        for t in rows.tasks:
            task_id = task_ids[t.ord]
            for role, group in (("lead", t.leads), ("executor", t.executors)):
                for i, p in enumerate(group):
                    pid = party_ids[p.key]
                    task_parties.append((task_id, role, pid, i, p.name, p.kind, p.alts_json))
                    names[(pid, p.name, p.kind)] += 1
                    aliases.update((pid, a) for a in p.aliases)
            task_refs += [(task_id, ref_ids[key]) for key in dict.fromkeys(t.refs)]
        conn.executemany(
            "INSERT INTO task_parties (task_id, role, party_id, ord, name, kind, alts)"
            " VALUES (?,?,?,?,?,?,?)",
            task_parties,
        )
        conn.executemany(
            "INSERT INTO task_refs (task_id, ref_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            task_refs,
        )
        conn.executemany(_NAME_USES, [(*k, n) for k, n in sorted(names.items())])
        conn.executemany(_ALIAS_USES, [(*k, n) for k, n in sorted(aliases.items())])
        refresh_parties(conn, party_ids.values())
        refresh_refs(conn, ref_ids.values())
        link_versions(conn, int(doc_id), d)
        return int(doc_id)

    def _link(self, conn: Any, doc_id: int, pairs: Sequence[tuple[str, str]]) -> None:
        """Point each ``(path, sha256)`` at ``doc_id``; drop documents left without a path."""
        previous: set[int] = set()
        for chunk in _path_chunks([p for p, _ in pairs]):
            marks = ",".join("?" * len(chunk))
            previous |= {
                r[0]
                for r in conn.execute(
                    f"SELECT document_id FROM sources WHERE path IN ({marks})"
                    " AND document_id != ?",
                    (*chunk, doc_id),
                ).fetchall()
            }
        conn.executemany(
            "INSERT INTO sources (path, document_id, sha256) VALUES (?, ?, ?)"
            " ON CONFLICT (path) DO UPDATE SET document_id = excluded.document_id,"
            " sha256 = excluded.sha256",
            [(p, doc_id, h) for p, h in pairs],
        )
        conn.executemany("DELETE FROM ingest_errors WHERE path = ?", [(p,) for p, _ in pairs])
        self._tidy(conn, {doc_id, *previous})

    def _tidy(self, conn: Any, doc_ids: set[int]) -> None:
        """Delete the documents left without a source path; show the others' smallest path."""
        orphans = [
            d for d in sorted(doc_ids)
            if not conn.execute("SELECT 1 FROM sources WHERE document_id = ?", (d,)).fetchone()
        ]  # fmt: skip
        self._delete_documents(conn, orphans)
        for d in sorted(doc_ids - set(orphans)):
            conn.execute(
                "UPDATE documents SET path = (SELECT min(path) FROM sources WHERE document_id = ?)"
                " WHERE id = ?",
                (d, d),
            )

    @staticmethod
    def _delete_documents(conn: Any, doc_ids: Sequence[int]) -> None:
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
            tuple(doc_ids),
        ).fetchall():
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
            (*doc_ids, *doc_ids, *doc_ids)).fetchall()]  # fmt: skip
        conn.execute(f"DELETE FROM tasks WHERE document_id IN ({marks})", tuple(doc_ids))
        conn.execute(f"DELETE FROM documents WHERE id IN ({marks})", tuple(doc_ids))
        refresh_parties(conn, parties)
        refresh_refs(conn, refs)


_ROWS_PER_INSERT = 200  # rows per multi-row INSERT (SQLite allows 32766 parameters)


def _returning(
    conn: Any, insert: str, rows: list[tuple[Any, ...]], key: str, conflict: str = ""
) -> dict[Any, int]:
    """Insert ``rows`` with multi-row ``INSERT`` statements; the new (or upserted) ids by
    ``key`` (a unique column of the rows: the statement's ``RETURNING id, key``)."""
    out: dict[Any, int] = {}
    for i in range(0, len(rows), _ROWS_PER_INSERT):
        part = rows[i : i + _ROWS_PER_INSERT]
        marks = "(" + ",".join("?" * len(part[0])) + ")"
        sql = f"{insert} VALUES {','.join([marks] * len(part))}{conflict} RETURNING id, {key}"
        params = [v for row in part for v in row]
        out.update((k, int(row_id)) for row_id, k in conn.execute(sql, params).fetchall())
    return out


def _path_chunks(paths: Sequence[str]) -> Iterator[list[str]]:
    items = sorted(set(paths))
    for i in range(0, len(items), 500):
        yield items[i : i + 500]



