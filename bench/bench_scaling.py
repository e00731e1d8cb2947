#!/usr/bin/env python3
"""Scaling: double the input five times and report the time ratio per doubling.

usage: python bench/bench_scaling.py [--quick] [--only NAME] [--budget SECONDS] [--instructions]

Every step that hostile or just large input controls must be linear or n·log n: doubling the
input should about double the time (ratio ≈ 2; ≤ 2.2 is the target, 4 means quadratic). Each
case is timed at six sizes (five doublings), the fastest of ``--repeat`` runs at each size (one
run once a size takes over 5 s); a case stops doubling when one run takes over ``--budget``
seconds and is reported as ``stopped`` (that alone says it is not linear). Times are CPU seconds
of this process (``time.process_time``), so other work on the machine disturbs the ratios less.

Cases (largest size in brackets): plan tasks through the whole pipeline [10,000 tasks],
citations on one line [50,000], one line of spaces / tabs / glued syllables / unclosed
parentheses [1 MB], spaces between words before a parenthesis [1 MB], outline depth
(``1.1.1...``) [2,000 levels], numbered items [6,400], short lines [56,000], an HTML table
[20,000 cells], and the diff of two plans [2,000 tasks]. Short lines stop at 56,000: past
60,000 lines a text is refused as `too_large` before it is read.

``--instructions`` counts, instead of timing, the instructions each size executes, with valgrind's
callgrind (a run that builds the input and runs it, less one that only builds it, each in a new
process warmed on the smallest size): a count does not move with the CPU caches or the machine's
other work, so a time step that the count does not show is the memory hierarchy, not the
algorithm. About 50 times slower than the timing: use it with ``--only`` (the diff: 10 minutes).
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_diff import edit_plan, make_plan  # noqa: E402
from pipeline.diff import diff_plans  # noqa: E402
from pipeline.diff.words import syllable_spans  # noqa: E402
from pipeline.run import extract_source, extract_text  # noqa: E402

HEAD = "ỦY BAN NHÂN DÂN\nTHỊ XÃ ĐỨC PHỔ\nSố: 45/KH-UBND\nĐức Phổ, ngày 15 tháng 02 năm 2023\n\nKẾ HOẠCH\nThực hiện công tác dân vận năm 2023\n\n"


def _tasks(n: int) -> str:
    rng = random.Random(n)
    parts = [HEAD, "I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm thiết thực, hiệu quả.\n", "II. NHIỆM VỤ\n"]
    per = 50
    for s in range(1, n // per + 2):
        parts.append(f"{s}. Nhóm nhiệm vụ {s}\n")
        for k in range(1, per + 1):
            if (s - 1) * per + k > n:
                break
            parts.append(
                f"{s}.{k}. Tổ chức triển khai công tác dân vận {rng.randrange(10**6)} tại các xã, phường.\n"
                f"- Chủ trì: Ban Dân vận Thị ủy.\n- Phối hợp: Văn phòng thị xã.\n- Thời gian: Quý {rng.randint(1, 4)}/2023.\n"
            )
    return "".join(parts)


def _html_table(n_cells: int) -> Callable[[], object]:
    from pipeline.read import read_document

    cols = 10
    rows = "".join(
        "<tr>" + "".join(f"<td>ô {r}-{c}</td>" for c in range(cols)) + "</tr>"
        for r in range(max(1, n_cells // cols))
    )
    data = f"<html><body><p>KẾ HOẠCH</p><table>{rows}</table></body></html>".encode()
    return lambda: extract_source(read_document("t.html", data))


def _text_case(make: Callable[[int], str]) -> Callable[[int], Callable[[], object]]:
    def build(n: int) -> Callable[[], object]:
        text = make(n)
        return lambda: extract_text(text)

    return build


def _diff_case(n: int) -> Callable[[], object]:
    rng = random.Random(2023)
    old = make_plan(n, rng)
    new = edit_plan(old, rng)
    return lambda: diff_plans(old, new, tokenizer=syllable_spans)


CITATION = "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ, "
CASES: dict[str, tuple[int, Callable[[int], Callable[[], object]], str]] = {
    "tasks": (10_000, _text_case(_tasks), "tasks"),
    "citations on one line": (50_000, _text_case(lambda n: HEAD + "Căn cứ " + CITATION * n + "\n"), "citations"),
    "line of spaces": (1_000_000, _text_case(lambda n: HEAD + " " * n + "x\n"), "bytes"),
    "line of tabs": (1_000_000, _text_case(lambda n: HEAD + "a\t" * (n // 2) + "\n"), "bytes"),
    "glued syllables": (1_000_000, _text_case(lambda n: HEAD + "vềviệc" * (n // 8) + "\n"), "bytes"),
    "unclosed parentheses": (1_000_000, _text_case(lambda n: HEAD + "1. Giao (Ban Dân vận " * (n // 22) + "\n"), "bytes"),
    "spaces before (": (1_000_000, _text_case(lambda n: HEAD + "1. Kế hoạch" + " " * n + "(Chủ trì: Ban)\n"), "bytes"),
    "outline depth": (2_000, _text_case(lambda n: HEAD + "".join(f"{'1.' * k}1. Mục\n" for k in range(n))), "levels"),
    "numbered items": (6_400, _text_case(lambda n: HEAD + "".join(f"{i}. Nhiệm vụ {i}\n" for i in range(1, n + 1))), "items"),
    "short lines": (56_000, _text_case(lambda n: HEAD + "a\n" * n), "lines"),  # the limit is 60,000
    "html table": (20_000, _html_table, "cells"),
    "diff": (2_000, _diff_case, "tasks"),
}  # fmt: skip


# the diff's edit script needs a few hundred tasks (it picks 80 to change): three doublings there
MIN_SIZE = {"diff": 250}
NOTES = {"outline depth": "bytes grow as depth²: a ratio of 4 per doubling of depth is linear in bytes"}


def measure(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs (as :mod:`timeit` advises: slower runs measure the machine's
    other work, caches and the virtual machine's neighbours, not the code)."""
    times = []
    for _ in range(repeat):
        gc.collect()  # no full collection (0.05-0.1 s of the warm heap) inside one timed run and not the next
        start = time.process_time()  # CPU time: steady on a machine busy with other work
        fn()
        times.append(time.process_time() - start)
    return min(times)


