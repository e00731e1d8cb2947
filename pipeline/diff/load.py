"""Load one side of a diff: a plan JSON file as it is, any other document through extraction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import NotAPlanError, PipelineError, ReadError

if TYPE_CHECKING:
    from pipeline.model import Plan

__all__ = ["load_plan", "load", "check_plan_dict"]

_PLAN_KEYS = frozenset({"tasks", "sections", "document", "references"})


def load_plan(path: str | Path) -> dict[str, Any]:
    """The plan dict of ``path``.

    ``.json`` files are read as already-extracted plans (``kehoach extract`` output or a gold
    file); any other file (``.txt``, ``.docx``, ...) is extracted with
    ``pipeline.run.extract_file`` and exported with ``pipeline.export.plan_to_dict``.

    Raises:
        ReadError: the file is missing or is not valid JSON.
        NotAPlanError: the JSON is not a plan (no ``tasks``, ``sections`` or ``document``).
        PipelineError: extraction is not available, or any error extraction raises.
    """
    path = Path(path)
    if not path.is_file():
        raise ReadError("no such file", path=str(path), code="not_found")
    if path.suffix.lower() == ".json":
        return _read_json(path)
    try:
        from pipeline.export import plan_to_dict
        from pipeline.run import extract_file
    except ImportError as exc:
        raise PipelineError(
            f"cannot extract plans in this installation ({exc}); pass extracted plan .json files",
            path=str(path),
            code="tool_missing",
        ) from exc
    return check_plan_dict(plan_to_dict(extract_file(path)), str(path))


def load(path: str | Path, data: bytes | None = None) -> Plan:
    """The :class:`~pipeline.model.Plan` of ``path``: a plan ``.json`` through
    :func:`pipeline.export.plan_from_dict` (no text: the paragraphs outside the tasks are not
    compared), any other document through extraction (with its text). With ``data`` (standard
    input), those bytes are the file and ``path`` names it."""
    from pipeline.export import plan_from_dict

    path = Path(path)
    if path.suffix.lower() == ".json":
        if data is None:
            return plan_from_dict(load_plan(path))
        return plan_from_dict(_parse_json(data, path))
    from pipeline.run import extract_file

    if data is None and not path.is_file():
        raise ReadError("no such file", path=str(path), code="not_found")
    return extract_file(path, data)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc), path=str(path)) from exc
    return check_plan_dict(_parse_json(raw, path), str(path))


def _parse_json(raw: bytes, path: Path) -> Any:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ReadError(f"not UTF-8 text: {exc.reason}", path=str(path), code="encoding") from exc
    except json.JSONDecodeError as exc:
        raise ReadError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            path=str(path),
            code="corrupt",
        ) from exc
    except RecursionError as exc:
        raise ReadError("JSON nested too deeply", path=str(path), code="corrupt") from exc
    return check_plan_dict(data, str(path))


def check_plan_dict(data: Any, where: str | None = None) -> dict[str, Any]:
    """``data`` if it has the shape the diff needs, else :class:`NotAPlanError`.

    A plan is a JSON object with ``tasks``, ``sections``, ``document`` or ``references``; a
    missing list counts as empty (a header-only partial gold compares on its header).
    """
    if not isinstance(data, dict) or not _PLAN_KEYS & data.keys():
        raise NotAPlanError(
            "not a plan: expected a JSON object with 'tasks', 'sections' or 'document'", path=where
        )
    for key in ("tasks", "sections", "references"):
        if data.get(key) is not None and not isinstance(data[key], list):
            raise NotAPlanError(f"not a plan: '{key}' must be a list", path=where)
    for key in ("tasks", "sections"):
        if not all(
            isinstance(x, dict) and isinstance(x.get("path"), str) for x in data.get(key) or []
        ):
            raise NotAPlanError(f"not a plan: every item of '{key}' needs a 'path'", path=where)
    if data.get("document") is not None and not isinstance(data["document"], dict):
        raise NotAPlanError("not a plan: 'document' must be an object or null", path=where)
    for i, task in enumerate(data.get("tasks") or []):
        problem = _task_problem(task)
        if problem:
            raise NotAPlanError(f"not a plan: tasks[{i}] ({task.get('path')}): {problem}", path=where)
    return data


# the fields a task may carry, and the JSON types each must have when present (null allowed)
_TASK_FIELDS: dict[str, type | tuple[type, ...]] = {
    "text": str, "number": str, "lead": dict, "executors": dict, "timeline": dict, "references": list,
}  # fmt: skip


def _task_problem(task: dict[str, Any]) -> str | None:
    for key, kind in _TASK_FIELDS.items():
        value = task.get(key)
        if value is not None and not isinstance(value, kind):
            return f"'{key}' must be {'an object' if kind is dict else 'a list' if kind is list else 'a string'}"
    for key in ("lead", "executors"):
        parties = (task.get(key) or {}).get("parties")
        if parties is not None and not isinstance(parties, list):
            return f"'{key}.parties' must be a list"
    refs = task.get("references") or []
    if not all(isinstance(r, (str, dict)) for r in refs):
        return "'references' must hold numbers or names"
    return None
