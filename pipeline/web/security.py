"""Accounts, sessions' CSRF tokens and the response headers of every page.

Accounts (readers and editors) live in ``accounts.json`` in the data folder, one argon2id hash
per name (argon2-cffi, the one module here that imports it). Without accounts the server only
listens on a loopback address and whoever runs it is the editor; with accounts every page needs
a login and corrections and uploads need an editor.
"""

from __future__ import annotations

import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError

__all__ = [
    "ROLES",
    "Account",
    "Accounts",
    "load_secret",
    "csrf_token",
    "csrf_ok",
    "SecurityHeaders",
    "is_loopback",
]

ROLES = ("reader", "editor")
_NAME_RE = re.compile(r"^[\w.@-]{1,64}$")
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    role: str

    @property
    def editor(self) -> bool:
        return self.role == "editor"


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


class Accounts:
    """The accounts file: ``{"accounts": [{"name", "role", "hash"}]}``, written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> list[dict[str, str]]:
        if not self.path.exists():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [a for a in data["accounts"] if a.get("role") in ROLES]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PipelineError(
                f"cannot read the accounts file ({exc})", path=str(self.path), code="corrupt"
            ) from exc

    def names(self) -> list[Account]:
        return [Account(a["name"], a["role"]) for a in self._load()]

    def __bool__(self) -> bool:
        return bool(self._load())

    def set(self, name: str, role: str, password: str) -> None:
        """Add an account or change its role and password."""
        if not _NAME_RE.match(name):
            raise PipelineError(
                "an account name is 1-64 letters, digits, '.', '@', '_' or '-'", code="usage"
            )
        if role not in ROLES:
            raise PipelineError(f"role must be one of {', '.join(ROLES)}", code="usage")
        if len(password) < 10:
            raise PipelineError("a password needs at least 10 characters", code="usage")
        accounts = [a for a in self._load() if a["name"] != name]
        accounts.append({"name": name, "role": role, "hash": _hasher().hash(password)})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"accounts": sorted(accounts, key=lambda a: a["name"])}, f, indent=1)
        tmp.replace(self.path)

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
        return Account(found["name"], found["role"]) if found else None


def load_secret(data_dir: Path) -> str:
    """The session-signing key kept in the data folder (made on first use, mode 0600)."""
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key)
    return key


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
