from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.store import SearchQuery
from pipeline.store.dump import dump_canonical
from pipeline.store.ingest import ingest, iter_input_files
from pipeline.store.sqlite import SqliteStore

REPO = Path(__file__).resolve().parents[2]


def counts(summary: Any) -> dict[str, int]:
    return summary.counts()


def test_walk_takes_documents_and_plan_json_only(plan_folder: Path) -> None:
    names = sorted(p.name for p in iter_input_files([plan_folder]))
    assert "notes.gold.json" not in names and "README.md" not in names
    assert len(names) == 9


def test_first_run_counts_good_duplicate_and_broken(plan_folder: Path, store: SqliteStore) -> None:
    summary = ingest([plan_folder], store, version="1")
    assert counts(summary) == {"new": 4, "updated": 0, "unchanged": 0, "duplicate": 1, "failed": 4}
    assert store.counts()["documents"] == 4 and store.counts()["sources"] == 5
    codes = {Path(p).name: f.code for p, f in store.failures().items()}
    assert codes == {
        "truncated.plan.json": "invalid_output",
        "not-a-plan.plan.json": "not_a_plan",
        "empty.txt": "empty",
        "fake.docx": "unsupported",
    }


def test_rerun_skips_unchanged_and_known_failures(plan_folder: Path, store: SqliteStore) -> None:
    ingest([plan_folder], store, version="1")
    before = dump_canonical(store.conn)
    summary = ingest([plan_folder], store, version="1")
    assert counts(summary) == {"new": 0, "updated": 0, "unchanged": 5, "duplicate": 0, "failed": 4}
    assert summary.failed_before == 4
    assert dump_canonical(store.conn) == before


def test_changed_file_replaces_its_rows(plan_folder: Path, store: SqliteStore) -> None:
    ingest([plan_folder], store, version="1")
    target = plan_folder / "good" / "2024" / "2024-quang-tri-ubnd-cchc.plan.json"
    plan = json.loads(target.read_text("utf-8"))
    plan["tasks"][0]["text"] = "Tổ chức hội thi chuyển đổi số xuyên quốc gia"
    target.write_text(json.dumps(plan, ensure_ascii=False), "utf-8")
    summary = ingest([plan_folder], store, version="1")
    assert counts(summary)["updated"] == 1 and counts(summary)["unchanged"] == 4
    assert store.counts()["documents"] == 4
    assert [h.text for h in store.search(SearchQuery("xuyen quoc gia"))] == [
        plan["tasks"][0]["text"]
    ]


def test_fixed_file_is_ingested_and_its_error_cleared(
    plan_folder: Path, store: SqliteStore, plans: dict[str, Any], make_variant: Any
) -> None:
    ingest([plan_folder], store, version="1")
    broken = plan_folder / "bad" / "truncated.plan.json"
    broken.write_text(
        json.dumps(make_variant(plans["2023-duc-pho-bcd-qcdc"], 7), ensure_ascii=False), "utf-8"
    )
    summary = ingest([plan_folder], store, version="1")
    assert counts(summary)["new"] == 1
    assert str(broken) not in store.failures()


def test_a_good_file_turning_bad_loses_nothing(plan_folder: Path, store: SqliteStore) -> None:
    ingest([plan_folder], store, version="1")
    tasks = store.counts()["tasks"]
    target = plan_folder / "good" / "2024" / "2024-quang-tri-ubnd-cchc.plan.json"
    target.write_text("{oops", "utf-8")
    summary = ingest([plan_folder], store, version="1")
    assert counts(summary)["failed"] == 5
    assert store.counts()["tasks"] == tasks
    assert store.search(SearchQuery("cai cach hanh chinh", limit=1))


def test_a_file_restored_after_failing_is_clean(plan_folder: Path, store: SqliteStore) -> None:
    ingest([plan_folder], store, version="1")
    target = plan_folder / "good" / "2024" / "2024-quang-tri-ubnd-cchc.plan.json"
    good = target.read_bytes()
    target.write_text("{oops", "utf-8")
    ingest([plan_folder], store, version="1")
    assert str(target) in store.failures()
    target.write_bytes(good)
    summary = ingest([plan_folder], store, version="1")
    assert counts(summary)["unchanged"] == 5 and str(target) not in store.failures()


def test_explicit_json_files_are_plans(
    tmp_path: Path, store: SqliteStore, plan_files: list[Path]
) -> None:
    gold = tmp_path / "x.gold.json"
    shutil.copy(plan_files[0], gold)
    assert ingest([gold], store, version="1").new == 1


def test_new_pipeline_version_extracts_again(plan_folder: Path, store: SqliteStore) -> None:
    ingest([plan_folder], store, version="1")
    summary = ingest([plan_folder], store, version="2")
    assert counts(summary) == {"new": 0, "updated": 5, "unchanged": 0, "duplicate": 0, "failed": 4}
    versions = {r[0] for r in store.conn.execute("SELECT pipeline_version FROM documents")}
    assert versions == {"2"}


