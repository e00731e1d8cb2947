"""The newest tasks matching a ``tsquery`` and the filters, on PostgreSQL: the one question
every search tier asks (:func:`newest`), answered the cheapest of three ways.

- **Walk** the newest rows of ``task_search`` (the vectors and the filtered columns, apart from
  the wide rows of ``tasks``) backwards by id, checking each: cost grows with the rows read,
  so it suits common words (the newest 100 matches of ``dan van`` lie in the newest 300).
- **Index**: read the GIN index, then every row holding all the query's words (the index
  cannot check phrases or columns, so rows holding the words anywhere are all read): cost
  grows with those rows, so it suits rare words.
- **Filter first**: read the ids a filter's own index selects (``(timeline_end, id)`` and
  ``(timeline_kind, id)``, index-only), newest first, and check the words of those rows
  until enough are found: suits a selective filter over common words (``bao cao`` due in the
  first half of 2024).

PostgreSQL's planner chooses between the first two itself, by the number of matches it
expects; but it takes words as independent, and for words that go together (``kiem tra giam
sat``) it expects thirty times too few matches and reads 40,000 rows for 100 (a quarter of a
second a million tasks). So the choice is made here, from a sample: :data:`PROBE_ROWS` newest
tasks are walked first, which is all that common words need; when they hold too few matches,
the same rows tell how many hold the words and how many pass the filters, and those shares,
times the rows left (ids are about dense: the id the walk stopped at is about the rows left
below it) and the measured costs below, choose the way for the rest. The estimate can be
wrong by the sample's noise, never by the words' correlation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["newest", "index_form", "PROBE_ROWS"]

PROBE_ROWS = 1_000
# microseconds, measured on the 1,000,000-task bench database (PostgreSQL 15, 2 cores)
WALK_COST = 2.5  # a row walked: its heap tuple read and its vector checked
INDEX_COST = 7.0  # a row read through the GIN index (posting lists, then the heap) and checked
CANDIDATE_COST = 0.3  # an id read from a filter's index (index only) and sorted
CHECK_COST = 6.0  # a candidate checked for the words: primary key, heap tuple, vector
DOCUMENT_COST = 3.0  # extra per candidate when a filter is on the document (no index-only path)
MAX_CANDIDATES = 200_000  # past this, filter-first is not tried (its index read grows with them)

_WALK_COLUMNS = "id, document_id, search, timeline_end, timeline_kind"
_LABEL_RE = re.compile(r"(?<=')(:\*?)[A-D]+")
_DOCUMENT_RE = re.compile(r"\bd\.")

Where = tuple[list[str], list[Any]]


@dataclass(frozen=True, slots=True)
class _Query:
    parse: str  # to_tsquery or websearch_to_tsquery
    tsquery: str
    clauses: list[str]
    params: list[Any]

    @property
    def on_documents(self) -> bool:
        """Whether a filter is on the document (``d``)."""
        return any(_DOCUMENT_RE.search(c) for c in self.clauses)

    @property
    def words(self) -> str:
        return f"t.search @@ {self.parse}('simple', ?)"

    @property
    def passing(self) -> str:
        """The filters as one condition on a row ``t`` of ``task_search`` (``true`` when none):
        those on the document looked up by its primary key, row by row, in one subquery. A
        join would let the planner hash every document that passes (a scan of the documents
        table, 40 ms for an issuer among 70,000) to keep a few hundred tasks."""
        tasks: list[str] = []
        documents: list[str] = []
        for clause in self.clauses:
            (documents if _DOCUMENT_RE.search(clause) else tasks).append(clause)
        if documents:
            found = " AND ".join(documents)
            tasks.append(
                f"coalesce((SELECT {found} FROM documents d WHERE d.id = t.document_id), false)"
            )
        return " AND ".join(tasks) or "true"

    @property
    def ordered_params(self) -> list[Any]:
        """``params`` in the order of :attr:`passing`'s placeholders (document filters last)."""
        tasks: list[Any] = []
        documents: list[Any] = []
        params = iter(self.params)
        for clause in self.clauses:
            taken = [next(params) for _ in range(clause.count("?"))]
            (documents if _DOCUMENT_RE.search(clause) else tasks).extend(taken)
        return tasks + documents

    @property
    def filters(self) -> str:
        return "" if not self.clauses else " AND " + self.passing


def index_form(tsquery: str) -> str:
    """What the GIN index can answer of a ``to_tsquery`` text: its words, without phrase
    operators or column labels (a prefix mark kept).

    >>> index_form("('ban':B <-> 'dan':B <-> 'van':*B) & 'mo'")
    "('ban' & 'dan' & 'van':*) & 'mo'"
    """
    return _LABEL_RE.sub(lambda m: m.group(1) if m.group(1) != ":" else "", tsquery).replace(
        " <-> ", " & "
    )


