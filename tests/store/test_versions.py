"""A draft and its final version (issue 13 item 4): two documents, linked on ingest, shown by
``refs`` and search. On both stores; the real pair is the bundled corpus's draft and final."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.store import SearchQuery
from pipeline.store.ingest import ingest
from pipeline.store.render import render_citations, render_hits
from pipeline.store.rows import plan_rows
from pipeline.store.sqlstore import SqlStore

REPO = Path(__file__).resolve().parents[2]
SLUG = "2024-quang-tri-ubnd-cchc"


def _draft_of(plan: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(plan)
    out["document"].update({"draft": True, "number": None, **changes})
    return out


def _links(store: SqlStore) -> list[tuple[str, str]]:
    rows = store.conn.execute(
        "SELECT d.path, f.path FROM document_versions v JOIN documents d ON d.id = v.draft_id"
        " JOIN documents f ON f.id = v.final_id ORDER BY 1, 2"
    ).fetchall()
    return [tuple(r) for r in rows]


@pytest.mark.parametrize("draft_first", [True, False])
def test_a_draft_is_linked_to_its_final_version_either_order(
    store: SqlStore, plans: dict[str, Any], draft_first: bool
) -> None:
    final = plans[SLUG]
    writes = [
        (plan_rows(_draft_of(final), sha256="d", pipeline_version="1"), ["/draft.docx"]),
        (plan_rows(final, sha256="f", pipeline_version="1"), ["/final.docx"]),
    ]
    for rows, paths in writes if draft_first else writes[::-1]:
        store.write_document(rows, paths)
    assert store.counts()["documents"] == 2
    assert _links(store) == [("/draft.docx", "/final.docx")]


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "về một việc khác hẳn"},  # another title
        {"issuer": "Sở Nội vụ"},  # another issuer
        {"date": {"year": 2019, "month": None, "day": None}},  # another year
    ],
)
def test_other_documents_are_not_linked(
    store: SqlStore, plans: dict[str, Any], changes: dict[str, Any]
) -> None:
    final = plans[SLUG]
    store.write_document(plan_rows(final, sha256="f", pipeline_version="1"), ["/final.docx"])
    draft = plan_rows(_draft_of(final, **changes), sha256="d", pipeline_version="1")
    store.write_document(draft, ["/draft.docx"])
    assert _links(store) == []


def test_two_final_versions_are_not_linked(store: SqlStore, plans: dict[str, Any]) -> None:
    final = plans[SLUG]
    other = copy.deepcopy(final)
    other["document"]["number"] = "999"
    store.write_document(plan_rows(final, sha256="f", pipeline_version="1"), ["/final.docx"])
    store.write_document(plan_rows(other, sha256="g", pipeline_version="1"), ["/other.docx"])
    assert _links(store) == []


def test_the_link_goes_with_a_deleted_document_and_comes_back(
    store: SqlStore, plans: dict[str, Any]
) -> None:
    final = plans[SLUG]
    store.write_document(plan_rows(final, sha256="f", pipeline_version="1"), ["/final.docx"])
    draft = plan_rows(_draft_of(final), sha256="d", pipeline_version="1")
    store.write_document(draft, ["/draft.docx"])
    store.remove_sources(["/draft.docx"])
    assert _links(store) == []
    store.write_document(draft, ["/draft.docx"])  # re-extracted: linked again
    assert _links(store) == [("/draft.docx", "/final.docx")]


def test_the_corpus_draft_and_final_are_linked_and_shown(store: SqlStore, tmp_path: Path) -> None:
    draft = tmp_path / "2023-duc-pho-bcd-qcdc.txt"
    final = tmp_path / "2023-duc-pho-bcd-qcdc-final.txt"
    shutil.copy(REPO / "corpus" / "plans" / draft.name, draft)
    shutil.copy(REPO / "corpus" / "diff" / final.name, final)
    summary = ingest([tmp_path], store)
    assert summary.new == 2 and summary.failed == 0
    assert _links(store) == [(str(draft.resolve()), str(final.resolve()))]

    hits = store.search(SearchQuery("quy che dan chu", limit=100))
    by_source = {h.source: h for h in hits}
    assert by_source[str(draft.resolve())].doc_draft
    assert by_source[str(draft.resolve())].doc_versions == (str(final.resolve()),)
    assert not by_source[str(final.resolve())].doc_draft
    assert by_source[str(final.resolve())].doc_versions == (str(draft.resolve()),)
    shown = render_hits([by_source[str(draft.resolve())]], width=200).replace("\n     ", "")
    assert "DỰ THẢO" in shown and f"Bản chính thức: {final.resolve()}" in shown

    cited = store.citations("45-KH/BCĐ")
    assert cited.stored == (str(final.resolve()),)
    assert cited.versions == (str(draft.resolve()),)
    assert f"its draft(s): {draft.resolve()}" in render_citations(cited, "45-KH/BCĐ")
