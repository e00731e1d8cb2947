from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.store import Filters, SearchQuery
from pipeline.store.options import build_filters
from pipeline.store.pg_search import near_match
from pipeline.store.rows import plan_rows
from pipeline.store.search import HL_END, HL_START, match_tiers
from pipeline.store.sqlite import SqliteStore
from pipeline.store.sqlstore import SqlStore
from pipeline.store.textkeys import BARRIER, query_terms


def ids(store: SqliteStore, text: str, **filters: str | None) -> list[int]:
    return [h.task_id for h in store.search(SearchQuery(text, build_filters(**filters), limit=500))]


@pytest.mark.parametrize(
    "variants",
    [
        ("dan van", "dân vận", "DÂN VẬN", "Dân Vận"),
        ("dau tu", "đầu tư", "ĐẦU TƯ", "Đầu tư"),
        ("chuyen doi so", "chuyển đổi số"),
        ("uy ban nhan dan", "Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ],
)
def test_accents_and_case_do_not_matter(
    loaded_store: SqliteStore, variants: tuple[str, ...]
) -> None:
    results = [ids(loaded_store, v) for v in variants]
    assert results[0], f"{variants[0]!r} finds nothing"
    assert all(r == results[0] for r in results)


def test_dau_tu_finds_the_d_stroke(loaded_store: SqliteStore) -> None:
    hits = loaded_store.search(SearchQuery("dau tu"))
    assert "Đầu tư" in hits[0].text or "đầu tư" in hits[0].text


def _tiers_in_python(store: SqlStore, terms: list[str]) -> tuple[set[int], set[int]]:
    """The tasks holding the words as a phrase, and within 8 words, computed from the
    stored folded columns without the search engine."""
    phrase, near = set(), set()
    for task_id, *columns in store.conn.execute(
        "SELECT id, text_fold, lead_fold, executors_fold, context_fold FROM tasks"
    ).fetchall():
        for column in columns:
            words = re.findall(rf"[^\W_]+|{BARRIER}", column)
            if any(words[i : i + len(terms)] == terms for i in range(len(words))):
                phrase.add(task_id)
        if near_match(tuple(columns), terms, False):
            near.add(task_id)
    return phrase, near


def test_phrase_matches_rank_first(loaded_store: SqlStore) -> None:
    hits = [h.task_id for h in loaded_store.search(SearchQuery("dan van", limit=100))]
    phrase, near = _tiers_in_python(loaded_store, ["dan", "van"])
    if isinstance(loaded_store, SqliteStore):  # the same sets as FTS5's own operators
        raw = {h.task_id for h in loaded_store.search(SearchQuery('"dan van"', raw=True, limit=100))}
        assert raw == phrase
        raw = {
            h.task_id
            for h in loaded_store.search(SearchQuery("NEAR(dan van, 8)", raw=True, limit=100))
        }
        assert raw == near
    assert phrase and len(hits) > len(near) > len(phrase)
    assert set(hits[: len(phrase)]) == phrase
    assert set(hits[: len(near)]) == near


def test_phrases_do_not_span_clause_ends(store: SqliteStore) -> None:
    texts = ["Báo cáo Ban Thường vụ Huyện ủy, Ban Tuyên giáo.", "Ủy ban nhân dân huyện báo cáo.",
             "Phòng Tài chính - Kế hoạch thẩm định."]  # fmt: skip
    plan = {"tasks": [{"path": str(i), "text": t} for i, t in enumerate(texts)]}
    store.write_document(plan_rows(plan, sha256="h", pipeline_version="v"), ["/p"])
    phrase = [h.text for h in store.search(SearchQuery('"uy ban"', raw=True))]
    assert phrase == [texts[1]]
    assert len(store.search(SearchQuery("uy ban"))) == 2  # the other one in a lower tier
    assert [h.text for h in store.search(SearchQuery('"tai chinh ke hoach"', raw=True))] == [
        texts[2]
    ]


def test_snippet_highlights_the_original_text(loaded_store: SqliteStore) -> None:
    hit = loaded_store.search(SearchQuery("DAN VAN KHEO"))[0]
    assert f"{HL_START}Dân vận khéo{HL_END}" in hit.snippet


def test_abbreviation_matches_long_form(loaded_store: SqliteStore) -> None:
    long = {
        h.task_id
        for h in loaded_store.search(SearchQuery('"uy ban nhan dan"', raw=True, limit=500))
    }
    short = set(ids(loaded_store, "ubnd"))
    assert long and long <= short


def test_prefix_search_as_you_type(loaded_store: SqliteStore) -> None:
    assert not ids(loaded_store, "mo hin")
    typed = loaded_store.search(SearchQuery("mô hìn", prefix=True, limit=100))
    assert set(ids(loaded_store, "mo hinh")) <= {h.task_id for h in typed}


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        ({"lead": "ban dan van"}, lambda h: any("Dân vận" in p for p in h.leads)),
        ({"lead": "BAN DÂN VẬN huyện ủy"}, lambda h: "Ban Dân vận Huyện ủy" in h.leads),
        (
            {"executor": "phong tu phap"},
            lambda h: "Tư pháp" in " ".join(h.executors) + (h.executors_raw or ""),
        ),
        (
            {"issuer": "ubnd tinh quang tri"},
            lambda h: h.doc_issuer == "Ủy ban nhân dân tỉnh Quảng Trị",
        ),
        ({"year": "2023"}, lambda h: h.doc_year == 2023),
        ({"year": "2024-2025"}, lambda h: h.doc_year == 2024),
        (
            {"due_from": "2024-04-01", "due_to": "30/6/2024"},
            lambda h: "2024-04-01" <= h.timeline_end <= "2024-06-30",
        ),
        ({"kind": "quarter"}, lambda h: h.timeline_kind == "quarter"),
        ({"ref": "120/kl-tw"}, lambda h: "120-KL/TW" in h.references),
    ],
)
def test_filters(loaded_store: SqliteStore, filters: dict[str, str], check) -> None:  # noqa: ANN001
    hits = loaded_store.search(SearchQuery("", build_filters(**filters), limit=500))
    assert hits
    assert all(check(h) for h in hits)