def newest(
    conn: Any, tsquery: str, where: Where, limit: int, *, websearch: bool = False
) -> list[int]:
    """The ids of the newest ``limit`` tasks matching ``tsquery`` (``to_tsquery`` text, or
    ``websearch_to_tsquery`` text when ``websearch``) and the SQL conditions ``where`` on
    ``t`` (a row of ``task_search``: ``id``, ``document_id``, ``timeline_end``,
    ``timeline_kind``) and ``d`` (documents), newest first (see the module docstring)."""
    q = _Query("websearch_to_tsquery" if websearch else "to_tsquery", tsquery, *where)
    found, below = _walk(conn, q, limit, None, PROBE_ROWS)
    if below is None:  # enough, or the walk read every task
        return found
    held, passed, probed = _probe(conn, q, tsquery if websearch else index_form(tsquery))
    walked = PROBE_ROWS
    while True:
        need = limit - len(found)
        density = len(found) / walked
        walk = need / density * WALK_COST if density else math.inf
        indexed = held / probed * below * INDEX_COST
        share = len(found) / passed if passed else 0.0  # of the rows filtered, those matching
        first = _filter_first_cost(q, (passed + 0.5) / probed * below, share, need)
        if walk > min(indexed, first):
            if first < indexed:
                return found + _filter_first(conn, q, need, below, share)
            return found + _indexed(conn, q, need, below)
        # twice the rows expected to be enough; four times those walked when none was met
        rows = min(below, int(2 * need / density) + 1 if density else 4 * walked)
        got, below = _walk(conn, q, need, below, rows)
        found += got
        walked += rows
        if below is None:
            return found


def _filter_first_cost(q: _Query, candidates: float, share: float, need: int) -> float:
    """Estimated cost of filter-first: reading the ids of about ``candidates`` tasks, and
    checking them until ``need`` hold the words (all of them when no ``share`` is known)."""
    if not q.clauses or candidates > MAX_CANDIDATES:
        return math.inf
    checked = min(candidates, need / share) if share else candidates
    per_id = CANDIDATE_COST + (DOCUMENT_COST if q.on_documents else 0.0)
    return candidates * per_id + checked * CHECK_COST


def _walk(
    conn: Any, q: _Query, need: int, below: int | None, rows: int
) -> tuple[list[int], int | None]:
    """The newest ``need`` matches among the ``rows`` newest tasks below ``below``, and the
    smallest id of those rows (None when ``need`` were found or the rows reach the first
    task)."""
    fence, bound = _newest_rows(below, rows)
    sql = f"SELECT t.id FROM {fence} t WHERE {q.words}{q.filters} ORDER BY t.id DESC LIMIT ?"
    got = [r[0] for r in conn.execute(sql, [*bound, q.tsquery, *q.ordered_params, need]).fetchall()]
    if len(got) >= need:
        return got, None
    low, count = conn.execute(f"SELECT min(id), count(*) FROM {fence} s", bound).fetchone()
    return got, (low if count == rows else None)


def _newest_rows(below: int | None, rows: int) -> tuple[str, list[Any]]:
    """The ``rows`` newest rows of ``task_search`` below ``below`` as a subquery, and its
    parameters. Its ``LIMIT`` keeps the planner from reading the GIN index instead."""
    if below is None:
        return f"(SELECT {_WALK_COLUMNS} FROM task_search ORDER BY id DESC LIMIT ?)", [rows]
    fence = f"(SELECT {_WALK_COLUMNS} FROM task_search WHERE id < ? ORDER BY id DESC LIMIT ?)"
    return fence, [below, rows]


def _probe(conn: Any, q: _Query, words: str) -> tuple[int, int, int]:
    """Among the :data:`PROBE_ROWS` newest tasks: how many hold ``words`` (the query's
    :func:`index_form`), how many pass the filters, and how many there are."""
    fence, bound = _newest_rows(None, PROBE_ROWS)
    held, passed, rows = conn.execute(
        f"SELECT count(*) FILTER (WHERE {q.words}), count(*) FILTER (WHERE {q.passing}),"
        f" count(*) FROM {fence} t",
        [words, *q.ordered_params, *bound],
    ).fetchone()
    return held, passed, max(rows, 1)


def _indexed(conn: Any, q: _Query, need: int, below: int) -> list[int]:
    """The newest ``need`` matches below ``below`` through the GIN index: every match is
    read, then the newest kept (the materialized set keeps the planner from walking)."""
    sql = (
        f"WITH m AS MATERIALIZED (SELECT t.id FROM task_search t"
        f" WHERE {q.words}{q.filters} AND t.id < ?) SELECT id FROM m ORDER BY id DESC LIMIT ?"
    )
    return [r[0] for r in conn.execute(sql, [q.tsquery, *q.ordered_params, below, need]).fetchall()]


def _filter_first(conn: Any, q: _Query, need: int, below: int, share: float) -> list[int]:
    """The newest ``need`` matches below ``below`` among the newest ids the filters select
    (read from the filters' indexes, sorted), twice as many as the share of matches met so
    far (``share``, 0 when none was met) says is enough, each checked for the words until
    ``need`` hold them; doubled while too few hold them and the filters select more."""
    size = max(256, int(2 * need / share) + 1) if share else 4 * max(need, 256)
    newest = f"SELECT t.id FROM task_search t WHERE t.id < ?{q.filters} ORDER BY t.id DESC LIMIT ?"
    sql = (
        f"SELECT t.id FROM ({newest}) c JOIN task_search t ON t.id = c.id WHERE {q.words}"
        " ORDER BY t.id DESC LIMIT ?"
    )
    while True:
        found = [
            r[0]
            for r in conn.execute(sql, [below, *q.ordered_params, size, q.tsquery, need]).fetchall()
        ]
        if len(found) >= need:
            return found
        (selected,) = conn.execute(
            f"SELECT count(*) FROM ({newest}) c", [below, *q.ordered_params, size]
        ).fetchone()
        if selected < size:  # every id the filters select was checked
            return found
        size *= 2
