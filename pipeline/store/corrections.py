"""Corrections: hand fixes of extracted fields, stored apart from the extraction.

A correction names a document (by a source path and the content hash it was made on), a task
(by its path in the plan) and one field (:data:`FIELDS`), and holds the corrected value in the
shape of the plan JSON contract, what the extraction said at the time, who made it and when.
Rows are never updated: a newer row for the same document, task and field supersedes the older
one (history kept), and a row whose value is ``NULL`` takes the field back to the extraction.

Re-ingest deletes and rewrites a document's rows but never this table, so a correction survives
it; it applies to a stored document that has its source path or its content hash. Against the
current extraction each correction has a :data:`STATUSES` state: still needed (``applied``),
now extracted the same way (``agrees``), or flagged because the extraction changed since and
disagrees with it (``disagrees``), or because the task is gone (``orphan``).

:func:`export_gold` writes the corrected plans as gold files (``NAME.gold.json``), so what users
fix becomes test data for ``kehoach eval``.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any

from pipeline.errors import PipelineError
from pipeline.store.textkeys import fold_key, number_key

__all__ = [
    "MIGRATION",
    "FIELDS",
    "STATUSES",
    "Correction",
    "connection_of",
    "add_correction",
    "corrections_for",
    "history_for",
    "field_value",
    "correction_status",
    "apply_corrections",
    "corrected_sources",
    "all_standing",
    "export_gold",
]

FIELDS = ("lead", "executors", "timeline", "references", "span")
STATUSES = ("applied", "agrees", "disagrees", "orphan")

MIGRATION = """
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,                 -- a source path of the corrected document
    sha256 TEXT NOT NULL,                 -- the content it was made on
    task_path TEXT NOT NULL,
    field TEXT NOT NULL CHECK (field IN ('lead', 'executors', 'timeline', 'references', 'span')),
    value TEXT,                           -- JSON in the contract's shape; NULL: back to the extraction
    extracted TEXT,                       -- JSON: what the extraction said when it was made
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    note TEXT
);
CREATE INDEX corrections_source ON corrections(source, task_path, field);
CREATE INDEX corrections_sha256 ON corrections(sha256);
"""

_GOLD_VERSION = 1


@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    source: str
    sha256: str
    task_path: str
    field: str
    value: Any  # None: withdrawn (the extraction's value stands)
    extracted: Any
    author: str
    created_at: str
    note: str | None


def connection_of(store: object) -> sqlite3.Connection:
    """The SQLite connection of a store; other back ends keep no corrections yet."""
    conn = getattr(store, "conn", None)
    if not isinstance(conn, sqlite3.Connection):
        raise PipelineError(
            "corrections are kept in SQLite databases only for now", code="unsupported"
        )
    return conn


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row(r: Sequence[Any]) -> Correction:
    value = json.loads(r[5]) if r[5] is not None else None
    extracted = json.loads(r[6]) if r[6] is not None else None
    return Correction(r[0], r[1], r[2], r[3], r[4], value, extracted, r[7], r[8], r[9])


_COLUMNS = "id, source, sha256, task_path, field, value, extracted, author, created_at, note"


def add_correction(
    conn: sqlite3.Connection,
    *,
    source: str,
    sha256: str,
    task_path: str,
    field: str,
    value: Any,
    extracted: Any,
    author: str,
    note: str | None = None,
) -> Correction:
    """Record a correction (``value=None`` withdraws the current one); return it."""
    if field not in FIELDS:
        raise PipelineError(
            f"unknown field {field!r}; choose one of {', '.join(FIELDS)}", code="usage"
        )
    if not author.strip():
        raise PipelineError("a correction needs an author", code="usage")
    row = conn.execute(
        f"INSERT INTO corrections (source, sha256, task_path, field, value, extracted, author,"
        f" created_at, note) VALUES (?,?,?,?,?,?,?,?,?) RETURNING {_COLUMNS}",
        (
            source,
            sha256,
            task_path,
            field,
            None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True),
            json.dumps(extracted, ensure_ascii=False, sort_keys=True),
            author.strip(),
            _now(),
            note or None,
        ),
    ).fetchone()
    return _row(row)


def history_for(conn: sqlite3.Connection, sources: Iterable[str], sha256: str) -> list[Correction]:
    """Every correction of the document with these source paths or this hash, oldest first."""
    paths = sorted(set(sources))
    marks = ",".join("?" * len(paths))
    cond = f"source IN ({marks}) OR sha256 = ?" if paths else "sha256 = ?"
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM corrections WHERE {cond} ORDER BY id", (*paths, sha256)
    ).fetchall()
    return [_row(r) for r in rows]


def corrections_for(
    conn: sqlite3.Connection, sources: Iterable[str], sha256: str
) -> dict[tuple[str, str], Correction]:
    """The standing correction per ``(task_path, field)`` (the newest, unless withdrawn)."""
    latest: dict[tuple[str, str], Correction] = {}
    for c in history_for(conn, sources, sha256):
        latest[(c.task_path, c.field)] = c
    return {k: c for k, c in latest.items() if c.value is not None}


def all_standing(
    conn: sqlite3.Connection, sources: Iterable[str] | None = None
) -> dict[tuple[str, str, str], Correction]:
    """Every standing correction (of the documents at ``sources``, when given), keyed by
    ``(source, task_path, field)`` and by ``(sha256, task_path, field)`` (for exports and
    search results, which read tasks row by row)."""
    latest: dict[tuple[str, str, str], Correction] = {}
    cond, params = "", []
    if sources is not None:
        params = sorted(set(sources))
        cond = f" WHERE source IN ({','.join('?' * len(params))})"
    for r in conn.execute(f"SELECT {_COLUMNS} FROM corrections{cond} ORDER BY id", params):
        c = _row(r)
        latest[(c.source, c.task_path, c.field)] = c
        latest[(c.sha256, c.task_path, c.field)] = c
    return {k: c for k, c in latest.items() if c.value is not None}


def corrected_sources(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """``(source, sha256)`` of every document some correction names."""
    return [tuple(r) for r in conn.execute("SELECT DISTINCT source, sha256 FROM corrections")]  # type: ignore[misc]


# ----------------------------------------------------------------------------- values


def field_value(task: dict[str, Any], field: str) -> Any:
    """The contract value of ``field`` in a task dict (spans of parties dropped)."""
    if field == "span":
        span = task.get("span")
        return list(span) if span else None
    if field == "references":
        return list(task.get("references") or [])
    value = task.get(field)
    if not isinstance(value, dict):
        return None
    keep = {
        "lead": ("raw", "parties"),
        "executors": ("raw", "parties", "and_related"),
        "timeline": ("raw", "kind", "start", "end"),
    }[field]
    out = {k: copy.deepcopy(value.get(k)) for k in keep}
    if "parties" in out:
        out["parties"] = [
            {"name": p.get("name", ""), "kind": p.get("kind", "org")} for p in out["parties"] or []
        ]
    return out


def _key(field: str, value: Any) -> Any:
    """What two values of ``field`` are compared by (accents and case folded)."""
    if value is None:
        return None
    if field in ("lead", "executors"):
        names = sorted(fold_key(p.get("name")) for p in value.get("parties") or [])
        return (tuple(names), bool(value.get("and_related")))
    if field == "timeline":
        if value.get("kind") in (None, "unspecified") and not value.get("end"):
            return ("raw", fold_key(value.get("raw")))
        return (value.get("kind"), value.get("start"), value.get("end"))
    if field == "references":
        return tuple(sorted(number_key(r) or fold_key(r) for r in value))
    return tuple(value)


def correction_status(c: Correction, current: Any, present: bool = True) -> str:
    """The state of ``c`` against the current extraction's value (:data:`STATUSES`)."""
    if not present:
        return "orphan"
    now = _key(c.field, current)
    if now == _key(c.field, c.value):
        return "agrees"
    if now == _key(c.field, c.extracted):
        return "applied"
    return "disagrees"


