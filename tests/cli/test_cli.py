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
    assert main(["extract", str(SEED_TXT), str(other), "-o", f"{out}/"]) == 20  # no such folder
    out.mkdir()
    assert main(["extract", str(SEED_TXT), str(other), "-o", f"{out}/"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["2023-duc-pho-bcd-qcdc.plan.json", "copy.plan.json"]


def test_outputs_sharing_a_name_do_not_overwrite_each_other(tmp_path):
    from pipeline.cli.extract import output_names

    names = output_names(["a/plan.txt", "b/plan.docx", "c/plan.txt", "other.txt"])
    assert names == {
        "a/plan.txt": "plan.txt.plan.json",
        "b/plan.docx": "plan.docx.plan.json",
        "c/plan.txt": "plan.txt-2.plan.json",
        "other.txt": "other.plan.json",
    }


def test_an_unexpected_failure_does_not_lose_the_batch(tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<span>" * 5000 + "Kế hoạch</body></html>", encoding="utf-8")
    out = tmp_path / "batch.jsonl"
    result = run("extract", str(SEED_TXT), str(deep), str(SEED_TXT), "-o", str(out))
    assert result.returncode != 0 and str(deep) in result.stderr and "Traceback" not in result.stderr
    assert len(out.read_text(encoding="utf-8").strip().splitlines()) == 2


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
        with z.open("word/document.xml", "w") as fh:  # streamed: this process never holds it
            fh.write(b"<w:document>")
            chunk = b" " * (1 << 20)
            for _ in range(250):
                fh.write(chunk)
            fh.write(b"</w:document>")


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


def _encrypted_zip(path):
    """A zip whose members carry the "encrypted" flag (bit 0), as password tools write them."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    data = bytearray(path.read_bytes())
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            flag_at = i + (6 if sig == b"PK\x03\x04" else 8)
            data[flag_at] |= 1
            start = i + 4
    path.write_bytes(bytes(data))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)


def _entity_bomb(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", BILLION_LAUGHS)


HOSTILE = [
    ("bomb.docx", _zip_bomb, "too_large"),
    ("locked.docx", _encrypted_zip, "encrypted"),
    ("laughs.docx", _entity_bomb, "unsafe_xml"),
]


@pytest.mark.parametrize(("name", "make", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_input_is_refused_fast_and_small(tmp_path, name, make, code):
    import resource
    import time

    path = tmp_path / name
    make(path)
    start = time.perf_counter()
    result = run("extract", str(path))
    elapsed = time.perf_counter() - start
    assert result.returncode == EXIT_CODES[code], result.stderr
    assert result.stderr.count("\n") == 1 and f"[{code}]" in result.stderr
    assert elapsed < 10
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 500, f"peak memory {peak_mb:.0f} MB"


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
