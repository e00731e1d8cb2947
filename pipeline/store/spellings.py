"""The shared rows derived from the documents stored now: party display names and kinds, and
the number and name shown for a cited document.

Each task keeps the spelling of its parties as written; ``party_names`` counts the written
spellings per party and ``party_aliases`` every spelling a task mentions, and a party shows its
commonest spelling (:func:`preferred`). A cited document shows the smallest number and name its
citing documents write. Both rules are order-free, so the same files give the same rows
whatever order they were written in. Used by every store (the SQL is portable: ``?``
placeholders, standard ``EXISTS``/``min``); the migrations never call it (they are frozen).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.store.textkeys import new_tone

__all__ = ["preferred", "chunks", "refresh_parties", "refresh_refs", "CHUNK"]

CHUNK = 500  # ids per IN (...) list


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """``ids`` sorted, deduplicated and cut into lists of at most :data:`CHUNK`."""
    items = sorted(set(ids))
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def preferred(uses: Counter[str]) -> str:
    """The spelling most tasks use; on a tie one not in capitals, then one with new-style tone
    marks (``Ủy`` rather than ``Uỷ``), then the smallest. Always a spelling some task wrote."""
    return min(uses, key=lambda s: (-uses[s], s.isupper(), new_tone(s) != s, s))


def refresh_parties(conn: Any, party_ids: Iterable[int]) -> None:
    """Delete the parties no task uses any more; give the others the display name and kind
    most of their tasks use."""
    for chunk in chunks(party_ids):
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
        ).fetchall():
            names.setdefault(pid, Counter())[name] += uses
            kinds.setdefault(pid, Counter())[kind] += uses
        conn.executemany(
            "UPDATE parties SET name = ?, kind = ? WHERE id = ?",
            [(preferred(names[pid]), preferred(kinds[pid]), pid) for pid in sorted(names)],
        )


def refresh_refs(conn: Any, ref_ids: Iterable[int]) -> None:
    """Delete the refs no plan or task cites any more; give the others the smallest number
    and name their citing documents write."""
    for chunk in chunks(ref_ids):
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
