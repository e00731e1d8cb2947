"""Load test of ``kehoach serve`` on a database of 100,000 tasks, on 127.0.0.1 only.

    .venv/bin/python bench/bench_web.py                    # 2-3 minutes (+3 the first time)
    .venv/bin/python bench/bench_web.py --tasks 10000 --requests 100   # quick
    .venv/bin/python bench/bench_web.py --workers 1        # one server process

Builds (once, kept in out/bench-web/) the search database of ``bench_store.py`` (varied
copies of the corpus plans), starts ``kehoach serve --workers 2`` on a free loopback port in
a child process, then sends search pages (the queries of ``bench_store.py`` with their
filters as facets) with keep-alive connections:

- 1 user, each page followed by the same query as ``kehoach search`` runs it (the store's
  search, whole words, 20 results) in this process: the ratio of the two is measured under
  the same load on the machine;
- 20 users sending back to back (a closed loop: the stress figure, the server never idle);
- 20 users typing: pausing 0.5-1.5 s between requests, each request the result swap the page
  sends as one types (``HX-Request``), the figure of the target (p95 ≤ 150 ms), followed by
  the facet counts the results load after themselves (``/bo-loc``, timed apart);
- the facet counts of each query the first time (before the server caches them);
- plan pages from 1 user.

Every loop is bounded by a request count and a time limit. The load average is printed at the
start and the end: the machine is shared, and other work inflates every figure but the ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_store import QUERIES, build_search_db  # noqa: E402

from pipeline.store import SearchQuery  # noqa: E402
from pipeline.store.options import build_filters  # noqa: E402
from pipeline.store.sqlite import SqliteStore  # noqa: E402

HOST = "127.0.0.1"  # never anything else
HX = {"HX-Request": "true", "HX-Target": "ket-qua"}  # what the page sends as one types
_FACETS = {"lead": "chu_tri", "issuer": "co_quan", "year": "nam", "kind": "loai_tg"}


def page_queries() -> list[tuple[str, dict[str, str]]]:
    """(text, facets) of the bench queries the search page can express."""
    out = []
    for text, opts in QUERIES:
        if any(k not in (*_FACETS, "prefix") for k in opts):
            continue
        out.append((text, {_FACETS[k]: str(v) for k, v in opts.items() if k in _FACETS}))
    return out


def cached_db(tasks: int, folder: Path) -> Path:
    """The search database of ``bench_store.py`` (about 5 minutes to write 100,000 tasks),
    kept between runs under a name that changes with its inputs (the generator, its plans,
    the schema's migrations, the pipeline version)."""
    from pipeline import __version__
    from pipeline.store.schema import MIGRATIONS

    digest = hashlib.sha256()
    for f in [
        REPO / "bench" / "bench_store.py",
        *sorted((REPO / "tests" / "store" / "fixtures").glob("*.json")),
    ]:
        digest.update(f.read_bytes())
    digest.update(repr([name for name, _ in MIGRATIONS]).encode())
    digest.update(__version__.encode())
    db = folder / f"search-{tasks}-{digest.hexdigest()[:12]}.db"
    if db.exists():
        print(f"search db: {db} (kept from an earlier run)", file=sys.stderr)
        return db
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"search-{tasks}-*.db*"):
        old.unlink()
    partial = db.with_name(db.name + ".partial")
    partial.unlink(missing_ok=True)
    written, seconds = build_search_db(tasks, partial)
    partial.rename(db)
    print(f"search db: {written} tasks written in {seconds:.1f} s to {db}", file=sys.stderr)
    return db


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(db: Path, data: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("kehoach")
    cmd = [
        str(exe),
        "serve",
        "--db",
        str(db),
        "--host",
        HOST,
        "--port",
        str(port),
        "--data-dir",
        str(data),
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(
                    f"kehoach serve stopped: {proc.stderr.read().decode()[-500:]}"
                ) from None
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("kehoach serve did not start in 60 s")


def load(
    port: int,
    paths: list[str],
    users: int,
    requests: int,
    seconds: float,
    think: tuple[float, float] | None = None,
    headers: dict[str, str] | None = None,
    then: tuple[list[str], list[float]] | None = None,
) -> list[float]:
    """Latencies (s) of ``requests`` GETs spread over ``users`` threads, within ``seconds``.

    Without ``think`` each user sends its next request as soon as the last one is answered (a
    closed loop: the server is never idle, the stress figure); with ``think = (lo, hi)`` a user
    pauses a random lo..hi seconds between requests, like someone typing and reading. With
    ``then = (paths2, latencies2)`` each request is followed by ``paths2[i]`` (what the page
    loads after the results: the facet counts), its latency appended to ``latencies2``."""
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.perf_counter() + seconds
    failures: list[str] = []

    def user(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.perf_counter() < deadline:
            if think:
                time.sleep(rng.uniform(*think))
            with lock:
                i = next(counter, None)
            if i is None:
                break
            t0 = time.perf_counter()
            conn.request("GET", paths[i % len(paths)], headers={"Host": f"{HOST}:{port}", **(headers or {})})
            resp = conn.getresponse()
            resp.read()
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if resp.status != 200:
                    failures.append(f"{resp.status} {paths[i % len(paths)]}")
            if then is not None:
                follow = then[0][i % len(then[0])]
                t0 = time.perf_counter()
                conn.request("GET", follow, headers={"Host": f"{HOST}:{port}", **(headers or {})})
                resp = conn.getresponse()
                resp.read()
                with lock:
                    then[1].append(time.perf_counter() - t0)
                    if resp.status != 200:
                        failures.append(f"{resp.status} {follow}")
        conn.close()

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"{len(failures)} failed requests, e.g. {failures[0]}")
    return latencies


def _filters(facets: dict[str, str]) -> Any:
    return build_filters(lead=facets.get("chu_tri"), issuer=facets.get("co_quan"),
                         year=facets.get("nam"), kind=facets.get("loai_tg"))  # fmt: skip


def paired(
    port: int, db: Path, queries: list[tuple[str, dict[str, str]]], requests: int, seconds: float
) -> tuple[list[float], list[float]]:
    """One user: each search page, then the same query as ``kehoach search`` runs it (the
    store's search, whole words, 20 results) in this process, one after the other, so both
    figures meet the same load on the machine. Returns (page latencies, bare latencies)."""
    pages, bare = [], []
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    deadline = time.perf_counter() + seconds
    with SqliteStore.open(db, create=False) as store:
        for text, facets in queries:  # warm-up, as the server had
            store.search(SearchQuery(text, _filters(facets), 20))
        for i in range(requests):
            if time.perf_counter() > deadline:
                break
            text, facets = queries[i % len(queries)]
            t0 = time.perf_counter()
            conn.request("GET", "/?" + urlencode({"q": text, **facets}),
                         headers={"Host": f"{HOST}:{port}"})  # fmt: skip
            resp = conn.getresponse()
            resp.read()
            pages.append(time.perf_counter() - t0)
            if resp.status != 200:
                raise SystemExit(f"search page: {resp.status}")
            query = SearchQuery(text, _filters(facets), 20)
            t0 = time.perf_counter()
            store.search(query)
            bare.append(time.perf_counter() - t0)
    conn.close()
    return pages, bare


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=400, help="search pages per load level")
    ap.add_argument("--seconds", type=float, default=60, help="time limit per load level")
    ap.add_argument(
        "--workers", type=int, default=2, help="server processes (kehoach serve --workers)"
    )
    ap.add_argument(
        "--cache", default=str(REPO / "out" / "bench-web"), help="where the built database is kept"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-web-") as tmp:
        db = cached_db(args.tasks, Path(args.cache))
        start = os.getloadavg()[0]
        with SqliteStore.open(db, create=False) as store:
            tasks = store.counts()["tasks"]
        queries = page_queries()
        paths = ["/?" + urlencode({"q": q, **f}) for q, f in queries]
        facet_paths = ["/bo-loc?" + urlencode({"q": q, **f}) for q, f in queries]
        port = free_port()
        proc = start_server(db, Path(tmp) / "web", port, args.workers)
        try:
            load(port, paths, 1, len(paths), args.seconds)  # warm-up: caches, facets
            # each search's facet counts computed for the first time (not cached yet)
            cold = load(port, facet_paths, 1, len(facet_paths), args.seconds)
            one, bare = paired(port, db, queries, args.requests, args.seconds)
            twenty = load(port, paths, 20, args.requests * 2, args.seconds)
            facets: list[float] = []
            typing = load(port, paths, 20, args.requests * 2, args.seconds, think=(0.5, 1.5),
                          headers=HX, then=(facet_paths, facets))  # fmt: skip
            with SqliteStore.open(db, create=False) as store:
                ids = [
                    r[0]
                    for r in store.conn.execute("SELECT id FROM documents ORDER BY id LIMIT 40")
                ]
            plans = load(port, [f"/ke-hoach/{i}" for i in ids], 1, 120, args.seconds)
        finally:
            proc.terminate()
            proc.wait(10)
    end = os.getloadavg()[0]
    ms = 1000
    rows = [
        ("search page, 1 user, p50", statistics.median(one) * ms, ""),
        ("search page, 1 user, p95", percentile(one, 95) * ms, ""),
        ("search page, 20 users, p50", statistics.median(twenty) * ms, "back to back"),
        ("search page, 20 users, p95", percentile(twenty, 95) * ms, "back to back"),
        ("20 users typing, p50", statistics.median(typing) * ms, "pausing 0.5-1.5 s"),
        ("20 users typing, p95", percentile(typing, 95) * ms, "≤ 150 ms"),
        ("facet counts, first time, p50", statistics.median(cold) * ms, "not cached yet"),
        ("facet counts, first time, p95", percentile(cold, 95) * ms, ""),
        ("facet counts, typing, p95", percentile(facets, 95) * ms, "after each swap"),
        ("plan page, 1 user, p95", percentile(plans, 95) * ms, ""),
        ("bare kehoach search, p50", statistics.median(bare) * ms, "same queries"),
        ("bare kehoach search, p95", percentile(bare, 95) * ms, ""),
    ]
    print(
        f"\n{'metric (ms)':<32} {'value':>9}  note   ({tasks} tasks; "
        f"{len(one)}/{len(twenty)}/{len(typing)}/{len(plans)} requests)"
    )
    for name, value, target in rows:
        print(f"{name:<32} {value:>9.1f}  {target}")
    ratio = statistics.median(one) / statistics.median(bare)
    print(f"{'search page ÷ bare search, p50':<32} {ratio:>9.2f}×")
    print(
        f"(server: kehoach serve --workers {args.workers} on {HOST}; client threads in this "
        f"process; {os.cpu_count()} cores; load average {start:.1f} at the start, {end:.1f} "
        "at the end: other work on the machine inflates every figure but the ratio; the "
        "typing users send the result swaps the page sends as one types)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
