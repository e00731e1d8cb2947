"""Fuzz the extraction: mutate the corpus files by family, run each through the CLI's own entry
point in a child process with a time and memory limit, and record every outcome.

    python bench/fuzz_extract.py -n 3000 [--seed 1] [--time 5] [--memory-mb 500] [--out DIR]

Families: ``txt`` (the seed text), ``docx``, ``pdf``, ``html`` (the seed rendered as a portal
page). Mutations (seeded, so a run is reproducible): flip bytes, insert or delete runs, duplicate
or truncate, splice in hostile constructs (deep outlines, huge spans, long lines of spaces, glued
syllables, unclosed parentheses, thousands of citations). Each run is classified:

- ``ok`` / ``refused`` (a documented exit status 1-15, 20 with one stderr line);
- ``error16`` (exit 16: a bug), ``traceback`` (a Python traceback on stderr);
- ``timeout`` (over ``--time`` seconds of CPU time for the extraction, the interpreter's and
  spaCy's start-up left out; CPU time, not wall time, so a machine busy with other work does
  not turn a run into a timeout; the child is killed past ``--time`` + 10 CPU seconds) /
  ``memory`` (peak resident memory over ``--memory-mb``; address space capped at three times it).

Outcomes go to ``OUT/outcomes.jsonl``; each bad input is kept as ``OUT/cases/<id>.<ext>`` so it
can be minimized and turned into a regression test. The exit status is 1 when any run was bad.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_TXT = ROOT / "corpus/plans/2023-duc-pho-bcd-qcdc.txt"
SEED_DOCX = ROOT / "corpus/formats/2023-duc-pho-bcd-qcdc.docx"
SEED_PDF = ROOT / "corpus/formats/2023-duc-pho-bcd-qcdc.pdf"
DOCUMENTED = set(range(1, 16)) | {20}

# the child times the extraction itself (not the interpreter's start-up) and reports its peak memory
CHILD = """
import resource, sys, time
_mem = int(sys.argv[2]) * 2**20 * 3  # address space (virtual): three times the resident limit
resource.setrlimit(resource.RLIMIT_AS, (_mem, _mem))
_cpu = int(float(sys.argv[3])) + 10  # CPU seconds: a hang is killed even on a loaded machine
resource.setrlimit(resource.RLIMIT_CPU, (_cpu, _cpu + 5))
from pipeline.cli import main
import pipeline.run, pipeline.nlp
pipeline.nlp.load_nlp()
start = time.process_time()
try:
    rc = main(['extract', sys.argv[1], '--no-validate'])
