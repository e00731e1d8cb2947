"""One progress library for every long run: tqdm (it comes with spaCy).

``progress_bar(total, desc, unit)`` is a tqdm bar on stderr when stderr is a terminal and a
silent stand-in otherwise (a log, a pipe, a test); OCR pages and ingested files both use it.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

__all__ = ["progress_bar", "NoBar"]


class NoBar:
    """What :func:`progress_bar` gives when there is no terminal: every call does nothing."""

    n = 0

    def update(self, n: int = 1) -> None:
        self.n += n

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        return None

    def close(self) -> None:
        return None

    def __enter__(self) -> NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def progress_bar(total: int, desc: str, unit: str = "file", stream: TextIO | None = None) -> Any:
    """A tqdm bar on ``stream`` (stderr) when it is a terminal, else a :class:`NoBar`."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return NoBar()
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with spaCy
        return NoBar()
    return tqdm(total=total, desc=desc, unit=unit, leave=False, file=stream, dynamic_ncols=True)
