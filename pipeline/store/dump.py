"""A canonical dump of a task database: its content without surrogate ids or timestamps.

Two databases built from the same files dump equal, whatever the order in which documents
were written or how many runs it took (the kill-and-rerun guarantee is tested this way).
"""

from __future__ import annotations

from typing import Any

__all__ = ["dump_canonical"]

_QUERIES: dict[str, str] = {
    "documents": """
        SELECT d.sha256, d.path, d.pipeline_version, d.media_type, d.size, d.system, d.doc_type,
               d.number, d.symbol, d.number_key, d.issuer, d.parent_issuer, d.issuer_fold, d.place,
               d.year, d.month, d.day, d.title, d.draft, d.signer, d.recipients, d.task_count, d.identity, d.ocr, j.json
        FROM documents d LEFT JOIN plan_json j ON j.document_id = d.id""",
    "sources": """
        SELECT s.path, s.sha256, d.sha256 FROM sources s JOIN documents d ON d.id = s.document_id""",
    "sections": """
        SELECT d.sha256, s.ord, s.path, s.number, s.heading, s.level
        FROM sections s JOIN documents d ON d.id = s.document_id""",
    "tasks": """
        SELECT d.sha256, t.ord, t.path, t.number, s.path, t.text, t.lead_raw, t.executors_raw,
               t.and_related, t.timeline_raw, t.timeline_kind, t.timeline_start, t.timeline_end,
               t.product, t.span_start, t.span_end, t.text_fold, t.lead_fold, t.executors_fold,
               t.context_fold
        FROM tasks t JOIN documents d ON d.id = t.document_id
        LEFT JOIN sections s ON s.id = t.section_id""",
    "task_parties": """
        SELECT d.sha256, t.ord, tp.role, tp.ord, p.key, tp.name, tp.kind, tp.alts FROM task_parties tp
        JOIN tasks t ON t.id = tp.task_id JOIN documents d ON d.id = t.document_id
        JOIN parties p ON p.id = tp.party_id""",
    "parties": """
        SELECT p.key, p.name, p.kind,
               (SELECT group_concat(alias || ' x' || uses, ' | ') FROM
                   (SELECT alias, uses FROM party_aliases WHERE party_id = p.id ORDER BY alias) AS a)
        FROM parties p""",
    "party_names": """
        SELECT p.key, n.name, n.kind, n.uses FROM party_names n JOIN parties p ON p.id = n.party_id""",
    "refs": "SELECT key, number, name FROM refs",
    "document_refs": """
        SELECT d.sha256, r.key, dr.ord, dr.type, dr.date, dr.issuer, dr.term, dr.title, dr.mentions
        FROM document_refs dr JOIN documents d ON d.id = dr.document_id
        JOIN refs r ON r.id = dr.ref_id""",
    "document_ref_names": """
        SELECT d.sha256, r.key, n.number, n.name FROM document_ref_names n
        JOIN documents d ON d.id = n.document_id JOIN refs r ON r.id = n.ref_id""",
    "task_refs": """
        SELECT d.sha256, t.ord, r.key FROM task_refs tr JOIN tasks t ON t.id = tr.task_id
        JOIN documents d ON d.id = t.document_id JOIN refs r ON r.id = tr.ref_id""",
    "ingest_errors": "SELECT path, sha256, pipeline_version, code, message FROM ingest_errors",
    "migrations": "SELECT name FROM _migrations",
}


def dump_canonical(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's content as sorted tuples of natural keys and values (any store's
    connection: the SQL is portable)."""
    return {name: sorted(tuple(row) for row in conn.execute(sql)) for name, sql in _QUERIES.items()}
