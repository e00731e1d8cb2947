"""The SQLite schema as named migrations, applied in order and recorded in ``_migrations``.

Add a migration by appending ``(name, step)`` to :data:`MIGRATIONS`, where ``step`` is SQL or
a function of the connection; never edit one that has shipped. A step is frozen: SQL, or code
that imports nothing of kehoach (what it means must not change when today's code does).
:mod:`pipeline.store.postgres_schema` keeps the same names for PostgreSQL. Each runs in its own
transaction with its record, so a database is always at a known step. A database recording a migration this version does not know was made by a newer
kehoach and is refused rather than written to.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime

from pipeline.errors import PipelineError
from pipeline.store.corrections import MIGRATION as _CORRECTIONS
from pipeline.store.document_corrections import MIGRATION as _DOCUMENT_CORRECTIONS

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


# frozen copy of the folding 0003 shipped with (dashes, quotes and spaces unified, đ → d)
_PUNCT_0003 = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
                             "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                             "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " ",
                             "đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})  # fmt: skip


def _key_0003(text: str, number: bool) -> str:
    """The ref keys as 0003 shipped them (frozen: a number's alphanumeric runs joined by
    ``-``, or the folded name), so this step means the same whatever the code does later."""
    s = unicodedata.normalize("NFC", text).lower().translate(_PUNCT_0003)
    s = "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))
    if number:
        return "-".join(re.findall(r"[0-9a-z]+", s))
    return " ".join(s.split())


def _spelled(value: object) -> str | None:
    s = str(value).strip() if value is not None else ""
    return unicodedata.normalize("NFC", s) if s else None


def _written_spellings(conn: sqlite3.Connection) -> None:
    """0003: add the per-task and per-document spellings, fill them in from each stored plan's
    JSON, and count the shared rows from them. Frozen code: standard library only.

    A task's party gets the JSON party of its task and role whose name is one of the spellings
    the party had (``party_aliases`` before 0003); a document's reference the JSON reference
    with its key. Rows with no match keep the party's or ref's old display name."""
    for statement in _statements(_WRITTEN_SPELLINGS):
        conn.execute(statement)
    aliases: dict[int, set[str]] = {}
    for pid, alias in conn.execute("SELECT party_id, alias FROM party_aliases"):
        aliases.setdefault(pid, set()).add(alias)
    ref_ids = dict(conn.execute("SELECT key, id FROM refs"))
    updates = []
    for doc_id, text in conn.execute("SELECT document_id, json FROM plan_json").fetchall():
        try:
            plan = json.loads(text)
            tasks = plan.get("tasks") or []
            references = plan.get("references") or []
        except (ValueError, AttributeError):
            continue
        for ref in references if isinstance(references, list) else ():
            if not isinstance(ref, dict):
                continue
            number, name = _spelled(ref.get("number")), _spelled(ref.get("key") or ref.get("title"))
            key = _key_0003(number, True) if number else (_key_0003(name, False) if name else "")
            if key in ref_ids:
                conn.execute(
                    "INSERT OR IGNORE INTO document_ref_names (document_id, ref_id, number, name)"
                    " VALUES (?, ?, ?, ?)",
                    (doc_id, ref_ids[key], number, number or name),
                )
        for task in tasks if isinstance(tasks, list) else ():
            cited = task.get("references") if isinstance(task, dict) else None
            for s in map(_spelled, cited if isinstance(cited, list) else ()):
                key = _key_0003(s, True) if s and any(c.isdigit() for c in s) else ""
                key = key or (_key_0003(s, False) if s else "")
                if s and key in ref_ids:
                    number = s if any(c.isdigit() for c in s) else None
                    conn.execute(
                        "INSERT OR IGNORE INTO document_ref_names (document_id, ref_id, number,"
                        " name) VALUES (?, ?, ?, ?)",
                        (doc_id, ref_ids[key], number, s),
                    )
        rows = conn.execute(
            "SELECT t.ord, tp.task_id, tp.role, tp.party_id FROM task_parties tp"
            " JOIN tasks t ON t.id = tp.task_id WHERE t.document_id = ?",
            (doc_id,),
        ).fetchall()
        for ord_, task_id, role, pid in rows:
            task = tasks[ord_] if isinstance(tasks, list) and 0 <= ord_ < len(tasks) else None
            group = task.get("lead" if role == "lead" else "executors") if isinstance(task, dict) else None
            parties = (group or {}).get("parties") if isinstance(group, dict) else None
            for p in parties if isinstance(parties, list) else ():
                name = _spelled(p.get("name")) if isinstance(p, dict) else _spelled(p)
                if not name or name not in aliases.get(pid, ()):
                    continue
                kind, alts = "org", None
                if isinstance(p, dict):
                    kind = _spelled(p.get("kind")) or "org"
                    more = p.get("alts") if isinstance(p.get("alts"), list) else []
                    spellings = {s for s in map(_spelled, [p.get("raw"), *more]) if s} - {name}
                    alts = json.dumps(sorted(spellings), ensure_ascii=False) if spellings else None
                updates.append((name, kind, alts, task_id, role, pid))
                break
    conn.executemany(
        "UPDATE task_parties SET name = ?, kind = ?, alts = ?"
        " WHERE task_id = ? AND role = ? AND party_id = ?",
        updates,
    )
    for statement in _statements(_COUNT_SPELLINGS):
        conn.execute(statement)
    names: dict[int, dict[str, int]] = {}
    for pid, name, uses in conn.execute("SELECT party_id, name, sum(uses) FROM party_names GROUP BY 1, 2"):
        names.setdefault(pid, {})[name] = uses
    conn.executemany(
        "UPDATE parties SET name = ? WHERE id = ?",
        [
            (min(n, key=lambda s, n=n: (-n[s], s.isupper(), s)), pid)
            for pid, n in sorted(names.items())
        ],
    )


# 0003, continued: task_parties rows with no JSON match keep the party's old display name;
# then the use counts are taken from task_parties and refs get their smallest spellings.
_COUNT_SPELLINGS = """
UPDATE task_parties SET name = (SELECT name FROM parties WHERE id = party_id),
    kind = (SELECT kind FROM parties WHERE id = party_id) WHERE name = '';
