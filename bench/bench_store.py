"""Benchmark of the task database, SQLite and PostgreSQL side by side in one run.

    .venv/bin/python bench/bench_store.py                      # 1,000,000 tasks (see below)
    .venv/bin/python bench/bench_store.py --plans 200 --tasks 10000 --repeat 1   # quick

PostgreSQL: ``$KEHOACH_BENCH_PG`` (or ``$KEHOACH_TEST_PG``), else a throwaway cluster started
as the ``postgres`` user when run as root with Debian's ``postgresql`` (bench/throwaway_pg.py);
without one its column says why.

1. Ingest: ``--plans`` (2,000) plan files, variants of the corpus plans, extracted with
   ``--jobs`` (2) worker processes and written to a fresh database of each store; then a
   rerun where every file is unchanged. Target ≥ 40 plans/s.
2. Local pool vs Dask: the same files ingested into SQLite with the local pool and with a
   Dask ``LocalCluster`` of ``--jobs`` worker processes (one thread each).
3. Search: a database of at least ``--tasks`` tasks (default 1,000,000, the issue's figure),
   made by writing varied copies of the corpus plan dicts through the SQLite store's write
   path, then copied table by table into PostgreSQL (``COPY``; the triggers fill
   ``task_search``, its GIN index is built after); p50/p95 latency over realistic queries.
   Target p95 ≤ 30 ms on each. The first run builds it (about 5 minutes on an idle machine,
   30 under a load of 5-9) and copies it (about 4); later runs take it from ``--cache``, and
   the copy from ``$KEHOACH_BENCH_PG`` when that server lasts.
4. Size: database bytes per task (SQLite after a WAL checkpoint; PostgreSQL the tables and
   indexes of its schema).

Ingest is measured ``--repeat`` times (default 1: each is already a 2,000-file run), search
``--rounds`` passes over the query set; the table shows medians.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import hashlib
import inspect
import json
import os
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

from throwaway_pg import postgres_url  # noqa: E402

from pipeline.store import Filters, SearchQuery, open_store  # noqa: E402
from pipeline.store.ingest import ingest  # noqa: E402
from pipeline.store.rows import DocumentRows, plan_rows  # noqa: E402
from pipeline.store.sqlite import SqliteStore  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))

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


def base_plan_files() -> list[Path]:
    """The extracted plans the search database is made of: the store's fixtures and the
    bundled corpus's gold plans (those with tasks)."""
    files = sorted((REPO / "tests" / "store" / "fixtures").glob("*.plan.json"))
    for folder in ("plans", "real-plans-new"):
        files += sorted((REPO / "corpus" / folder).glob("*.gold.json"))
    return files


def base_plans() -> list[dict[str, Any]]:
    plans = [json.loads(f.read_text("utf-8")) for f in base_plan_files()]
    return [p for p in plans if p.get("tasks")]


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


def make_folder(n: int, work: Path) -> Path:
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
    return folder


class Targets:
    """Fresh empty databases: SQLite files in ``work``, PostgreSQL schemas on ``pg``."""

    def __init__(self, work: Path, pg: str | None) -> None:
        self.work, self.pg, self.schemas = work, pg, []
        self.admin = None
        if pg:
            import psycopg

            self.admin = psycopg.connect(pg, autocommit=True)

    def new(self, store: str) -> str:
        n = time.monotonic_ns()
        if store == "sqlite":
            return str(self.work / f"db-{n}.db")
        schema = f"kehoach_bench_{n}"
        self.admin.execute(f'CREATE SCHEMA "{schema}"')
        self.schemas.append(schema)
        return self.url(schema)

    def url(self, schema: str) -> str:
        return f"{self.pg}{'&' if '?' in self.pg else '?'}options=-csearch_path%3D{schema}"

    def size(self, store: str, target: str) -> int:
        if store == "sqlite":
            return Path(target).stat().st_size
        schema = target.rsplit("%3D", 1)[1]
        (size,) = self.admin.execute(
            "SELECT sum(pg_total_relation_size(format('%%I.%%I', schemaname, tablename)))"
            " FROM pg_tables WHERE schemaname = %s",
            (schema,),
        ).fetchone()
        return int(size)

    def close(self) -> None:
        if self.admin:
            for schema in self.schemas:
                self.admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            self.admin.close()


def bench_ingest(folder: Path, n: int, jobs: int, store_kind: str, targets: Targets,
                 dask: object | None = None) -> dict[str, float]:  # fmt: skip
    target = targets.new(store_kind)
    with open_store(target) as store:
        t0 = time.perf_counter()
        first = ingest([folder], store, jobs=jobs, dask=dask)
        t1 = time.perf_counter()
        again = ingest([folder], store, jobs=jobs, dask=dask)
        t2 = time.perf_counter()
        tasks = store.counts()["tasks"]
        if store_kind == "sqlite":
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if first.failed:
        print(f"warning: {first.failed} files failed: {first.failures[:3]}", file=sys.stderr)
    assert again.unchanged == n, again
    return {
        "ingest plans/s": n / (t1 - t0),
        "rerun (unchanged) s": t2 - t1,
        "ingest bytes/task": targets.size(store_kind, target) / max(1, tasks),
    }


