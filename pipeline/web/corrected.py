"""Search and facets that see the corrections: a corrected lead is what the lead facet counts
and what the lead filter matches; the value the extraction had is no longer found.

The search index holds the extraction; corrections are stored apart (few rows, made by hand).
So the search page asks the store as before and then, when a filter touches a corrected field
(lead, executors, timeline kind or due date), drops the hits whose corrected value fails the
filter and adds the corrected tasks whose corrected value passes it (checked against the other
filters and the words of the query here, on the task's folded index columns). The facet counts
move the same way: minus one for each extracted party or kind a correction replaced, plus one
for each corrected one. Everything is read through the store's connection (SQLite or
PostgreSQL, the same ``?`` SQL) and cached until a correction or a document is written.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pipeline.store.textkeys import abbreviation_variants, query_terms

__all__ = [
    "CorrectedTask",
    "CorrectionIndex",
    "Cached",
    "Corrections",
    "adjust_facets",
    "corrected_hits",
    "corrected_records",
    "widen",
]

FIELDS = ("lead", "executors", "timeline")


@dataclass(frozen=True, slots=True)
class CorrectedTask:
    """A stored task with at least one standing correction of a field search filters on."""

    task_id: int
    source: str  # the document's path, as export records name it
    path: str  # the task's path
    leads: tuple[str, ...]  # in force: corrected when ``lead_fixed``, else extracted
    executors: tuple[str, ...]
    kind: str | None
    due: str | None  # ISO date, the timeline's end
    lead_fixed: bool
    executors_fixed: bool
    timeline_fixed: bool
    extracted_leads: tuple[str, ...]  # canonical names, as the facets count them
    extracted_executors: tuple[str, ...]
    extracted_kind: str | None
    folds: tuple[str, str, str, str]  # the index's folded text, lead, executors, context

    def fixed(self, field: str) -> bool:
        return {
            "lead": self.lead_fixed,
            "executors": self.executors_fixed,
            "timeline": self.timeline_fixed,
        }[field]


@dataclass(frozen=True, slots=True)
class CorrectionIndex:
    tasks: dict[int, CorrectedTask]

    def __bool__(self) -> bool:
        return bool(self.tasks)


# ----------------------------------------------------------------------------- matching


def _has_run(words: Sequence[str], seq: Sequence[str], prefix: bool = False) -> bool:
    n = len(seq)
    for i in range(len(words) - n + 1):
        if all(words[i + k] == seq[k] for k in range(n - 1)) and (
            words[i + n - 1] == seq[-1] or (prefix and words[i + n - 1].startswith(seq[-1]))
        ):
            return True
    return False


def party_matches(names: Iterable[str], wanted: str) -> bool:
    """Whether one of ``names`` holds the words of ``wanted`` in a row (accents, case and
    known abbreviations folded, as the store's party filters match)."""
    terms = query_terms(wanted)
    if not terms:
        return True
    sequences = [terms, *abbreviation_variants(terms)]
    for name in names:
        words = query_terms(name)
        if any(seq and _has_run(words, seq) for seq in sequences):
            return True
    return False


def text_matches(columns: Iterable[str], text: str, prefix: bool) -> tuple[bool, bool]:
    """``(every word found, the words found in a row)`` over the folded ``columns``; the last
    word may be a prefix (search as you type)."""
    terms = query_terms(text)
    if not terms:
        return True, False
    lists = [query_terms(c) for c in columns]
    last = len(terms) - 1
    every = all(
        any(any(w == t or (prefix and k == last and w.startswith(t)) for w in ws) for ws in lists)
        for k, t in enumerate(terms)
    )
    phrase = every and any(_has_run(ws, terms, prefix) for ws in lists)
    return every, phrase


def _passes(task: CorrectedTask, filters: Any) -> bool:
    """Whether the task's values in force pass the filters on correctable fields."""
    if filters.lead:
        names = task.leads if task.lead_fixed else [*task.leads, task.folds[1]]
        if not party_matches(names, filters.lead):
            return False
    if filters.executor:
        names = task.executors if task.executors_fixed else [*task.executors, task.folds[2]]
        if not party_matches(names, filters.executor):
            return False
    if filters.kind and task.kind != filters.kind:
        return False
    if filters.due_from and not (task.due and task.due >= filters.due_from):
        return False
    return not (filters.due_to and not (task.due and task.due <= filters.due_to))


def _touches(task: CorrectedTask, filters: Any) -> bool:
    """Whether a filter in use reads a field this task has corrected."""
    return bool(
        (filters.lead and task.lead_fixed)
        or (filters.executor and task.executors_fixed)
        or ((filters.kind or filters.due_from or filters.due_to) and task.timeline_fixed)
    )


# ----------------------------------------------------------------------------- the index


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def build_index(conn: Any) -> CorrectionIndex:
    """Every stored task a standing correction of lead, executors or timeline applies to."""
    from pipeline.store.corrections import standing_by_document

    fixes: dict[int, dict[str, Any]] = {}  # task id -> field -> corrected value
    where: dict[int, tuple[str, str]] = {}  # task id -> (document path, task path)
    for (doc_id, _, doc_path), _, every in standing_by_document(conn):
        standing = {k: c for k, c in every.items() if k[1] in FIELDS}
        if not standing:
            continue
        task_paths = sorted({p for p, _ in standing})
        ids = dict(
            conn.execute(
                f"SELECT path, id FROM tasks WHERE document_id = ? AND path IN ({_marks(task_paths)})",
                [doc_id, *task_paths],
            ).fetchall()
        )
        for (path, field), c in standing.items():
            if path in ids:  # an orphan (the task is gone) filters nothing
                fixes.setdefault(ids[path], {})[field] = c.value
                where[ids[path]] = (doc_path, path)
    if not fixes:
        return CorrectionIndex({})
    ids = sorted(fixes)
    rows = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT id, timeline_kind, timeline_end, text_fold, lead_fold, executors_fold,"
            f" context_fold FROM tasks WHERE id IN ({_marks(ids)})",
            ids,
        ).fetchall()
    }
    parties: dict[tuple[int, str], list[str]] = {}
    for task_id, role, name in conn.execute(
        "SELECT tp.task_id, tp.role, p.name FROM task_parties tp JOIN parties p"
        f" ON p.id = tp.party_id WHERE tp.task_id IN ({_marks(ids)}) ORDER BY tp.task_id, tp.ord",
        ids,
    ).fetchall():
        parties.setdefault((task_id, role), []).append(name)
    tasks = {}
    for task_id, fix in fixes.items():
        kind, end, *folds = rows[task_id]
        leads = tuple(parties.get((task_id, "lead"), ()))
        executors = tuple(parties.get((task_id, "executor"), ()))
        timeline = fix.get("timeline") or {}
        tasks[task_id] = CorrectedTask(
            task_id=task_id,
            source=where[task_id][0],
            path=where[task_id][1],
            leads=_names(fix["lead"]) if "lead" in fix else leads,
            executors=_names(fix["executors"]) if "executors" in fix else executors,
            kind=timeline.get("kind") if "timeline" in fix else kind,
            due=(timeline.get("end") or None) if "timeline" in fix else end,
            lead_fixed="lead" in fix,
            executors_fixed="executors" in fix,
            timeline_fixed="timeline" in fix,
            extracted_leads=leads,
            extracted_executors=executors,
            extracted_kind=kind,
            folds=tuple(f or "" for f in folds),  # type: ignore[arg-type]
        )
    return CorrectionIndex(tasks)


