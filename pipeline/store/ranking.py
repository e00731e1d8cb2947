"""The order of the hits inside a tier, the same on every store: BM25 over the folded
columns of the candidates a tier's index lookup found.

The index (FTS5, or PostgreSQL's GIN) finds the newest
:data:`~pipeline.store.search.RANK_WINDOW` tasks of a tier; they are scored here from their
folded columns: per query word, a BM25 term weight (frequency saturating with ``K1``, the
column's length against the candidates' mean with ``B``), summed over the columns with
:data:`COLUMN_WEIGHTS` (task text weighs most, context least), averaged over the words. The
inverse document frequency is left out: every candidate of a tier holds every word, so it
would only weigh one word's repetitions against another's, and counting a common word's
documents reads its whole posting list (what FTS5's ``bm25()`` does on every query: tens of
milliseconds a million tasks). A query with abbreviation variants takes its best spelling.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from pipeline.store.textkeys import BARRIER, abbreviation_variants

__all__ = [
    "COLUMN_WEIGHTS",
    "FOLDED_COLUMNS",
    "NEAR_WINDOW",
    "NEAR_MAX_TERMS",
    "spellings",
    "score_rows",
    "ranked",
    "tiered",
    "near_match",
    "run_pattern",
]

COLUMN_WEIGHTS = (1.0, 0.6, 0.6, 0.25)  # text, lead, executors, context
FOLDED_COLUMNS = "text_fold, lead_fold, executors_fold, context_fold"
K1, B = 1.2, 0.75
NEAR_WINDOW = 8  # FTS5's NEAR: at most this many other words between the first and the last
NEAR_MAX_TERMS = 3  # the NEAR tier is for queries of 2 to this many words
_TOKEN_RE = re.compile(rf"[^\W_]+|{BARRIER}")


def spellings(terms: list[str]) -> list[list[str]]:
    """The query's words and each abbreviation variant's words (barriers left out)."""
    variants = [[w for w in v if w != BARRIER] for v in abbreviation_variants(terms)]
    return [terms, *(v for v in variants if v and v != terms)]


def _frequency(counts: Counter[str], term: str, prefix: bool) -> int:
    if not prefix:
        return counts.get(term, 0)
    return sum(n for w, n in counts.items() if w.startswith(term))


def score_rows(
    rows: Sequence[Sequence[Any]], sequences: list[list[str]], prefix: bool
) -> dict[int, float]:
    """``{id: score}`` (higher is better) for rows ``(id, text, lead, executors, context)``
    of folded columns; the last word of each spelling is a prefix when ``prefix``.

    >>> rows = [(1, "dan van kheo dan van", "", "", ""), (2, "ban dan van", "", "", "x y")]
    >>> s = score_rows(rows, [["dan", "van"]], False)
    >>> s[1] > s[2] > 0
    True
    """
    if not rows or not sequences:
        return {}
    # only a column holding a query word as a substring is searched for its words (in C)
    exact = {t for seq in sequences for t in (seq if not prefix else seq[:-1])}
    starts = {seq[-1] for seq in sequences} if prefix else set()
    terms = sorted(exact | starts, key=len, reverse=True)
    alternatives = [re.escape(t) + r"\b" for t in sorted(exact, key=len, reverse=True)]
    alternatives += [re.escape(t) + r"\w*" for t in sorted(starts, key=len, reverse=True)]
    words_re = re.compile(r"\b(?:" + "|".join(alternatives) + ")")
    empty: Counter[str] = Counter()

    def found(column: str) -> Counter[str]:
        for t in terms:
            if t in column:
                return Counter(words_re.findall(column))
        return empty

    counted = [(r[0], [found(c or "") for c in r[1:5]]) for r in rows]
    lengths = [[(c or "").count(" ") + 1 for c in r[1:5]] for r in rows]
    mean = [max(1.0, sum(col) / len(lengths)) for col in zip(*lengths, strict=True)]
    out: dict[int, float] = {}
    for (row_id, cols), lens in zip(counted, lengths, strict=True):
        totals = [0.0] * len(sequences)
        for weight, counts, n, avg in zip(COLUMN_WEIGHTS, cols, lens, mean, strict=True):
            if not counts:
                continue
            norm = K1 * (1 - B + B * n / avg)
            for i, seq in enumerate(sequences):
                last = len(seq) - 1
                for k, term in enumerate(seq):
                    tf = _frequency(counts, term, prefix and k == last)
                    if tf:
                        totals[i] += weight * tf * (K1 + 1) / (tf + norm)
        out[row_id] = max(t / len(seq) for t, seq in zip(totals, sequences, strict=True))
    return out


def _folded(conn: Any, ids: Sequence[int]) -> list[Any]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return conn.execute(
        f"SELECT id, {FOLDED_COLUMNS} FROM tasks WHERE id IN ({marks})", list(ids)
    ).fetchall()


def ranked(
    conn: Any, ids: Sequence[int], sequences: list[list[str]], prefix: bool
) -> list[tuple[int, float]]:
    """``ids`` best first as ``(id, -score)`` (lower is better, as ``bm25()`` gives), the
    newest first on ties."""
    scores = score_rows(_folded(conn, ids), sequences, prefix)
    return sorted(((i, -scores.get(i, 0.0)) for i in ids), key=lambda r: (r[1], -r[0]))


def near_match(columns: Sequence[str], terms: list[str], prefix: bool) -> bool:
    """Whether some column holds every term with at most :data:`NEAR_WINDOW` other words
    between the first and the last (FTS5's ``NEAR``; the last term may be a prefix)."""
    # a column missing a term, even inside a longer word, cannot hold them all
    held = [text for text in columns if all(t in text for t in terms)]
    return _near([_TOKEN_RE.findall(text) for text in held], terms, prefix)


def _near(columns: Sequence[list[str]], terms: list[str], prefix: bool) -> bool:
    """:func:`near_match` on columns split into their words."""
    n = len(terms)
    for words in columns:
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


_GAP = rf"(?:(?!{BARRIER})[\W_])"  # a character between two words of one clause


@functools.lru_cache(maxsize=1024)
def run_pattern(seq: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    """A pattern finding ``seq`` as consecutive words of a folded text (the clause barrier a
    word of its own), the last word as a prefix when ``prefix`` (its match then runs to the
    word's end): where ``seq`` joined by spaces occurs in the text's words joined by spaces,
    found without splitting the text. Tiers test it; snippets mark its matches."""
    parts = []
    for k, word in enumerate(seq):
        if k:  # two words need a separator between them; the barrier may touch a word
            both_words = BARRIER not in (word, seq[k - 1])
            parts.append(_GAP + ("+" if both_words else "*"))
        parts.append(BARRIER if word == BARRIER else re.escape(word))
    if seq[0] != BARRIER:  # no word character before: checked after the word, so that the
        parts[0] += rf"(?<![^\W_]{parts[0]})"  # pattern starts with a literal (scanned fast)
    if seq[-1] == BARRIER:
        tail = ""
    else:
        tail = r"[^\W_]*" if prefix else r"(?![^\W_])"
    return re.compile("".join(parts) + tail)


def _holds_run(columns: Sequence[str], seqs: Sequence[Sequence[str]], prefix: bool) -> bool:
    """Whether some column holds some sequence of ``seqs`` as consecutive words."""
    patterns = [run_pattern(tuple(seq), prefix) for seq in seqs]
    return any(p.search(c) for c in columns if c for p in patterns)


def tiered(
    conn: Any, ids: Sequence[int], terms: list[str], prefix: bool
) -> list[tuple[int, float]]:
    """Candidates holding all the words (``ids``, found by the index) best first as
    ``(id, -score)``: the tiers of the ranking contract, judged on the folded columns (the
    words, or an abbreviation variant, as a phrase; all within :data:`NEAR_WINDOW` words in
    one column; anywhere), BM25 inside a tier, the newest first on ties. Positions are
    checked here, on these rows only: an index phrase query reads the positions of every
    task holding a common word (a tenth of a second a million tasks)."""
    rows = _folded(conn, ids)
    sequences = [terms, *abbreviation_variants(terms)]
    singles = [[[t], *abbreviation_variants([t])] for t in terms]
    last = len(terms) - 1
    tiers: dict[int, int] = {}
    for r in rows:
        columns = r[1:5]
        if _holds_run(columns, sequences, prefix):
            tiers[r[0]] = 0
        elif 1 < len(terms) <= NEAR_MAX_TERMS and near_match([c or "" for c in columns], terms, prefix):
            tiers[r[0]] = 1
        elif all(_holds_run(columns, singles[k], prefix and k == last) for k in range(len(terms))):
            tiers[r[0]] = 2
    scores = score_rows([r for r in rows if r[0] in tiers], spellings(terms), prefix)
    chosen = [i for i in ids if i in tiers]
    return [
        (i, -scores.get(i, 0.0))
        for i in sorted(chosen, key=lambda i: (tiers[i], -scores.get(i, 0.0), -i))
    ]
