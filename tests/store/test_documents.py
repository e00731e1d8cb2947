"""One record per document (issue 13 item 4): identity by issuer, number and date;
renditions hang off it; the best rendition is the one extracted. On both stores."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pipeline.store.rows import document_identity, plan_rows, rendition_rank
from pipeline.store.sqlstore import SqlStore

SLUG = "2024-quang-tri-ubnd-cchc"


def rendition(plan: dict[str, Any], media: str, *, ocr: bool = False) -> dict[str, Any]:
    """The same document read from another format (the text differs a little)."""
    out = copy.deepcopy(plan)
    out["source"] = {"media_type": media}
    out["tasks"][0]["text"] += f" ({media})"
    if ocr:
        out["issues"] = [{"code": "READ006", "message": "pages read by OCR"}]
    return out


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"number_key": "18-kh-ubnd", "issuer": "UBND tỉnh", "year": 2024}, "doc:18-kh-ubnd|ubnd tinh|2024"),
        ({"number_key": "18-kh-ubnd", "issuer": None, "year": 2024}, "sha256:h"),
        ({"number_key": None, "issuer": "UBND tỉnh", "year": 2024}, "sha256:h"),
        ({"number_key": "18-kh-ubnd", "issuer": "UBND tỉnh", "year": None}, "sha256:h"),
        ({"number_key": "18-kh-ubnd", "issuer": "UBND tỉnh", "year": 2024, "draft": True},
         "doc:18-kh-ubnd|ubnd tinh|2024|draft"),
    ],
)  # fmt: skip
def test_identity(fields: dict[str, Any], expected: str) -> None:
    base = {"month": None, "day": None, "draft": False, "sha256": "h"}
    assert document_identity(**{**base, **fields}) == expected


def test_a_text_layer_beats_ocr_and_the_order_is_total() -> None:
    assert rendition_rank("pdf", False, "b") < rendition_rank("docx", True, "a")
    assert rendition_rank("docx", False, "z") < rendition_rank("pdf", False, "a")
    assert rendition_rank("pdf", False, "a") < rendition_rank("pdf", False, "b")


@pytest.mark.parametrize(
    "order", [("docx", "pdf", "scan"), ("scan", "pdf", "docx"), ("pdf", "scan", "docx")]
)
def test_four_files_of_one_plan_are_one_document(
    store: SqlStore, plans: dict[str, Any], order: tuple[str, ...]
) -> None:
    files = {
        "docx": rendition(plans[SLUG], "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "pdf": rendition(plans[SLUG], "application/pdf"),
        "scan": rendition(plans[SLUG], "application/pdf", ocr=True),
    }  # fmt: skip
    for name in order:
        store.write_document(
            plan_rows(files[name], sha256=f"h-{name}", pipeline_version="1"), [f"/p/{name}"]
        )
    assert store.counts()["documents"] == 1 and store.counts()["sources"] == 3
    assert store.counts()["tasks"] == len(plans[SLUG]["tasks"])
    (text,) = store.conn.execute("SELECT text FROM tasks WHERE ord = 0").fetchone()
    assert text.endswith(
        "(application/vnd.openxmlformats-officedocument.wordprocessingml.document)"
    )
    cited = store.citations("120-KL/TW") if plans[SLUG].get("references") else None
    if cited and cited.ref:
        assert len({d.source for d in cited.documents}) == len(cited.documents)


def test_refs_count_documents_not_files(store: SqlStore, plans: dict[str, Any]) -> None:
    plan = plans[SLUG]
    number = next(r["number"] for r in plan["references"] if r.get("number"))
    for i, media in enumerate(("docx", "pdf", "txt", "msword")):
        store.write_document(
            plan_rows(rendition(plan, media), sha256=f"h{i}", pipeline_version="1"), [f"/p/{i}"]
        )
    found = store.citations(number)
    assert found.ref is not None and found.ref.documents == 1 and len(found.documents) == 1


def test_a_draft_and_its_final_version_are_two_documents(
    store: SqlStore, plans: dict[str, Any]
) -> None:
    final = plans[SLUG]
    draft = copy.deepcopy(final)
    draft["document"]["draft"] = True
    store.write_document(plan_rows(final, sha256="f", pipeline_version="1"), ["/final.docx"])
    store.write_document(plan_rows(draft, sha256="d", pipeline_version="1"), ["/draft.docx"])
    assert store.counts()["documents"] == 2


def test_a_rendition_rewritten_keeps_the_others(store: SqlStore, plans: dict[str, Any]) -> None:
    a = plan_rows(rendition(plans[SLUG], "docx"), sha256="a", pipeline_version="1")
    b = plan_rows(rendition(plans[SLUG], "pdf"), sha256="b", pipeline_version="1")
    store.write_document(a, ["/a.docx"])
    store.write_document(b, ["/b.pdf"])
    store.write_document(a, ["/a.docx"])  # re-extracted (a new version, say)
    assert sorted(store.source_states()) == ["/a.docx", "/b.pdf"]
    assert store.document_version("b") == "1" and store.counts()["documents"] == 1