def _set_field(task: dict[str, Any], field: str, value: Any, text: str | None) -> None:
    if field == "span":
        task["span"] = list(value)
        if text is not None and 0 <= value[0] <= value[1] <= len(text):
            task["text"] = text[value[0] : value[1]].strip()
    elif field == "references":
        task["references"] = list(value)
    else:
        old = task.get(field) if isinstance(task.get(field), dict) else {}
        task[field] = {**{k: v for k, v in old.items() if k == "span"}, **copy.deepcopy(value)}


def apply_corrections(
    plan: dict[str, Any],
    standing: dict[tuple[str, str], Correction],
    text: str | None = None,
) -> tuple[dict[str, Any], dict[tuple[str, str], str]]:
    """A copy of ``plan`` with the standing corrections applied, and each one's status.

    ``text`` (the normalized text) lets a corrected task boundary take its new text.
    """
    out = copy.deepcopy(plan)
    tasks = {t.get("path"): t for t in out.get("tasks") or []}
    originals = {t.get("path"): t for t in plan.get("tasks") or []}
    statuses: dict[tuple[str, str], str] = {}
    for (path, field), c in sorted(standing.items()):
        task = tasks.get(path)
        if task is None:
            statuses[(path, field)] = "orphan"
            continue
        statuses[(path, field)] = correction_status(c, field_value(originals[path], field))
        _set_field(task, field, c.value, text)
    return out, statuses


