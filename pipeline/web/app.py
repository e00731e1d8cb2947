"""The Starlette application of ``kehoach serve``: routes, sessions, per-thread stores.

Pages are rendered server side from Jinja2 templates (autoescape on); htmx swaps the search
results as the user types. Database work runs in a few worker threads per process
(:data:`DB_THREADS`), each keeping one store connection (a SQLite file or a PostgreSQL
server) for its life, so the connections' caches stay warm and the GIL is not fought over by
dozens of threads. ``kehoach serve --workers N`` runs N such processes (uvicorn builds each
one's application with :func:`app_from_env`).
"""

from __future__ import annotations

import functools
import getpass
import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from pipeline.errors import PipelineError
from pipeline.web import labels
from pipeline.web.catalog import Catalog
from pipeline.web.corrected import Corrections
from pipeline.web.corrected_headers import Headers
from pipeline.web.jobs import IngestJob, JobBoard
from pipeline.web.security import (
    Account,
    Accounts,
    SecurityHeaders,
    csrf_ok,
    csrf_token,
    is_loopback,
    load_secret,
)

__all__ = [
    "ServeConfig",
    "create_app",
    "app_from_env",
    "config_env",
    "db_target",
    "WebState",
    "CONFIG_ENV",
    "DB_THREADS",
]

HERE = Path(__file__).parent
CONFIG_ENV = "KEHOACH_SERVE_CONFIG"  # the config of the worker processes, as JSON
DB_THREADS = 4  # database threads per process: SQLite and psycopg let go of the GIL in queries
MMAP_BYTES = 1 << 30  # of a SQLite file mapped by each reading connection


def db_target(db: str | Path) -> str | Path:
    """A PostgreSQL URL stays a string (a ``Path`` would fold its ``//``); a file is a Path."""
    from pipeline.store.postgres import is_postgres_target

    return str(db) if is_postgres_target(str(db)) else Path(db)


@dataclass(frozen=True)
class ServeConfig:
    db: str | Path  # a SQLite file or a PostgreSQL URL
    data_dir: Path
    host: str = "127.0.0.1"
    local_user: str = field(default_factory=lambda: _os_user())
    secure_cookies: bool = False


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


class WebState:
    """What the handlers share: the config, per-thread stores, the catalog, the job board."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.accounts = Accounts(config.data_dir / "accounts.json")
        target = db_target(config.db)
        self.catalog = Catalog(target if isinstance(target, Path) else None)
        self.corrections = Corrections()
        self.headers = Headers()
        self.facet_cache = SmallCache(256)  # the facet counts of recent searches
        self._local = threading.local()
        self.jobs = JobBoard(self._ingest_folder, config.data_dir / "jobs")
        self.uploads = config.data_dir / "uploads"
        self._limiter: Any = None

    def store(self) -> Any:
        """This thread's store, opened on first use and again when its connection broke
        (a PostgreSQL server restarted)."""
        store = getattr(self._local, "store", None)
        raw = getattr(store, "raw", None)
        if store is not None and raw is not None and (raw.closed or raw.broken):
            store = None
        if store is None:
            from pipeline.store import open_store

            store = self._local.store = open_store(db_target(self.config.db), create=False)
            if isinstance(getattr(store, "conn", None), sqlite3.Connection):
                # reads through a memory map: no read() call per page of the index
                store.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        return store

    def conn(self) -> Any:
        """This thread's connection: SQLite's, or the PostgreSQL store's, which takes the same
        ``?`` SQL (the catalog and the corrections speak to both)."""
        return self.store().conn

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in one of the :data:`DB_THREADS` database threads."""
        import anyio

        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(DB_THREADS)
        return await anyio.to_thread.run_sync(functools.partial(fn, *args), limiter=self._limiter)

    def _ingest_folder(self, job: IngestJob, progress: Any) -> Any:
        from pipeline.store import open_store
        from pipeline.store.ingest import ingest

        with open_store(db_target(self.config.db)) as store:
            return ingest([job.folder], store, jobs=1, progress=progress)


class SmallCache:
    """A thread-safe map keeping its ``size`` most recently used entries."""

    def __init__(self, size: int) -> None:
        from collections import OrderedDict

        self._size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


@functools.cache
def static(name: str) -> str:
    """The URL of a static file with its content's hash (``/static/app.css?v=1a2b3c4d``): the
    browser keeps it for a year and asks again only when the file changes."""
    import hashlib

    digest = hashlib.sha256((HERE / "static" / name).read_bytes()).hexdigest()[:10]
    return f"/static/{name}?v={digest}"