def test_filters_combine_with_words(loaded_store: SqliteStore) -> None:
    everything = ids(loaded_store, "dan van")
    filtered = ids(loaded_store, "dan van", year="2024", lead="ban dan van")
    assert filtered and set(filtered) < set(everything)


def test_filters_without_words_list_the_newest_first(loaded_store: SqliteStore) -> None:
    hits = loaded_store.search(SearchQuery("", Filters(year_from=2000), limit=1000))
    assert len(hits) == loaded_store.counts()["tasks"]
    assert [h.task_id for h in hits] == sorted((h.task_id for h in hits), reverse=True)


HOSTILE = [
    '"', '""', "'", "*", "**", "(", ")", "((a", "a)", "AND", "OR", "NOT", "NEAR", "NEAR(",
    "a AND", "OR b", "NOT NOT", "text:", "text:dan", "lead:(", "{text lead}: x", "^dan", "dan +van",
    "-dan", "dan*van", '"dan van', "dan van\"*", "\\", "%", "_", "'; DROP TABLE tasks; --",
    "\x00", "\u200b", "🙂", "dân vận\n", "a" * 5000,
]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_text(loaded_store: SqliteStore, query: str) -> None:
    words = " ".join(query_terms(query))
    assert ids(loaded_store, query) == ids(loaded_store, words)  # only the words count
    if not words:
        assert ids(loaded_store, query) == []  # no words, no filter: nothing, not everything
    hostile = Filters(lead=query, issuer=query, ref=query)
    plain = Filters(lead=words, issuer=words, ref=words)
    found = [h.task_id for h in loaded_store.search(SearchQuery(query, hostile, limit=500))]
    assert found == [h.task_id for h in loaded_store.search(SearchQuery(words, plain, limit=500))]
    assert loaded_store.counts()["tasks"] == 73


def test_a_query_without_words_finds_nothing_unless_filtered(loaded_store: SqliteStore) -> None:
    for query in ("", " ", '"', "***", "()", "🙂"):
        assert ids(loaded_store, query) == []
        assert loaded_store.search(SearchQuery(query, Filters(lead=query, ref=query))) == []
        assert len(ids(loaded_store, query, year="2024")) == 57
    assert loaded_store.search(SearchQuery(" ", raw=True)) == []


def test_hostile_words_are_found(loaded_store: SqliteStore) -> None:
    assert ids(loaded_store, '"dân vận*') == ids(loaded_store, "dan van")
    assert ids(loaded_store, '"dân vận*')


def test_hostile_words_still_match(loaded_store: SqliteStore) -> None:
    assert ids(loaded_store, '"dân vận') == ids(loaded_store, "dan van")
    assert ids(loaded_store, "text: (dân vận*") == ids(loaded_store, "text dan van")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40), st.booleans())
