"""The SQLite implementation of :class:`pipeline.store.Store` (stdlib ``sqlite3``, WAL).

The write path is :class:`~pipeline.store.sqlstore.SqlStore`'s; here are the connection
(checks, pragmas, migrations), the transaction (``BEGIN IMMEDIATE``: one writer at a time,
the others wait up to a minute) and the reads over FTS5. SQLite errors become one-line
errors with their own codes (:func:`database_error`): ``db_locked`` (another process holds
the write lock too long), ``db_corrupt`` (damaged pages), ``db_foreign`` (not a SQLite file,
or another application's database).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from pipeline.errors import PipelineError
from pipeline.store.schema import apply_migrations
from pipeline.store.sqlstore import SqlStore

__all__ = ["SqliteStore", "connect", "database_error"]


def database_error(exc: sqlite3.Error, name: str) -> PipelineError:
    """The one-line error for a SQLite failure on the database ``name``."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return PipelineError(
            "the database is locked by another process (an ingest still running?); "
            "try again when it has finished",
            path=name,
            code="db_locked",
        )
    if "malformed" in text or "corrupt" in text:
        return PipelineError(
            f"the database is damaged ({text}); restore a backup or ingest into a new file",
            path=name,
            code="db_corrupt",
        )
    if "not a database" in text or "encrypted" in text:
        return PipelineError(
            "not a SQLite database; nothing was changed; choose another --db file",
            path=name,
            code="db_foreign",
        )
    if isinstance(exc, sqlite3.OperationalError) and ("disk" in text or "readonly" in text):
        return PipelineError(f"cannot write the database ({text})", path=name, code="unreadable")
    return PipelineError(f"database error ({text})", path=name, code="db_corrupt")


def connect(target: str | Path, *, create: bool = True, timeout: float = 60) -> sqlite3.Connection:
    """Open and check the database file, set WAL, apply pending migrations.

    Raises:
        PipelineError: ``not_found`` (no file and ``create`` is false), ``db_foreign`` (not a
            SQLite file, or a SQLite file that is not a kehoach database), ``db_locked``,
            ``db_corrupt``, ``unsupported`` (made by a newer kehoach).
    """
    path = Path(target)
    name = str(target)
    if path.is_dir():
        raise PipelineError("is a directory, not a database file", path=name, code="unsupported")
    if not create and not path.exists():
        raise PipelineError(
            "no database here; build one with `kehoach ingest FOLDER --db FILE`",
            path=name,
            code="not_found",
        )
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    uri = f"file:{quote(str(path.resolve()))}?mode={'rwc' if create else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
    except sqlite3.Error as exc:
        raise PipelineError(
            f"cannot open the database ({exc})", path=name, code="unreadable"
        ) from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "_migrations" not in tables:
            raise PipelineError(
                "a SQLite database, but not a kehoach one (no _migrations table); "
                "choose another --db file",
                path=name,
                code="db_foreign",
            )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -32000")
        apply_migrations(conn)
    except PipelineError as exc:
        conn.close()
        exc.path = exc.path or name
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise database_error(exc, name) from exc
    return conn


class SqliteStore(SqlStore):
    """A task database in one SQLite file. Use :meth:`open`."""

    _search_module = "pipeline.store.search"
    _refused_errors = (sqlite3.IntegrityError, sqlite3.InterfaceError)

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True, timeout: float = 60) -> SqliteStore:
        """``timeout``: seconds to wait for another writer before ``db_locked``."""
        return cls(connect(target, create=create, timeout=timeout), str(target))

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._errors():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.IntegrityError:
            raise
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "syntax" in str(exc):
                raise
            raise database_error(exc, self.path) from exc
        except sqlite3.DatabaseError as exc:
            raise database_error(exc, self.path) from exc

    # ------------------------------------------------------------------ reads

    def source_states(self):  # type: ignore[no-untyped-def]
        with self._errors():
            return super().source_states()
