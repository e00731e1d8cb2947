"""The loaders of the lexicons: plain files under ``models/lexicons/``, read once.

Files are UTF-8, one entry per line, ``#`` comments; ``.tsv`` files map a key to a value (or
hold rows of columns, :func:`lexicon_rows`). They are data, not code: extend them without
touching the rules that read them. Any file of the folder is found by its name, in a checkout
and in an installed wheel alike (:mod:`pipeline.resources`), so a new lexicon needs no
packaging change.

>>> "Kế hoạch" in doc_types()
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from pipeline.resources import lexicon_dir, models_dir

__all__ = [
    "models_dir",
    "lexicon_path",
    "lexicon_names",
    "load_list",
    "load_map",
    "lexicon_rows",
    "page_chrome",
    "doc_types",
    "doc_type_re",
    "doc_types_alternation",
    "first_letter_alternation",
    "abbreviations",
    "agency_heads",
    "role_titles",
]


def lexicon_path(name: str) -> Path:
    """The file of the lexicon ``name`` (``doc_types.txt``)."""
    return lexicon_dir() / name


def lexicon_names() -> tuple[str, ...]:
    """Every lexicon file there is, by name."""
    return tuple(sorted(p.name for p in lexicon_dir().iterdir() if p.is_file()))


def _lines(name: str) -> list[str]:
    path = lexicon_path(name)
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


@cache
def lexicon_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The tab-separated columns of each line (stripped)."""
    return tuple(tuple(col.strip() for col in line.split("\t")) for line in _lines(name))


def doc_types() -> tuple[str, ...]:
    return load_list("doc_types.txt")


@cache
def doc_type_re() -> re.Pattern[str]:
    """Any document type name, case-insensitive, longest first: ``Quyết định``, ``QUYẾT ĐỊNH``.

    A look-ahead for the names' first letters comes first, so a position that cannot start a name
    is passed over at once instead of trying every name there (three times faster on a line of
    citations; the matches are the same); the names follow grouped by first letter."""
    firsts = "".join(sorted({n[0] for n in doc_types()}))
    return re.compile(rf"(?=[{re.escape(firsts)}])(?:{doc_types_alternation()})", re.IGNORECASE)


@cache
def doc_types_alternation() -> str:
    """The type names, longest first, as one alternation grouped by first letter (read
    case-insensitively: :func:`first_letter_alternation`)."""
    return first_letter_alternation(sorted(doc_types(), key=len, reverse=True))


def first_letter_alternation(names: list[str]) -> str:
    """The case-insensitive alternation of ``names`` (in their order) grouped by first letter:
    ``K(?:ế hoạch|ết luận)|Q(?:uyết định|uy định)``. Tried at every word of every paragraph, the
    plain alternation tested each of its ~50 names' first letter there; this tests a dozen. A
    position's first letter opens one group only, holding the names that may match there in
    their order: the same match as the plain alternation (which is given back where letters of two
    groups would match each other's case, or a group's names open with different letters)."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[:1].lower(), []).append(name)
    keys = [g[0][:1] for g in groups.values()]
    mixed = any(len({n[:1] for n in g}) > 1 or not g[0] for g in groups.values())
    folds = any(a != b and re.fullmatch("(?i:" + re.escape(a) + ")", b) for a in keys for b in keys)
    if mixed or folds:
        return "|".join(re.escape(n) for n in names)
    return "|".join(
        re.escape(g[0][:1]) + "(?:" + "|".join(re.escape(n[1:]) for n in g) + ")" for g in groups.values()
    )


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


@cache
def page_chrome(*kinds: str) -> tuple[str, ...]:
    """The texts of ``portal_chrome.tsv`` of the given kinds (``head``, ``tail``, ``line``,
    ``label``, ``furniture``): what a legal portal adds around a saved document."""
    return tuple(row[0] for row in lexicon_rows("portal_chrome.tsv") if len(row) > 1 and row[1] in kinds)
