"""Full-text search over tasks on PostgreSQL: the ranking contract of
:mod:`pipeline.store.search` over a ``tsvector`` of the same folded columns.

A query is folded and split into words exactly as for SQLite, and runs the same tiers: the
words as a phrase (``'dan' <-> 'van'``, abbreviation variants or'ed in), then every word
(``'dan' & 'van'``) split into those within :data:`~pipeline.store.search.NEAR_WINDOW`
words in one column (FTS5's ``NEAR``, checked here on the folded columns) and the rest. Each
tier's query takes the newest :data:`~pipeline.store.search.RANK_WINDOW` matches (the
planner walks the primary key backwards for common words, reads the GIN index for rare
ones) and :mod:`pipeline.store.ranking` orders them, as on SQLite. A lead or executor filter
is the phrase restricted to its column's weight (B, C). ``raw`` takes
``websearch_to_tsquery`` syntax (``"phrase"``, ``or``, ``-word``), ordered by ``ts_rank``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.errors import PipelineError
from pipeline.store.pg_newest import newest
from pipeline.store.postgres_schema import BARRIER_WORD
from pipeline.store.ranking import near_match, ranked, spellings, tiered
from pipeline.store.records import Filters, Hit, SearchQuery
from pipeline.store.search import (
    NEAR_MAX_TERMS,
    RANK_WINDOW,
    filtered,
    hits_for,
    newest_or_listed,
    record_rows,
    where_clauses,
)
from pipeline.store.textkeys import BARRIER, abbreviation_variants, fold_aligned, query_terms

__all__ = ["search_tasks", "iter_task_records", "tsquery_tiers", "near_match", "matched_ids"]

_WEIGHTS = "'{0.25, 0.6, 0.6, 1.0}'"  # D context, C executors, B lead, A text
_COLUMN_WEIGHT = {"lead": "B", "executors": "C"}


def _lexeme(term: str, prefix: bool, weight: str) -> str:
    word = BARRIER_WORD if term == BARRIER else term
    label = ("*" if prefix else "") + weight
    return f"'{word}'" + (f":{label}" if label else "")


def _quoted(terms: list[str], prefix: bool, weight: str = "") -> str:
    last = len(terms) - 1
    inner = " <-> ".join(_lexeme(t, prefix and i == last, weight) for i, t in enumerate(terms))
    return f"({inner})"


def _phrase(terms: list[str], prefix: bool, weight: str = "") -> str:
    """The terms as one phrase, or'ed with the phrase's abbreviation variants."""
    variants = abbreviation_variants(terms)
    alternatives = [_quoted(v, prefix and v[-1] == terms[-1], weight) for v in variants]
    return "(" + " | ".join([_quoted(terms, prefix, weight), *alternatives]) + ")"


def _all_of(terms: list[str], prefix: bool) -> str:
    last = len(terms) - 1
    return " & ".join(_phrase([t], prefix and i == last) for i, t in enumerate(terms))


def _candidates(terms: list[str], prefix: bool) -> str:
    """The tasks holding every word (or each word's abbreviation), or the words of an
    abbreviation variant of the whole phrase: the tiers' candidates, each word written once
    (the phrase tier's words are the all-words tier's, so or'ing both made PostgreSQL check
    every row that holds neither twice).

    >>> _candidates(["dan", "van"], False)
    "(('dan')) & (('van'))"
    """
    variants = [_quoted(v, prefix and v[-1] == terms[-1]) for v in abbreviation_variants(terms)]
    both = _all_of(terms, prefix)
    either = " | ".join([f"({both})", *variants]) if variants else both
    return either.replace(" <-> ", " & ")  # positions are checked on the rows (ranking.tiered)


def tsquery_tiers(text: str, *, prefix: bool = False) -> list[tuple[str, str]]:
    """``(tier, tsquery)`` for a user query, best first: ``phrase``, ``near`` (2 to
    :data:`NEAR_MAX_TERMS` words; its query is the all-words one, filtered afterwards),
    ``all``.

    >>> tsquery_tiers("dân vận")[0]
    ('phrase', "((('dan' <-> 'van')))")
    """
    terms = query_terms(text)
    if not terms:
        return []
    tiers = [("phrase", f"({_phrase(terms, prefix)})")]
    if len(terms) > 1:
        both = _all_of(terms, prefix)
        if len(terms) <= NEAR_MAX_TERMS:
            tiers.append(("near", both))
        tiers.append(("all", both))
    return tiers


def _column_filters(filters: Filters) -> list[str]:
    out = []
    for column, value in (("lead", filters.lead), ("executors", filters.executor)):
        if terms := query_terms(value or ""):
            out.append(_phrase(terms, False, _COLUMN_WEIGHT[column]))
    return out


def _with_columns(expr: str | None, filters: Filters) -> str | None:
    parts = [f"({expr})"] if expr else []
    parts += _column_filters(filters)
    return " & ".join(parts) or None


def _newest(
    conn: Any, tsquery: str, where: tuple[list[str], list[Any]], limit: int, *,
    websearch: bool = False,
) -> list[int]:  # fmt: skip
    """The ids of the newest ``limit`` tasks matching ``tsquery`` and ``where``, newest first
    (:func:`pipeline.store.pg_newest.newest`)."""
    return newest(conn, tsquery, where, limit, websearch=websearch)


def _ranked(
    conn: Any, tsquery: str, where: tuple[list[str], list[Any]], limit: int, *,
    rank: bool = True, websearch: bool = False,
) -> list[tuple[int, float]]:  # fmt: skip
    """``(id, score)`` of the best ``limit`` of the :data:`RANK_WINDOW` newest matches
    (``ts_rank`` with the column weights, lower is better, like bm25: for ``raw`` queries,
    whose words cannot be told apart from their syntax); ``rank=False``: the newest."""
    ids = _newest(conn, tsquery, where, RANK_WINDOW if rank else limit, websearch=websearch)
    if not rank or not ids:
        return [(i, 0.0) for i in ids]
    parse = "websearch_to_tsquery" if websearch else "to_tsquery"
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT id, -ts_rank({_WEIGHTS}, search, {parse}('simple', ?)) FROM task_search"
        f" WHERE id IN ({marks})",
        [tsquery, *ids],
    ).fetchall()
    return sorted(((r[0], float(r[1])) for r in rows), key=lambda r: (r[1], -r[0]))[:limit]


def matched_ids(
    conn: Any, query: SearchQuery, window: int, doc_type: str | None = None
) -> list[int]:
    """The ids of the newest ``window`` tasks holding every word of ``query``, meeting its
    filters and ``doc_type``, unranked (:func:`pipeline.store.search.matched_ids` here)."""
    terms = query_terms(query.text)
    match = _with_columns(_all_of(terms, query.prefix) if terms else None, query.filters)
    return newest_or_listed(conn, match, query, window, doc_type, _newest)


def search_tasks(conn: Any, query: SearchQuery) -> list[Hit]:
    """The best ``query.limit`` tasks for ``query``, best first (see the module docstring)."""
    limit = max(0, query.limit)
    where = where_clauses(query.filters)
    found: list[tuple[int, float, str | None]] = []
    if query.raw:
        if not query.text.strip():
            return search_tasks(conn, SearchQuery("", query.filters, query.limit))
        folded = fold_aligned(query.text)
        try:
            rows = _ranked(conn, folded, where, limit, websearch=True)
        except Exception as exc:  # a syntax the parser refuses
            raise PipelineError(f"invalid search query ({exc})", code="usage") from exc
        columns = _column_filters(query.filters)
        if columns:  # websearch syntax cannot say columns: filter by them afterwards
            keep = set(_newest(conn, " & ".join(columns), where, RANK_WINDOW))
            rows = [r for r in rows if r[0] in keep]
        return hits_for(conn, [(r[0], r[1], None) for r in rows], query)
    tiers = tsquery_tiers(query.text, prefix=query.prefix)
    if not tiers:
        match = _with_columns(None, query.filters)
        return hits_for(conn, filtered(conn, query, match, where, _newest), query)
    terms = query_terms(query.text)
    if len(terms) == 1:
        match = _with_columns(tiers[0][1], query.filters)
        ids = _newest(conn, match or "", where, RANK_WINDOW)
        chosen = ranked(conn, ids, spellings(terms), query.prefix)
    else:  # the newest holding all the words, sorted into the tiers on their folded columns
        match = _with_columns(_candidates(terms, query.prefix), query.filters)
        ids = _newest(conn, match or "", where, RANK_WINDOW)
        chosen = tiered(conn, ids, terms, query.prefix)
    found = [(i, score, match) for i, score in chosen[:limit]]
    return hits_for(conn, found, query)


def iter_task_records(conn: Any, filters: Filters, text: str = "") -> Iterator[dict[str, Any]]:
    """Every task matching ``filters`` (and all the words of ``text``) as a flat dict."""
    clauses, params = where_clauses(filters)
    terms = query_terms(text)
    match = _with_columns(_all_of(terms, False) if terms else None, filters)
    if match is not None:
        clauses = [*clauses, "t.id IN (SELECT id FROM task_search WHERE search @@ to_tsquery('simple', ?))"]
        params = [*params, match]
    yield from record_rows(conn, clauses, params)