def _names(value: dict[str, Any] | None) -> tuple[str, ...]:
    return tuple(p.get("name", "") for p in (value or {}).get("parties") or [] if p.get("name"))


def version(conn: Any, table: str = "corrections") -> tuple[Any, ...]:
    """Changes whenever a correction is written to ``table``."""
    return tuple(conn.execute(f"SELECT count(*), max(id) FROM {table}").fetchone())


class Cached:
    """An index of the corrections in ``table`` (made by ``build`` from a connection), kept per
    process until a correction or a document is written."""

    def __init__(self, build: Callable[[Any], Any], table: str) -> None:
        self._build, self._table = build, table
        self._lock = threading.Lock()
        self._cached: tuple[tuple[Any, ...], Any] | None = None

    def index(self, conn: Any, documents: tuple[Any, ...]) -> Any:
        key = (*version(conn, self._table), *documents)
        with self._lock:
            if self._cached and self._cached[0] == key:
                return self._cached[1]
        index = self._build(conn)
        with self._lock:
            self._cached = (key, index)
        return index


class Corrections(Cached):
    """The index of the task corrections (:func:`build_index`)."""

    def __init__(self) -> None:
        super().__init__(build_index, "corrections")


# ----------------------------------------------------------------------------- search


def widen(query: Any, index: CorrectionIndex) -> Any:
    """The store query, asking for as many more rows as hits may be dropped."""
    if not index or not _filters_corrected(query.filters):
        return query
    extra = sum(1 for t in index.tasks.values() if _touches(t, query.filters))
    return replace(query, limit=query.limit + extra) if extra else query