def instructions(name: str, n: int) -> float:
    """Instructions (in units of 10⁹) that case ``name`` executes at size ``n``, by callgrind."""
    counts = []
    for mode in ("build", "run"):
        with tempfile.TemporaryDirectory() as tmp:
            argv = [sys.executable, str(Path(__file__).resolve()), "--one", name, str(n), mode]
            done = subprocess.run(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/callgrind.out", *argv],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
        found = re.search(r"Collected : (\d+)", done.stderr)
        if found is None:
            raise RuntimeError(f"callgrind gave no count for {name} at {n}: {done.stderr[-300:]}")
        counts.append(int(found.group(1)))
    return (counts[1] - counts[0]) / 1e9


def _one(name: str, n: int, mode: str) -> None:
    """The process callgrind counts: warmed on the smallest size, then size ``n`` built (and run)."""
    build = CASES[name][1]
    build(MIN_SIZE.get(name, 1))()  # the first call's lazy loads and caches, in both counts alike
    fn = build(n)
    if mode == "run":
        fn()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="largest sizes divided by 8")
    ap.add_argument("--only", action="append", help="run only this case (repeatable)")
    ap.add_argument("--budget", type=float, default=30.0, help="stop doubling past this many seconds (10⁹ instructions with --instructions)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--instructions", action="store_true", help="count instructions (valgrind) instead of timing")
    ap.add_argument("--one", nargs=3, help=argparse.SUPPRESS)  # the process --instructions counts
    args = ap.parse_args(argv)
    if args.one:
        _one(args.one[0], int(args.one[1]), args.one[2])
        return 0
    extract_text(HEAD + "I. Mục\n1. Nhiệm vụ\n")  # warm-up: the spaCy pipeline
    per_size = "10⁹ instructions per size" if args.instructions else "seconds per size"
    print(f"| case | sizes | {per_size} | ratio per doubling | worst ratio |")
    print("|---|---|---|---|---|")
    worst_all = worst_step = 0.0
    for name, (largest, build, unit) in CASES.items():
        if args.only and name not in args.only:
            continue
        top = largest // 8 if args.quick else largest
        sizes = [s for s in (max(1, top >> k) for k in range(5, -1, -1)) if s >= MIN_SIZE.get(name, 1)]
        times: list[float] = []
        for n in sizes:
            if args.instructions:
                t = instructions(name, n)
            else:
                fn = build(n)
                t = measure(fn, args.repeat if not times or times[-1] < 5.0 else 1)
            times.append(t)
            if t > args.budget:
                break
        ratios = [b / a for a, b in zip(times, times[1:], strict=False) if a > 0.005]
        # the ratios at the three largest sizes: small sizes are dominated by fixed costs
        tail = ratios[-3:]
        mean = statistics.geometric_mean(tail) if tail else float("nan")
        worst = max(tail, default=float("nan"))
        stopped = " (stopped)" if len(times) < len(sizes) else ""
        if name not in NOTES and tail:
            worst_all, worst_step = max(worst_all, mean), max(worst_step, worst)
        shown = ", ".join(f"{t:.3f}" for t in times)
        note = f" ({NOTES[name]})" if name in NOTES else ""
        print(f"| {name}{note} | {sizes[0]:,}–{sizes[len(times) - 1]:,} {unit}{stopped} | {shown} | {mean:.2f} | {worst:.2f} |", flush=True)
    print(f"\nworst ratio per doubling (a case's geometric mean): {worst_all:.2f} (target ≤ 2.2)")
    print(f"worst single doubling: {worst_step:.2f} (one step may cross a CPU cache size)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
