"""The role a label or a column header names (``lead``, ``executors``, ``timeline``, ``product``,
``text``, ``number``), by its key words: one table for the field lines and the task tables,
``models/lexicons/label_roles.tsv``.

>>> label_role("Trách nhiệm thực hiện", "label"), label_role("Đơn vị chủ trì", "column")
('lead', 'lead')
>>> label_role("STT", "column"), label_role("STT", "label")
('number', None)
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.vi.lexicon import lexicon_rows

__all__ = ["label_roles", "label_role", "LABEL_ROLES_FILE"]

LABEL_ROLES_FILE = "label_roles.tsv"


def _phrase_re(phrase: str) -> str:
    whole = phrase.startswith("[") and phrase.endswith("]")
    words = phrase.strip("[]").split()
    body = r"\s*".join(re.escape(w) for w in words)
    return rf"^\s*{body}\.?\s*$" if whole else rf"\b{body}\b"


@cache
def label_roles(where: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``(role, pattern)`` in the lexicon's order for ``where`` (``label`` or ``column``); the
    first pattern found in a text (``pattern.search``) gives its role."""
    out = []
    for row in lexicon_rows(LABEL_ROLES_FILE):
        role, phrases = row[0], row[1]
        scope = row[2] if len(row) > 2 and row[2] else None
        if scope not in (None, where):
            continue
        alternation = "|".join(_phrase_re(p.strip()) for p in phrases.split("|"))
        out.append((role, re.compile(f"(?:{alternation})", re.IGNORECASE)))
    return tuple(out)


def label_role(text: str, where: str) -> str | None:
    """The role ``text`` names as a ``label`` or a ``column`` header, or ``None``."""
    return next((role for role, pattern in label_roles(where) if pattern.search(text)), None)