def _filters_corrected(filters: Any) -> bool:
    return bool(
        filters.lead or filters.executor or filters.kind or filters.due_from or filters.due_to
    )


def corrected_hits(conn: Any, query: Any, hits: list[Any], index: CorrectionIndex) -> list[Any]:
    """``hits`` (the store's answer to ``query``) as the corrections make it: hits whose
    corrected value fails a filter dropped; corrected tasks whose corrected value passes it
    added (those whose words of the query come in a row first, the others after)."""
    filters = query.filters
    if not index or not _filters_corrected(filters):
        return hits
    kept = [
        h
        for h in hits
        if (t := index.tasks.get(h.task_id)) is None
        or not _touches(t, filters)
        or _passes(t, filters)
    ]
    present = {h.task_id for h in kept}
    candidates = [
        t
        for t in index.tasks.values()
        if t.task_id not in present and _touches(t, filters) and _passes(t, filters)
    ]
    if not candidates:
        return kept
    front, back = [], []
    for t in _document_filtered(conn, candidates, filters):
        every, phrase = text_matches(_columns(t), query.text, query.prefix)
        if every:
            (front if phrase or not query.text.strip() else back).append(t.task_id)
    if not front and not back:
        return kept
    from pipeline.store.search import hits_for

    found = [(i, 0.0, None) for i in sorted(front, reverse=True) + sorted(back, reverse=True)]
    added = {h.task_id: h for h in hits_for(conn, found, query)}
    first = [added[i] for i, _, _ in found[: len(front)] if i in added]
    last = [added[i] for i, _, _ in found[len(front) :] if i in added]
    if not query.text.strip():  # a listing: newest first, as the store lists
        return sorted([*kept, *first], key=lambda h: -h.task_id)
    return [*first, *kept, *last]


def _columns(t: CorrectedTask) -> tuple[str, str, str, str]:
    """The task's searchable columns with its corrected parties."""
    lead = " ; ".join(t.leads) if t.lead_fixed else t.folds[1]
    executors = " ; ".join(t.executors) if t.executors_fixed else t.folds[2]
    return (t.folds[0], lead, executors, t.folds[3])


def _document_filtered(conn: Any, tasks: list[CorrectedTask], filters: Any) -> list[CorrectedTask]:
    """The tasks whose document passes the document filters (issuer, years)."""
    from pipeline.store.records import Filters
    from pipeline.store.search import where_clauses

    clauses, params = where_clauses(
        Filters(
            issuer=filters.issuer,
            year_from=filters.year_from,
            year_to=filters.year_to,
            ref=filters.ref,
        )
    )
    ids = [t.task_id for t in tasks]
    sql = (
        "SELECT t.id FROM tasks t JOIN documents d ON d.id = t.document_id"
        f" WHERE t.id IN ({_marks(ids)})" + "".join(f" AND {c}" for c in clauses)
    )
    keep = {r[0] for r in conn.execute(sql, [*ids, *params]).fetchall()}
    return [t for t in tasks if t.task_id in keep]


