"""Comparison keys for plan values: how two versions decide that a value is "the same".

Text values are compared the way the contract scores them: NFC, lower case, old/new tone
placement folded, whitespace folded, ``. , ; :`` trimmed at the ends (:func:`norm_text`).

>>> norm_text("  Thị uỷ Đức Phổ. ")
'thị ủy đức phổ'
>>> ref_name({"number": None, "type": "Luật", "title": "thực hiện dân chủ cơ sở"})
'Luật thực hiện dân chủ cơ sở'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.vi.fold import canon

__all__ = [
    "norm_text",
    "norm_value",
    "syllables",
    "parent_path",
    "party_names",
    "ref_name",
    "task_ref_names",
    "key_set",
]

_TRIM = " .,;:"

# A syllable or number: "Thị", "ủy", "2023", "37" (not "-", "/", "“").
WORD_RE = re.compile(r"\w+")

# A year inside a text ("năm 2023", "10/2022/QH15"): one key for every year, so that plans of
# consecutive years still look alike.
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")


def norm_text(value: str | None) -> str:
    """Contract comparison key of a text value ('' for None)."""
    return canon(value or "").strip(_TRIM)


def norm_value(value: Any) -> Any:
    """:func:`norm_text` applied inside lists and dicts (header values such as ``date``)."""
    if isinstance(value, str):
        return norm_text(value)
    if isinstance(value, Mapping):
        return {k: norm_value(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list | tuple):
        return [norm_value(v) for v in value]
    return value


def syllables(text: str | None, *, fold_years: bool = False) -> list[str]:
    """Canonical syllables of ``text``; ``fold_years`` maps ``2023`` and ``2024`` to one key."""
    words = WORD_RE.findall(canon(text or ""))
    if fold_years:
        return ["#year" if _YEAR_RE.match(w) else w for w in words]
    return words


def parent_path(path: str) -> str:
    """``"II/1/1.5"`` → ``"II/1"``; a top-level path has the parent ``""``."""
    return path.rpartition("/")[0]


def party_names(group: Mapping[str, Any] | None) -> list[str]:
    """Display names of a party group (``lead`` or ``executors``), in order."""
    if not group:
        return []
    names = []
    for party in group.get("parties") or ():
        name = party.get("name") if isinstance(party, Mapping) else party
        if name:
            names.append(str(name))
    return names


def ref_name(ref: Mapping[str, Any] | str) -> str:
    """A reference's identity as the contract shows it: its number, else its name."""
    if isinstance(ref, str):
        return ref
    for name in ("number", "key", "name"):
        if ref.get(name):
            return str(ref[name])
    return " ".join(str(ref[k]) for k in ("type", "title") if ref.get(k)).strip()


def task_ref_names(task: Mapping[str, Any]) -> list[str]:
    """The references cited by a task (strings, or reference objects in richer outputs)."""
    return [name for name in (ref_name(r) for r in task.get("references") or ()) if name]


def key_set(names: Iterable[str]) -> dict[str, str]:
    """``{norm_text(name): name}`` keeping the first spelling of each key."""
    out: dict[str, str] = {}
    for name in names:
        out.setdefault(norm_text(name), name)
    out.pop("", None)
    return out
