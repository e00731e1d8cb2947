"""``kehoach serve``: the task database in a browser (search, plans, corrections, compare,
upload), on 127.0.0.1 unless accounts exist."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

__all__ = ["register", "cmd_serve", "default_data_dir"]


def default_data_dir(db: str) -> Path:
    """The data folder beside the database: uploads, accounts, the session key (for a
    PostgreSQL database, ``kehoach-web`` in the current folder)."""
    from pipeline.store.postgres import is_postgres_target

    if is_postgres_target(db):
        return Path("kehoach-web")
    path = Path(db)
    return path.with_name(f"{path.stem}-web")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help="open the task database in a browser (Vietnamese web pages)",
        description="Serve the task database as web pages: search as you type with filters, "
        "each plan with its source text, corrections, references, compare, upload. Listens on "
        "127.0.0.1; another address needs accounts (--add-account).",
    )
    p.add_argument(
        "--db",
        default="kehoach.db",
        metavar="FILE|URL",
        help="database file or postgresql:// URL (default: kehoach.db)",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes (default 1; about one per core for many users)",
    )
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help="uploads, accounts and session key (default: DB-web beside the database)",
    )
    p.add_argument(
        "--user",
        metavar="NAME",
        help="name recorded with corrections when there are no accounts (default: the system user)",
    )
    p.add_argument(
        "--add-account",
        metavar="NAME",
        help="add or change an account and exit (password from KEHOACH_PASSWORD or asked)",
    )
    p.add_argument(
        "--role",
        choices=("reader", "editor", "admin"),
        default="reader",
        help="role of --add-account (default reader)",
    )
    p.add_argument(
        "--secure-cookies",
        action="store_true",
        help="send the session cookie over HTTPS only (behind a TLS proxy)",
    )
    p.set_defaults(func=cmd_serve)


def _password() -> str:
    if os.environ.get("KEHOACH_PASSWORD"):
        return os.environ["KEHOACH_PASSWORD"]
    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        from pipeline.errors import PipelineError

        raise PipelineError("hai lần nhập mật khẩu không khớp", code="usage")
    return first


def cmd_serve(args: argparse.Namespace) -> int:
    from pipeline.errors import PipelineError

    try:
        from pipeline.web.security import Accounts, is_loopback
    except ImportError as exc:
        raise PipelineError(
            f"thiếu thư viện cho giao diện web ({exc.name}); cài bằng `pip install 'kehoach[web]'`",
            code="tool_missing",
        ) from exc
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir(args.db)
    accounts = Accounts(data_dir / "accounts.json")
    if args.add_account:
        accounts.set(args.add_account, args.role, _password())
        print(
            f"đã lưu tài khoản {args.add_account} ({args.role}) vào {accounts.path}",
            file=sys.stderr,
        )
        return 0
    if not is_loopback(args.host) and not accounts:
        raise PipelineError(
            f"không mở trên địa chỉ {args.host} khi chưa có tài khoản; tạo tài khoản bằng "
            "`kehoach serve --add-account TÊN --role editor`, hoặc dùng --host 127.0.0.1",
            code="usage",
        )
    if not 0 < args.port < 65536:
        raise PipelineError(f"cổng không hợp lệ: {args.port}", code="usage")
    if not 1 <= args.workers <= 64:
        raise PipelineError(f"số tiến trình không hợp lệ: {args.workers}", code="usage")
    from pipeline.store import open_store
    from pipeline.store.postgres import redact

    with open_store(args.db, create=False):  # a missing or foreign database stops here
        pass
    import uvicorn

    from pipeline.web.app import CONFIG_ENV, ServeConfig, config_env, create_app, db_target

    config = ServeConfig(
        db_target(args.db), data_dir, args.host, secure_cookies=args.secure_cookies
    )
    if args.user:
        config = ServeConfig(
            db_target(args.db), data_dir, args.host, args.user, args.secure_cookies
        )
    app = create_app(config)  # checks the folders and makes the session key once
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"kehoach serve: http://{shown}:{args.port}/  (cơ sở dữ liệu {redact(str(args.db))}; "
        "Ctrl+C để dừng)",
        file=sys.stderr,
    )
    options: dict = {"host": args.host, "port": args.port, "log_level": "warning"}
    if args.workers == 1:
        uvicorn.run(app, server_header=False, **options)
        return 0
    os.environ[CONFIG_ENV] = config_env(config)
    uvicorn.run(
        "pipeline.web.app:app_from_env",
        factory=True,
        workers=args.workers,
        server_header=False,
        **options,
    )
    return 0
