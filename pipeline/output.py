"""The one writer of every output file (extract, diff, eval reports, exports).

``write_text(target, text)`` / ``write_bytes(target, data)`` / ``open_output(target)``:

- ``-`` is standard output;
- a symbolic link is followed and its target written (the link stays a link);
- a FIFO, a character or block device or a socket is written straight through, never replaced
  (``-o /dev/null`` stays ``/dev/null``);
- a regular file (new or existing) is written atomically: a temporary file in the same folder,
  renamed over the target, so a failure never leaves half a file. A new file gets the mode the
  umask gives (0644 under 022); an existing file keeps its mode;
- a folder that does not exist, a path through a file, a directory as target or a refusal of the
  file system is one :class:`~pipeline.errors.PipelineError` (code ``unwritable``) naming the
  target, never the temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal

from pipeline.errors import PipelineError

__all__ = ["write_text", "write_bytes", "open_output", "check_writable", "STDOUT"]

STDOUT = "-"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fail(target: str, reason: str) -> PipelineError:
    return PipelineError(f"cannot write: {reason}", path=target, code="unwritable")


def _reason(exc: OSError) -> str:
    return {
        errno.ENOENT: "no such folder",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EISDIR: "is a folder",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "read-only file system",
        errno.ENOSPC: "no space left on the device",
        errno.ENAMETOOLONG: "file name too long",
        errno.EDQUOT: "disk quota exceeded",
    }.get(exc.errno or 0, exc.strerror or str(exc))


def _kind(path: str) -> Literal["missing", "regular", "dir", "special"]:
    try:
        mode = os.stat(path).st_mode  # follows symbolic links
    except FileNotFoundError:
        return "missing"
    if stat.S_ISREG(mode):
        return "regular"
    if stat.S_ISDIR(mode):
        return "dir"
    return "special"


def check_writable(target: str | os.PathLike[str]) -> None:
    """Raise the one-line error now if ``target`` cannot be written (before a long run)."""
    name = os.fspath(target)
    if name == STDOUT:
        return
    real = os.path.realpath(name)
    try:
        kind = _kind(real)
    except OSError as exc:
        raise _fail(name, _reason(exc)) from exc
    if kind == "dir":
        raise _fail(name, "is a folder")
    folder = os.path.dirname(real) or "."
    if kind == "missing" and not os.path.isdir(folder):
        raise _fail(name, "no such folder" if not os.path.exists(folder) else "a part of the path is not a folder")


@contextlib.contextmanager
def open_output(target: str | os.PathLike[str], binary: bool = False) -> Iterator[IO]:
    """A file object to write ``target`` through (see the module doc); committed on a clean exit."""
    name = os.fspath(target)
    if name == STDOUT:
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    check_writable(name)
    real = os.path.realpath(name)
    mode = "wb" if binary else "w"
    encoding = None if binary else "utf-8"
    if _kind(real) == "special":
        try:
            fh = open(real, mode, encoding=encoding)  # noqa: SIM115 - closed below
        except OSError as exc:
            raise _fail(name, _reason(exc)) from exc
        with fh:
            yield fh
        return
    folder = os.path.dirname(real) or "."
    try:
        existing = os.stat(real).st_mode & 0o7777
    except FileNotFoundError:
        existing = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(real)}.", suffix=".tmp")
    except OSError as exc:
        raise _fail(name, _reason(exc)) from exc
    try:
        os.fchmod(fd, existing if existing is not None else 0o666 & ~_umask())
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
        os.replace(tmp, real)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _fail(name, _reason(exc)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(target: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``target``: ``-``, a file, a link, a FIFO or a device."""
    with open_output(target) as fh:
        fh.write(text)


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``target`` (see :func:`write_text`)."""
    with open_output(target, binary=True) as fh:
        fh.write(data)
