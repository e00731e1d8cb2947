"""Facet counts of one search: how the tasks a query matches spread over years, issuers,
document types, leads, executors and timeline kinds.

Counted over the newest :data:`FACET_WINDOW` tasks the query matches (every word of it, as
``kehoach export`` selects, the last one as a prefix when typing; and its filters), so a
common word costs a bounded walk of the index, never a count of every match; the answer
says when the window was full (the counts are then those of the newest matches). The ids
come from each dialect's own index (``matched_ids`` of :mod:`pipeline.store.search` and
:mod:`pipeline.store.pg_search`), the counts from two plain queries over those ids, the same
SQL on both stores.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

__all__ = ["FACET_WINDOW", "Facets", "SearchFacets", "facet_counts"]

FACET_WINDOW = 2000  # at most this many of the newest matches are counted


@dataclass(frozen=True, slots=True)
class Facets:
    """``(value, tasks)`` pairs per facet, most tasks first (years newest first)."""

    years: tuple[tuple[int, int], ...]
    issuers: tuple[tuple[str, int], ...]
    doc_types: tuple[tuple[str, int], ...]
    leads: tuple[tuple[str, int], ...]
    executors: tuple[tuple[str, int], ...]
    kinds: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class SearchFacets(Facets):
    """The facets of one search's matches."""

    counted: int = 0  # tasks counted
    complete: bool = True  # False: the window was full, the counts are those of the newest matches
    tasks: frozenset[int] = frozenset()  # the ids counted
    documents: tuple[tuple[int, int], ...] = ()  # (document id, tasks counted in it)


def _ranked(counter: Counter[Any], keep: int | None = None) -> tuple[tuple[Any, int], ...]:
    items = sorted(counter.items(), key=lambda vn: (-vn[1], str(vn[0])))
    return tuple(items[:keep] if keep else items)


def facet_counts(conn: Any, ids: list[int], window: int, keep: int = 60) -> SearchFacets:
    """The facet counts of the tasks ``ids`` (the newest ``window`` a search matches, from
    the dialect's ``matched_ids``); each party list keeps its ``keep`` most frequent."""
    counts: dict[str, Counter[Any]] = {
        k: Counter() for k in ("years", "issuers", "doc_types", "leads", "executors", "kinds")
    }
    documents: Counter[int] = Counter()
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        for doc_id, year, issuer, doc_type, kind in conn.execute(
            "SELECT d.id, d.year, d.issuer, d.doc_type, t.timeline_kind FROM tasks t"
            f" JOIN documents d ON d.id = t.document_id WHERE t.id IN ({marks})",
            part,
        ).fetchall():
            documents[doc_id] += 1
            for name, value in (("years", year), ("issuers", issuer), ("doc_types", doc_type),
                                ("kinds", kind)):  # fmt: skip
                if value is not None:
                    counts[name][value] += 1
        for role, name in conn.execute(
            "SELECT tp.role, p.name FROM task_parties tp JOIN parties p ON p.id = tp.party_id"
            f" WHERE tp.task_id IN ({marks})",
            part,
        ).fetchall():
            counts["leads" if role == "lead" else "executors"][name] += 1
    return SearchFacets(
        years=tuple(sorted(counts["years"].items(), reverse=True)),
        issuers=_ranked(counts["issuers"], keep),
        doc_types=_ranked(counts["doc_types"]),
        leads=_ranked(counts["leads"], keep),
        executors=_ranked(counts["executors"], keep),
        kinds=_ranked(counts["kinds"]),
        counted=len(ids),
        complete=len(ids) < window,
        tasks=frozenset(ids),
        documents=tuple(sorted(documents.items())),
    )
