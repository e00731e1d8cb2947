"""Corrections of a plan's header (the contract's ``document`` block): issuer, number and
symbol, date, title, type, signer and the rest of :data:`DOCUMENT_FIELDS`.

They live in their own table (migration ``0007_document_corrections``, the same columns as
the task corrections' without a task path) and read back as
:class:`~pipeline.store.corrections.Correction` rows whose ``task_path`` is
:data:`DOCUMENT` (``""``), so history, standing values, statuses, exports and gold files
treat both kinds alike. This module knows the fields: their values in the contract's shape,
how two values compare, and how one is laid over a ``document`` dict.
"""

from __future__ import annotations

import copy
from typing import Any

from pipeline.diff.fields import DOCUMENT_FIELDS as CONTRACT_FIELDS
from pipeline.store.textkeys import fold_key

__all__ = [
    "DOCUMENT",
    "DOCUMENT_FIELDS",
    "MIGRATION",
    "document_value",
    "document_key",
    "set_document_field",
]

DOCUMENT = ""  # the task path of a header correction

# the contract's header fields a person can correct (system and attachment are left out: the
# first follows from the header's motto, the second is a plan of its own)
DOCUMENT_FIELDS = tuple(f for f in CONTRACT_FIELDS if f not in ("system", "attachment"))

MIGRATION = """
CREATE TABLE document_corrections (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,                 -- a source path of the corrected document
    sha256 TEXT NOT NULL,                 -- the content it was made on
    field TEXT NOT NULL CHECK (field IN ('doc_type', 'number', 'symbol', 'issuer',
        'parent_issuer', 'place', 'date', 'title', 'draft', 'signer', 'recipients')),
    value TEXT,                           -- JSON in the contract's shape; NULL: back to the extraction
    extracted TEXT,                       -- JSON: what the extraction said when it was made
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    note TEXT
);
CREATE INDEX document_corrections_source ON document_corrections(source, field);
CREATE INDEX document_corrections_sha256 ON document_corrections(sha256);
"""

_SIGNER_KEYS = ("authority", "position", "name")


def document_value(document: dict[str, Any] | None, field: str) -> Any:
    """The contract value of ``field`` in a ``document`` dict (``None`` when absent)."""
    if not isinstance(document, dict):
        return None
    value = document.get(field)
    if field == "date":
        value = value if isinstance(value, dict) else {}
        return {k: value.get(k) for k in ("year", "month", "day")}
    if field == "signer":
        return {k: value.get(k) for k in _SIGNER_KEYS} if isinstance(value, dict) else None
    if field == "recipients":
        return [str(v) for v in value or []]
    if field == "draft":
        return bool(value)
    return copy.deepcopy(value)


def document_key(field: str, value: Any) -> Any:
    """What two values of a header field are compared by (accents and case folded)."""
    if value is None:
        return None
    if field == "date":
        return tuple(value.get(k) for k in ("year", "month", "day"))
    if field == "signer":
        return tuple(fold_key(value.get(k)) for k in _SIGNER_KEYS)
    if field == "recipients":
        return tuple(fold_key(v) for v in value)
    if field == "draft":
        return bool(value)
    return fold_key(value) if isinstance(value, str) else value


def set_document_field(document: dict[str, Any], field: str, value: Any) -> None:
    """Lay a corrected value over ``document`` (in place)."""
    document[field] = copy.deepcopy(value)
