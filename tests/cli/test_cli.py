"""The command line: outputs, exit codes, one-line errors (never a traceback)."""

import json
import subprocess
import sys
import zipfile

import pytest

from pipeline.cli import main
from pipeline.errors import EXIT_CODES
from tests.conftest import SEED_TXT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, timeout=120)


def test_extract_one_file_to_stdout(capsys):
    assert main(["extract", str(SEED_TXT)]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["document"]["symbol"] == "KH/BCĐ" and len(plan["tasks"]) == 16


def test_extract_many_to_jsonl_and_dir(tmp_path, capsys):
    other = tmp_path / "copy.txt"
    other.write_bytes(SEED_TXT.read_bytes())
    assert main(["extract", str(SEED_TXT), str(other)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and all(json.loads(x)["tasks"] for x in lines)
    out = tmp_path / "out"
    assert main(["extract", str(SEED_TXT), str(other), "-o", f"{out}/"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["2023-duc-pho-bcd-qcdc.json", "copy.json"]


def test_validate(tmp_path, capsys):
    good = tmp_path / "plan.json"
    assert main(["extract", str(SEED_TXT), "-o", str(good)]) == 0
    assert main(["validate", str(good)]) == 0
    bad = tmp_path / "bad.json"
    plan = json.loads(good.read_text(encoding="utf-8"))
    plan["tasks"][0]["timeline"]["kind"] = "soon"
    bad.write_text(json.dumps(plan), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(bad)]) == 1
    assert "$.tasks[0].timeline.kind" in capsys.readouterr().out


def _zip_bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 1024 * 1024) + b"</w:document>")


BAD = [
    ("empty.txt", lambda p: p.write_bytes(b""), "empty"),
    ("garbage.docx", lambda p: p.write_bytes(bytes(range(256)) * 64), "unsupported"),
    ("broken.docx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 100), "corrupt"),
    ("news.txt", lambda p: p.write_text("Hôm nay trời đẹp. Người dân đi chơi công viên rất đông.\n", encoding="utf-8"), "not_a_plan"),
]


@pytest.mark.parametrize(("name", "make", "code"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_one_line_error(tmp_path, name, make, code):
    path = tmp_path / name
    make(path)
    result = run("extract", str(path))
    assert result.returncode == EXIT_CODES[code], result.stderr
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr and f"[{code}]" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_zip_bomb(tmp_path):
    path = tmp_path / "bomb.docx"
    _zip_bomb(path)
    result = run("extract", str(path))
    assert result.returncode == EXIT_CODES["too_large"], result.stderr


def test_batch_goes_on_after_a_failure(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = run("extract", str(bad), str(SEED_TXT))
    assert result.returncode == EXIT_CODES["empty"]
    assert len(result.stdout.strip().splitlines()) == 1


def test_eval_json_on_repo_corpus():
    result = run("eval", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["groups"]["plans"]["tasks.found"]["f1"] >= 0.98


def test_help_lists_commands():
    result = run("--help")
    assert result.returncode == 0 and "extract" in result.stdout


def test_tasks_point_back_to_the_source(capsys):
    assert main(["extract", str(SEED_TXT)]) == 0
    plan = json.loads(capsys.readouterr().out)
    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    for task in plan["tasks"]:
        lineno = int(task["source_location"].split()[1])
        assert lines[lineno - 1].startswith(task["number"] + ".")
