"""``kehoach diff``: formats, -o, colour only on a terminal, one-line errors."""

from __future__ import annotations

import json

import pytest

from pipeline.cli import build_parser, main


@pytest.fixture
def pair(tmp_path, seed):
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    final = json.loads(json.dumps(seed))
    final["document"]["number"] = "45"
    final["tasks"][-1]["text"] += " Báo cáo kết quả về Ban Chỉ đạo tỉnh."
    old.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
    new.write_text(json.dumps(final, ensure_ascii=False), encoding="utf-8")
    return str(old), str(new)


def test_registered_with_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert "diff" in sub.choices
    assert any(a.dest == "diff" and a.help for a in sub._choices_actions)


def test_json(pair, capsys):
    assert main(["diff", *pair, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["document_changes"] == {"number": [None, "45"]}
    assert [(t["change"], t["from"], t["fields"]) for t in data["tasks"]] == [
        ("modified", "II/2/2.6", ["text"])
    ]
    assert (data["from"], data["to"]) == pair


def test_text_is_plain_when_not_a_terminal(pair, capsys):
    assert main(["diff", *pair]) == 1
    out = capsys.readouterr().out
    assert "~ II/2/2.6  modified: text" in out and "\x1b[" not in out


def test_colour_on_a_terminal(pair, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["diff", *pair]) == 1
    assert "\x1b[" in capsys.readouterr().out


def test_no_color_env(pair, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["diff", *pair]) == 1
    assert "\x1b[" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("fmt", "start"), [("html", "<!DOCTYPE html>"), ("json", "{"), ("text", "Plan diff")]
)
def test_output_file(pair, tmp_path, capsys, fmt, start):
    out = tmp_path / f"diff.{fmt}"
    assert main(["diff", *pair, "--format", fmt, "-o", str(out)]) == 1
    assert capsys.readouterr().out == ""
    content = out.read_text(encoding="utf-8")
    assert content.startswith(start) and "\x1b[" not in content


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.json"], 2, "no such file [not_found]"),  # trouble is 2, as diff(1)
        (["bad.json"], 2, "not valid JSON"),
        (["list.json"], 2, "not a plan"),
    ],
)
def test_errors_are_one_line(pair, tmp_path, capsys, args, code, message):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")
    assert main(["diff", str(tmp_path / args[0]), pair[1]]) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_unwritable_output(pair, tmp_path, capsys):
    assert main(["diff", *pair, "-o", str(tmp_path / "no" / "dir.html")]) != 0
    assert "cannot write" in capsys.readouterr().err


def test_bad_format(pair, capsys):
    with pytest.raises(SystemExit) as info:
        main(["diff", *pair, "--format", "pdf"])
    assert info.value.code == 2


def test_exit_status_as_diff(pair, tmp_path, capsys):
    """0 same, 1 different, 2 trouble."""
    assert main(["diff", pair[0], pair[0]]) == 0
    assert main(["diff", *pair]) == 1
    assert main(["diff", pair[0], str(tmp_path / "none.json")]) == 2
    capsys.readouterr()


def test_standard_input(pair, monkeypatch, capsys):
    import io
    from pathlib import Path

    data = Path(pair[1]).read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["diff", pair[0], "-", "--name", "new.json", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["to"] == "new.json"
    assert main(["diff", "-", "-"]) == 2


def test_whole_document_changes_outside_the_tasks(tmp_path, capsys):
    """A changed sentence in 'I. MỤC ĐÍCH, YÊU CẦU' is a difference, though no task changed."""
    from tests.diff.test_passages import plan_texts

    old_text, new_text = plan_texts()
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(old_text, encoding="utf-8")
    new.write_text(new_text, encoding="utf-8")
    assert main(["diff", str(old), str(new), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["tasks"] == [] and out["passages_compared"] is True
    assert [(p["change"], p["from"]) for p in out["passages"]] == [("modified", "I")]
    assert main(["diff", str(old), str(old)]) == 0
