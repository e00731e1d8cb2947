"""Extraction benchmarks (issue 2): medians over repeated runs, on this machine, in one run.

* warm in-process extraction of the seed .txt and .docx (pipeline loaded; the per-process party
  cache cleared before every run, so each run parses its parties), target ≤ 20 ms / ≤ 40 ms;
* the .docx extraction as a ratio of a bare ``docx.Document(path)`` load of the same file;
* cold ``kehoach extract`` wall time (a new process each run), target ≤ 1.5 s;
* throughput over 500 copies of the seed with 2 worker processes, target ≥ 60 plans/s.

Usage: ``python bench/bench_extract.py [--quick]``
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_TXT = ROOT / "corpus" / "plans" / "2023-duc-pho-bcd-qcdc.txt"
SEED_DOCX = ROOT / "corpus" / "formats" / "2023-duc-pho-bcd-qcdc.docx"
KEHOACH = Path(sys.executable).parent / "kehoach"


def median_ms(
    fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _extract_one(path: str) -> int:
    from pipeline.run import extract_to_dict

    return len(extract_to_dict(path)["tasks"])


def throughput(paths: list[str], workers: int) -> float:
    start = time.perf_counter()
    with mp.get_context("fork").Pool(workers) as pool:
        counts = pool.map(_extract_one, paths, chunksize=8)
    elapsed = time.perf_counter() - start
    assert all(c == 16 for c in counts)
    return len(paths) / elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 7 if args.quick else 30
    from docx import Document

    from pipeline.run import default_tools, extract_file, extract_to_dict

    extract_to_dict(SEED_TXT)  # load the spaCy pipeline, lexicons and schema validator once,
    extract_to_dict(SEED_DOCX)  # before the worker processes fork
    # the party parser keeps its answers (lru_cache): emptied before each run, so a warm run
    # parses as a new document would, not from the answers to the same document
    forget = default_tools().parse_parties.cache_clear  # type: ignore[attr-defined]
    rows: list[tuple[str, str, str]] = []
    txt = median_ms(lambda: extract_file(SEED_TXT), runs, forget)
    rows.append(("warm extract seed .txt", f"{txt:.1f} ms", "≤ 20 ms"))
    docx = median_ms(lambda: extract_file(SEED_DOCX), runs, forget)
    rows.append(("warm extract seed .docx", f"{docx:.1f} ms", "≤ 40 ms"))
    bare = median_ms(lambda: Document(str(SEED_DOCX)), runs)
    rows.append(("bare python-docx load (baseline)", f"{bare:.1f} ms", ""))
    rows.append(("ratio .docx extract / bare load", f"{docx / bare:.2f}×", ""))
    cold_runs = 3 if args.quick else 7
    cold = median_ms(
        lambda: subprocess.run(  # stdout to a pipe we drop: no -o onto a device (issue 12)
            [str(KEHOACH), "extract", str(SEED_TXT)], check=True, stdout=subprocess.DEVNULL
        ),
        cold_runs,
    )
    rows.append(("cold `kehoach extract` (.txt)", f"{cold / 1000:.2f} s", "≤ 1.5 s"))
    copies = 100 if args.quick else 500
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(copies):
            p = Path(tmp) / f"plan-{i:04d}.txt"
            shutil.copyfile(SEED_TXT, p)
            paths.append(str(p))
        rate = statistics.median(throughput(paths, 2) for _ in range(3))
        rows.append(
            (f"throughput, {copies} .txt copies, 2 workers", f"{rate:.0f} plans/s", "≥ 60 plans/s")
        )
        dpaths = []
        for i in range(copies // 5):
            p = Path(tmp) / f"plan-{i:04d}.docx"
            shutil.copyfile(SEED_DOCX, p)
            dpaths.append(str(p))
        drate = statistics.median(throughput(dpaths, 2) for _ in range(3))
        rows.append(
            (f"throughput, {copies // 5} .docx copies, 2 workers", f"{drate:.0f} plans/s", "")
        )
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':{width}}  {'median':>14}  target")
    for name, value, target in rows:
        print(f"{name:{width}}  {value:>14}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
