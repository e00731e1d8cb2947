"""The SQLite schema as named migrations, applied in order and recorded in ``_migrations``.

Add a migration by appending ``(name, step)`` to :data:`MIGRATIONS`, where ``step`` is SQL or
a function of the connection; never edit one that has shipped. Each runs in its own
transaction with its record, so a database is always at a known step. A database recording a migration this version does not know was made by a newer
kehoach and is refused rather than written to.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from pipeline.errors import PipelineError
from pipeline.store.corrections import MIGRATION as _CORRECTIONS

__all__ = ["MIGRATIONS", "apply_migrations", "pending_migrations"]

_INITIAL = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,          -- content identity; duplicates share one row
    path TEXT NOT NULL,                   -- the smallest of its source paths, for display
    pipeline_version TEXT NOT NULL,
    media_type TEXT,
    size INTEGER,
    system TEXT,                          -- party | state
    doc_type TEXT,
    number TEXT,
    symbol TEXT,
    number_key TEXT,                      -- folded number + symbol, separators as '-'
    issuer TEXT,
    parent_issuer TEXT,
    issuer_fold TEXT NOT NULL DEFAULT '',
    place TEXT,
    year INTEGER,
    month INTEGER,
    day INTEGER,
    title TEXT,
    draft INTEGER NOT NULL DEFAULT 0,
    signer TEXT,                          -- JSON {authority, position, name}
    recipients TEXT NOT NULL DEFAULT '[]',-- JSON list
    task_count INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_year ON documents(year);
CREATE INDEX documents_number_key ON documents(number_key);

CREATE TABLE plan_json (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    json TEXT NOT NULL                    -- the plan as extracted (the JSON contract)
);

CREATE TABLE sources (
    path TEXT PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL
);
CREATE INDEX sources_document ON sources(document_id);

CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    path TEXT NOT NULL,
    number TEXT,
    heading TEXT NOT NULL,
    level INTEGER,
    UNIQUE (document_id, ord)
);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES sections(id) ON DELETE SET NULL,
    ord INTEGER NOT NULL,
    path TEXT NOT NULL,
    number TEXT,
    text TEXT NOT NULL,
    lead_raw TEXT,
    executors_raw TEXT,
    and_related INTEGER NOT NULL DEFAULT 0,
    timeline_raw TEXT,
    timeline_kind TEXT,
    timeline_start TEXT,                  -- ISO date or NULL
    timeline_end TEXT,                    -- ISO date or NULL (the due date)
    product TEXT,                         -- the expected output (sản phẩm), when stated
    span_start INTEGER,
    span_end INTEGER,
    UNIQUE (document_id, ord)
);
CREATE INDEX tasks_due ON tasks(timeline_end);
CREATE INDEX tasks_kind ON tasks(timeline_kind);

CREATE TABLE parties (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,             -- canon(name): case, tone placement, dashes unified
    name TEXT NOT NULL,                   -- canonical display name
    kind TEXT NOT NULL DEFAULT 'org'      -- org | role | group
);
CREATE TABLE party_aliases (
    party_id INTEGER NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,                  -- every spelling seen (raw, alternatives)
    PRIMARY KEY (party_id, alias)
) WITHOUT ROWID;
CREATE TABLE task_parties (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'executor')),
    party_id INTEGER NOT NULL REFERENCES parties(id),
    ord INTEGER NOT NULL,
    PRIMARY KEY (task_id, role, party_id)
) WITHOUT ROWID;
CREATE INDEX task_parties_party ON task_parties(party_id, role);

CREATE TABLE refs (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,             -- number_key(number), or the folded name
    number TEXT,                          -- as written (NULL when cited by name only)
    name TEXT NOT NULL
);
CREATE TABLE document_refs (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ref_id INTEGER NOT NULL REFERENCES refs(id),
    ord INTEGER NOT NULL,
    type TEXT,
    date TEXT,
    issuer TEXT,
    term TEXT,
    title TEXT,
    mentions TEXT NOT NULL DEFAULT '[]',  -- JSON list of the paths citing it
    PRIMARY KEY (document_id, ref_id)
) WITHOUT ROWID;
CREATE INDEX document_refs_ref ON document_refs(ref_id);
CREATE TABLE task_refs (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    ref_id INTEGER NOT NULL REFERENCES refs(id),
    PRIMARY KEY (task_id, ref_id)
) WITHOUT ROWID;
CREATE INDEX task_refs_ref ON task_refs(ref_id);

CREATE TABLE ingest_errors (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    pipeline_version TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

# Folded shadow columns (đ→d, no diacritics, lower case) searched by FTS5; rowid = tasks.id.
# remove_diacritics 2 also folds what the shadow columns miss (NFD input, rare letters).
# Prefix indexes for 1-3 characters make search-as-you-type fast ("chuyen d*": 280 → 8 ms on
# 100k tasks) for about 760 more bytes per task.
_TASKS_FTS = """
CREATE VIRTUAL TABLE tasks_fts USING fts5(
    text, lead, executors, context,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
    DELETE FROM tasks_fts WHERE rowid = old.id;
END;
"""

# Shared rows are derived from the documents stored now, so replacing or deleting a document
# takes its spellings along. Each task keeps the spelling of its parties as written
# (displayed), with its kind and its other spellings (raw text, alternatives): party_names
# counts the written spellings per party (parties.name is the commonest), party_aliases.uses
# the task mentions listing a spelling; a spelling no task uses any more is deleted. Each
# document keeps the number and name it gives a cited document (refs.number and refs.name are
# the smallest of them).
_WRITTEN_SPELLINGS = """
ALTER TABLE task_parties ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE task_parties ADD COLUMN kind TEXT NOT NULL DEFAULT 'org';
ALTER TABLE task_parties ADD COLUMN alts TEXT;
ALTER TABLE party_aliases ADD COLUMN uses INTEGER NOT NULL DEFAULT 0;
CREATE TABLE party_names (
    party_id INTEGER NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    uses INTEGER NOT NULL,
    PRIMARY KEY (party_id, name, kind)
) WITHOUT ROWID;
CREATE TABLE document_ref_names (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ref_id INTEGER NOT NULL REFERENCES refs(id),
    number TEXT,
    name TEXT NOT NULL,
    PRIMARY KEY (document_id, ref_id)
) WITHOUT ROWID;
CREATE INDEX document_ref_names_number ON document_ref_names(ref_id, number);
CREATE INDEX document_ref_names_name ON document_ref_names(ref_id, name);
"""


def _written_spellings(conn: sqlite3.Connection) -> None:
    """0003: add the per-task and per-document spellings, fill them in from each stored plan's
    JSON (the rows a fresh ingest would write), and derive the shared rows from them."""
    from pipeline.store.rows import plan_rows
    from pipeline.store.sqlite import rebuild_spellings

    for statement in _statements(_WRITTEN_SPELLINGS):
        conn.execute(statement)
    party_ids = dict(conn.execute("SELECT key, id FROM parties"))
    ref_ids = dict(conn.execute("SELECT key, id FROM refs"))
    updates = []
    for doc_id, text in conn.execute("SELECT document_id, json FROM plan_json").fetchall():
        try:
            rows = plan_rows(json.loads(text), sha256="", pipeline_version="")
        except (ValueError, TypeError, AttributeError):
            continue  # left with the old display name below
        conn.executemany(
            "INSERT OR IGNORE INTO document_ref_names (document_id, ref_id, number, name)"
            " VALUES (?, ?, ?, ?)",
            [(doc_id, ref_ids[r.key], r.number, r.name) for r in rows.refs if r.key in ref_ids],
        )
        task_ids = dict(conn.execute("SELECT ord, id FROM tasks WHERE document_id = ?", (doc_id,)))
        for t in rows.tasks:
            for role, group in (("lead", t.leads), ("executor", t.executors)):
                for p in group:
                    if t.ord in task_ids and p.key in party_ids:
                        updates.append(
                            (p.name, p.kind, p.alts_json, task_ids[t.ord], role, party_ids[p.key])
                        )
    conn.executemany(
        "UPDATE task_parties SET name = ?, kind = ?, alts = ?"
        " WHERE task_id = ? AND role = ? AND party_id = ?",
        updates,
    )
    conn.execute(
        "UPDATE task_parties SET name = (SELECT name FROM parties WHERE id = party_id),"
        " kind = (SELECT kind FROM parties WHERE id = party_id) WHERE name = ''"
    )
    rebuild_spellings(conn)


Step = str | Callable[[sqlite3.Connection], None]

MIGRATIONS: tuple[tuple[str, Step], ...] = (
    ("0001_initial", _INITIAL),
    ("0002_tasks_fts", _TASKS_FTS),
    ("0003_written_spellings", _written_spellings),
    ("0004_corrections", _CORRECTIONS),
)


def _applied(conn: sqlite3.Connection) -> set[str]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    return {row[0] for row in conn.execute("SELECT name FROM _migrations")}


def pending_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations not yet applied (read-only apart from ``_migrations``)."""
    applied = _applied(conn)
    return [name for name, _ in MIGRATIONS if name not in applied]


def apply_migrations(conn: sqlite3.Connection) -> list[str]:
    """Apply the pending migrations, each in one transaction; return their names.

    Raises:
        PipelineError: ``unsupported`` when the database was made by a newer version.
    """
    known = {name for name, _ in MIGRATIONS}
    newer = sorted(_applied(conn) - known)
    if newer:
        raise PipelineError(
            f"the database was made by a newer kehoach (migration {newer[-1]}); upgrade kehoach",
            code="unsupported",
        )
    done: list[str] = []
    for name, step in MIGRATIONS:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("COMMIT")
                continue
            if callable(step):
                step(conn)
            else:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done.append(name)
    return done


def _statements(sql: str) -> list[str]:
    """Split a migration script into complete statements (triggers contain ``;``)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        if not buf and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