# ----------------------------------------------------------------------------- facets


def _moved(
    counts: Sequence[tuple[Any, int]], minus: Counter[Any], plus: Counter[Any], keep: int
) -> tuple[tuple[Any, int], ...]:
    """``counts`` with the corrections' moves; a corrected value always listed."""
    totals = Counter(dict(counts))
    totals.subtract(minus)
    totals.update(plus)
    ranked = sorted(
        ((v, n) for v, n in totals.items() if n > 0), key=lambda vn: (-vn[1], str(vn[0]))
    )
    shown = ranked[:keep]
    listed = {v for v, _ in shown}
    shown += [(v, n) for v, n in ranked[keep:] if v in plus and v not in listed]
    return tuple(shown)


def adjust_facets(facets: Any, index: CorrectionIndex, keep: int) -> Any:
    """The facet counts as the corrections make them (leads, executors, timeline kinds); a
    corrected name counts for the listed party it folds to (``ban dan van`` → ``Ban Dân vận``)."""
    if not index:
        return facets
    from pipeline.store.textkeys import fold_key

    known = {fold_key(v): v for v, _ in (*facets.leads, *facets.executors)}
    known.update(
        {
            fold_key(n): n
            for t in index.tasks.values()
            for n in (*t.extracted_leads, *t.extracted_executors)
        }
    )

    def listed(names: Iterable[str]) -> set[str]:
        return {known.get(fold_key(n), n) for n in names}

    moves: dict[str, tuple[Counter[Any], Counter[Any]]] = {
        name: (Counter(), Counter()) for name in ("leads", "executors", "kinds")
    }
    for t in index.tasks.values():
        if t.lead_fixed:
            moves["leads"][0].update(set(t.extracted_leads))
            moves["leads"][1].update(listed(t.leads))
        if t.executors_fixed:
            moves["executors"][0].update(set(t.extracted_executors))
            moves["executors"][1].update(listed(t.executors))
        if t.timeline_fixed and t.kind != t.extracted_kind:
            if t.extracted_kind:
                moves["kinds"][0][t.extracted_kind] += 1
            if t.kind:
                moves["kinds"][1][t.kind] += 1
    return replace(
        facets,
        leads=_moved(facets.leads, *moves["leads"], keep),
        executors=_moved(facets.executors, *moves["executors"], keep),
        kinds=_moved(facets.kinds, *moves["kinds"], len(facets.kinds) + 10),
    )


# ----------------------------------------------------------------------------- exports


def corrected_records(
    conn: Any, filters: Any, text: str, records: Iterable[dict[str, Any]], index: CorrectionIndex
) -> Iterable[dict[str, Any]]:
    """The export records of a search (the store's, in document order) as the corrections make
    them: the same drops and additions as :func:`corrected_hits` (added tasks last)."""
    if not index or not _filters_corrected(filters):
        yield from records
        return
    by_key = {(t.source, t.path): t for t in index.tasks.values()}
    seen: set[int] = set()
    for r in records:
        t = by_key.get((r["source"], r["task_path"]))
        if t is not None:
            seen.add(t.task_id)
            if _touches(t, filters) and not _passes(t, filters):
                continue
        yield r
    candidates = [
        t
        for t in index.tasks.values()
        if t.task_id not in seen and _touches(t, filters) and _passes(t, filters)
    ]
    added = [
        t.task_id
        for t in _document_filtered(conn, candidates, filters)
        if text_matches(_columns(t), text, False)[0]
    ]
    if added:
        from pipeline.store.search import record_rows

        yield from record_rows(conn, [f"t.id IN ({_marks(added)})"], added)
