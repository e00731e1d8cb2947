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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any

from pipeline.errors import PipelineError
from pipeline.store.document_corrections import (
    DOCUMENT,
    DOCUMENT_FIELDS,
    document_key,
    document_value,
    set_document_field,
)
from pipeline.store.textkeys import fold_key, number_key

__all__ = [
    "MIGRATION",
    "FIELDS",
    "DOCUMENT",
    "DOCUMENT_FIELDS",
    "STATUSES",
    "Correction",
    "add_correction",
    "corrections_for",
    "history_for",
    "field_value",
    "correction_status",
    "apply_corrections",
    "corrected_sources",
    "corrected_plans",
    "standing_by_document",
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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row(r: Sequence[Any]) -> Correction:
    value = json.loads(r[5]) if r[5] is not None else None
    extracted = json.loads(r[6]) if r[6] is not None else None
    return Correction(r[0], r[1], r[2], r[3], r[4], value, extracted, r[7], r[8], r[9])


_COLUMNS = "id, source, sha256, task_path, field, value, extracted, author, created_at, note"
# a header correction read as a Correction of the task path DOCUMENT ('')
_DOC_COLUMNS = "id, source, sha256, '', field, value, extracted, author, created_at, note"


def _rows(conn: Any, cond: str, params: Sequence[Any]) -> list[Correction]:
    """The corrections of both tables matching ``cond``: the tasks', then the header's, each
    oldest first (a key lives in one table, so the newest per key is the last read)."""
    out = []
    for table, columns in (("corrections", _COLUMNS), ("document_corrections", _DOC_COLUMNS)):
        rows = conn.execute(f"SELECT {columns} FROM {table}{cond} ORDER BY id", params).fetchall()
        out += [_row(r) for r in rows]
    return out


def add_correction(
    conn: Any,
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
    """Record a correction (``value=None`` withdraws the current one); return it.

    ``task_path`` :data:`DOCUMENT` (``""``) corrects the header: ``field`` is then one of
    :data:`DOCUMENT_FIELDS`, otherwise one of :data:`FIELDS`."""
    fields = DOCUMENT_FIELDS if task_path == DOCUMENT else FIELDS
    if field not in fields:
        raise PipelineError(
            f"unknown field {field!r}; choose one of {', '.join(fields)}", code="usage"
        )
    if not author.strip():
        raise PipelineError("a correction needs an author", code="usage")
    if task_path == DOCUMENT:
        sql = (
            "INSERT INTO document_corrections (source, sha256, field, value, extracted, author,"
            f" created_at, note) VALUES (?,?,?,?,?,?,?,?) RETURNING {_DOC_COLUMNS}"
        )
        key: tuple[str, ...] = (source, sha256, field)
    else:
        sql = (
            "INSERT INTO corrections (source, sha256, task_path, field, value, extracted, author,"
            f" created_at, note) VALUES (?,?,?,?,?,?,?,?,?) RETURNING {_COLUMNS}"
        )
        key = (source, sha256, task_path, field)
    row = conn.execute(
        sql,
        (
            *key,
            None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True),
            json.dumps(extracted, ensure_ascii=False, sort_keys=True),
            author.strip(),
            _now(),
            note or None,
        ),
    ).fetchone()
    return _row(row)


def history_for(conn: Any, sources: Iterable[str], sha256: str) -> list[Correction]:
    """Every correction of the document with these source paths or this hash, oldest first."""
    paths = sorted(set(sources))
    marks = ",".join("?" * len(paths))
    cond = f" WHERE source IN ({marks}) OR sha256 = ?" if paths else " WHERE sha256 = ?"
    return _rows(conn, cond, (*paths, sha256))


def corrections_for(
    conn: Any, sources: Iterable[str], sha256: str
) -> dict[tuple[str, str], Correction]:
    """The standing correction per ``(task_path, field)`` (the newest, unless withdrawn)."""
    latest: dict[tuple[str, str], Correction] = {}
    for c in history_for(conn, sources, sha256):
        latest[(c.task_path, c.field)] = c
    return {k: c for k, c in latest.items() if c.value is not None}


def all_standing(
    conn: Any, sources: Iterable[str] | None = None
) -> dict[tuple[str, str, str], Correction]:
    """Every standing correction (of the documents at ``sources``, when given), keyed by
    ``(source, task_path, field)`` and by ``(sha256, task_path, field)`` (for exports and
    search results, which read tasks row by row)."""
    latest: dict[tuple[str, str, str], Correction] = {}
    cond, params = "", []
    if sources is not None:
        params = sorted(set(sources))
        cond = f" WHERE source IN ({','.join('?' * len(params))})"
    for c in _rows(conn, cond, params):
        latest[(c.source, c.task_path, c.field)] = c
        latest[(c.sha256, c.task_path, c.field)] = c
    return {k: c for k, c in latest.items() if c.value is not None}


def corrected_sources(conn: Any) -> list[tuple[str, str]]:
    """``(source, sha256)`` of every document some correction names."""
    rows = conn.execute(
        "SELECT source, sha256 FROM corrections UNION SELECT source, sha256 FROM document_corrections"
    ).fetchall()
    return sorted(tuple(r) for r in rows)  # type: ignore[misc]


def standing_by_document(
    conn: Any, columns: str = ""
) -> list[tuple[tuple[Any, ...], list[str], dict[tuple[str, str], Correction]]]:
    """For every stored document some correction names: its row (``d.id, d.sha256, d.path``
    and the ``documents d`` columns asked for), its source paths, its standing corrections."""
    named = corrected_sources(conn)
    if not named:
        return []
    paths = sorted({p for p, _ in named})
    shas = sorted({s for _, s in named})
    docs = conn.execute(
        f"SELECT DISTINCT d.id, d.sha256, d.path{', ' + columns if columns else ''}"
        " FROM documents d JOIN sources s ON s.document_id = d.id"
        f" WHERE s.path IN ({','.join('?' * len(paths))})"
        f" OR d.sha256 IN ({','.join('?' * len(shas))}) ORDER BY d.path",
        [*paths, *shas],
    ).fetchall()
    out = []
    for row in docs:
        sources = [
            r[0]
            for r in conn.execute(
                "SELECT path FROM sources WHERE document_id = ? ORDER BY path", (row[0],)
            ).fetchall()
        ]
        out.append((tuple(row), sources, corrections_for(conn, sources, row[1])))
    return out


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
    key = document_key if c.task_path == DOCUMENT else _key
    now = key(c.field, current)
    if now == key(c.field, c.value):
        return "agrees"
    if now == key(c.field, c.extracted):
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
    """A copy of ``plan`` with the standing corrections applied (the header's too, keyed by
    the task path :data:`DOCUMENT`), and each one's status.

    ``text`` (the normalized text) lets a corrected task boundary take its new text.
    """
    out = copy.deepcopy(plan)
    tasks = {t.get("path"): t for t in out.get("tasks") or []}
    originals = {t.get("path"): t for t in plan.get("tasks") or []}
    statuses: dict[tuple[str, str], str] = {}
    for (path, field), c in sorted(standing.items()):
        if path == DOCUMENT:
            document = out.get("document")
            if not isinstance(document, dict):  # extracted as not an official document
                statuses[(path, field)] = "orphan"
                continue
            current = document_value(plan.get("document"), field)
            statuses[(path, field)] = correction_status(c, current)
            set_document_field(document, field, c.value)
            continue
        task = tasks.get(path)
        if task is None:
            statuses[(path, field)] = "orphan"
            continue
        statuses[(path, field)] = correction_status(c, field_value(originals[path], field))
        _set_field(task, field, c.value, text)
    return out, statuses


# ----------------------------------------------------------------------------- gold files


def corrected_plans(conn: Any) -> list[tuple[str, dict[str, Any]]]:
    """``(path, plan)`` of every stored plan with standing corrections, corrections applied
    (the implementation of :meth:`pipeline.store.Store.corrected_plans`)."""
    out = []
    for (doc_id, _, path), _, standing in standing_by_document(conn):
        if standing:
            (text,) = conn.execute(
                "SELECT json FROM plan_json WHERE document_id = ?", (doc_id,)
            ).fetchone()
            out.append((path, apply_corrections(json.loads(text), standing)[0]))
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
    """Write every corrected stored plan of ``store`` (any :class:`pipeline.store.Store`:
    SQLite or PostgreSQL) to ``out_dir`` as ``NAME.gold.json``; return the files.

    Raises:
        PipelineError: ``unreadable`` when the folder cannot be written.
    """
    target = Path(out_dir)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError(exc.strerror or str(exc), path=str(out_dir), code="unreadable") from exc
    used: set[str] = set()
    written: list[Path] = []
    for path, corrected in store.corrected_plans():  # type: ignore[attr-defined]
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