POOL = 1000  # distinct extracted plans the search database is made of
WRITE_BATCH = 200  # documents per write transaction while building it


def search_db_key(min_tasks: int) -> str:
    """The digest naming a cached search database: what it holds depends on the base plans,
    the row code and this builder. A cached database made before a new migration is brought
    up to date when opened, as any user's database is."""
    digest = hashlib.sha256(f"{min_tasks}:{POOL}".encode())
    for f in [REPO / "pipeline" / "store" / "rows.py", REPO / "pipeline" / "store" / "textkeys.py",
              *base_plan_files()]:  # fmt: skip
        digest.update(f.read_bytes())
    for fn in (vary_plan, _copy_of, build_search_db):
        digest.update(inspect.getsource(fn).encode())
    return digest.hexdigest()[:16]


def _copy_of(rows: DocumentRows, i: int) -> DocumentRows:
    """``rows`` as another document: its own hash, identity, number and day."""
    doc = dataclasses.replace(
        rows.document, sha256=f"bench-{i}", identity=f"bench:{i}", number=str(1 + i),
        number_key=f"{1 + i}-bench", month=1 + i % 12, day=1 + i % 28,
    )  # fmt: skip
    return dataclasses.replace(rows, document=doc)


def build_search_db(min_tasks: int, db: Path) -> tuple[int, float]:
    """A database of at least ``min_tasks`` tasks: :data:`POOL` varied corpus plans made
    into rows (as the ingest workers do), then written again and again as other documents
    through the store's write path, :data:`WRITE_BATCH` documents a transaction."""
    rng = random.Random(7)
    bases = base_plans()
    t0 = time.perf_counter()
    pool = [
        plan_rows(vary_plan(bases[i % len(bases)], i, rng), sha256=f"p{i}", pipeline_version="bench")
        for i in range(POOL)
    ]
    tasks = i = 0
    with SqliteStore.open(db) as store:
        batch: list[tuple[DocumentRows, list[str]]] = []
        while tasks < min_tasks:
            rows = _copy_of(pool[i % POOL], i)
            batch.append((rows, [f"/bench/{rows.document.year}/{i:07d}.docx"]))
            tasks += len(rows.tasks)
            i += 1
            if len(batch) == WRITE_BATCH:
                store.write_documents(batch)
                batch = []
        store.write_documents(batch)
        store.conn.execute("INSERT INTO tasks_fts (tasks_fts) VALUES ('optimize')")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("ANALYZE")
    return tasks, time.perf_counter() - t0


def cached_search_db(min_tasks: int, cache: Path) -> tuple[Path, int, float | None]:
    """The search database for ``min_tasks`` from ``cache`` (built there when missing or
    made by other code): its path, tasks, and the build time when built now."""
    cache.mkdir(parents=True, exist_ok=True)
    db = cache / f"search-{min_tasks}-{search_db_key(min_tasks)}.db"
    if db.exists():
        with SqliteStore.open(db, create=False) as store:
            return db, store.counts()["tasks"], None
    for old in cache.glob(f"search-{min_tasks}-*.db*"):
        old.unlink()
    part = db.with_suffix(".part")
    for f in cache.glob(part.name + "*"):
        f.unlink()
    tasks, seconds = build_search_db(min_tasks, part)
    part.rename(db)
    return db, tasks, seconds


# tables in foreign-key order (task_search is filled by the triggers on tasks)
_COPIED = (
    "documents", "plan_json", "sources", "sections", "tasks", "parties", "party_aliases",
    "party_names", "task_parties", "refs", "document_refs", "document_ref_names", "task_refs",
)  # fmt: skip


def copy_to_postgres(db: Path, target: str) -> float:
    """Copy the SQLite search database into the PostgreSQL store at ``target`` (COPY, the
    search index dropped during the copy and built once after, as a bulk load does)."""
    import sqlite3

    import psycopg

    open_store(target).close()  # the schema
    t0 = time.perf_counter()
    src = sqlite3.connect(db)
    with psycopg.connect(target) as dst:
        dst.execute("DROP INDEX task_search_words")
        for table in _COPIED:
            cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
            listed = ", ".join(cols)
            with dst.cursor().copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
                for row in src.execute(f"SELECT {listed} FROM {table}"):
                    copy.write_row(row)
        dst.execute("SET maintenance_work_mem = '1GB'")
        dst.execute("CREATE INDEX task_search_words ON task_search USING gin (search)")
        for table in ("documents", "sections", "tasks", "parties", "refs"):  # past the copied ids
            dst.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 1) FROM {table}))"
            )
        dst.commit()
        dst.autocommit = True
        dst.execute("VACUUM ANALYZE")
    src.close()
    return time.perf_counter() - t0