def test_any_query_is_safe(loaded_store: SqliteStore, query: str, prefix: bool) -> None:
    loaded_store.search(SearchQuery(query, Filters(lead=query), limit=5, prefix=prefix))


def test_raw_mode_passes_websearch_syntax_on_postgres(loaded_store: SqlStore) -> None:
    if isinstance(loaded_store, SqliteStore):
        pytest.skip("websearch syntax is PostgreSQL's --fts")
    both = ids(loaded_store, "", year="2000-")
    raw = {h.task_id for h in loaded_store.search(SearchQuery("dân or đầu", raw=True, limit=500))}
    assert raw and len(raw) < len(both)
    phrase = {h.task_id for h in loaded_store.search(SearchQuery('"dân vận"', raw=True, limit=500))}
    assert phrase == _tiers_in_python(loaded_store, ["dan", "van"])[0]


def test_raw_mode_passes_fts_syntax(loaded_sqlite: SqliteStore) -> None:
    loaded_store = loaded_sqlite
    both = ids(loaded_store, "", year="2000-")
    raw = {h.task_id for h in loaded_store.search(SearchQuery("dân OR đầu", raw=True, limit=500))}
    assert raw and len(raw) < len(both)
    lead_only = loaded_store.search(SearchQuery('lead : "dân vận"', raw=True, limit=500))
    assert lead_only and all("Dân vận" in (h.lead_raw or "") for h in lead_only)


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "(a", "nosuchcolumn : x"])
def test_raw_mode_errors_are_usage_errors(loaded_sqlite: SqliteStore, query: str) -> None:
    loaded_store = loaded_sqlite
    with pytest.raises(PipelineError) as err:
        loaded_store.search(SearchQuery(query, raw=True))
    assert err.value.code == "usage"


def test_match_tiers_quote_every_word() -> None:
    assert match_tiers('a" OR b') == ['"a or b"', 'NEAR("a" "or" "b", 8)', '"a" AND "or" AND "b"']
    assert match_tiers("***") == []


def test_near_tier_keeps_the_abbreviations(loaded_store: SqliteStore) -> None:
    assert match_tiers("ban dan van") == [
        '("ban dan van" OR "bdv")',
        '(NEAR("ban" "dan" "van", 8) OR "bdv")',
        '"ban" AND "dan" AND "van"',
    ]


def test_long_forms_also_match_their_abbreviation(store: SqliteStore) -> None:
    plan = {"tasks": [{"path": "1", "text": "Xác định Chỉ số CCHC năm 2024 của UBND các huyện"}]}
    store.write_document(plan_rows(plan, sha256="h", pipeline_version="v"), ["/p"])
    assert match_tiers("cai cach hanh chinh")[0] == '("cai cach hanh chinh" OR "cchc")'
    hit = store.search(SearchQuery("cải cách hành chính"))[0]
    assert f"{HL_START}CCHC{HL_END}" in hit.snippet
    hit = store.search(SearchQuery("uy ban nhan dan cac huyen"))[0]
    assert f"{HL_START}UBND các huyện{HL_END}" in hit.snippet


def test_lexicon_abbreviations_find_their_long_form(loaded_store: SqliteStore) -> None:
    hits = loaded_store.search(SearchQuery("pbgdpl", limit=500))
    spelled_out = {h.task_id for h in hits if "phổ biến, giáo dục pháp luật" in h.text}
    written = set(ids(loaded_store, "pho bien giao duc phap luat"))
    assert spelled_out and spelled_out <= written <= {h.task_id for h in hits}
    marked = f"{HL_START}phổ biến, giáo dục pháp luật{HL_END}"
    assert all(marked in h.snippet for h in hits if h.task_id in spelled_out)



def test_an_older_phrase_ranks_before_newer_scattered_words(store: SqlStore) -> None:
    texts = ["Tổ chức hội nghị sơ kết.", "Sơ kết, tổng kết hội nghị.", "Hội nghị: kết quả sơ bộ."]
    plan = {"tasks": [{"path": str(i), "text": t} for i, t in enumerate(texts)]}
    store.write_document(plan_rows(plan, sha256="h", pipeline_version="v"), ["/p"])
    found = [h.text for h in store.search(SearchQuery("hoi nghi so ket"))]
    assert found[0] == texts[0] and sorted(found) == sorted(texts)
