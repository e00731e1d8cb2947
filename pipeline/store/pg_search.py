"""Full-text search over tasks on PostgreSQL: the ranking contract of
:mod:`pipeline.store.search` over a ``tsvector`` of the same folded columns.

A query is folded and split into words exactly as for SQLite. The GIN index finds the
candidates, the newest :data:`~pipeline.store.search.RANK_WINDOW` tasks holding every word
(``'dan' & 'van'``, abbreviations or'ed in: no phrase operator, which GIN cannot answer without
reading every candidate's vector); their folded columns are then sorted into the tiers here:
the words as a phrase (or an abbreviation variant), within
:data:`~pipeline.store.search.NEAR_WINDOW` words in one column (FTS5's ``NEAR``), anywhere. A lead or executor filter is the
phrase restricted to its column's weight (B, C). Inside a tier, ``ts_rank`` with the same
column weights as SQLite's bm25 orders the :data:`~pipeline.store.search.RANK_WINDOW` newest
matches. ``raw`` takes ``websearch_to_tsquery`` syntax (``"phrase"``, ``or``, ``-word``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from pipeline.errors import PipelineError
from pipeline.store.postgres_schema import BARRIER_WORD
from pipeline.store.records import Filters, Hit, SearchQuery
from pipeline.store.search import (
    NEAR_MAX_TERMS,
    NEAR_WINDOW,
    RANK_WINDOW,
    has_filters,
    hits_for,
    listed_ids,
    record_rows,
    where_clauses,
)
from pipeline.store.textkeys import BARRIER, abbreviation_variants, fold_aligned, query_terms

__all__ = ["search_tasks", "iter_task_records", "tsquery_tiers", "near_match"]

_WEIGHTS = "'{0.25, 0.6, 0.6, 1.0}'"  # D context, C executors, B lead, A text
_COLUMN_WEIGHT = {"lead": "B", "executors": "C"}
_TOKEN_RE = re.compile(rf"[^\W_]+|{BARRIER}")


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


def near_match(columns: tuple[str, ...], terms: list[str], prefix: bool) -> bool:
    """Whether some column holds every term with at most :data:`NEAR_WINDOW` other words
    between the first and the last (FTS5's ``NEAR``; the last term may be a prefix)."""
    n = len(terms)
    for text in columns:
        words = _TOKEN_RE.findall(text)
        places = []
        for k, term in enumerate(terms):
            last = prefix and k == n - 1
            places.append([i for i, w in enumerate(words) if w == term or (last and w.startswith(term))])
        if not all(places):
            continue
        for combo in itertools.product(*places):
            if len(set(combo)) == n and max(combo) - min(combo) - (n - 1) <= NEAR_WINDOW:
                return True
    return False


def _ranked(
    conn: Any, tsquery: str, where: tuple[list[str], list[Any]], limit: int, *,
    rank: bool = True, websearch: bool = False, folds: bool = False,
) -> list[tuple[Any, ...]]:  # fmt: skip
    """``(id, score[, folded columns...])`` of the best ``limit`` matches among the
    :data:`RANK_WINDOW` newest (score: minus ``ts_rank``, lower is better, like bm25)."""
    clauses, params = where
    join = " JOIN documents d ON d.id = t.document_id" if clauses else ""
    parse = "websearch_to_tsquery" if websearch else "to_tsquery"
    score = f"-ts_rank({_WEIGHTS}, t.search, q.q)" if rank else "0.0"
    extra = ", t.text_fold, t.lead_fold, t.executors_fold, t.context_fold" if folds else ""
    # the ids of the newest matches first (only the ids go through the top-N sort), then
    # the chosen rows' vectors and folded columns for ranking
    score = score.replace("t.search", "m.search")
    extra = extra.replace("t.", "m.")
    sql = (
        f"SELECT m.id, {score}{extra} FROM (SELECT t.id FROM tasks t{join},"
        f" (SELECT {parse}('simple', ?) AS q) q"
        f" WHERE t.search @@ q.q{''.join(' AND ' + c for c in clauses)}"
        f" ORDER BY t.id DESC LIMIT ?) AS ids JOIN tasks m ON m.id = ids.id,"
        f" (SELECT {parse}('simple', ?) AS q) q"
    )
    params = [tsquery, *params, RANK_WINDOW if rank else limit, tsquery]
    rows = [tuple(r) for r in conn.execute(sql, params).fetchall()]
    if rank:
        rows.sort(key=lambda r: (r[1], -r[0]))
    return rows[:limit] if not folds else rows


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
            keep = {r[0] for r in _ranked(conn, " & ".join(columns), where, RANK_WINDOW)}
            rows = [r for r in rows if r[0] in keep]
        return hits_for(conn, [(r[0], r[1], None) for r in rows], query)
    tiers = tsquery_tiers(query.text, prefix=query.prefix)
    if not tiers:
        if not has_filters(query.filters):
            return []
        match = _with_columns(None, query.filters)
        if match is None:
            found = [(i, s, None) for i, s in listed_ids(conn, where, limit)]
        else:
            found = [(r[0], r[1], None) for r in _ranked(conn, match, where, limit, rank=False)]
        return hits_for(conn, found, query)
    terms = query_terms(query.text)
    either = f"{tiers[0][1]} | ({tiers[-1][1]})" if len(tiers) > 1 else tiers[0][1]
    loose = _with_columns(either.replace(" <-> ", " & "), query.filters)
    assert loose is not None
    candidates = _ranked(conn, loose, where, limit, folds=True)
    sequences = [terms, *abbreviation_variants(terms)]
    singles = [[[t], *abbreviation_variants([t])] for t in terms]
    ranks: dict[int, int] = {}
    for r in candidates:
        columns = [f" {' '.join(_TOKEN_RE.findall(c))} " for c in r[2:]]
        if any(_has_run(w, seq, query.prefix) for w in columns for seq in sequences):
            ranks[r[0]] = 0
        elif 1 < len(terms) <= NEAR_MAX_TERMS and near_match(r[2:], terms, query.prefix):
            ranks[r[0]] = 1
        elif all(
            any(_has_run(w, seq, query.prefix and k == len(terms) - 1) for w in columns
                for seq in singles[k])
            for k in range(len(terms))
        ):  # fmt: skip
            ranks[r[0]] = 2
    chosen = sorted((r for r in candidates if r[0] in ranks), key=lambda r: (ranks[r[0]], r[1], -r[0]))
    found = [(r[0], r[1], loose) for r in chosen[:limit]]
    return hits_for(conn, found, query)


def _has_run(text: str, seq: list[str], prefix: bool) -> bool:
    """Whether ``seq`` occurs as consecutive words of ``text`` (its words joined by single
    spaces, with a space at each end), the last word as a prefix if asked."""
    return f" {' '.join(seq)}{'' if prefix else ' '}" in text


def iter_task_records(conn: Any, filters: Filters, text: str = "") -> Iterator[dict[str, Any]]:
    """Every task matching ``filters`` (and all the words of ``text``) as a flat dict."""
    clauses, params = where_clauses(filters)
    terms = query_terms(text)
    match = _with_columns(_all_of(terms, False) if terms else None, filters)
    if match is not None:
        clauses = [*clauses, "t.search @@ to_tsquery('simple', ?)"]
        params = [*params, match]
    yield from record_rows(conn, clauses, params)
