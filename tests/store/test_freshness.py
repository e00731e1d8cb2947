"""Freshness (issue 13 item 5): the re-ingest key, --force, pruning, a plan's JSON beside its
source, the failures of the last runs, no database from a run that read no file. On both
stores."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.store.ingest import ingest, iter_input_files, pipeline_version
from pipeline.store.sqlstore import SqlStore


def test_the_version_is_a_digest_of_code_and_lexicons() -> None:
    from pipeline import __version__

    version = pipeline_version()
    assert version.startswith(f"{__version__}+") and len(version.split("+")[1]) == 16


def test_force_extracts_everything_again(plan_folder: Path, store: SqlStore) -> None:
    ingest([plan_folder], store, version="1")
    again = ingest([plan_folder], store, version="1", force=True)
    assert again.unchanged == 0 and again.updated == 5
    assert again.failed == 4 and again.failed_before == 0  # known failures are retried too
    assert store.counts()["documents"] == 4


def test_deleted_files_are_pruned_unless_kept(plan_folder: Path, store: SqlStore) -> None:
    ingest([plan_folder], store, version="1")
    gone = plan_folder / "good" / "2024" / "2024-quang-tri-ubnd-cchc.plan.json"
    gone.unlink()
    (plan_folder / "bad" / "empty.txt").unlink()
    kept = ingest([plan_folder], store, version="1", prune=False)
    assert kept.pruned == 0 and store.counts()["documents"] == 4
    summary = ingest([plan_folder], store, version="1")
    assert summary.pruned == 2  # the stored file and the recorded failure
    assert store.counts()["documents"] == 3
    assert str(gone) not in store.source_states()
    assert not any(p.endswith("empty.txt") for p in store.failures())


def test_pruning_stays_inside_the_folders_given(
    plan_folder: Path, store: SqlStore, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(next((plan_folder / "good" / "2024").glob("*.plan.json")), other / "x.plan.json")
    ingest([plan_folder], store, version="1")
    before = store.counts()["sources"]
    summary = ingest([other], store, version="1")
    assert summary.pruned == 0 and store.counts()["sources"] == before + 1


def test_plan_json_beside_its_source_is_not_a_second_plan(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", "utf-8")
    (tmp_path / "a.plan.json").write_text("{}", "utf-8")
    (tmp_path / "b.plan.json").write_text("{}", "utf-8")
    assert [p.name for p in iter_input_files([tmp_path])] == ["a.txt", "b.plan.json"]


def test_status_lists_the_runs_and_their_failures(
    plan_folder: Path, make_target: Callable[[], str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_target()
    assert main(["ingest", str(plan_folder), "--db", db, "-j", "1"]) == 0
    capsys.readouterr()
    assert main(["ingest", "--status", "--db", db]) == 1
    out = capsys.readouterr().out
    assert "run 1:" in out and "4 new" in out and "4 failed file(s):" in out
    assert "truncated.plan.json" in out and "[invalid_output]" in out


def test_a_run_that_reads_no_file_makes_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "k.db"
    assert main(["ingest", str(tmp_path / "missing"), "--db", str(db)]) == 3
    assert not db.exists()
    assert main(["search", "x", "--db", str(db)]) == 3  # not "no matching task"
    assert "no database here" in capsys.readouterr().err


def test_an_extractor_change_re_extracts(plan_folder: Path, store: SqlStore) -> None:
    ingest([plan_folder], store, version="code-1")
    summary = ingest([plan_folder], store, version="code-2")
    assert summary.updated == 5 and summary.unchanged == 0
    versions = {s.pipeline_version for s in store.source_states().values()}
    assert versions == {"code-2"}


def test_failures_are_recorded_with_their_run(plan_folder: Path, store: SqlStore) -> None:
    ingest([plan_folder], store, version="1")
    (plan_folder / "bad" / "empty.txt").write_text(json.dumps({"tasks": []}), "utf-8")
    ingest([plan_folder], store, version="1")
    runs = store.recent_runs()
    assert [r.id for r in runs] == [2, 1] and all(r.finished_at for r in runs)
    log = {Path(f.path).name: run for f, _, run in store.failure_log()}
    assert log["truncated.plan.json"] == 1 and "empty.txt" in log
