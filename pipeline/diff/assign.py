"""Global one-to-one assignment: the pairs of old and new items with the largest total gain.

:func:`best_pairs` solves the assignment problem exactly with the Hungarian method
(shortest augmenting paths with potentials, O(n²·m)); pairs whose gain is not positive are
"no match" (the item was added or removed). :func:`components` splits a sparse problem into
independent parts first, so the cubic step only ever sees a few items at a time. A part larger
than ``BLOCK`` items (a plan of a thousand near-identical tasks) is first thinned by fixing its
mutually best pairs, a few rounds, then the rest greedily, best gain first: n·log n instead of
the cubic exact solution, which would take hours there.

>>> best_pairs([[0.9, 0.8], [0.85, 0.1]])   # greedy would take (0, 0) and leave (1, 1) at 0.1
[(0, 1), (1, 0)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

__all__ = ["best_pairs", "sparse_best_pairs", "components", "BLOCK"]

_INF = float("inf")
BLOCK = 150  # items (rows + columns) of a part solved exactly; about a second at worst
_ROUNDS = 8  # rounds of mutually best pairs on a larger part before the greedy rest


def best_pairs(gains: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Row/column pairs maximizing the summed gain; a row may stay unpaired (gain ≤ 0).

    Args:
        gains: a rectangular matrix, ``gains[i][j]`` the benefit of pairing row i with column j.

    Returns:
        ``(row, col)`` pairs sorted by row, each with a positive gain.
    """
    n = len(gains)
    m = len(gains[0]) if n else 0
    if not n or not m:
        return []
    if n > m:
        flipped = _hungarian([[-max(0.0, gains[i][j]) for i in range(n)] for j in range(m)])
        pairs = [(i, j) for j, i in flipped]
    else:
        pairs = _hungarian([[-max(0.0, g) for g in row] for row in gains])
    return sorted((i, j) for i, j in pairs if gains[i][j] > 0)


def _hungarian(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row (n ≤ m) to a distinct column."""
    n, m = len(cost), len(cost[0])
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: the row (1-based) holding column j, 0 when free
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [_INF] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            row = cost[i0 - 1]
            ui0 = u[i0]
            delta = _INF
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]


def components(edges: Iterable[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Connected parts of a bipartite graph: ``[(rows, cols), ...]`` in first-seen order."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for i, j in edges:
        a, b = ("r", i), ("c", j)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in parent:
        rows, cols = groups.setdefault(find(node), ([], []))
        (rows if node[0] == "r" else cols).append(node[1])
    return [(sorted(rows), sorted(cols)) for rows, cols in groups.values()]


def sparse_best_pairs(
    gains: Mapping[tuple[int, int], float], *, block: int = BLOCK
) -> list[tuple[int, int]]:
    """:func:`best_pairs` over a sparse ``{(row, col): gain}``, one component at a time.

    Exact for every component of at most ``block`` rows and columns; a larger one is thinned
    first (see the module docstring).
    """
    positive = {edge: g for edge, g in gains.items() if g > 0}
    return sorted(_solve(positive, block, _ROUNDS))


def _solve(
    edges: Mapping[tuple[int, int], float], block: int, rounds: int
) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    parts = components(edges)
    large: dict[int, dict[tuple[int, int], float]] = {}  # the edges of each large part
    part_of: dict[int, int] = {}
    for k, (rows, cols) in enumerate(parts):
        if len(rows) == 1 and len(cols) == 1:
            pairs.append((rows[0], cols[0]))
        elif len(rows) + len(cols) <= block:
            matrix = [[edges.get((i, j), 0.0) for j in cols] for i in rows]
            pairs.extend((rows[a], cols[b]) for a, b in best_pairs(matrix))
        else:
            large[k] = {}
            part_of.update((i, k) for i in rows)
    for (i, j), g in edges.items():
        k = part_of.get(i)
        if k is not None:
            large[k][(i, j)] = g
    for part in large.values():
        pairs.extend(_thin(part, block, rounds))
    return pairs


def _thin(edges: Mapping[tuple[int, int], float], block: int, rounds: int) -> list[tuple[int, int]]:
    """Pairs of one large component: mutually best pairs, then the rest solved again."""
    if rounds <= 0:
        return _greedy(edges)
    best_row: dict[int, tuple[float, int]] = {}
    best_col: dict[int, tuple[float, int]] = {}
    for (i, j), g in edges.items():  # ties: the lower index wins, so the result is stable
        if (g, -j) > best_row.get(i, (-_INF, 0)):
            best_row[i] = (g, -j)
        if (g, -i) > best_col.get(j, (-_INF, 0)):
            best_col[j] = (g, -i)
    fixed = [(i, -mj) for i, (_, mj) in best_row.items() if -best_col[-mj][1] == i]
    used_rows, used_cols = {i for i, _ in fixed}, {j for _, j in fixed}
    rest = {e: g for e, g in edges.items() if e[0] not in used_rows and e[1] not in used_cols}
    return fixed + _solve(rest, block, rounds - 1)


def _greedy(edges: Mapping[tuple[int, int], float]) -> list[tuple[int, int]]:
    """Best gain first, each row and column once."""
    used_rows: set[int] = set()
    used_cols: set[int] = set()
    pairs = []
    for (i, j), _ in sorted(edges.items(), key=lambda item: (-item[1], item[0])):
        if i not in used_rows and j not in used_cols:
            used_rows.add(i)
            used_cols.add(j)
            pairs.append((i, j))
    return pairs