# ----------------------------------------------------------------------------- gold files


def _stored_plans(conn: sqlite3.Connection) -> list[tuple[str, str, list[str], dict[str, Any]]]:
    """``(sha256, path, sources, plan)`` of every stored document that a correction names."""
    named = corrected_sources(conn)
    if not named:
        return []
    shas = {s for _, s in named}
    paths = {p for p, _ in named}
    out = []
    for doc_id, sha, path, text in conn.execute(
        "SELECT d.id, d.sha256, d.path, j.json FROM documents d JOIN plan_json j"
        " ON j.document_id = d.id ORDER BY d.path"
    ):
        sources = [
            r[0] for r in conn.execute("SELECT path FROM sources WHERE document_id = ?", (doc_id,))
        ]
        if sha in shas or paths.intersection(sources):
            out.append((sha, path, sources, json.loads(text)))
    return out


def _gold_name(source: str, used: set[str]) -> str:
    name = PurePath(source).name
    stem = (
        name[: -len(".plan.json")] if name.lower().endswith(".plan.json") else PurePath(name).stem
    )
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem) or "plan"
    file, n = f"{stem}.gold.json", 1
    while file in used:
        n += 1
        file = f"{stem}-{n}.gold.json"
    used.add(file)
    return file


def gold_document(plan: dict[str, Any], source: str) -> dict[str, Any]:
    """A corrected plan in the gold files' shape (the contract plus ``gold_version`` and
    ``source_file``; extraction bookkeeping such as ``issues`` left out)."""
    gold: dict[str, Any] = {"gold_version": _GOLD_VERSION, "source_file": PurePath(source).name}
    for key in ("document", "sections", "tasks", "references"):
        gold[key] = plan.get(key)
    return gold


def export_gold(store: object, out_dir: str | Path) -> list[Path]:
    """Write every corrected stored plan to ``out_dir`` as ``NAME.gold.json``; return the files.

    Raises:
        PipelineError: ``unreadable`` when the folder cannot be written.
    """
    conn = connection_of(store)
    target = Path(out_dir)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError(exc.strerror or str(exc), path=str(out_dir), code="unreadable") from exc
    used: set[str] = set()
    written: list[Path] = []
    for sha, path, sources, plan in _stored_plans(conn):
        standing = corrections_for(conn, sources, sha)
        if not standing:
            continue
        corrected, _ = apply_corrections(plan, standing)
        gold = gold_document(corrected, path)
        file = target / _gold_name(path, used)
        tmp = file.with_name(f".{file.name}.tmp")
        try:
            tmp.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            tmp.replace(file)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise PipelineError(
                exc.strerror or str(exc), path=str(file), code="unreadable"
            ) from exc
        written.append(file)
    return written
