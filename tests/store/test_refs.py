from __future__ import annotations

from pipeline.store.sqlite import SqliteStore


def test_citations_of_a_number(loaded_store: SqliteStore) -> None:
    found = loaded_store.citations("120/kl-tw")
    assert found.ref is not None and found.ref.number == "120-KL/TW"
    assert found.ref.type == "Kết luận"
    assert [d.source for d in found.documents] == ["/plans/2023-duc-pho-bcd-qcdc.plan.json"]
    assert [t.path for t in found.tasks] == ["II/1/1.2"]
    assert "II/1/1.2" in found.documents[0].mentions


def test_citations_by_name(loaded_store: SqliteStore) -> None:
    found = loaded_store.citations("Luật Hòa giải ở cơ sở")
    assert found.ref is not None and found.ref.number is None


def test_unknown_number_suggests(loaded_store: SqliteStore) -> None:
    found = loaded_store.citations("120")
    assert found.ref is None and found.documents == () and "120-KL/TW" in found.suggestions


def test_top_refs_are_ordered(loaded_store: SqliteStore) -> None:
    top = loaded_store.top_refs(5)
    assert len(top) == 5
    assert [(-r.documents, -r.tasks) for r in top] == sorted((-r.documents, -r.tasks) for r in top)
    assert top[0].documents >= 2


def test_a_stored_plan_is_found_by_its_number(loaded_store: SqliteStore) -> None:
    found = loaded_store.citations("25-KH/BDVHU")
    assert found.stored == ("/plans/2024-bac-giang-bdv-luc-ngan-dan-van-kheo.plan.json",)