INSERT OR IGNORE INTO document_ref_names (document_id, ref_id, number, name)
    SELECT dr.document_id, dr.ref_id, r.number, r.name FROM document_refs dr
    JOIN refs r ON r.id = dr.ref_id;
DELETE FROM party_names;
INSERT INTO party_names (party_id, name, kind, uses)
    SELECT party_id, name, kind, count(*) FROM task_parties GROUP BY 1, 2, 3;
DELETE FROM party_aliases;
INSERT INTO party_aliases (party_id, alias, uses)
    SELECT party_id, alias, count(*) FROM (
        SELECT party_id, name AS alias FROM task_parties
        UNION ALL SELECT tp.party_id, j.value FROM task_parties tp, json_each(tp.alts) j
    ) GROUP BY 1, 2;
UPDATE parties SET kind = (SELECT kind FROM party_names WHERE party_id = parties.id
    GROUP BY kind ORDER BY sum(uses) DESC, kind LIMIT 1)
    WHERE EXISTS (SELECT 1 FROM party_names WHERE party_id = parties.id);
UPDATE refs SET number = (SELECT min(number) FROM document_ref_names WHERE ref_id = refs.id),
    name = coalesce((SELECT min(name) FROM document_ref_names WHERE ref_id = refs.id), name)
    WHERE EXISTS (SELECT 1 FROM document_ref_names WHERE ref_id = refs.id);
"""

# The folded search text moves into columns of ``tasks`` and ``tasks_fts`` becomes an
# external-content index over them, with the triggers sqlite-utils' ``enable_fts`` writes
# (``tasks_ai``/``tasks_ad``/``tasks_au``): Datasette then finds the index (``content=[tasks]``)
# and shows its search box, where ``dau tu`` finds ``Đầu tư``. A document gets its identity
# (issuer, number and symbol, date; ``sha256:`` + hash until its next extraction) and the
# flag telling a rendition read by OCR; ``ingest_runs`` records each run.
_DOCUMENTS_AND_DATASETTE = """
ALTER TABLE tasks ADD COLUMN text_fold TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN lead_fold TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN executors_fold TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN context_fold TEXT NOT NULL DEFAULT '';
UPDATE tasks SET text_fold = f.text, lead_fold = f.lead, executors_fold = f.executors,
    context_fold = f.context FROM tasks_fts f WHERE f.rowid = tasks.id;