def test_copy_added_later_is_linked_not_extracted(plan_folder: Path, store: SqliteStore) -> None:
    ingest([plan_folder], store, version="1")
    shutil.copy(
        plan_folder / "copies" / "same-as-first.plan.json",
        plan_folder / "zz-another-copy.plan.json",
    )
    summary = ingest([plan_folder], store, version="1")
    assert counts(summary)["duplicate"] == 1 and store.counts()["documents"] == 4


def test_workers_give_the_same_database_as_one_process(plan_folder: Path, tmp_path: Path) -> None:
    dumps = []
    for jobs in (1, 2):
        with SqliteStore.open(tmp_path / f"j{jobs}.db") as s:
            ingest([plan_folder], s, version="1", jobs=jobs)
            dumps.append(dump_canonical(s.conn))
    assert dumps[0] == dumps[1]


def test_progress_is_reported(plan_folder: Path, store: SqliteStore) -> None:
    seen: list[Any] = []
    ingest([plan_folder], store, version="1", progress=seen.append)
    assert [p.done for p in seen] == list(range(1, 10))
    assert seen[-1].counts["failed"] == 4


def test_ingest_of_the_repository_corpus(tmp_path: Path) -> None:
    pytest.importorskip("pipeline.run")
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus" / "plans", corpus)
    with SqliteStore.open(tmp_path / "c.db") as s:
        summary = ingest([corpus], s)
        assert summary.new >= 1 and summary.failed == 0
        assert s.search(SearchQuery("dan chu co so"))


def test_parent_process_does_not_import_the_extraction_stack(tmp_path: Path) -> None:
    pytest.importorskip("pipeline.run")
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus" / "plans", corpus)
    shutil.copy(next(corpus.glob("*.txt")), corpus / "copy-with-a-change.txt")
    (corpus / "copy-with-a-change.txt").write_text(
        "\n" + (corpus / "copy-with-a-change.txt").read_text("utf-8"), "utf-8"
    )
    code = (
        "import sys\n"
        "from pipeline.store.sqlite import SqliteStore\n"
        "from pipeline.store.ingest import ingest\n"
        "if __name__ == '__main__':\n"
        f"    s = SqliteStore.open({str(tmp_path / 'p.db')!r})\n"
        f"    r = ingest([{str(corpus)!r}], s, jobs=2)\n"
        "    heavy = sorted(m for m in ('spacy', 'pandas', 'underthesea', 'pipeline.run') if m in sys.modules)\n"
        "    print(r.new, heavy)\n"
    )
    script = tmp_path / "run_ingest.py"
    script.write_text(code, "utf-8")
    out = subprocess.run(
        [sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split(" ", 1) == ["2", "[]\n"]


def test_pages_that_are_not_plans_are_refused_not_stored(
    tmp_path: Path, store: SqliteStore, plan_files: list[Path]
) -> None:
    pytest.importorskip("pipeline.run")
    from pipeline.cli import main

    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(plan_files[0], folder / "good.plan.json")
    versions = tmp_path / "versions"
    versions.mkdir()
    for name, number in (("old.json", "1"), ("new.json", "2")):
        plan = {"document": {"doc_type": "Kế hoạch", "number": number}, "tasks": []}
        (versions / name).write_text(json.dumps(plan, ensure_ascii=False), "utf-8")
    args = [str(versions / "old.json"), str(versions / "new.json"), "--format", "html"]
    assert main(["diff", *args, "-o", str(folder / "diff.html")]) == 1  # the numbers differ
    (folder / "note.txt").write_text("Ghi chú: họp lúc 8 giờ sáng thứ Hai.\n", "utf-8")
    (folder / "empty.plan.json").write_text('{"document": null, "tasks": []}', "utf-8")
    summary = ingest([folder], store, version="1")
    codes = {Path(p).name: f.code for p, f in store.failures().items()}
    assert codes == {
        "diff.html": "not_a_plan",
        "note.txt": "not_a_plan",
        "empty.plan.json": "not_a_plan",
    }
    assert summary.new == 1 and store.counts()["documents"] == 1
    assert {Path(p).name for p in store.source_states()} == {"good.plan.json"}


def test_a_folder_of_extract_output_is_ingested(tmp_path: Path, store: SqliteStore) -> None:
    pytest.importorskip("pipeline.run")
    from pipeline.cli import main

    out = tmp_path / "json"
    out.mkdir()
    sources = sorted((REPO / "corpus" / "plans").glob("*.txt"))[:2]
    assert main(["extract", *map(str, sources), "-o", f"{out}/"]) == 0
    # `kehoach extract -o DIR/` writes NAME.plan.json; older versions wrote NAME.json
    for f in out.glob("*.json"):
        if not f.name.endswith(".plan.json"):
            f.rename(f.with_name(f.name.removesuffix(".json") + ".plan.json"))
    summary = ingest([out], store, version="1")
    assert summary.new == len(sources) and summary.failed == 0
