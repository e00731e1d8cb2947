"""A draft and its final version: two documents, linked in ``document_versions``.

A document is a draft when it says so (``DỰ THẢO``) or has no number yet; it is final when
numbered and not marked. When either is written, the other is looked for among the stored
documents of the same issuer (its folded name), year and type whose folded title is the
same, in the opposite role. The link goes with either document (``ON DELETE CASCADE``), and
a re-extracted document is linked again as it is written. Portable SQL (``?`` placeholders):
every store runs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipeline.store.rows import DocumentRow
from pipeline.store.spellings import chunks
from pipeline.store.textkeys import fold_key

__all__ = ["is_draft", "link_versions", "versions_of"]


def is_draft(draft: bool | int | None, number: str | None) -> bool:
    """A draft: marked so, or not numbered yet.

    >>> is_draft(False, None), is_draft(True, "45"), is_draft(0, "45")
    (True, True, False)
    """
    return bool(draft) or not number


def link_versions(conn: Any, doc_id: int, doc: DocumentRow) -> int:
    """Link the document just written to its stored counterparts; returns how many."""
    title, doc_type = fold_key(doc.title), fold_key(doc.doc_type)
    if not (doc.issuer_fold and doc.year and title):
        return 0
    draft = is_draft(doc.draft, doc.number)
    pairs = [
        (doc_id, other) if draft else (other, doc_id)
        for other, other_title, other_type, other_draft, other_number in conn.execute(
            "SELECT id, title, doc_type, draft, number FROM documents"
            " WHERE issuer_fold = ? AND year = ? AND id != ?",
            (doc.issuer_fold, doc.year, doc_id),
        ).fetchall()
        if is_draft(other_draft, other_number) != draft
        and fold_key(other_title) == title
        and fold_key(other_type) == doc_type
    ]
    conn.executemany(
        "INSERT INTO document_versions (draft_id, final_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        pairs,
    )
    return len(pairs)


def versions_of(conn: Any, doc_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """For each document, the source paths of its other versions (a draft's final versions,
    a final version's drafts), sorted."""
    out: dict[int, set[str]] = {}
    for chunk in chunks(doc_ids):
        marks = ",".join("?" * len(chunk))
        for draft_id, final_id, draft_path, final_path in conn.execute(
            "SELECT v.draft_id, v.final_id, d.path, f.path FROM document_versions v"
            " JOIN documents d ON d.id = v.draft_id JOIN documents f ON f.id = v.final_id"
            f" WHERE v.draft_id IN ({marks}) OR v.final_id IN ({marks})",
            (*chunk, *chunk),
        ).fetchall():
            out.setdefault(draft_id, set()).add(final_path)
            out.setdefault(final_id, set()).add(draft_path)
    wanted = set(doc_ids)
    return {k: tuple(sorted(v)) for k, v in out.items() if k in wanted}
