"""kehoach: Vietnamese plan documents (Kế hoạch) to structured, searchable, comparable data.

Public verbs::

    from pipeline import extract_file, extract_text, plan_to_dict, read_document, iter_issues

Everything else is internal.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "read_document",
    "extract_file",
    "extract_text",
    "plan_to_dict",
    "iter_issues",
    "diff_plans",
]

_LAZY = {
    "read_document": "pipeline.read",
    "extract_file": "pipeline.run",
    "extract_text": "pipeline.run",
    "plan_to_dict": "pipeline.export",
    "iter_issues": "pipeline.validate",
    "diff_plans": "pipeline.diff",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
