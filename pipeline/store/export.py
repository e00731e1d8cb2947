"""Export tasks as a table: one row per task with its plan's fields and its parties.

pandas (and openpyxl or pyarrow) are imported only here, only when exporting. CSV is UTF-8
with a byte order mark, so Excel shows Vietnamese intact, and a cell a spreadsheet would run
as a formula (``=…``, ``+…``, ``@…``, ``-1…``) starts with an apostrophe; xlsx cells are always
text (a task starting with ``=`` is not turned into a formula); the file is written next to its target and
moved into place, so a failed export leaves any older file untouched.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import PipelineError
from pipeline.store.records import Filters

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.store import Store

__all__ = ["EXPORT_FORMATS", "COLUMNS", "export_tasks", "tasks_frame", "spreadsheet_safe"]

log = logging.getLogger(__name__)

EXPORT_FORMATS = ("csv", "xlsx", "parquet")
COLUMNS = (
    "source", "sha256", "system", "doc_type", "doc_number", "doc_symbol", "issuer",
    "parent_issuer", "place", "year", "month", "day", "title", "draft", "task_path",
    "task_number", "text", "lead_raw", "leads", "executors_raw", "executors", "and_related",
    "timeline_raw", "timeline_kind", "timeline_start", "timeline_end", "product", "refs",
)  # fmt: skip
_INT_COLUMNS = ("year", "month", "day")
_EXCEL_MAX_CELL = 32767
_ILLEGAL_XLSX_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# What a spreadsheet would read as a formula (OWASP "CSV injection"): a cell starting with
# = + @ tab or carriage return, or with - before a digit or an operator. A "- " bullet is text.
_FORMULA_START_RE = re.compile(r"[=+@\t\r]|-[\d=+@]")


def _need(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise PipelineError(
            f"{module} is not installed; install it with `pip install {extra}`", code="tool_missing"
        ) from exc


def tasks_frame(store: Store, filters: Filters | None = None, text: str = "") -> pd.DataFrame:
    """The selected tasks as a DataFrame with :data:`COLUMNS`."""
    pd = _need("pandas", "pandas")
    records = list(store.iter_task_records(filters or Filters(), text))
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    for column in _INT_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    for column in ("draft", "and_related"):
        frame[column] = frame[column].astype(bool)
    return frame


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    pd = _need("pandas", "pandas")
    _need("openpyxl", "openpyxl")
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) in ("str", "string"):
            frame[column] = frame[column].map(_xlsx_text)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="tasks")
        sheet = writer.sheets["tasks"]
        sheet.freeze_panes = "A2"
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # a text starting with "=" stays text
                    cell.data_type = "s"


def spreadsheet_safe(value: Any) -> Any:
    """``value`` with a leading apostrophe when a spreadsheet would run it as a formula.

    >>> spreadsheet_safe("=SUM(A1)"), spreadsheet_safe("- Tổ chức"), spreadsheet_safe("-1+2")
    ("'=SUM(A1)", '- Tổ chức', "'-1+2")
    """
    if isinstance(value, str) and _FORMULA_START_RE.match(value):
        return "'" + value
    return value


def _xlsx_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = _ILLEGAL_XLSX_RE.sub("", value)
    if len(value) > _EXCEL_MAX_CELL:
        log.warning("a cell was cut to Excel's limit of %d characters", _EXCEL_MAX_CELL)
        value = value[: _EXCEL_MAX_CELL - 1] + "…"
    return value


def export_tasks(
    store: Store, output: str | Path, fmt: str, filters: Filters | None = None, text: str = ""
) -> int:
    """Write the selected tasks to ``output`` as ``fmt`` (csv, xlsx, parquet); return the
    number of rows.

    Raises:
        PipelineError: ``usage`` for an unknown format, ``tool_missing`` without openpyxl or
            pyarrow, ``unreadable`` when the file cannot be written.
    """
    if fmt not in EXPORT_FORMATS:
        raise PipelineError(
            f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}", code="usage"
        )
    if fmt == "parquet":
        _need("pyarrow", "pyarrow")
    frame = tasks_frame(store, filters, text)
    target = Path(output)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise PipelineError(exc.strerror or str(exc), path=str(output), code="unreadable") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if fmt == "csv":
            safe = frame.copy()
            for column in safe.columns:
                if safe[column].dtype == object or str(safe[column].dtype) in ("str", "string"):
                    safe[column] = safe[column].map(spreadsheet_safe)
            safe.to_csv(tmp, index=False, encoding="utf-8-sig")
        elif fmt == "xlsx":
            _write_xlsx(frame, tmp)
        else:
            frame.to_parquet(tmp, index=False, engine="pyarrow")
        os.replace(tmp, target)
    except OSError as exc:
        raise PipelineError(exc.strerror or str(exc), path=str(output), code="unreadable") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return len(frame)
