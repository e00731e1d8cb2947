"""The page models: source pieces, paragraphs outside the tasks, labels, search form."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.web.compare import Paragraph, diff_outside, outside_paragraphs
from pipeline.web.labels import doc_number, highlight, plan_date, vn_date
from pipeline.web.plan import anchor, source_pieces
from pipeline.web.views import SearchForm

TEXT = "I. Mục đích\nNâng cao nhận thức.\n1. Làm việc A\nChủ trì: Phòng X"
PLAN = {
    "sections": [{"path": "I", "span": [0, len(TEXT)]}],
    "tasks": [
        {
            "path": "I/1",
            "span": [TEXT.index("1. Làm"), len(TEXT)],
            "lead": {"span": [TEXT.index("Phòng"), len(TEXT)]},
        }
    ],
}


def test_pieces_rebuild_the_text_and_know_their_spans():
    pieces = source_pieces(TEXT, PLAN)
    assert "".join(p.text for p in pieces) == TEXT
    lead = next(p for p in pieces if "lead" in p.kinds)
    assert lead.text == "Phòng X" and lead.kinds == ("task", "lead") and lead.task == "I/1"
    assert [p.starts for p in pieces if p.starts] == ["I/1"]
    assert pieces[0].section == "I"


def test_pieces_ignore_spans_outside_the_text():
    plan = {"tasks": [{"path": "I/1", "span": [5, 999]}, {"path": "I/2", "span": [3, 1]}]}
    assert "".join(p.text for p in source_pieces(TEXT, plan)) == TEXT


def test_outside_paragraphs_and_their_diff():
    old = outside_paragraphs(TEXT, PLAN)
    assert old == [Paragraph("I", "Nâng cao nhận thức.")]
    new = [Paragraph("I", "Nâng cao hơn nữa nhận thức."), Paragraph("I", "Bảo đảm kinh phí.")]
    changes = diff_outside(old, new)
    assert [c.change for c in changes] == ["modified", "added"]
    assert ("insert", "", "hơn nữa ") in changes[0].edits


@pytest.mark.parametrize(
    ("fn", "args", "expected"),
    [
        (vn_date, ("2024-06-30",), "30/06/2024"),
        (vn_date, ("2024-06",), "06/2024"),
        (vn_date, (None,), ""),
        (plan_date, (2023, None, None), "2023"),
        (plan_date, (2023, 2, 5), "05/02/2023"),
        (doc_number, ("12", "KH/TU"), "12-KH/TU"),
        (doc_number, ("12", "KH-UBND"), "12/KH-UBND"),
        (doc_number, (None, "KH/BCĐ"), "…/KH/BCĐ"),
        (anchor, ("II/1/1.4",), "II-1-1_4"),
    ],
)
def test_labels(fn, args, expected):
    assert fn(*args) == expected


def test_highlight_escapes_everything_but_its_marks():
    assert str(highlight("a \x02<b>\x03 <i>")) == "a <mark>&lt;b&gt;</mark> &lt;i&gt;"


@pytest.mark.parametrize(
    ("han", "due"),
    [
        ("thang-nay", ("2024-02-01", "2024-02-29")),
        ("quy-nay", ("2024-01-01", "2024-03-31")),
        ("30-ngay", ("2024-02-10", "2024-03-11")),
        ("qua-han", (None, "2024-02-09")),
        ("", (None, None)),
    ],
)
def test_due_windows(han, due):
    assert SearchForm(han=han).due_range(date(2024, 2, 10)) == due


def test_search_form_url_round_trip():
    form = SearchForm.from_params({"q": "dân vận", "nam": "2024", "n": "9999"})
    assert form.n == 500
    assert (
        SearchForm.from_params(dict(p.split("=") for p in form.url()[1:].split("&"))).nam == "2024"
    )


class _FakeStore:
    """Answers whole-word and prefix searches from two fixed lists, and counts the calls."""

    def __init__(self, exact, prefixed):
        self.exact, self.prefixed, self.calls = exact, prefixed, []

    def search(self, query):
        self.calls.append(query.prefix)
        hits = self.prefixed if query.prefix else self.exact
        return [type("H", (), {"task_id": i})() for i in hits][: query.limit]


@pytest.mark.parametrize(
    ("text", "exact", "prefixed", "ids", "calls"),
    [
        ("dan van", [1, 2, 3], [9, 1, 2, 3], [1, 2, 3], [False]),  # whole words fill the page
        ("chuyen d", [4], [5, 4, 6, 7], [4, 5, 6], [False, True]),  # completions after them
        ("chuyen ", [4], [5, 4], [4], [False]),  # a space ends the word
    ],
)
def test_whole_words_first_then_completions(text, exact, prefixed, ids, calls):
    from pipeline.store import SearchQuery
    from pipeline.web.views import _typed_search

    store = _FakeStore(exact, prefixed)
    hits = _typed_search(store, SearchQuery(text, limit=3, prefix=True))
    assert [h.task_id for h in hits] == ids
    assert store.calls == calls
