"""Benchmark of the task database: ingest rate, search latency, bytes per task.

    .venv/bin/python bench/bench_store.py                 # full run (about 2-3 minutes)
    .venv/bin/python bench/bench_store.py --plans 200 --tasks 10000 --repeat 1   # quick

1. Ingest: ``--plans`` (2,000) plan files, variants of the corpus plans (year, place, number
   and task wording changed), extracted with ``--jobs`` (2) worker processes and written to a
   fresh database; then a rerun where every file is unchanged. Target ≥ 40 plans/s.
2. Search: a database of at least ``--tasks`` (100,000) tasks, made by writing varied copies
   of the corpus plan dicts directly (no extraction); p50/p95 latency over realistic queries
   (accent-free, accented, abbreviations, numbers, typed prefixes, with filters). Target p95
   ≤ 30 ms.
3. Size: database bytes per task (after a WAL checkpoint).

Each measurement is repeated ``--repeat`` times and the table shows the medians.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.store import Filters, SearchQuery  # noqa: E402
from pipeline.store.ingest import ingest  # noqa: E402
from pipeline.store.rows import plan_rows  # noqa: E402
from pipeline.store.sqlite import SqliteStore  # noqa: E402

PLACES = [
    "Đức Phổ", "Lục Ngạn", "Nghi Lộc", "Quảng Trị", "Đông Hà", "Hải Lăng", "Cam Lộ", "Vĩnh Linh",
    "Đắk Hà", "Ba Tơ", "Sơn Tịnh", "Bình Sơn", "Tư Nghĩa", "Mộ Đức", "Nghĩa Hành", "Lý Sơn",
    "Yên Thế", "Tân Yên", "Hiệp Hòa", "Việt Yên", "Diễn Châu", "Quỳnh Lưu", "Đô Lương", "Thanh Chương",
    "Hương Khê", "Can Lộc", "Thạch Hà", "Kỳ Anh", "Điện Biên", "Mường Nhé", "Tủa Chùa", "Côn Đảo",
]  # fmt: skip
TOPICS = [
    "chuyển đổi số", "cải cách hành chính", "phòng, chống tham nhũng, tiêu cực", "xây dựng nông thôn mới",
    "an ninh mạng", "công tác dân vận", "thi đua khen thưởng", "phổ biến, giáo dục pháp luật",
    "đầu tư công", "quản lý đất đai", "bảo vệ môi trường", "phòng, chống thiên tai", "y tế cơ sở",
    "giáo dục nghề nghiệp", "phát triển du lịch", "an toàn giao thông", "dân chủ ở cơ sở",
    "chương trình OCOP", "giảm nghèo bền vững", "tiếp công dân", "kinh tế tập thể, hợp tác xã",
]  # fmt: skip
AGENCIES = [
    "Ủy ban nhân dân huyện", "Phòng Nội vụ", "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch",
    "Ban Dân vận Huyện ủy", "Ban Tuyên giáo Huyện ủy", "Công an huyện", "Văn phòng HĐND và UBND huyện",
    "Phòng Văn hóa và Thông tin", "Phòng Giáo dục và Đào tạo", "Sở Thông tin và Truyền thông",
    "Sở Nội vụ", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "Hội Nông dân huyện", "Huyện đoàn",
    "Phòng Tài nguyên và Môi trường", "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở",
]  # fmt: skip
QUERIES = [
    ("dan van", {}), ("dân vận khéo", {}), ("chuyen doi so", {}), ("CẢI CÁCH HÀNH CHÍNH", {}),
    ("ubnd huyen", {}), ("kiem tra giam sat", {}), ("phong chong tham nhung", {}),
    ("quy che dan chu o co so", {}), ("tuyen truyen", {}), ("bao cao ket qua thuc hien", {}),
    ("dau tu cong", {}), ("an ninh mang", {}), ("nong thon moi", {}), ("thi dua khen thuong", {}),
    ("120-KL/TW", {}), ("hoi nghi so ket", {}), ("chuyen d", {"prefix": True}),
    ("cai cach h", {"prefix": True}), ("mo hinh", {"lead": "ban dan van"}),
    ("tuyen truyen", {"year": 2024}), ("", {"lead": "phong noi vu", "year": 2023}),
    ("bao cao", {"due_from": "2024-01-01", "due_to": "2024-06-30"}), ("", {"kind": "quarter"}),
    ("thuc hien", {"issuer": "quang tri"}), ("", {"ref": "33/CT-TTg"}),
]  # fmt: skip


def base_plans() -> list[dict[str, Any]]:
    files = sorted((REPO / "tests" / "store" / "fixtures").glob("*.plan.json"))
    files += sorted((REPO / "corpus" / "plans").glob("*.gold.json"))
    return [json.loads(f.read_text("utf-8")) for f in files]


def vary_plan(plan: dict[str, Any], i: int, rng: random.Random) -> dict[str, Any]:
    out = copy.deepcopy(plan)
    year = 2015 + i % 11
    place = rng.choice(PLACES)
    doc = out.get("document") or {}
    doc["number"] = str(1 + i % 400)
    doc["date"] = {"year": year, "month": 1 + i % 12, "day": 1 + i % 28}
    doc["issuer"] = f"{rng.choice(AGENCIES)} {place}"
    doc["title"] = f"về {rng.choice(TOPICS)} năm {year}"
    tasks = out.get("tasks") or []
    rng.shuffle(tasks)
    for t in tasks:
        t["text"] = f"{t['text']} Gắn với {rng.choice(TOPICS)} tại {place}."
        for group in ("lead", "executors"):
            names = rng.sample(AGENCIES, rng.randint(1, 3))
            t[group] = {
                "raw": "; ".join(names),
                "parties": [{"name": n, "kind": "org"} for n in names],
            }
        q = rng.randint(1, 4)
        end = f"{year}-{3 * q:02d}-{30 if q in (2, 3) else 31}"
        t["timeline"] = rng.choice(
            [
                {"raw": "Thường xuyên", "kind": "continuous", "start": None, "end": None},
                {
                    "raw": f"Quý {q}/{year}",
                    "kind": "quarter",
                    "start": f"{year}-{3 * q - 2:02d}-01",
                    "end": end,
                },
                {
                    "raw": f"Năm {year}",
                    "kind": "year",
                    "start": f"{year}-01-01",
                    "end": f"{year}-12-31",
                },
            ]
        )
    return out


def vary_text(text: str, i: int, rng: random.Random) -> str:
    year = str(2015 + i % 11)
    out = re.sub(r"\b2023\b", year, text)
    out = out.replace("Đức Phổ", rng.choice(PLACES))
    lines = out.split("\n")
    for k in rng.sample(range(len(lines)), min(8, len(lines))):
        if len(lines[k]) > 60:
            lines[k] += f" Gắn với {rng.choice(TOPICS)}."
    return "\n".join(lines) + f"\nBản số {i}.\n"


def bench_ingest(n: int, jobs: int, work: Path) -> dict[str, float]:
    rng = random.Random(n)
    sources = sorted((REPO / "corpus" / "plans").glob("*.txt"))
    folder = work / "plans"
    if not folder.exists():
        for i in range(n):
            src = sources[i % len(sources)]
            sub = folder / str(2015 + i % 11)
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{i:05d}-{src.name}").write_text(
                vary_text(src.read_text("utf-8"), i, rng), "utf-8"
            )
    db = work / f"ingest-{time.monotonic_ns()}.db"
    with SqliteStore.open(db) as store:
        t0 = time.perf_counter()
        first = ingest([folder], store, jobs=jobs)
        t1 = time.perf_counter()
        again = ingest([folder], store, jobs=jobs)
        t2 = time.perf_counter()
        tasks = store.counts()["tasks"]
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if first.failed:
        print(f"warning: {first.failed} files failed: {first.failures[:3]}", file=sys.stderr)
    return {
        "ingest plans/s": n / (t1 - t0),
        "ingest s": t1 - t0,
        "rerun (unchanged) s": t2 - t1,
        "ingest bytes/task": db.stat().st_size / max(1, tasks),
        "ingest tasks": tasks,
        "unchanged on rerun": again.unchanged,
    }


def build_search_db(min_tasks: int, db: Path) -> tuple[int, float]:
    rng = random.Random(7)
    bases = base_plans()
    tasks = i = 0
    t0 = time.perf_counter()
    with SqliteStore.open(db) as store:
        while tasks < min_tasks:
            plan = vary_plan(bases[i % len(bases)], i, rng)
            rows = plan_rows(plan, sha256=f"bench-{i}", pipeline_version="bench")
            store.write_document(rows, [f"/bench/{2015 + i % 11}/{i:06d}.docx"])
            tasks += len(rows.tasks)
            i += 1
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("PRAGMA optimize")
    return tasks, time.perf_counter() - t0


def bench_search(db: Path, rounds: int) -> dict[str, float]:
    times: list[float] = []
    worst: dict[str, float] = {}
    with SqliteStore.open(db, create=False) as store:
        for _ in range(rounds):
            for text, opts in QUERIES:
                prefix = bool(opts.get("prefix"))
                f = {k: v for k, v in opts.items() if k != "prefix"}
                year = f.pop("year", None)
                filters = Filters(year_from=year, year_to=year, **f)
                t0 = time.perf_counter()
                store.search(SearchQuery(text, filters, limit=20, prefix=prefix))
                ms = (time.perf_counter() - t0) * 1000
                times.append(ms)
                key = f"{text!r} {opts}" if opts else repr(text)
                worst[key] = max(worst.get(key, 0.0), ms)
    times.sort()
    slowest = max(worst, key=worst.__getitem__)
    print(f"  slowest query: {slowest} {worst[slowest]:.1f} ms", file=sys.stderr)
    return {
        "search p50 ms": statistics.median(times),
        "search p95 ms": times[int(0.95 * (len(times) - 1))],
        "search max ms": times[-1],
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--plans", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=10, help="passes over the query set")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        work = Path(tmp)
        db = work / "search.db"
        tasks, build_s = build_search_db(args.tasks, db)
        print(f"search db: {tasks} tasks written in {build_s:.1f} s", file=sys.stderr)
        for r in range(args.repeat):
            row = {} if args.skip_ingest else bench_ingest(args.plans, args.jobs, work)
            row |= bench_search(db, args.rounds)
            row |= {
                "search db tasks": tasks,
                "search db bytes/task": db.stat().st_size / tasks,
                "direct writes tasks/s": tasks / build_s,
            }
            for k, v in row.items():
                results.setdefault(k, []).append(float(v))
            print(f"  run {r + 1}/{args.repeat} done", file=sys.stderr)
    targets = {"ingest plans/s": "≥ 40", "search p95 ms": "≤ 30"}
    print(f"\n{'metric':<24} {'median':>12}  target   (runs: {args.repeat})")
    for k, values in results.items():
        print(f"{k:<24} {statistics.median(values):>12.1f}  {targets.get(k, '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
