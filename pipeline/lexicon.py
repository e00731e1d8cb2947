"""Lexicons kept as plain files under ``models/lexicons/`` and loaded once.

Files are UTF-8, one entry per line, ``#`` comments; ``.tsv`` files map a key to a value.
They are data, not code: extend them without touching the rules that read them.

>>> "Kế hoạch" in doc_types()
True
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache
from pathlib import Path

__all__ = [
    "models_dir",
    "load_list",
    "load_map",
    "doc_types",
    "doc_type_re",
    "abbreviations",
    "agency_heads",
    "role_titles",
]


def models_dir() -> Path:
    """``$KEHOACH_MODELS`` or the repository's ``models/`` folder."""
    env = os.environ.get("KEHOACH_MODELS")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "models"


def _lines(name: str) -> list[str]:
    path = models_dir() / "lexicons" / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = unicodedata.normalize("NFC", line.rstrip())
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def load_list(name: str) -> tuple[str, ...]:
    return tuple(_lines(name))


@cache
def load_map(name: str) -> dict[str, str]:
    pairs = (line.split("\t", 1) for line in _lines(name))
    return {k.strip(): v.strip() for k, v in pairs}


def doc_types() -> tuple[str, ...]:
    return load_list("doc_types.txt")


@cache
def doc_type_re() -> re.Pattern[str]:
    """Any document type name, case-insensitive, longest first: ``Quyết định``, ``QUYẾT ĐỊNH``."""
    names = sorted(doc_types(), key=len, reverse=True)
    return re.compile(r"(?:{})".format("|".join(re.escape(n) for n in names)), re.IGNORECASE)


def canonical_doc_type(text: str) -> str | None:
    """``KẾ HOẠCH`` → ``Kế hoạch``; ``None`` when ``text`` is not a type name."""
    low = " ".join(text.split()).lower()
    for name in doc_types():
        if name.lower() == low:
            return name
    return None


def abbreviations() -> dict[str, str]:
    return load_map("abbreviations.tsv")


def agency_heads() -> tuple[str, ...]:
    return load_list("agency_heads.txt")


def role_titles() -> tuple[str, ...]:
    return load_list("role_titles.txt")
