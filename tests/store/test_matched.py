"""Facet counts of one search (pipeline.store.matched) on every store: the same tasks as the
export selects, counted by year, issuer, type, party and timeline kind; bounded."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from pipeline.store import Filters, SearchQuery
from pipeline.store.sqlstore import SqlStore


def _expected(store: SqlStore, query: SearchQuery) -> dict[str, Counter[Any]]:
    out: dict[str, Counter[Any]] = {k: Counter() for k in ("years", "issuers", "leads", "kinds")}
    for r in store.iter_task_records(query.filters, query.text):
        out["years"][r["year"]] += r["year"] is not None
        out["issuers"][r["issuer"]] += r["issuer"] is not None
        out["kinds"][r["timeline_kind"]] += r["timeline_kind"] is not None
        for name in filter(None, (r["leads"] or "").split("; ")):
            out["leads"][name] += 1
    return {k: +v for k, v in out.items()}


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery("quán triệt"),
        SearchQuery("tuyen truyen"),
        SearchQuery("", Filters(year_from=2024, year_to=2024)),
        SearchQuery("kiểm tra", Filters(kind="year")),
    ],
    ids=["accents", "folded", "filters-only", "words-and-kind"],
)
def test_counts_are_those_of_the_matching_tasks(loaded_store: SqlStore, query: SearchQuery) -> None:
    facets = loaded_store.facet_counts(query, 10_000)
    expected = _expected(loaded_store, query)
    assert facets.complete and facets.counted == len(facets.tasks) > 0
    assert dict(facets.years) == expected["years"]
    assert dict(facets.issuers) == expected["issuers"]
    assert dict(facets.kinds) == expected["kinds"]
    assert dict(facets.leads) == expected["leads"]
    assert sum(n for _, n in facets.documents) == facets.counted


def test_the_window_counts_the_newest_matches(loaded_store: SqlStore) -> None:
    everything = loaded_store.facet_counts(SearchQuery("", Filters(year_from=2000)), 10_000)
    newest = loaded_store.facet_counts(SearchQuery("", Filters(year_from=2000)), 5)
    assert newest.counted == 5 and not newest.complete
    assert newest.tasks == frozenset(sorted(everything.tasks)[-5:])


def test_nothing_selected_counts_nothing(loaded_store: SqlStore) -> None:
    facets = loaded_store.facet_counts(SearchQuery(""), 100)
    assert facets.counted == 0 and facets.years == () and facets.complete
    assert loaded_store.facet_counts(SearchQuery("zzqqxx"), 100).counted == 0
