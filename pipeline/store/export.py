"""Export tasks as a table: one row per task with its plan's fields and its parties.

pandas (and openpyxl or pyarrow) are imported only here, only when exporting. CSV is UTF-8
with a byte order mark, so Excel shows Vietnamese intact, and a cell a spreadsheet would run
as a formula (``=…``, ``+…``, ``@…``, ``-1…``) starts with an apostrophe; xlsx cells are always
text (a task starting with ``=`` is not turned into a formula); the file is written by :mod:`pipeline.output`
(atomically for a regular file, straight through for a pipe or a device).
"""

from __future__ import annotations

import logging
import re
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
# What a spreadsheet could read as a formula (OWASP "CSV injection"): a cell whose first
# character, after any spaces (no-break and full-width ones too), is = + - @ (or their full-width
# forms), or that starts with a tab, carriage return or line feed.
_FORMULA_START_RE = re.compile(r"[\t\r\n]|[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]")


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


def _write_xlsx(frame: pd.DataFrame, path: Any) -> None:
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

    >>> spreadsheet_safe("=SUM(A1)"), spreadsheet_safe("Tổ chức"), spreadsheet_safe(" -A1")
    ("'=SUM(A1)", 'Tổ chức', "' -A1")
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
            pyarrow, ``unwritable`` when the file cannot be written.
    """
    if fmt not in EXPORT_FORMATS:
        raise PipelineError(
            f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}", code="usage"
        )
    if fmt == "parquet":
        _need("pyarrow", "pyarrow")
    frame = tasks_frame(store, filters, text)
    from pipeline.output import open_output

    with open_output(output, binary=True) as fh:
        if fmt == "csv":
            safe = frame.copy()
            for column in safe.columns:
                if safe[column].dtype == object or str(safe[column].dtype) in ("str", "string"):
                    safe[column] = safe[column].map(spreadsheet_safe)
            fh.write(safe.to_csv(index=False).encode("utf-8-sig"))
        elif fmt == "xlsx":
            _write_xlsx(frame, fh)
        else:
            frame.to_parquet(fh, index=False, engine="pyarrow")
    return len(frame)
