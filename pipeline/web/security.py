"""Accounts, sessions' CSRF tokens and the response headers of every page.

Accounts (readers, editors and administrators) live in ``accounts.json`` in the data folder,
one argon2id hash per name (argon2-cffi, the one module here that imports it). Without accounts
the server only listens on a loopback address and whoever runs it is the administrator; with
accounts every page needs a login, corrections and uploads need an editor and the accounts page
an administrator. A session holds its account's name and a stamp of its password hash, so
removing an account or resetting its password ends the sessions opened with it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError

__all__ = [
    "ROLES",
    "MIN_PASSWORD",
    "Account",
    "Accounts",
    "load_secret",
    "csrf_token",
    "csrf_ok",
    "SecurityHeaders",
    "is_loopback",
]

ROLES = ("reader", "editor", "admin")
_NAME_RE = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD = 10
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    role: str
    stamp: str = ""  # changes with the password: a session opened before a reset is void

    @property
    def editor(self) -> bool:
        return self.role in ("editor", "admin")

    @property
    def admin(self) -> bool:
        return self.role == "admin"


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def _stamp(digest: str) -> str:
    return hashlib.sha256(digest.encode()).hexdigest()[:16]


def _usage(message: str) -> PipelineError:
    return PipelineError(message, code="usage")


class Accounts:
    """The accounts file: ``{"accounts": [{"name", "role", "hash"}]}``, written atomically
    under a lock (several server processes and the CLI may change it); read again only when
    it changed on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: tuple[tuple[int, int], list[dict[str, str]]] | None = None

    def _load(self) -> list[dict[str, str]]:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise PipelineError(
                f"không đọc được tệp tài khoản ({exc})", path=str(self.path), code="corrupt"
            ) from exc
        key = (st.st_mtime_ns, st.st_size)
        if self._cache and self._cache[0] == key:
            return self._cache[1]
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            accounts = [a for a in data["accounts"] if a.get("role") in ROLES]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PipelineError(
                f"không đọc được tệp tài khoản ({exc})", path=str(self.path), code="corrupt"
            ) from exc
        self._cache = (key, accounts)
        return accounts

    def names(self) -> list[Account]:
        return [Account(a["name"], a["role"], _stamp(a["hash"])) for a in self._load()]

    def get(self, name: str) -> Account | None:
        return next((a for a in self.names() if a.name == name), None)

    def __bool__(self) -> bool:
        return bool(self._load())

    @contextmanager
    def _locked(self) -> Iterator[list[dict[str, str]]]:
        """The accounts to change in place, written back when the block ends without error."""
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = self.path.with_name(f".{self.path.name}.lock")
        with open(lock, "a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            self._cache = None
            accounts = [dict(a) for a in self._load()]
            yield accounts
            tmp = self.path.with_name(f".{self.path.name}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"accounts": sorted(accounts, key=lambda a: a["name"])}, f, indent=1)
            tmp.replace(self.path)
            self._cache = None

    @staticmethod
    def _check(
        name: str | None = None, role: str | None = None, password: str | None = None
    ) -> None:
        if name is not None and not _NAME_RE.match(name):
            raise _usage("tên tài khoản gồm 1-64 chữ, số, '.', '@', '_' hoặc '-'")
        if role is not None and role not in ROLES:
            raise _usage(f"vai trò phải là một trong {', '.join(ROLES)}")
        if password is not None and len(password) < MIN_PASSWORD:
            raise _usage(f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")

    def set(self, name: str, role: str, password: str) -> None:
        """Add an account or change its role and password (the CLI's ``--add-account``)."""
        self._check(name, role, password)
        digest = _hasher().hash(password)
        with self._locked() as accounts:
            accounts[:] = [a for a in accounts if a["name"] != name]
            accounts.append({"name": name, "role": role, "hash": digest})

    def add(self, name: str, role: str, password: str) -> None:
        """Add a new account; an existing name is refused."""
        self._check(name, role, password)
        digest = _hasher().hash(password)
        with self._locked() as accounts:
            if any(a["name"] == name for a in accounts):
                raise _usage(f"đã có tài khoản {name}")
            if not accounts and role != "admin":
                raise _usage(
                    "tài khoản đầu tiên phải là quản trị viên (sau đó mọi trang cần đăng nhập)"
                )
            accounts.append({"name": name, "role": role, "hash": digest})

    def reset_password(self, name: str, password: str) -> None:
        """A new password; the account's open sessions end."""
        self._check(password=password)
        digest = _hasher().hash(password)
        with self._locked() as accounts:
            self._find(accounts, name)["hash"] = digest

    def set_role(self, name: str, role: str) -> None:
        self._check(role=role)
        with self._locked() as accounts:
            account = self._find(accounts, name)
            if account["role"] == "admin" and role != "admin":
                self._keep_an_admin(accounts, name)
            account["role"] = role

    def remove(self, name: str) -> None:
        with self._locked() as accounts:
            account = self._find(accounts, name)
            if account["role"] == "admin":
                self._keep_an_admin(accounts, name)
            accounts.remove(account)

    @staticmethod
    def _find(accounts: list[dict[str, str]], name: str) -> dict[str, str]:
        found = next((a for a in accounts if a["name"] == name), None)
        if found is None:
            raise PipelineError(f"không có tài khoản {name}", code="not_found")
        return found

    @staticmethod
    def _keep_an_admin(accounts: list[dict[str, str]], name: str) -> None:
        if not any(a["role"] == "admin" and a["name"] != name for a in accounts):
            raise _usage("phải còn ít nhất một quản trị viên")

    def verify(self, name: str, password: str) -> Account | None:
        """The account when the password is right; ``None`` otherwise (same cost either way)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        hasher = _hasher()
        found = next((a for a in self._load() if a["name"] == name), None)
        digest = found["hash"] if found else hasher.hash(secrets.token_hex(8))
        try:
            hasher.verify(digest, password)
        except (VerificationError, InvalidHashError):
            return None
        return Account(found["name"], found["role"], _stamp(digest)) if found else None

    def of_session(self, session: dict[str, Any]) -> Account | None:
        """The account a session was opened for, while it exists and its password is the one
        the session was opened with."""
        name = session.get("user")
        account = self.get(name) if name else None
        if account is None or not hmac.compare_digest(account.stamp, str(session.get("stamp"))):
            return None
        return account


def load_secret(data_dir: Path) -> str:
    """The session-signing key kept in the data folder (made on first use, mode 0600; when
    several server processes start at once, the first one's key is every one's)."""
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = data_dir / f".secret.key.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)  # whole, and only if no other process made it first
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text(encoding="ascii").strip()


def csrf_token(session: dict[str, Any]) -> str:
    """The session's CSRF token, made on first use."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def csrf_ok(session: dict[str, Any], sent: str | None) -> bool:
    expected = session.get("csrf")
    return bool(expected and sent and hmac.compare_digest(str(expected), str(sent)))


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SecurityHeaders:
    """ASGI middleware: a strict Content-Security-Policy (no inline script or style) and the
    usual hardening headers on every response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", _CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
