"""Fuzz the extraction: mutate the corpus files by family, run each through the CLI's own entry
point in a forked child with a time and memory limit, and record every outcome.

    python bench/fuzz_extract.py -n 3000 [--seed 1] [--time 5] [--memory-mb 500] [-j 2] [--out DIR]

Families: ``txt`` (the seed text), ``docx``, ``pdf``, ``html`` (the seed rendered as a portal
page). Mutations (seeded, so a run is reproducible): flip bytes, insert or delete runs, duplicate
or truncate, splice in hostile constructs (deep outlines, huge spans, long lines of spaces, glued
syllables, unclosed parentheses, thousands of citations). Each run is classified:

- ``ok`` / ``refused`` (a documented exit status 1-15, 20 with one stderr line);
- ``error16`` (exit 16: a bug), ``traceback`` (a Python traceback on stderr);
- ``timeout`` (over ``--time`` seconds of CPU time for the extraction; CPU time, not wall time, so
  a machine busy with other work does not turn a run into a timeout; the child is killed past
  ``--time`` + 10 CPU seconds, or a wall-clock limit) /
  ``memory`` (peak resident memory over ``--memory-mb``; address space capped above it).

The pipeline (readers, lexicons, the spaCy model) is loaded once, warmed on each seed, and every
case runs in a child ``os.fork()``-ed from that warm process, as a long-running server would run
it: the time measured is the extraction alone, never the interpreter's start-up. The peak resident
memory of a child includes the pages it shares with the warm parent (as a fresh process with the
pipeline loaded would have them). ``-j`` children run at once.

Outcomes go to ``OUT/outcomes.jsonl`` (plus a table per family in ``OUT/summary.md``); each bad
input is kept as ``OUT/cases/<id>.<ext>`` so it can be minimized and turned into a regression test.
The exit status is 1 when any run was bad.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from io import BytesIO
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # safe to fork
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEED_TXT = ROOT / "corpus/plans/2023-duc-pho-bcd-qcdc.txt"
SEED_DOCX = ROOT / "corpus/formats/2023-duc-pho-bcd-qcdc.docx"
SEED_PDF = ROOT / "corpus/formats/2023-duc-pho-bcd-qcdc.pdf"
DOCUMENTED = set(range(1, 16)) | {20}
FAMILIES = ("txt", "docx", "pdf", "html")
OUTCOMES = ("ok", "refused", "timeout", "memory", "error16", "traceback")


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
            if info.filename == "word/document.xml" and r.random() < 0.3:  # valid XML, hostile text
                blob = _splice_text(blob, r)
            elif info.filename == target:
                if r.random() < 0.3:
                    blob = blob.replace(b"<w:tcPr>", b"<w:tcPr><w:gridSpan w:val=\"1000000000\"/>", 1)
                blob = _mutate_bytes(blob, r) if r.random() < 0.8 else blob
            dst.writestr(info, blob)
    return out.getvalue()


def _splice_text(xml: bytes, r: random.Random) -> bytes:
    """A hostile construct, escaped, inside one text run of the document (the XML stays valid)."""
    from xml.sax.saxutils import escape

    starts = [k for k in range(len(xml)) if xml.startswith(b"<w:t", k) and xml[k + 4 : k + 5] in (b">", b" ")]
    if not starts:
        return xml
    at = xml.index(b">", r.choice(starts)) + 1
    text = r.choice(HOSTILE)(r)[: r.choice((4096, 200_000))].decode("utf-8", "ignore")
    return xml[:at] + escape(text).encode() + xml[at:]


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


def warm_up(workdir: Path) -> None:
    """Load the pipeline and run every seed once, so each child starts warm."""
    from pipeline.cli import main as cli_main
    from pipeline.nlp import load_nlp

    load_nlp()
    seeds = {"txt": SEED_TXT.read_bytes(), "docx": SEED_DOCX.read_bytes(),
             "pdf": SEED_PDF.read_bytes(), "html": _html_seed()}  # fmt: skip
    with open(os.devnull, "w") as sink:
        for family, data in seeds.items():
            path = workdir / f"seed.{family}"
            path.write_bytes(data)
            saved = sys.stdout
            sys.stdout = sink
            try:
                cli_main(["extract", str(path), "--no-validate"])
            finally:
                sys.stdout = saved


def _vm_bytes() -> int:
    """This process's address space now (``VmSize``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(path: Path, err_path: Path, report: int, seconds: float, memory_mb: int) -> int:
    """In the forked child: limits, the extraction through the CLI, its CPU time and peak memory."""
    cap = _vm_bytes() + memory_mb * 2**20 * 2  # address space: what the warm parent maps, + 2x the limit
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    cpu = int(seconds) + 10  # a hang is killed (SIGXCPU) even on a loaded machine
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    sink = os.open(os.devnull, os.O_WRONLY)
    err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(sink, 1)
    os.dup2(err, 2)
    from pipeline.cli import main as cli_main

    start = time.process_time()
    try:
        rc = cli_main(["extract", str(path), "--no-validate"])
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 2
    except BaseException:  # noqa: BLE001 - whatever escapes the CLI is the finding
        traceback.print_exc()
        rc = 99
    elapsed = time.process_time() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(report, f"{elapsed:.3f} {peak_kb}".encode())
    return int(rc or 0)