class StaticCache:
    """ASGI middleware: caching headers on the static files (a year, immutable, for the
    hashed URLs of :func:`static`; otherwise revalidated by their ETag)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        hashed = b"v=" in scope.get("query_string", b"")
        value = b"public, max-age=31536000, immutable" if hashed else b"no-cache"

        async def send_cached(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                message["headers"] = [*message.get("headers", []), (b"cache-control", value)]
            await send(message)

        await self.app(scope, receive, send_cached)


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    env.filters["vn_date"] = labels.vn_date
    env.filters["highlight"] = labels.highlight
    env.filters["so"] = labels.number
    env.filters["vn_time"] = labels.vn_time
    env.filters["show_value"] = labels.show_value
    env.filters["header_value"] = labels.header_value
    env.globals.update(
        KIND_LABELS=labels.KIND_LABELS,
        ERROR_LABELS=labels.ERROR_LABELS,
        FIELD_LABELS=labels.FIELD_LABELS,
        STATUS_LABELS=labels.STATUS_LABELS,
        ROLE_LABELS=labels.ROLE_LABELS,
        CHANGE_LABELS=labels.CHANGE_LABELS,
        HEADER_LABELS=labels.HEADER_LABELS,
        doc_label=labels.doc_label,
        static=static,
        facet_options=labels.facet_options,
        doc_number=labels.doc_number,
        plan_date=labels.plan_date,
    )
    from pipeline.web.plan import anchor

    env.filters["anchor"] = anchor
    return Jinja2Templates(env=env)


TEMPLATES = _templates()


def user_of(request: Request) -> Account | None:
    state: WebState = request.app.state.web
    if not state.accounts:
        return Account(state.config.local_user, "admin")
    return state.accounts.of_session(request.session)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    state: WebState = request.app.state.web
    base = {
        "user": user_of(request),
        "accounts_mode": bool(state.accounts),
        "csrf": csrf_token(request.session),
        "today": date.today(),
    }
    return TEMPLATES.TemplateResponse(request, name, {**base, **context}, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", {"message": message, "status": status}, status)


async def form_of(request: Request, **limits: Any) -> Any:
    """The request's form after the CSRF check (403 without the session's token)."""
    form = await request.form(**limits)
    if not csrf_ok(request.session, form.get("csrf")):
        raise HTTPException(
            403, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang."
        )
    return form


def require_editor(request: Request) -> Account:
    user = user_of(request)
    if user is None or not user.editor:
        raise HTTPException(403, "Cần tài khoản biên tập viên để làm việc này.")
    return user


def require_admin(request: Request) -> Account:
    user = user_of(request)
    if user is None or not user.admin:
        raise HTTPException(403, "Cần tài khoản quản trị viên để làm việc này.")
    return user


class LoginGate:
    """With accounts, every page but the login page and the static files needs a session."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            state: WebState = scope["app"].state.web
            public = path.startswith("/static/") or path == "/dang-nhap"
            if (
                not public
                and state.accounts
                and state.accounts.of_session(scope.get("session", {})) is None
            ):
                response = RedirectResponse("/dang-nhap", status_code=303)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# ----------------------------------------------------------------------------- routes


async def login_page(request: Request) -> Response:
    state: WebState = request.app.state.web
    if request.method == "GET":
        return render(request, "login.html", {})
    form = await form_of(request, max_fields=10, max_files=0)
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    account = await state.run(state.accounts.verify, name, password)
    if account is None:
        return render(request, "login.html", {"error": "Sai tên hoặc mật khẩu."}, 401)
    request.session.clear()
    request.session["user"] = account.name
    request.session["stamp"] = account.stamp
    return RedirectResponse("/", status_code=303)


async def logout(request: Request) -> Response:
    await form_of(request, max_fields=5, max_files=0)
    request.session.clear()
    return RedirectResponse(
        "/dang-nhap" if request.app.state.web.accounts else "/", status_code=303
    )


async def static_license(request: Request) -> Response:
    return FileResponse(
        HERE / "static" / "htmx.LICENSE.txt", media_type="text/plain; charset=utf-8"
    )


def create_app(config: ServeConfig) -> Starlette:
    """The application for one database (which must exist) and one data folder."""
    from pipeline.web import views, views_accounts, views_files

    config.data_dir.mkdir(parents=True, exist_ok=True)
    state = WebState(config)
    routes = [
        Route("/", views.search_page),
        Route("/bo-loc", views.facets_page),
        Route("/xuat.{fmt:str}", views.export),
        Route("/ke-hoach/{doc_id:int}", views.plan_page),
        Route("/ke-hoach/{doc_id:int}/sua", views.correct, methods=["POST"]),
        Route("/van-ban-dan-chieu", views.refs_page),
        Route("/so-sanh", views_files.compare_page, methods=["GET", "POST"]),
        Route("/nap", views_files.ingest_page, methods=["GET", "POST"]),
        Route("/nap/{job_id:str}", views_files.job_page),
        Route("/tai-khoan", views_accounts.accounts_page, methods=["GET", "POST"]),
        Route("/dang-nhap", login_page, methods=["GET", "POST"]),
        Route("/dang-xuat", logout, methods=["POST"]),
        Route("/giay-phep/htmx", static_license),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if is_loopback(config.host) else ["*"]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(StaticCache),
        Middleware(TrustedHostMiddleware, allowed_hosts=hosts),
        Middleware(
            SessionMiddleware,
            secret_key=load_secret(config.data_dir),
            session_cookie="kehoach_phien",
            same_site="strict",
            https_only=config.secure_cookies,
            max_age=12 * 3600,
        ),
        Middleware(LoginGate),
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error_page(request, exc.status_code, str(exc.detail))

    async def pipeline_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PipelineError)
        status = 400 if exc.code == "usage" else 422
        reason = labels.ERROR_LABELS.get(exc.code, exc.code)
        return error_page(request, status, f"{reason}: {exc.message}")

    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: http_error, PipelineError: pipeline_error},
    )
    app.state.web = state
    return app


def app_from_env() -> Starlette:
    """The application of one worker process of ``kehoach serve --workers N`` (uvicorn calls
    it in each process), from the config the command put in ``$KEHOACH_SERVE_CONFIG``."""
    data = json.loads(os.environ[CONFIG_ENV])
    data["data_dir"] = Path(data["data_dir"])
    data["db"] = db_target(data["db"])
    return create_app(ServeConfig(**data))


def config_env(config: ServeConfig) -> str:
    """``config`` as :func:`app_from_env` reads it."""
    data = asdict(config)
    return json.dumps({**data, "db": str(config.db), "data_dir": str(config.data_dir)})


def temp_dir(state: WebState) -> Path:
    folder = state.config.data_dir / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=folder))