DROP TRIGGER tasks_fts_delete;
DROP TABLE tasks_fts;
CREATE VIRTUAL TABLE [tasks_fts] USING FTS5 (
    [text_fold], [lead_fold], [executors_fold], [context_fold],
    tokenize='unicode61 remove_diacritics 2',
    prefix='1 2 3',
    content=[tasks]
);
CREATE TRIGGER [tasks_ai] AFTER INSERT ON [tasks] BEGIN
    INSERT INTO [tasks_fts] (rowid, [text_fold], [lead_fold], [executors_fold], [context_fold])
    VALUES (new.rowid, new.[text_fold], new.[lead_fold], new.[executors_fold], new.[context_fold]);
END;
CREATE TRIGGER [tasks_ad] AFTER DELETE ON [tasks] BEGIN
    INSERT INTO [tasks_fts] ([tasks_fts], rowid, [text_fold], [lead_fold], [executors_fold],
        [context_fold])
    VALUES ('delete', old.rowid, old.[text_fold], old.[lead_fold], old.[executors_fold],
        old.[context_fold]);
END;
CREATE TRIGGER [tasks_au] AFTER UPDATE ON [tasks] BEGIN
    INSERT INTO [tasks_fts] ([tasks_fts], rowid, [text_fold], [lead_fold], [executors_fold],
        [context_fold])
    VALUES ('delete', old.rowid, old.[text_fold], old.[lead_fold], old.[executors_fold],
        old.[context_fold]);
    INSERT INTO [tasks_fts] (rowid, [text_fold], [lead_fold], [executors_fold], [context_fold])
    VALUES (new.rowid, new.[text_fold], new.[lead_fold], new.[executors_fold], new.[context_fold]);
END;
INSERT INTO tasks_fts (tasks_fts) VALUES ('rebuild');
ALTER TABLE documents ADD COLUMN identity TEXT;
UPDATE documents SET identity = 'sha256:' || sha256;
CREATE UNIQUE INDEX documents_identity ON documents(identity);
ALTER TABLE documents ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sources_sha256 ON sources(sha256);
CREATE TABLE ingest_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    pipeline_version TEXT NOT NULL,
    files INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    duplicate INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    pruned INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE ingest_errors ADD COLUMN run_id INTEGER;
"""

# A draft and its final version are two documents (their identities differ), linked here:
# set when either is written (same issuer, year, type and title; one a draft or without a
# number, the other numbered), gone with either. Documents stored before this migration are
# linked when one of the pair is written again (``ingest --force``).
_DOCUMENT_VERSIONS = """
CREATE TABLE document_versions (
    draft_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    final_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (draft_id, final_id)
);
CREATE INDEX document_versions_final ON document_versions(final_id);
CREATE INDEX documents_issuer_year ON documents(issuer_fold, year);
"""


Step = str | Callable[[sqlite3.Connection], None]


def _already_apart(conn: sqlite3.Connection) -> None:
    """Nothing to do: SQLite's full-text index is a table apart from tasks already."""

MIGRATIONS: tuple[tuple[str, Step], ...] = (
    ("0001_initial", _INITIAL),
    ("0002_tasks_fts", _TASKS_FTS),
    ("0003_written_spellings", _written_spellings),
    ("0004_documents_and_datasette", _DOCUMENTS_AND_DATASETTE),
    ("0005_corrections", _CORRECTIONS),
    ("0006_document_versions", _DOCUMENT_VERSIONS),
    ("0007_document_corrections", _DOCUMENT_CORRECTIONS),
    # PostgreSQL's search vector moves to a table of its own, as SQLite's tasks_fts already is
    ("0008_task_search", _already_apart),
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