finally:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stderr.write(f"\\nFUZZSTAT {time.process_time() - start:.3f} {peak}\\n")
sys.exit(rc)
"""


def _html_seed() -> bytes:
    from html import escape

    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    table = "<table><tr><td>STT</td><td>Nội dung</td><td colspan=2>Chủ trì</td></tr>" + "".join(
        f"<tr><td>{i}</td><td>Tổ chức hội nghị {i}</td><td>Ban Dân vận</td><td>Quý II</td></tr>"
        for i in range(1, 6)
    ) + "</table>"
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><nav>menu</nav>{body}{table}</body></html>".encode()


HOSTILE = [
    lambda r: "".join(f"{'1.' * k}1. Mục\n" for k in range(1, r.randint(50, 1200))).encode(),
    lambda r: (" " * r.randint(10_000, 200_000) + "x\n").encode(),
    lambda r: ("\t" * r.randint(10_000, 200_000) + "x\n").encode(),
    lambda r: ("Kế hoạch" + " " * r.randint(10_000, 100_000) + "(Chủ trì: Ban)\n").encode(),
    lambda r: ("vềviệc" * r.randint(10_000, 100_000)).encode(),
    lambda r: ("Giao (Ban Dân vận " * r.randint(1_000, 20_000)).encode(),
    lambda r: ("Chỉ thị số 33/CT-TTg ngày 26/11/2021, " * r.randint(1_000, 20_000)).encode(),
    lambda r: "\n".join(f"{i}. Nhiệm vụ {i}" for i in range(1, r.randint(100, 3000))).encode(),
    lambda r: ("a\n" * r.randint(100_000, 1_000_000)).encode(),
    lambda r: ("<td colspan='1000000000'>x</td>" * 3).encode(),
    lambda r: ("<td colspan='²'>x</td><td colspan='" + "9" * 5000 + "'>y</td>").encode(),
    lambda r: ("dan " * r.randint(1_000, 30_000)).encode(),
    lambda r: ("XC. Nhóm\nCXL. Nhóm\n" * r.randint(1, 50)).encode(),
]


def _mutate_bytes(data: bytes, r: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(r.choice((1, 1, 2, 4, 16, 64))):
        op = r.randrange(6)
        if not b:
            b += b"x"
        pos = r.randrange(len(b))
        if op == 0:
            b[pos] ^= 1 << r.randrange(8)
        elif op == 1:
            b[pos] = r.randrange(256)
        elif op == 2:
            del b[pos : pos + r.randint(1, 64)]
        elif op == 3:
            b[pos:pos] = bytes(r.randrange(256) for _ in range(r.randint(1, 16)))
        elif op == 4:
            chunk = b[pos : pos + r.randint(1, 256)]
            b[pos:pos] = chunk * r.randint(1, 50)
        else:
            b[pos:pos] = r.choice(HOSTILE)(r)[: r.choice((64, 4096, 200_000, 2_000_000))]
    if r.random() < 0.1:
        del b[r.randrange(len(b)) :]
    return bytes(b)


def _mutate_docx(data: bytes, r: random.Random) -> bytes:
    """Mutate a member of the zip (the XML) or the zip bytes themselves."""
    if r.random() < 0.4:
        return _mutate_bytes(data, r)
    src = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    target = r.choice(["word/document.xml", "word/document.xml", "word/numbering.xml", "word/styles.xml"])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == target:
                if r.random() < 0.3:
                    blob = blob.replace(b"<w:tcPr>", b"<w:tcPr><w:gridSpan w:val=\"1000000000\"/>", 1)
                blob = _mutate_bytes(blob, r) if r.random() < 0.8 else blob
            dst.writestr(info, blob)
    return out.getvalue()


def case(i: int, seed: int) -> tuple[str, bytes]:
    r = random.Random(seed * 1_000_003 + i)
    family = ("txt", "docx", "pdf", "html")[i % 4]
    if family == "txt":
        data = SEED_TXT.read_bytes()
        data = r.choice(HOSTILE)(r) if r.random() < 0.25 else _mutate_bytes(data, r)
    elif family == "docx":
        data = _mutate_docx(SEED_DOCX.read_bytes(), r)
    elif family == "pdf":
        data = _mutate_bytes(SEED_PDF.read_bytes(), r)
    else:
        data = _mutate_bytes(_html_seed(), r) if r.random() < 0.75 else _html_seed().replace(
            b"</body>", r.choice(HOSTILE)(r)[:500_000] + b"</body>")
    return family, data


def run_one(i: int, seed: int, seconds: float, memory_mb: int, workdir: Path) -> dict:
    family, data = case(i, seed)
    path = workdir / f"case-{i}.{family}"
    path.write_bytes(data)
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANG="C.UTF-8")
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(memory_mb), str(seconds)],
            capture_output=True, timeout=seconds * 20 + 60, env=env,
        )  # fmt: skip
        rc, err = proc.returncode, proc.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        rc, err = None, ""
    wall = time.perf_counter() - start
    elapsed, peak_kb = wall, 0
    if "FUZZSTAT" in err:
        head, _, stat = err.rpartition("FUZZSTAT ")
        err = head.rstrip("\n")
        elapsed, peak_kb = float(stat.split()[0]), int(stat.split()[1])
    if rc is None or elapsed > seconds:
        outcome = "timeout"
    elif peak_kb > memory_mb * 1024:
        outcome = "memory"
    elif "Traceback" in err:
        outcome = "traceback"
    elif rc == 16:
        outcome = "error16"
    elif rc in (-9, 137) or "MemoryError" in err:
        outcome = "memory"
    elif rc == 0:
        outcome = "ok"
    elif rc in DOCUMENTED and err.count("\n") <= 1:
        outcome = "refused"
    else:
        outcome = f"exit{rc}"
    return {
        "id": i, "family": family, "bytes": len(data), "outcome": outcome, "rc": rc,
        "seconds": round(elapsed, 2), "wall": round(wall, 2), "peak_mb": peak_kb // 1024,
        "stderr": err.strip()[-300:],
    }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time", type=float, default=5.0, help="seconds per run (default 5)")
    ap.add_argument("--memory-mb", type=int, default=500)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", default="out/fuzz")
    args = ap.parse_args()
    out = Path(args.out)
    (out / "cases").mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    bad = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        (out / "outcomes.jsonl").open("w") as log,
        cf.ThreadPoolExecutor(args.jobs) as pool,
    ):
        futures = [pool.submit(run_one, i, args.seed, args.time, args.memory_mb, Path(tmp)) for i in range(args.n)]
        for done, fut in enumerate(cf.as_completed(futures), 1):
            rec = fut.result()
            counts[rec["outcome"]] += 1
            log.write(json.dumps(rec, ensure_ascii=False) + "\n")
            log.flush()
            if rec["outcome"] not in ("ok", "refused"):
                bad.append(rec)
                src = Path(tmp) / f"case-{rec['id']}.{rec['family']}"
                if src.exists():
                    (out / "cases" / src.name).write_bytes(src.read_bytes())
            if done % 100 == 0:
                print(f"{done}/{args.n} {dict(counts)}", file=sys.stderr, flush=True)
    print(f"fuzz: {args.n} runs (seed {args.seed}, {args.time:g} s, {args.memory_mb} MB): {dict(sorted(counts.items()))}")
    for rec in bad[:30]:
        print(f"  {rec['outcome']:9} case-{rec['id']}.{rec['family']} {rec['seconds']} s  {rec['stderr'][-160:]}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