def postgres_search_db(db: Path, tasks: int, pg: str, targets: Targets) -> tuple[str, float | None]:
    """The PostgreSQL copy of the search database: kept between runs on a server that
    outlives the bench (``$KEHOACH_BENCH_PG``) in a schema named by the SQLite copy's key,
    made again on a throwaway cluster. Returns its URL and the copy time when made now."""
    import psycopg

    schema = "kehoach_bench_" + db.stem.replace("-", "_")
    url = targets.url(schema)
    with psycopg.connect(pg, autocommit=True) as admin:
        done = admin.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s"
            " AND table_name = 'bench_done'",
            (schema,),
        ).fetchone()
        if done:
            return url, None
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.execute(f'CREATE SCHEMA "{schema}"')
    seconds = copy_to_postgres(db, url)
    with psycopg.connect(pg, autocommit=True) as admin:
        admin.execute(f'CREATE TABLE "{schema}".bench_done (tasks BIGINT)')
        admin.execute(f'INSERT INTO "{schema}".bench_done VALUES (%s)', (tasks,))
    return url, seconds


def bench_search(target: str, rounds: int) -> dict[str, float]:
    times: list[float] = []
    worst: dict[str, float] = {}
    with open_store(target, create=False) as store:
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


def local_cluster(workers: int) -> Any:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=40,
    )  # fmt: skip
    return cluster, Client(cluster)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--plans", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--tasks", type=int, default=1_000_000)
    ap.add_argument(
        "--cache", type=Path, default=Path(os.environ.get("KEHOACH_BENCH_CACHE", REPO / "out" / "bench-cache")),
        help="where the search database is kept between runs (keyed by the code that builds it)",
    )  # fmt: skip
    ap.add_argument("--rounds", type=int, default=10, help="passes over the query set")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()
    cols: dict[str, dict[str, list[float]]] = {"sqlite": {}, "postgres": {}, "dask": {}}

    def note(col: str, row: dict[str, float]) -> None:
        for k, v in row.items():
            cols[col].setdefault(k, []).append(float(v))

    with postgres_url() as (pg, why), tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        work = Path(tmp)
        stores = ["sqlite", "postgres"] if pg else ["sqlite"]
        print(f"postgres: {why}", file=sys.stderr)
        targets = Targets(work, pg)
        try:
            db, tasks, build_s = cached_search_db(args.tasks, args.cache)
            if build_s is None:
                print(f"search db: {tasks} tasks, cached in {db}", file=sys.stderr)
            else:
                print(f"search db: {tasks} tasks built in {build_s:.1f} s ({db})", file=sys.stderr)
            note("sqlite", {"search db tasks": tasks, "search db bytes/task": db.stat().st_size / tasks})
            if build_s is not None:
                note("sqlite", {"build tasks/s": tasks / build_s})
            search_targets = {"sqlite": str(db)}
            if pg:
                search_targets["postgres"], copy_s = postgres_search_db(db, tasks, pg, targets)
                if copy_s is None:
                    print("PostgreSQL copy: kept from an earlier run", file=sys.stderr)
                else:
                    print(f"copied to PostgreSQL in {copy_s:.1f} s", file=sys.stderr)
                size = targets.size("postgres", search_targets["postgres"])
                note("postgres", {"search db tasks": tasks, "search db bytes/task": size / tasks})
                if copy_s is not None:
                    note("postgres", {"build tasks/s": tasks / copy_s})
            for kind in stores:
                note(kind, bench_search(search_targets[kind], args.rounds))
            folder = make_folder(args.plans, work) if not args.skip_ingest else None
            for r in range(args.repeat if folder else 0):
                for kind in stores:
                    note(kind, bench_ingest(folder, args.plans, args.jobs, kind, targets))
                if not args.skip_dask:
                    cluster, client = local_cluster(args.jobs)
                    with cluster, client:
                        row = bench_ingest(folder, args.plans, args.jobs, "sqlite", targets, client)
                    note("dask", {f"{k} (dask)": v for k, v in row.items() if "plans/s" in k})
                print(f"  ingest run {r + 1}/{args.repeat} done", file=sys.stderr)
        finally:
            targets.close()
    targets_text = {"ingest plans/s": "≥ 40", "search p95 ms": "≤ 30"}
    keys = list(dict.fromkeys(k for c in ("sqlite", "postgres") for k in cols[c]))
    print(f"\n{'metric':<26} {'SQLite':>10} {'PostgreSQL':>11}  target")
    for k in keys:
        vals = [statistics.median(cols[c][k]) if k in cols[c] else None for c in ("sqlite", "postgres")]
        shown = [f"{v:>10.1f}" if v is not None else f"{'—':>10}" for v in vals]
        print(f"{k:<26} {shown[0]} {shown[1]:>11}  {targets_text.get(k, '')}")
    if not pg:
        print(f"(PostgreSQL column empty: {why})")
    if cols["dask"] and "ingest plans/s" in cols["sqlite"]:
        local = statistics.median(cols["sqlite"]["ingest plans/s"])
        dask = statistics.median(cols["dask"]["ingest plans/s (dask)"])
        print(f"\ningest into SQLite, {args.plans} files, {args.jobs} workers: local pool "
              f"{local:.1f} plans/s, Dask LocalCluster {dask:.1f} plans/s "
              f"(Dask ÷ pool {dask / local:.2f})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
