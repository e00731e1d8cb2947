"""CLI conventions: standard input, one --json, text never read as an option, --version digests,
messages and help in the user's language, no traceback but with --traceback, UTF-8 arguments."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.cli import build_parser, main
from pipeline.cli.argv import text_first
from pipeline.i18n import choose_language, load_catalogue, set_language, tr

ROOT = Path(__file__).resolve().parents[2]
SEED_TXT = ROOT / "corpus/plans/2023-duc-pho-bcd-qcdc.txt"
SEED_DOCX = ROOT / "corpus/formats/2023-duc-pho-bcd-qcdc.docx"


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


@pytest.mark.parametrize(("path", "name"), [(SEED_TXT, None), (SEED_DOCX, "plan.docx")])
def test_extract_reads_standard_input(monkeypatch, capsys, path, name):
    _stdin(monkeypatch, path.read_bytes())
    argv = ["extract", "-"] + (["--name", name] if name else [])
    assert main(argv) == 0
    plan = json.loads(capsys.readouterr().out)
    assert len(plan["tasks"]) == 16 and plan["source"]["path"] == (name or "-")


def test_empty_standard_input(monkeypatch, capsys):
    _stdin(monkeypatch, b"")
    assert main(["extract", "-"]) == 4
    assert "[empty]" in capsys.readouterr().err


def test_a_batch_goes_on_past_a_file_it_cannot_write(tmp_path, capsys):
    long = tmp_path / ("x" * 250 + ".txt")  # NAME.plan.json is over the file system's limit
    long.write_bytes(SEED_TXT.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    assert main(["extract", str(long), str(SEED_TXT), "-o", f"{out}/"]) == 20
    assert [p.name for p in out.iterdir()] == ["2023-duc-pho-bcd-qcdc.plan.json"]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "file name too long [unwritable]" in err


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["-a"], ["--", "-a"]),
        (["--", "-a", "--db", "x.db"], ["--db", "x.db", "--", "-a"]),
        (["--db", "x.db", "--", "--"], ["--db", "x.db", "--", "--"]),
        (["dan van", "--year", "2024", "--json"], ["--year", "2024", "--json", "--", "dan van"]),
        (["--year=2024", "-x", "--prefix"], ["--year=2024", "--prefix", "--", "-x"]),
        (["--year", "2024"], ["--year", "2024"]),
    ],
)
def test_text_is_never_an_option(tokens, expected):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices["search"]
    assert text_first(sub, tokens) == expected


@pytest.mark.parametrize("argv", [["search", "-a"], ["search", "--", "-a"], ["search", "-x", "--json"]])
def test_search_takes_dash_text(argv):
    from pipeline.cli.argv import normalize_argv

    parser = build_parser()
    args = parser.parse_args(normalize_argv(parser, argv))
    assert args.query.startswith("-")


def test_refs_top_keeps_its_number():
    from pipeline.cli.argv import normalize_argv

    parser = build_parser()
    args = parser.parse_args(normalize_argv(parser, ["refs", "--top", "5"]))
    assert args.top == 5 and args.number is None


def test_invalid_utf8_argument(capsys):
    bad = b"d\xe2n".decode("utf-8", "surrogateescape")
    assert main(["search", bad]) == 10
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "[encoding]" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["diff", "search", "refs"])
def test_one_json_switch(command):
    sub = next(a for a in build_parser()._actions if a.dest == "command").choices[command]
    assert "--json" in sub._option_string_actions


def test_version_has_digests(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("kehoach ") and "model kehoach-vi" in out and "lexicons" in out


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], {"LANG": "vi_VN.UTF-8"}, "vi"),
        ([], {"LANG": "en_US.UTF-8"}, "en"),
        ([], {}, "en"),
        ([], {"LANGUAGE": "vi:en", "LANG": "en_US.UTF-8"}, "vi"),
        (["--lang", "en"], {"LANG": "vi_VN.UTF-8"}, "en"),
        (["--lang=vi"], {"LC_ALL": "C"}, "vi"),
        (["search", "--", "--lang", "en"], {"LANG": "vi_VN"}, "vi"),
    ],
)
def test_language_choice(argv, env, expected):
    assert choose_language(argv, env) == expected


def test_errors_in_vietnamese_keep_their_code(tmp_path, capsys):
    assert main(["--lang", "vi", "extract", str(tmp_path / "none.txt")]) == 3
    assert capsys.readouterr().err.endswith("không có tệp này [not_found]\n")
    assert main(["--lang", "en", "extract", str(tmp_path / "none.txt")]) == 3
    assert capsys.readouterr().err.endswith("no such file [not_found]\n")


def test_help_in_vietnamese(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "vi", "diff", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: kehoach diff") and "tùy chọn:" in out and "bản trước" in out


OWN_COMMANDS = ("extract", "diff", "validate", "debug")


def test_every_help_text_of_these_commands_is_translated():
    catalogue = load_catalogue("vi")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    texts = [a.help for a in parser._actions if a.help and a.help != "==SUPPRESS=="]
    texts += [c.help for c in sub._choices_actions]
    for name in OWN_COMMANDS:
        command = sub.choices[name]
        texts += [command.description] if command.description else []
        texts += [a.help for a in command._actions if a.help]
    missing = [t for t in texts if t not in catalogue]
    assert missing == []


def test_tr_translates_head_and_detail():
    set_language("vi")
    assert tr("cannot write: permission denied") == "không ghi được: không có quyền"
    assert tr("something we never translated") == "something we never translated"


def test_traceback_flag_shows_the_trace(monkeypatch, capsys):
    import pipeline.cli.validate as validate

    def boom(args):
        raise ValueError("a bug")

    monkeypatch.setattr(validate, "cmd_validate", boom)
    parser_args = ["validate", "x.json"]
    monkeypatch.setattr("pipeline.cli.build_parser", _patched_parser(boom))
    assert main(parser_args) == 16
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected ValueError: a bug" in err
    assert main(["--traceback", *parser_args]) == 16
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def _patched_parser(func):
    from pipeline.cli import build_parser as real

    def build():
        parser = real()
        sub = next(a for a in parser._actions if a.dest == "command")
        sub.choices["validate"].set_defaults(func=func)
        return parser

    return build


def test_tr_keeps_a_library_detail_in_parentheses():
    set_language("vi")
    assert tr("the PDF is damaged (Failed to load page)") == "tệp PDF bị hỏng (Failed to load page)"
