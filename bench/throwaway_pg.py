"""A PostgreSQL server for the store benchmark: ``$KEHOACH_BENCH_PG`` (or ``$KEHOACH_TEST_PG``)
when set; otherwise, as root on a machine with Debian's ``postgresql`` package, a throwaway
cluster in a temporary folder run as the ``postgres`` user (as ``.ci/run`` does), stopped at
the end; otherwise ``None`` (the PostgreSQL column is left out, with the reason).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["postgres_url"]


@contextmanager
def postgres_url(port: int = 55439) -> Iterator[tuple[str | None, str]]:
    """``(url, why)``: the server's URL, or None and the reason there is none."""
    for env in ("KEHOACH_BENCH_PG", "KEHOACH_TEST_PG"):
        if os.environ.get(env):
            yield os.environ[env], f"${env}"
            return
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins or os.geteuid() != 0 or not shutil.which("su"):
        yield None, "no PostgreSQL: set KEHOACH_BENCH_PG=postgresql://... (or run as root with postgresql installed)"
        return
    pg_bin = os.path.dirname(bins[-1])
    folder = tempfile.mkdtemp(prefix="kehoach-bench-pg-")
    shutil.chown(folder, "postgres")
    data = f"{folder}/data"
    start = (
        f"'{pg_bin}/initdb' -D '{data}' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null"
        f" && '{pg_bin}/pg_ctl' -D '{data}' -l '{folder}/log' -w"
        f" -o \"-k '{folder}' -h 127.0.0.1 -p {port} -c shared_buffers=256MB\" start >/dev/null"
    )
    try:
        subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", start], check=True)
    except subprocess.CalledProcessError:
        shutil.rmtree(folder, ignore_errors=True)
        yield None, "could not start a throwaway PostgreSQL"
        return
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres", "throwaway cluster"
    finally:
        stop = f"'{pg_bin}/pg_ctl' -D '{data}' -m fast stop >/dev/null"
        subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", stop], check=False)
        shutil.rmtree(folder, ignore_errors=True)
