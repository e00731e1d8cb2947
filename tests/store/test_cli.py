from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import build_parser, main

COMMANDS = ("ingest", "search", "refs", "export")


@pytest.fixture
def db(plan_folder: Path, tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    assert main(["ingest", str(plan_folder), "--db", str(path), "-j", "1"]) == 0
    return path


def test_commands_are_registered_with_help() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    helps = {a.dest: a.help for a in sub._choices_actions}
    for name in COMMANDS:
        assert helps.get(name), f"{name} has no help"


def test_ingest_prints_a_summary(
    plan_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(plan_folder), "--db", str(tmp_path / "x.db")]) == 0
    out, err = capsys.readouterr()
    assert "4 new, 0 updated, 0 unchanged, 1 duplicate, 4 failed" in out
    assert "truncated.plan.json" in err and "[invalid_output]" in err
    assert main(["ingest", str(plan_folder), "--db", str(tmp_path / "x.db"), "--strict"]) == 1


def test_search_formats(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "dan van kheo", "--db", str(db), "--limit", "2"]) == 0
    assert "«Dân vận khéo»" in capsys.readouterr().out
    assert main(["search", "DAU TU", "--db", str(db), "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and "đầu tư" in hits[0]["text"].lower()
    assert main(["search", "", "--db", str(db), "--kind", "quarter", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("score,source") and len(lines) > 1


def test_hostile_search_never_fails(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for q in ['"', "AND (", "text:", "*", "NEAR(a"]:
        assert main(["search", q, "--db", str(db)]) == 0


@pytest.mark.parametrize("query", ['"', "", "*", "()"])
def test_a_query_without_words_lists_nothing(
    db: Path, query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", query, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("nothing to search for") and out.count("\n") == 1
    assert main(["search", query, "--db", str(db), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["search", query, "--db", str(db), "--year", "2024", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 20


def test_raw_syntax_error_is_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", '"open', "--fts", "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kehoach: invalid FTS5 query") and "\n" not in err


def test_refs(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["refs", "120-KL/TW", "--db", str(db)]) == 0
    assert "cited by 1 plan(s) and 1 task(s)" in capsys.readouterr().out
    assert main(["refs", "--top", "3", "--db", str(db), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert main(["refs", "--db", str(db)]) == 2


def test_export(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.csv"
    assert (
        main(["export", "--format", "csv", "-o", str(out), "--db", str(db), "--where", "year=2024"])
        == 0
    )
    assert "57 tasks written" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", [["search", "x"], ["refs", "--top"], ["export", "--format", "csv", "-o", "x.csv"]]
)
def test_missing_database_is_one_line(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--db", str(tmp_path / "none.db")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "kehoach ingest" in err


def test_not_a_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("hello" * 200)
    assert main(["ingest", str(tmp_path), "--db", str(bad)]) == 19
    assert "not a SQLite database" in capsys.readouterr().err
    assert bad.read_text() == "hello" * 200


def schema_kinds() -> list[str]:
    from pipeline.validate import load_schema

    # null means no time was given: not a kind one filters on
    return [k for k in load_schema()["$defs"]["timeline"]["properties"]["kind"]["enum"] if k is not None]


@pytest.fixture
def kinds_db(tmp_path: Path) -> Path:
    from pipeline.store.rows import plan_rows
    from pipeline.store.sqlite import SqliteStore

    tasks = [
        {"path": str(i), "text": f"Nhiệm vụ loại {kind}", "timeline": {"raw": kind, "kind": kind}}
        for i, kind in enumerate(schema_kinds())
    ]
    path = tmp_path / "kinds.db"
    with SqliteStore.open(path) as store:
        store.write_document(plan_rows({"tasks": tasks}, sha256="k", pipeline_version="v"), ["/k"])
    return path


@pytest.mark.parametrize("kind", schema_kinds())
def test_every_schema_timeline_kind_is_a_filter(
    kinds_db: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "", "--kind", kind, "--db", str(kinds_db), "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["timeline_kind"] for h in hits] == [kind]
    out = tmp_path / "k.csv"
    args = ["export", "--format", "csv", "-o", str(out), "--db", str(kinds_db)]
    assert main([*args, "--where", f"kind={kind}"]) == 0
    assert "1 tasks written" in capsys.readouterr().err


def test_date_is_a_timeline_kind() -> None:
    from pipeline.store.records import timeline_kinds

    assert "date" in timeline_kinds()
    assert list(timeline_kinds()) == schema_kinds()


@pytest.mark.parametrize("top", ["0", "-5", "x"])
def test_refs_top_must_be_positive(db: Path, top: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["refs", "--top", top, "--db", str(db)])
    assert exit_.value.code == 2
    assert "--top" in capsys.readouterr().err
