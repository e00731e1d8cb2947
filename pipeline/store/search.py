"""Full-text search over tasks: FTS5 on folded shadow columns, filters, ranking, snippets.

The ``tasks_fts`` table holds, per task, the folded (``đ``→``d``, no diacritics, lower case)
task text, lead, executors and context (section headings and plan title), tokenized by
``unicode61 remove_diacritics 2``. A query is folded the same way, so ``dan van``,
``dân vận`` and ``DÂN VẬN`` find the same rows and ``dau tu`` finds ``Đầu tư``.

User input is words, never syntax: every word is quoted, and quotes, ``*``, ``:``,
parentheses and ``AND``/``OR``/``NOT``/``NEAR`` are plain text (``raw=True`` passes FTS5
syntax through, folded). Multi-syllable words are ranked in tiers, best first: the whole
query as a phrase, then all words within :data:`NEAR_WINDOW` tokens, then all words anywhere;
inside a tier, BM25 over the :data:`RANK_WINDOW` newest matches orders the hits
(:mod:`pipeline.store.ranking`: task text weighs most, context least; ``raw`` FTS5 syntax
is ordered by FTS5's own ``bm25()``). Known
abbreviations also match their long form (``ubnd`` ↔ ``Ủy ban nhân dân``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from pipeline.errors import PipelineError
from pipeline.store.ranking import (
    NEAR_MAX_TERMS,
    NEAR_WINDOW,
    ranked,
    run_pattern,
    spellings,
    tiered,
)
from pipeline.store.records import Filters, Hit, SearchQuery
from pipeline.store.textkeys import (
    BARRIER,
    abbreviation_spellings,
    abbreviation_variants,
    fold_aligned,
    fold_key,
    number_key,
    query_terms,
    word_spans,
)
from pipeline.store.versions import is_draft, versions_of

__all__ = [
    "search_tasks",
    "has_filters",
    "filtered",
    "match_tiers",
    "iter_task_records",
    "where_clauses",
    "listed_ids",
    "hits_for",
    "record_rows",
    "RECORD_SQL",
    "HL_START",
    "HL_END",
    "NEAR_WINDOW",
    "candidate_match",
    "matched_ids",
    "newest_or_listed",
]

HL_START, HL_END = "\x02", "\x03"  # highlight marks in Hit.snippet; the CLI renders them
RANK_WINDOW = 100  # at most this many matches of a tier are ranked (the newest)
SNIPPET_CHARS = 220
_WEIGHTS = "1.0, 0.6, 0.6, 0.25"  # text, lead, executors, context
_OPERATOR_RE = re.compile(r"(\bAND\b|\bOR\b|\bNOT\b|\bNEAR\b)")
# the column names users type in --fts queries, stored as the folded columns of ``tasks``
_RAW_COLUMN_RE = re.compile(r"\b(text|lead|executors|context)\s*:")
_RAW_WORDS = {"and", "or", "not", "near", "text", "lead", "executors", "context", "fold"}

# ----------------------------------------------------------------------------- match strings


def _quoted(terms: list[str], prefix: bool) -> str:
    return '"' + " ".join(terms) + '"' + (" *" if prefix else "")


def _phrase(terms: list[str], prefix: bool) -> str:
    """The terms as one phrase, or'ed with the phrase's abbreviation variants."""
    variants = abbreviation_variants(terms)
    if not variants:
        return _quoted(terms, prefix)
    # the prefix mark stays only on a variant that still ends with the typed word
    alternatives = [_quoted(v, prefix and v[-1] == terms[-1]) for v in variants]
    return "(" + " OR ".join([_quoted(terms, prefix), *alternatives]) + ")"


def _all_of(terms: list[str], prefix: bool) -> str:
    last = len(terms) - 1
    return " AND ".join(_phrase([t], prefix and i == last) for i, t in enumerate(terms))


def match_tiers(text: str, *, prefix: bool = False) -> list[str]:
    """FTS5 match strings for a user query, best tier first; empty for a query with no words.

    Each tier's matches include the previous tier's; the search skips rows already found.
    The NEAR tier is used for queries of 2 to :data:`NEAR_MAX_TERMS` words.

    >>> match_tiers("dân vận")
    ['"dan van"', 'NEAR("dan" "van", 8)', '"dan" AND "van"']
    >>> match_tiers('text: "x" OR (y*')
    ['"text x or y"', '"text" AND "x" AND "or" AND "y"']
    """
    terms = query_terms(text)
    if not terms:
        return []
    if len(terms) == 1:
        return [_phrase(terms, prefix)]
    tiers = [_phrase(terms, prefix)]
    if len(terms) <= NEAR_MAX_TERMS:
        last = len(terms) - 1
        near = " ".join(_quoted([t], prefix and i == last) for i, t in enumerate(terms))
        near = f"NEAR({near}, {NEAR_WINDOW})"
        if variants := abbreviation_variants(terms):  # keep the other spellings' phrases
            alternatives = [_quoted(v, prefix and v[-1] == terms[-1]) for v in variants]
            near = "(" + " OR ".join([near, *alternatives]) + ")"
        tiers.append(near)
    return [*tiers, _all_of(terms, prefix)]


def candidate_match(terms: list[str], prefix: bool) -> str:
    """The FTS5 query for the tasks holding all of ``terms`` (each or'ed with its
    abbreviations) or all the words of an abbreviation variant of the whole query: no phrase,
    so the index answers without reading word positions.

    >>> candidate_match(["dan", "van"], False)
    '("dan" AND "van")'
    """
    groups = [_all_of(terms, prefix)]
    for variant in abbreviation_variants(terms):
        words = [w for w in variant if w != BARRIER]
        if words:
            last = len(words) - 1
            marks = prefix and words[-1] == terms[-1]
            groups.append(" AND ".join(_quoted([w], marks and i == last) for i, w in enumerate(words)))
    return " OR ".join(f"({g})" for g in groups)


def raw_match(text: str) -> str:
    """FTS5 syntax typed by the user: words folded, upper-case operators kept."""
    folded = "".join(
        part if _OPERATOR_RE.fullmatch(part) else fold_aligned(part)
        for part in _OPERATOR_RE.split(text)
    )
    return _RAW_COLUMN_RE.sub(r"\1_fold :", folded)


def _column_filter(column: str, value: str | None) -> str | None:
    terms = query_terms(value or "")
    return f"{column} : {_phrase(terms, False)}" if terms else None


def _with_columns(expr: str | None, filters: Filters) -> str | None:
    parts = [f"({expr})"] if expr else []
    for column, value in (("lead_fold", filters.lead), ("executors_fold", filters.executor)):
        if (f := _column_filter(column, value)) is not None:
            parts.append(f)
    return " AND ".join(parts) or None


# ----------------------------------------------------------------------------- filters


def _like(value: str) -> str:
    return "%" + value.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


def where_clauses(filters: Filters) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``t`` (tasks) and ``d`` (documents) for the non-text filters."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.issuer and (terms := query_terms(filters.issuer)):
        variants = (terms, *abbreviation_variants(terms))
        options = [" ".join(v) for v in variants if BARRIER not in v]
        clauses.append("(" + " OR ".join("d.issuer_fold LIKE ? ESCAPE '!'" for _ in options) + ")")
        params.extend(_like(o) for o in options)
    for column, op, value in (
        ("d.year", ">=", filters.year_from),
        ("d.year", "<=", filters.year_to),
        ("t.timeline_end", ">=", filters.due_from),
        ("t.timeline_end", "<=", filters.due_to),
        ("t.timeline_kind", "=", filters.kind),
    ):
        if value is not None:
            clauses.append(f"{column} {op} ?")
            params.append(value)
    if filters.ref and query_terms(filters.ref):
        clauses.append(
            "t.id IN (SELECT task_id FROM task_refs WHERE ref_id IN"
            " (SELECT id FROM refs WHERE key IN (?, ?)))"
        )
        params.extend([number_key(filters.ref) or "", fold_key(filters.ref)])
    return clauses, params


# ----------------------------------------------------------------------------- search


def _run(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[Any]:
    """Execute; an FTS5 syntax error (only possible with ``raw``) is a usage error."""
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "disk" in str(exc):
            raise
        raise PipelineError(
            f"invalid FTS5 query ({exc}); drop --fts to search words", code="usage"
        ) from exc


def _ranked_ids(
    conn: sqlite3.Connection,
    match: str,
    where: tuple[list[str], list[Any]],
    limit: int,
    *,
    rank: bool = True,
) -> list[tuple[int, float]]:
    """The best ``limit`` rows of ``match`` (FTS5 syntax typed by the user): bm25 over the
    :data:`RANK_WINDOW` most recently stored matches, newest first on ties; ``rank=False``:
    the newest ``limit``. Word queries are ranked by :mod:`pipeline.store.ranking`."""
    score = f"bm25(tasks_fts, {_WEIGHTS})" if rank else "0.0"
    rows = _newest(conn, match, where, RANK_WINDOW if rank else limit, score)
    if rank:
        rows.sort(key=lambda r: (r[1], -r[0]))
    return rows[:limit]


def _newest(
    conn: sqlite3.Connection,
    match: str,
    where: tuple[list[str], list[Any]],
    limit: int,
    score: str = "0.0",
) -> list[Any]:
    """``(id, score)`` of the newest ``limit`` tasks matching ``match`` and ``where``:
    FTS5 walks its index backwards by rowid and stops at ``limit``."""
    clauses, params = where
    joins = (
        " JOIN tasks t ON t.id = tasks_fts.rowid JOIN documents d ON d.id = t.document_id"
        if clauses
        else ""
    )
    sql = (
        f"SELECT tasks_fts.rowid, {score} FROM tasks_fts{joins}"
        f" WHERE tasks_fts MATCH ?{''.join(' AND ' + c for c in clauses)}"
        " ORDER BY tasks_fts.rowid DESC LIMIT ?"
    )
    return _run(conn, sql, [match, *params, limit])


def listed_ids(
    conn: sqlite3.Connection, where: tuple[list[str], list[Any]], limit: int
) -> list[tuple[int, float]]:
    """Tasks matching filters only, the most recently stored first."""
    clauses, params = where
    cond = " WHERE " + " AND ".join(clauses) if clauses else ""
    sql = (
        "SELECT t.id, 0.0 FROM tasks t JOIN documents d ON d.id = t.document_id"
        f"{cond} ORDER BY t.id DESC LIMIT ?"
    )
    return _run(conn, sql, [*params, limit])


def filtered(
    conn: Any,
    query: SearchQuery,
    match: str | None,
    where: tuple[list[str], list[Any]],
    newest: Callable[[Any, str, tuple[list[str], list[Any]], int], list[int]],
) -> list[tuple[int, float, str | None]]:
    """The tasks a query without words selects by its filters, newest first: none without
    filters; ``match`` (the lead and executor filters in the dialect's index syntax) through
    the dialect's ``newest``, or the other filters alone."""
    if not has_filters(query.filters):
        return []
    limit = max(0, query.limit)
    if match is None:
        return [(i, s, None) for i, s in listed_ids(conn, where, limit)]
    return [(i, 0.0, None) for i in newest(conn, match, where, limit)]


def matched_ids(
    conn: sqlite3.Connection, query: SearchQuery, window: int, doc_type: str | None = None
) -> list[int]:
    """The ids of the newest ``window`` tasks holding every word of ``query`` (or an
    abbreviation variant's; the last word a prefix when ``query.prefix``), meeting its filters
    and ``doc_type``, unranked; none for a query without words or filters."""
    terms = query_terms(query.text)
    match = _with_columns(candidate_match(terms, query.prefix) if terms else None, query.filters)
    return newest_or_listed(conn, match, query, window, doc_type, _newest_ids)


def newest_or_listed(
    conn: Any,
    match: str | None,
    query: SearchQuery,
    window: int,
    doc_type: str | None,
    newest: Callable[[Any, str, tuple[list[str], list[Any]], int], list[int]],
) -> list[int]:
    """:func:`matched_ids` for a dialect, given its index ``match`` for the query's words and
    column filters (None: none) and its ``newest``: the newest ``window`` of ``match`` meeting
    the other filters and ``doc_type``, or of those alone; nothing when there are neither."""
    clauses, params = where_clauses(query.filters)
    if doc_type:
        clauses, params = [*clauses, "d.doc_type = ?"], [*params, doc_type]
    if match is not None:
        return newest(conn, match, (clauses, params), window)
    if not clauses:
        return []
    return [i for i, _ in listed_ids(conn, (clauses, params), window)]


def _newest_ids(
    conn: sqlite3.Connection, match: str, where: tuple[list[str], list[Any]], limit: int
) -> list[int]:
    return [r[0] for r in _newest(conn, match, where, limit)]


def has_filters(filters: Filters) -> bool:
    """Whether ``filters`` select anything: a text filter counts only if it has words."""
    texts = (filters.lead, filters.executor, filters.issuer, filters.ref)
    values = (filters.year_from, filters.year_to, filters.due_from, filters.due_to, filters.kind)
    return any(query_terms(t or "") for t in texts) or any(v is not None for v in values)


def search_tasks(conn: sqlite3.Connection, query: SearchQuery) -> list[Hit]:
    """The best ``query.limit`` tasks for ``query``, best first. A query without words lists
    the tasks its filters select, newest first; without filters either, it finds nothing.

    >>> [h.path for h in search_tasks(conn, SearchQuery("dan van"))]   # doctest: +SKIP
    ['II/1', 'II/3']
    """
    limit = max(0, query.limit)
    where = where_clauses(query.filters)
    if query.raw:
        tiers = [raw_match(query.text)] if query.text.strip() else []
    else:
        tiers = match_tiers(query.text, prefix=query.prefix)
    if not tiers:
        match = _with_columns(None, query.filters)
        return hits_for(conn, filtered(conn, query, match, where, _newest_ids), query)
    terms = query_terms(query.text)
    if query.raw:
        match = _with_columns(tiers[0], query.filters)
        assert match is not None
        found = [(i, s, match) for i, s in _ranked_ids(conn, match, where, limit)]
    elif len(terms) == 1:
        match = _with_columns(tiers[0], query.filters)
        assert match is not None
        newest = [r[0] for r in _newest(conn, match, where, RANK_WINDOW)]
        found = [(i, s, match) for i, s in ranked(conn, newest, spellings(terms), query.prefix)]
    else:  # the newest holding all the words, sorted into the tiers on their folded columns
        match = _with_columns(candidate_match(terms, query.prefix), query.filters)
        assert match is not None
        newest = [r[0] for r in _newest(conn, match, where, RANK_WINDOW)]
        found = [(i, s, match) for i, s in tiered(conn, newest, terms, query.prefix)]
    return hits_for(conn, found[:limit], query)


def _highlight_terms(query: SearchQuery) -> tuple[list[list[str]], bool]:
    """The word sequences to mark in snippets (the query, and its abbreviations spelled
    out), and whether their last word is a prefix."""
    terms = [t for t in query_terms(query.text) if not (query.raw and t in _RAW_WORDS)]
    if not terms:
        return [], False
    variants = [[w for w in v if w != BARRIER] for v in abbreviation_variants(terms)]
    sequences = [terms, *(v for v in variants if v != terms)]
    if len(terms) > 1:
        sequences += abbreviation_spellings(terms)
    return sequences, query.prefix and not query.raw


def _word_matches(word: str, term: str, prefix: bool) -> bool:
    return word == term or (prefix and word.startswith(term))


def _mark_spans(text: str, sequences: list[list[str]], prefix: bool) -> list[tuple[int, int]]:
    """Where to mark: every run of words equal to a whole sequence; when there is none (the
    task matched in a lower tier), every word equal to a query word."""
    aligned = fold_aligned(text)
    if len(aligned) == len(text) and aligned.isascii():  # one regex scan a sequence
        return _merged(text, _regex_spans(aligned, sequences, prefix))
    words = word_spans(text)
    folded = [w for _, _, w in words]
    spans: list[tuple[int, int]] = []
    for seq in sequences:
        n = len(seq)
        starts = range(len(words) - n + 1)
        if n > 1 or not prefix:  # only where the first word is
            starts = [i for i, w in enumerate(folded[: len(words) - n + 1]) if w == seq[0]]
        for i in starts:
            if all(_word_matches(folded[i + k], seq[k], prefix and k == n - 1) for k in range(n)):
                spans.append((words[i][0], words[i + n - 1][1]))
    if not spans and sequences:
        last = len(sequences[0]) - 1
        spans = [
            (start, end)
            for start, end, w in words
            if any(_word_matches(w, t, prefix and k == last) for k, t in enumerate(sequences[0]))
        ]
    return _merged(text, spans)


def _regex_spans(
    folded: str, sequences: list[list[str]], prefix: bool
) -> list[tuple[int, int]]:
    """:func:`_mark_spans` on folded ASCII text (offsets kept), by regular expressions."""
    spans = [m.span() for seq in sequences for m in run_pattern(tuple(seq), prefix).finditer(folded)]
    if not spans and sequences:
        tail = r"[^\W_]*" if prefix else r"(?![^\W_])"
        *head, last = sequences[0]
        words = [*(w + r"(?![^\W_])" for w in map(re.escape, head)), re.escape(last) + tail]
        pattern = r"(?<![^\W_])(?:" + "|".join(words) + ")"
        spans = [m.span() for m in re.finditer(pattern, folded)]
    return spans


def _merged(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _snippet(text: str, sequences: list[list[str]], prefix: bool) -> str:
    """``text`` with the query's words wrapped in :data:`HL_START`/:data:`HL_END`, cut to
    about :data:`SNIPPET_CHARS` around the first mark."""
    spans = _mark_spans(text, sequences, prefix)
    lo, hi = 0, len(text)
    if len(text) > SNIPPET_CHARS:
        first = spans[0][0] if spans else 0
        lo = max(0, first - SNIPPET_CHARS // 3)
        lo = text.rfind(" ", 0, lo) + 1 if lo else 0
        hi = min(len(text), lo + SNIPPET_CHARS)
        if hi < len(text) and (cut := text.rfind(" ", lo, hi)) > lo:
            hi = cut
    out, cursor = [], lo
    for a, b in spans:
        if a < lo or b > hi:
            continue
        out += [text[cursor:a], HL_START, text[a:b], HL_END]
        cursor = b
    out.append(text[cursor:hi])
    return ("… " if lo else "") + "".join(out) + (" …" if hi < len(text) else "")


_DETAIL_SQL = """
SELECT t.id, t.path, t.number, t.text, t.lead_raw, t.executors_raw, t.timeline_raw,
       t.timeline_kind, t.timeline_start, t.timeline_end,
       d.path, d.number, d.symbol, d.issuer, d.title, d.year, d.month, d.day,
       d.id, d.draft
FROM tasks t JOIN documents d ON d.id = t.document_id WHERE t.id IN ({marks})
"""


def _date(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def hits_for(
    conn: sqlite3.Connection, found: list[tuple[int, float, str | None]], query: SearchQuery
) -> list[Hit]:
    if not found:
        return []
    ids = [i for i, _, _ in found]
    marks = ",".join("?" * len(ids))
    details = {r[0]: r for r in conn.execute(_DETAIL_SQL.format(marks=marks), ids)}
    parties: dict[tuple[int, str], list[str]] = {}
    for task_id, role, name in conn.execute(
        "SELECT task_id, role, name FROM task_parties"
        f" WHERE task_id IN ({marks}) ORDER BY task_id, role, ord",
        ids,
    ):
        parties.setdefault((task_id, role), []).append(name)
    refs: dict[int, list[str]] = {}
    for task_id, name in conn.execute(
        "SELECT tr.task_id, coalesce(r.number, r.name) FROM task_refs tr JOIN refs r ON r.id = tr.ref_id"
        f" WHERE tr.task_id IN ({marks}) ORDER BY tr.task_id, r.key",
        ids,
    ):
        refs.setdefault(task_id, []).append(name)
    versions = versions_of(conn, {r[18] for r in details.values()})
    terms, prefix = _highlight_terms(query)
    hits = []
    for task_id, score, _ in found:
        r = details[task_id]
        hits.append(
            Hit(
                task_id=task_id,
                score=round(-score, 4),
                snippet=_snippet(r[3], terms, prefix),
                path=r[1],
                number=r[2],
                text=r[3],
                leads=tuple(parties.get((task_id, "lead"), ())),
                executors=tuple(parties.get((task_id, "executor"), ())),
                lead_raw=r[4],
                executors_raw=r[5],
                timeline_raw=r[6],
                timeline_kind=r[7],
                timeline_start=r[8],
                timeline_end=r[9],
                references=tuple(refs.get(task_id, ())),
                source=r[10],
                doc_number=r[11],
                doc_symbol=r[12],
                doc_issuer=r[13],
                doc_title=r[14],
                doc_year=r[15],
                doc_date=_date(r[15], r[16], r[17]),
                doc_draft=is_draft(r[19], r[11]),
                doc_versions=versions.get(r[18], ()),
            )
        )
    return hits


# ----------------------------------------------------------------------------- export rows

RECORD_SQL = """
SELECT d.path AS source, d.sha256, d.system, d.doc_type, d.number AS doc_number,
       d.symbol AS doc_symbol, d.issuer, d.parent_issuer, d.place, d.year, d.month, d.day,
       d.title, d.draft, t.path AS task_path, t.number AS task_number, t.text,
       t.lead_raw,
       (SELECT group_concat(name, '; ') FROM (SELECT name FROM task_parties
            WHERE task_id = t.id AND role = 'lead' ORDER BY ord) AS l) AS leads,
       t.executors_raw,
       (SELECT group_concat(name, '; ') FROM (SELECT name FROM task_parties
            WHERE task_id = t.id AND role = 'executor' ORDER BY ord) AS e) AS executors,
       t.and_related, t.timeline_raw, t.timeline_kind, t.timeline_start, t.timeline_end,
       t.product,
       (SELECT group_concat(n, '; ') FROM (SELECT coalesce(r.number, r.name) AS n FROM task_refs tr
            JOIN refs r ON r.id = tr.ref_id WHERE tr.task_id = t.id ORDER BY r.key) AS r) AS refs
FROM tasks t JOIN documents d ON d.id = t.document_id
"""


def iter_task_records(
    conn: sqlite3.Connection, filters: Filters, text: str = ""
) -> Iterator[dict[str, Any]]:
    """Every task matching ``filters`` (and the words of ``text``, if any) as a flat dict,
    in document order."""
    clauses, params = where_clauses(filters)
    terms = query_terms(text)
    match = _with_columns(_all_of(terms, False) if terms else None, filters)
    if match is not None:
        clauses = [*clauses, "t.id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?)"]
        params = [*params, match]
    yield from record_rows(conn, clauses, params)


def record_rows(conn: Any, clauses: list[str], params: list[Any]) -> Iterator[dict[str, Any]]:
    """The export records of the tasks meeting ``clauses`` (on ``t`` and ``d``), in order."""
    cond = " WHERE " + " AND ".join(clauses) if clauses else ""
    cursor = conn.execute(f"{RECORD_SQL}{cond} ORDER BY d.path, t.ord", params)
    names = [c[0] for c in cursor.description]
    for row in cursor:
        record = dict(zip(names, row, strict=True))
        record["draft"] = bool(record["draft"])
        record["and_related"] = bool(record["and_related"])
        yield record
