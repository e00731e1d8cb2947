"""The PostgreSQL implementation of :class:`pipeline.store.Store` (psycopg 3).

``--db postgresql://USER@HOST/DB`` works wherever ``--db FILE`` does. The write path is the
shared :class:`~pipeline.store.sqlstore.SqlStore`; this module gives the connection (its SQL
speaks ``?`` like SQLite's, translated here), the transaction and the reads. Many writers at
once: each write transaction takes one advisory lock first, so two ingesters on the same
database serialise their (short) writes, never duplicate a document (identity and hash are
unique keys, upserted under the lock) and never deadlock; extraction, the long part, runs in
parallel. Readers never wait (MVCC).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pipeline.errors import PipelineError
from pipeline.store.sqlstore import SqlStore

__all__ = ["PgStore", "PgConnection", "is_postgres_target", "redact"]

_WRITE_LOCK = 0x6B65686E  # advisory lock id for document writes ("kehn")
_ROWS_PER_INSERT = 500
_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_target(target: object) -> bool:
    return isinstance(target, str) and target.startswith(_SCHEMES)


def redact(dsn: str) -> str:
    """The DSN without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


@functools.lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise PipelineError(
            "psycopg is not installed; install it with `pip install 'kehoach[postgres]'`",
            code="tool_missing",
        ) from exc
    return psycopg


class PgConnection:
    """A psycopg connection that takes the SQLite-style ``?`` SQL the shared code writes."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.raw.execute(_pg_sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run ``sql`` for each row: an ``INSERT ... VALUES (?, ...)`` as multi-row INSERTs
        (one round trip per 500 rows; the shared code never repeats a conflict key within
        one call), anything else row by row in a pipeline."""
        rows = list(rows)
        if not rows:
            return
        head, sep, rest = sql.partition(" VALUES (")
        if sep and head.lstrip().upper().startswith("INSERT"):
            group, _, tail = rest.partition(")")
            for i in range(0, len(rows), _ROWS_PER_INSERT):
                part = rows[i : i + _ROWS_PER_INSERT]
                values = ",".join([f"({group})"] * len(part))
                self.execute(f"{head} VALUES {values}{tail}", [v for r in part for v in r])
            return
        with self.raw.cursor() as cur:
            cur.executemany(_pg_sql(sql), rows)

    def close(self) -> None:
        self.raw.close()


def database_error(exc: Exception, name: str) -> PipelineError:
    """The one-line error for a PostgreSQL failure."""
    psycopg = _psycopg()
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled):
        return PipelineError(f"the database is locked ({text})", path=name, code="db_locked")
    if isinstance(exc, psycopg.errors.DataCorrupted | psycopg.errors.IndexCorrupted):
        return PipelineError(f"the database is damaged ({text})", path=name, code="db_corrupt")
    if isinstance(exc, psycopg.OperationalError):
        return PipelineError(f"cannot reach the database ({text})", path=name, code="unreadable")
    return PipelineError(f"database error ({text})", path=name, code="db_corrupt")


class PgStore(SqlStore):
    """A task database in a PostgreSQL database. Use :meth:`open`."""

    _search_module = "pipeline.store.pg_search"

    def __init__(self, raw: Any, path: str) -> None:
        self.raw = raw
        self.conn = PgConnection(raw)
        self.path = path

    @classmethod
    def open(cls, dsn: str, *, create: bool = True) -> PgStore:
        """Connect, check the database is empty or kehoach's, apply pending migrations.
        ``create=False`` refuses a database without kehoach's tables (nothing ingested)."""
        from pipeline.store.postgres_schema import apply_migrations

        psycopg = _psycopg()
        name = redact(dsn)
        try:
            raw = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise database_error(exc, name) from exc
        try:
            tables = {
                r[0]
                for r in raw.execute(
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = current_schema()"
                ).fetchall()
            }
            if tables and "_migrations" not in tables:
                raise PipelineError(
                    "a PostgreSQL database, but not a kehoach one (no _migrations table); "
                    "choose another database",
                    path=name,
                    code="db_foreign",
                )
            if not tables and not create:
                raise PipelineError(
                    "no task database here; build one with `kehoach ingest FOLDER --db DSN`",
                    path=name,
                    code="not_found",
                )
            apply_migrations(raw)
        except PipelineError as exc:
            raw.close()
            exc.path = exc.path or name
            raise
        except psycopg.Error as exc:
            raw.close()
            raise database_error(exc, name) from exc
        return cls(raw, name)

    @contextmanager
    def _transaction(self) -> Iterator[PgConnection]:
        psycopg = _psycopg()
        try:
            with self.raw.transaction():
                self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
                yield self.conn
        except (psycopg.IntegrityError, psycopg.DataError) as exc:
            raise self._refused(exc) from exc
        except psycopg.Error as exc:
            raise database_error(exc, self.path) from exc

    @property
    def _refused_errors(self) -> tuple[type[Exception], ...]:  # type: ignore[override]
        psycopg = _psycopg()
        return (psycopg.IntegrityError, psycopg.DataError)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        psycopg = _psycopg()
        try:
            yield
        except psycopg.Error as exc:
            raise database_error(exc, self.path) from exc
