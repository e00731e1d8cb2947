"""The fuzz driver of ``make fuzz`` (bench/fuzz_extract.py, issue 12 item 10): its outcome classes,
its reproducible cases, and a short run end to end through the CLI's entry point."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "bench" / "fuzz_extract.py"


@pytest.fixture(scope="module")
def fuzz():
    spec = importlib.util.spec_from_file_location("fuzz_extract", DRIVER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("rc", "err", "seconds", "peak_kb", "expected"),
    [
        (0, "", 0.1, 1000, "ok"),
        (6, "kehoach: a.docx: not a Word document [invalid_docx]\n", 0.1, 1000, "refused"),
        (6, "line one\nline two\n", 0.1, 1000, "exit6"),  # a documented code, but not one line
        (16, "kehoach: unexpected KeyError\n", 0.1, 1000, "error16"),
        (1, "Traceback (most recent call last):\n  ...\n", 0.1, 1000, "traceback"),
        (None, "", 0.1, 1000, "timeout"),  # killed
        (0, "", 5.5, 1000, "timeout"),  # finished, but over the CPU limit
        (0, "", 0.1, 600 * 1024, "memory"),
        (1, "MemoryError\n", 0.1, 1000, "memory"),
        (99, "", 0.1, 1000, "exit99"),
    ],
)
def test_classify(fuzz, rc, err, seconds, peak_kb, expected):
    assert fuzz.classify(rc, err, seconds, peak_kb, 5.0, 500) == expected


def test_cases_are_reproducible_and_cycle_through_the_families(fuzz):
    first = [fuzz.case(i, 1) for i in range(8)]
    assert first == [fuzz.case(i, 1) for i in range(8)]
    assert [family for family, _ in first] == list(fuzz.FAMILIES) * 2
    assert [data for _, data in first] != [data for _, data in (fuzz.case(i, 2) for i in range(8))]
    seed_txt = fuzz.SEED_TXT.read_bytes()
    assert all(data != seed_txt for family, data in first if family == "txt")  # every case is mutated


def test_a_short_run_records_every_case(tmp_path):
    out = tmp_path / "fuzz"
    done = subprocess.run(
        [sys.executable, str(DRIVER), "-n", "4", "--seed", "1", "--out", str(out)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    records = [json.loads(line) for line in (out / "outcomes.jsonl").read_text().splitlines()]
    assert sorted(r["id"] for r in records) == [0, 1, 2, 3]
    assert {r["family"] for r in records} == {"txt", "docx", "pdf", "html"}
    assert all(r["outcome"] in ("ok", "refused") for r in records)
    assert "| txt |" in (out / "summary.md").read_text()