def classify(rc: int | None, err: str, seconds: float, peak_kb: int, limit_s: float, memory_mb: int) -> str:
    if rc is None or seconds > limit_s:
        return "timeout"
    if peak_kb > memory_mb * 1024 or "MemoryError" in err:
        return "memory"
    if "Traceback" in err:
        return "traceback"
    if rc == 16:
        return "error16"
    if rc == 0:
        return "ok"
    if rc in DOCUMENTED and err.strip().count("\n") == 0:
        return "refused"
    return f"exit{rc}"


class Runner:
    """Forks one child per case from the warm process, ``jobs`` at a time."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args, self.workdir = args, workdir
        self.running: dict[int, tuple[int, str, int, int, float, Path, Path]] = {}
        self.wall_limit = args.time * 20 + 60

    def start(self, i: int) -> None:
        family, data = case(i, self.args.seed)
        path = self.workdir / f"case-{i}.{family}"
        path.write_bytes(data)
        err_path = self.workdir / f"case-{i}.err"
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read)
            code = 99
            try:
                code = _child(path, err_path, write, self.args.time, self.args.memory_mb)
            finally:
                os._exit(code & 0xFF)
        os.close(write)
        self.running[pid] = (i, family, len(data), read, time.monotonic(), path, err_path)

    def reap(self) -> list[dict]:
        """Records of the children that ended (killing those past the wall-clock limit)."""
        done = []
        while self.running:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
            if pid == 0:
                break
            done.append(self._record(pid, os.waitstatus_to_exitcode(status), usage))
        now = time.monotonic()
        for pid, info in list(self.running.items()):
            if now - info[4] > self.wall_limit:
                os.kill(pid, signal.SIGKILL)
        return done

    def _record(self, pid: int, rc: int, usage: resource.struct_rusage) -> dict:
        i, family, size, read, started, path, err_path = self.running.pop(pid)
        stat = os.read(read, 200).decode()
        os.close(read)
        wall = time.monotonic() - started
        err = err_path.read_text("utf-8", "replace") if err_path.exists() else ""
        if stat:
            seconds, peak_kb = float(stat.split()[0]), int(stat.split()[1])
        else:  # killed: the kernel's account of the child
            seconds, peak_kb = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
        if not stat and rc in (-signal.SIGXCPU, -signal.SIGKILL):
            outcome = "timeout" if peak_kb <= self.args.memory_mb * 1024 else "memory"
        else:
            outcome = classify(rc, err, seconds, peak_kb, self.args.time, self.args.memory_mb)
        err_path.unlink(missing_ok=True)
        return {
            "id": i, "family": family, "bytes": size, "outcome": outcome, "rc": rc,
            "seconds": round(seconds, 2), "wall": round(wall, 2), "peak_mb": peak_kb // 1024,
            "stderr": err.strip()[-300:], "path": str(path),
        }  # fmt: skip


def summary(records: list[dict], args: argparse.Namespace) -> str:
    """The outcome table: runs per family and outcome, the slowest run and the largest peak memory."""
    seen = [o for o in OUTCOMES if any(r["outcome"] == o for r in records)]
    seen += sorted({r["outcome"] for r in records} - set(OUTCOMES))
    cols = list(dict.fromkeys(["ok", "refused", "timeout", "memory", "error16", "traceback", *seen]))
    lines = [
        f"fuzz: {len(records)} runs, seed {args.seed}, limits {args.time:g} s CPU / {args.memory_mb} MB",
        "",
        "| family | runs | " + " | ".join(cols) + " | max seconds | max peak MB |",
        "|---|---:|" + "---:|" * len(cols) + "---:|---:|",
    ]
    for family in (*FAMILIES, "all"):
        rows = [r for r in records if family in ("all", r["family"])]
        if not rows:
            continue
        counts = Counter(r["outcome"] for r in rows)
        lines.append(
            f"| {family} | {len(rows)} | " + " | ".join(str(counts.get(c, 0)) for c in cols)
            + f" | {max(r['seconds'] for r in rows):.2f} | {max(r['peak_mb'] for r in rows)} |"
        )  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=0, help="first case number (to rerun a range)")
    ap.add_argument("--ids", help="rerun only these cases: a file of outcomes.jsonl records or numbers")
    ap.add_argument("--time", type=float, default=5.0, help="CPU seconds per run (default 5)")
    ap.add_argument("--memory-mb", type=int, default=500)
    ap.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--out", default="out/fuzz")
    args = ap.parse_args()
    out = Path(args.out)
    (out / "cases").mkdir(parents=True, exist_ok=True)
    records: list[dict] = []
    begun = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, (out / "outcomes.jsonl").open("w") as log:
        workdir = Path(tmp)
        warm_up(workdir)
        runner = Runner(args, workdir)
        todo = list(range(args.start, args.start + args.n))
        if args.ids:  # the bad cases of an earlier run: "--ids out/fuzz/outcomes.jsonl"
            lines = Path(args.ids).read_text().split() if not args.ids.endswith(".jsonl") else [
                str(r["id"]) for r in map(json.loads, Path(args.ids).read_text().splitlines())
                if r["outcome"] not in ("ok", "refused")
            ]  # fmt: skip
            todo = [int(x) for x in lines]
            args.n = len(todo)
        while todo or runner.running:
            while todo and len(runner.running) < args.jobs:
                runner.start(todo.pop(0))
            for rec in runner.reap():
                path = Path(rec.pop("path"))
                if rec["outcome"] not in ("ok", "refused"):
                    (out / "cases" / path.name).write_bytes(path.read_bytes())
                path.unlink(missing_ok=True)
                records.append(rec)
                log.write(json.dumps(rec, ensure_ascii=False) + "\n")
                log.flush()
                if len(records) % 100 == 0:
                    counts = dict(Counter(r["outcome"] for r in records))
                    print(f"{len(records)}/{args.n} {counts} {time.monotonic() - begun:.0f} s", file=sys.stderr, flush=True)
            time.sleep(0.005)
    table = summary(records, args) + f"\n\nwall time {time.monotonic() - begun:.0f} s, {args.jobs} at a time"
    (out / "summary.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    bad = [r for r in records if r["outcome"] not in ("ok", "refused")]
    for rec in bad[:30]:
        print(f"  {rec['outcome']:9} case-{rec['id']}.{rec['family']} {rec['seconds']} s  {rec['stderr'][-160:]}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
