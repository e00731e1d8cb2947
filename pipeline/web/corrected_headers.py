"""Search, facets and exports that see the header corrections: a plan whose issuer, date or
type was corrected is found, counted and exported under the corrected value, no longer under
the extracted one.

The documents table holds the extraction (its identity is made of those fields, so they are
not rewritten); header corrections are few rows made by hand. As for the task corrections
(:mod:`pipeline.web.corrected`), the page asks the store as before and then, when the issuer
or year filter is in use and some plan's corrected value decides it, drops that plan's hits
whose corrected value fails the filter and adds the tasks of the plans whose corrected value
passes it (checked here against the other filters and the query's words). The issuer, year
and type facets move each plan's task count from the extracted value to the corrected one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from pipeline.web.corrected import Cached, party_matches, text_matches

__all__ = [
    "CorrectedHeader",
    "HeaderIndex",
    "Headers",
    "build_headers",
    "header_hits",
    "adjust_header_facets",
    "overlay_hit",
    "overlay_record",
    "typed_sources",
]

# the header fields a search result shows, and the Hit / export record columns they set
_HIT_FIELDS = {
    "issuer": "doc_issuer",
    "title": "doc_title",
    "number": "doc_number",
    "symbol": "doc_symbol",
}


@dataclass(frozen=True, slots=True)
class CorrectedHeader:
    """A stored plan with at least one standing header correction."""

    doc_id: int
    path: str  # the document's path, as hits and export records name it
    sources: tuple[str, ...]
    values: dict[str, Any]  # field -> corrected value (the standing ones only)
    extracted_issuer: str | None
    extracted_year: int | None
    extracted_type: str | None
    task_count: int

    @property
    def issuer(self) -> str | None:
        return self.values.get("issuer", self.extracted_issuer)  # type: ignore[no-any-return]

    @property
    def year(self) -> int | None:
        if "date" in self.values:
            return (self.values["date"] or {}).get("year")
        return self.extracted_year

    @property
    def doc_type(self) -> str | None:
        return self.values.get("doc_type", self.extracted_type)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class HeaderIndex:
    documents: dict[int, CorrectedHeader]
    by_path: dict[str, CorrectedHeader]

    def __bool__(self) -> bool:
        return bool(self.documents)


def build_headers(conn: Any) -> HeaderIndex:
    """Every stored plan a standing header correction applies to."""
    from pipeline.store.corrections import DOCUMENT, standing_by_document

    out: dict[int, CorrectedHeader] = {}
    rows = standing_by_document(conn, "d.issuer, d.year, d.doc_type, d.task_count")
    for (doc_id, _, path, issuer, year, doc_type, count), sources, standing in rows:
        values = {f: c.value for (task, f), c in standing.items() if task == DOCUMENT}
        if values:
            out[doc_id] = CorrectedHeader(
                doc_id, path, tuple(sources), values, issuer, year, doc_type, int(count or 0)
            )
    return HeaderIndex(out, {d.path: d for d in out.values()})


def _marks(values: Any) -> str:
    return ",".join("?" * len(values))


class Headers(Cached):
    """The index of the header corrections (:func:`build_headers`)."""

    def __init__(self) -> None:
        super().__init__(build_headers, "document_corrections")


# ----------------------------------------------------------------------------- search


def _passes(d: CorrectedHeader, filters: Any) -> bool:
    if filters.issuer and not party_matches([d.issuer or ""], filters.issuer):
        return False
    if filters.year_from is not None and not (d.year is not None and d.year >= filters.year_from):
        return False
    return not (filters.year_to is not None and not (d.year is not None and d.year <= filters.year_to))


def _touches(d: CorrectedHeader, filters: Any) -> bool:
    return bool(
        (filters.issuer and "issuer" in d.values)
        or ((filters.year_from is not None or filters.year_to is not None) and "date" in d.values)
    )


def _filtered(filters: Any) -> bool:
    return bool(filters.issuer or filters.year_from is not None or filters.year_to is not None)


def header_hits(conn: Any, query: Any, hits: list[Any], index: HeaderIndex) -> list[Any]:
    """``hits`` (the store's answer to ``query``) as the header corrections make it: the hits
    of a plan whose corrected issuer or year fails the filter dropped; the matching tasks of
    the plans whose corrected value passes it added (their words in a row first)."""
    filters = query.filters
    if not index or not _filtered(filters):
        return hits
    kept = [
        h
        for h in hits
        if (d := index.by_path.get(h.source)) is None or not _touches(d, filters) or _passes(d, filters)
    ]
    wanted = [d for d in index.documents.values() if _touches(d, filters) and _passes(d, filters)]
    if not wanted:
        return kept
    present = {h.task_id for h in kept}
    front, back = _matching_tasks(conn, wanted, query, present)
    if not front and not back:
        return kept
    from pipeline.store.search import hits_for

    found = [(i, 0.0, None) for i in [*front, *back]]
    added = {h.task_id: h for h in hits_for(conn, found, query)}
    first = [added[i] for i in front if i in added]
    last = [added[i] for i in back if i in added]
    if not query.text.strip():  # a listing: newest first, as the store lists
        return sorted([*kept, *first], key=lambda h: -h.task_id)[: query.limit]
    return [*first, *kept, *last][: query.limit]


def _matching_tasks(
    conn: Any, docs: list[CorrectedHeader], query: Any, present: set[int]
) -> tuple[list[int], list[int]]:
    """The ids of the tasks of ``docs`` passing the task filters and the query's words:
    ``(words in a row, the others)``, newest first."""
    from pipeline.store.records import Filters
    from pipeline.store.search import where_clauses

    f = query.filters
    clauses, params = where_clauses(
        Filters(due_from=f.due_from, due_to=f.due_to, kind=f.kind, ref=f.ref)
    )
    ids = [d.doc_id for d in docs]
    rows = conn.execute(
        "SELECT t.id, t.text_fold, t.lead_fold, t.executors_fold, t.context_fold FROM tasks t"
        f" WHERE t.document_id IN ({_marks(ids)})"
        + "".join(f" AND {c}" for c in clauses)
        + " ORDER BY t.id DESC",
        [*ids, *params],
    ).fetchall()
    front: list[int] = []
    back: list[int] = []
    for task_id, *columns in rows:
        if task_id in present:
            continue
        columns = [c or "" for c in columns]
        if f.lead and not party_matches([columns[1]], f.lead):
            continue
        if f.executor and not party_matches([columns[2]], f.executor):
            continue
        every, phrase = text_matches(columns, query.text, query.prefix)
        if every:
            (front if phrase or not query.text.strip() else back).append(task_id)
    return front, back


# ----------------------------------------------------------------------------- values shown


def overlay_hit(hit: Any, values: dict[str, Any]) -> Any:
    """``hit`` with the corrected header values its result shows."""
    change = {col: values[f] for f, col in _HIT_FIELDS.items() if f in values}
    if "date" in values:
        d = values["date"] or {}
        change["doc_year"] = d.get("year")
        change["doc_date"] = _iso(d)
    return replace(hit, **change) if change else hit


def _iso(d: dict[str, Any]) -> str | None:
    if not d.get("year"):
        return None
    if not d.get("month"):
        return f"{d['year']:04d}"
    if not d.get("day"):
        return f"{d['year']:04d}-{d['month']:02d}"
    return f"{d['year']:04d}-{d['month']:02d}-{d['day']:02d}"


def overlay_record(record: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """An export record with the corrected header values."""
    out = dict(record)
    for field, column in (
        ("issuer", "issuer"),
        ("title", "title"),
        ("number", "doc_number"),
        ("symbol", "doc_symbol"),
        ("doc_type", "doc_type"),
    ):
        if field in values:
            out[column] = values[field]
    if "date" in values:
        d = values["date"] or {}
        out["year"], out["month"], out["day"] = d.get("year"), d.get("month"), d.get("day")
    return out


# ----------------------------------------------------------------------------- facets


def _moved(counts: Any, minus: Counter[Any], plus: Counter[Any]) -> tuple[tuple[Any, int], ...]:
    totals = Counter(dict(counts))
    totals.subtract(minus)
    totals.update(plus)
    listed = [v for v, _ in counts]
    order = {v: i for i, v in enumerate(listed)}
    return tuple(
        sorted(
            ((v, n) for v, n in totals.items() if n > 0 and v is not None),
            key=lambda vn: (-vn[1], order.get(vn[0], len(order)), str(vn[0])),
        )
    )


def adjust_header_facets(
    facets: Any, index: HeaderIndex, counted: dict[int, int] | None = None
) -> Any:
    """The issuer, year and type facets with each corrected plan's tasks counted under its
    corrected value (years newest first, as listed). ``counted``: the tasks of each plan the
    facets counted (a search's), when not all of them."""
    if not index:
        return facets
    moves = {name: (Counter(), Counter()) for name in ("issuers", "years", "doc_types")}
    for d in index.documents.values():
        n = d.task_count if counted is None else counted.get(d.doc_id, 0)
        if not n:
            continue
        for name, field, old, new in (
            ("issuers", "issuer", d.extracted_issuer, d.issuer),
            ("years", "date", d.extracted_year, d.year),
            ("doc_types", "doc_type", d.extracted_type, d.doc_type),
        ):
            if field in d.values and old != new:
                if old is not None:
                    moves[name][0][old] += n
                if new is not None:
                    moves[name][1][new] += n
    years = _moved(facets.years, *moves["years"])
    return replace(
        facets,
        issuers=_moved(facets.issuers, *moves["issuers"]),
        years=tuple(sorted(years, key=lambda yn: -int(yn[0]))),
        doc_types=_moved(facets.doc_types, *moves["doc_types"]),
    )


def typed_sources(sources: frozenset[str], doc_type: str, index: HeaderIndex) -> frozenset[str]:
    """The source paths of the plans of ``doc_type`` as the corrections type them."""
    if not index:
        return sources
    out = set(sources)
    for d in index.documents.values():
        if "doc_type" not in d.values:
            continue
        if d.doc_type == doc_type:
            out.update((d.path, *d.sources))
        else:
            out.difference_update((d.path, *d.sources))
    return frozenset(out)


# ----------------------------------------------------------------------------- exports


def header_records(
    conn: Any, filters: Any, text: str, records: Any, index: HeaderIndex
) -> Any:
    """The export records of a search as the header corrections make them: corrected values
    laid over, the same drops and additions as :func:`header_hits` (added tasks last)."""
    if not index:
        yield from records
        return
    seen: set[tuple[str, str]] = set()
    for r in records:
        d = index.by_path.get(r["source"])
        if d is None:
            yield r
            continue
        seen.add((r["source"], r["task_path"]))
        if not _touches(d, filters) or _passes(d, filters):
            yield overlay_record(r, d.values)
    if not _filtered(filters):
        return
    wanted = [d for d in index.documents.values() if _touches(d, filters) and _passes(d, filters)]
    if not wanted:
        return
    from pipeline.store.records import SearchQuery

    front, back = _matching_tasks(conn, wanted, SearchQuery(text, filters), set())
    added = sorted(front + back)
    if added:
        from pipeline.store.search import record_rows

        by_id = {d.path: d for d in wanted}
        for r in record_rows(conn, [f"t.id IN ({_marks(added)})"], added):
            d = by_id.get(r["source"])
            if (r["source"], r["task_path"]) not in seen:
                yield overlay_record(r, d.values) if d else r
