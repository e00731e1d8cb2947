"""The reference graph: which plans and tasks cite a document, and which are cited most.

References are identified by their number key (:func:`~pipeline.store.textkeys.number_key`),
so ``120-KL/TW``, ``120/KL-TW`` and ``120-kl/tw`` are one node; a document cited by name only
(``Luật thực hiện dân chủ ở cơ sở``) is identified by its folded name. The type and title
shown for a node are the ones most of its citing plans give.
"""

from __future__ import annotations

import json
import sqlite3

from pipeline.store.records import Citations, CitingDocument, CitingTask, RefSummary
from pipeline.store.textkeys import fold_key, number_key
from pipeline.store.versions import versions_of

__all__ = ["find_citations", "top_refs", "suggest_refs"]

_SUMMARY_SQL = """
SELECT r.key, r.number, r.name,
       (SELECT type FROM document_refs WHERE ref_id = r.id AND type IS NOT NULL
            GROUP BY type ORDER BY count(*) DESC, type LIMIT 1),
       (SELECT title FROM document_refs WHERE ref_id = r.id AND title IS NOT NULL
            GROUP BY title ORDER BY count(*) DESC, title LIMIT 1),
       (SELECT count(DISTINCT document_id) FROM document_refs WHERE ref_id = r.id) AS docs,
       (SELECT count(*) FROM task_refs WHERE ref_id = r.id) AS tasks
FROM refs r
"""


def _date(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None:
        return None
    return "-".join(f"{v:02d}" for v in (year, month, day) if v is not None)


def _ref_id(conn: sqlite3.Connection, number: str) -> int | None:
    keys = [k for k in (number_key(number), fold_key(number)) if k]
    if not keys:
        return None
    marks = ",".join("?" * len(keys))
    row = conn.execute(f"SELECT id FROM refs WHERE key IN ({marks}) ORDER BY key", keys).fetchone()
    return row[0] if row else None


def find_citations(conn: sqlite3.Connection, number: str) -> Citations:
    """Every stored plan and task citing ``number`` (a document number or, for documents
    cited by name, the name). ``ref`` is ``None`` when nothing cites it."""
    key = number_key(number)
    found = conn.execute(
        "SELECT id, path FROM documents WHERE number_key = ? ORDER BY path", (key,)
    ).fetchall()
    stored = tuple(r[1] for r in found)
    drafts = versions_of(conn, [r[0] for r in found])
    versions = tuple(sorted({p for r in found for p in drafts.get(r[0], ())}))
    ref_id = _ref_id(conn, number)
    if ref_id is None:
        suggestions = tuple(suggest_refs(conn, number))
        return Citations(None, (), (), stored, suggestions, versions)
    summary = _summary(conn.execute(f"{_SUMMARY_SQL} WHERE r.id = ?", (ref_id,)).fetchone())
    documents = tuple(
        CitingDocument(path, num, sym, issuer, title, _date(y, m, d), tuple(json.loads(mentions)))
        for path, num, sym, issuer, title, y, m, d, mentions in conn.execute(
            "SELECT d.path, d.number, d.symbol, d.issuer, d.title, d.year, d.month, d.day,"
            " dr.mentions FROM document_refs dr JOIN documents d ON d.id = dr.document_id"
            " WHERE dr.ref_id = ? ORDER BY d.year, d.path",
            (ref_id,),
        )
    )
    tasks = tuple(
        CitingTask(*row)
        for row in conn.execute(
            "SELECT d.path, t.path, t.text FROM task_refs tr JOIN tasks t ON t.id = tr.task_id"
            " JOIN documents d ON d.id = t.document_id WHERE tr.ref_id = ? ORDER BY d.path, t.ord",
            (ref_id,),
        )
    )
    return Citations(summary, documents, tasks, stored, versions=versions)


def _summary(row: tuple[object, ...]) -> RefSummary:
    key, number, name, type_, title, docs, tasks = row
    return RefSummary(str(key), number, str(name), type_, title, int(docs), int(tasks))  # type: ignore[arg-type]


def top_refs(conn: sqlite3.Connection, limit: int = 20) -> list[RefSummary]:
    """The most cited documents: by citing plans, then citing tasks, then key."""
    rows = conn.execute(f"{_SUMMARY_SQL} ORDER BY docs DESC, tasks DESC, r.key LIMIT ?", (limit,))
    return [_summary(r) for r in rows]


def suggest_refs(conn: sqlite3.Connection, text: str, limit: int = 5) -> list[str]:
    """Stored numbers that contain ``text``'s key: for a "did you mean" line."""
    key = number_key(text) or fold_key(text)
    if not key:
        return []
    rows = conn.execute(
        "SELECT coalesce(number, name) FROM refs WHERE key LIKE ? ORDER BY key LIMIT ?",
        (f"%{key}%", limit),
    )
    return [r[0] for r in rows]
