"""The export buttons: the current search's tasks as CSV or an Excel sheet a clerk can filter.

Rows come from :meth:`pipeline.store.Store.iter_task_records` with the standing corrections laid
over them. The Excel sheet has a formatted, frozen header row with filters, column widths, and
real dates; the CSV is UTF-8 with a BOM. Cells a spreadsheet would run as a formula are quoted.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.store.corrections import Correction
from pipeline.store.export import spreadsheet_safe
from pipeline.web.labels import KIND_LABELS, doc_label

__all__ = ["COLUMNS", "export_rows", "write_csv", "write_xlsx"]

# (header, width in characters, kind)
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("Văn bản", 28, "text"),
    ("Cơ quan ban hành", 30, "text"),
    ("Ngày ban hành", 13, "date"),
    ("Trích yếu", 40, "text"),
    ("Mục", 10, "text"),
    ("Nội dung nhiệm vụ", 70, "text"),
    ("Chủ trì", 30, "text"),
    ("Phối hợp, thực hiện", 36, "text"),
    ("Thời gian (nguyên văn)", 22, "text"),
    ("Loại thời gian", 16, "text"),
    ("Bắt đầu", 12, "date"),
    ("Hạn", 12, "date"),
    ("Văn bản dẫn chiếu", 30, "text"),
    ("Đã sửa (người sửa)", 22, "text"),
    ("Tệp nguồn", 40, "text"),
)


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _parties(value: Any) -> str:
    return "; ".join(p.get("name", "") for p in (value or {}).get("parties") or [])


def export_rows(
    records: Iterator[dict[str, Any]],
    standing: dict[tuple[str, str, str], Correction],
    doc_type: str | None = None,
) -> Iterator[list[Any]]:
    """One list of :data:`COLUMNS` values per task, corrections applied."""
    for r in records:
        if doc_type and r.get("doc_type") != doc_type:
            continue
        fixes: dict[str, Correction] = {}
        for field in ("lead", "executors", "timeline", "references"):
            c = standing.get((r["sha256"], r["task_path"], field)) or standing.get(
                (r["source"], r["task_path"], field)
            )
            if c is not None:
                fixes[field] = c
        leads = _parties(fixes["lead"].value) if "lead" in fixes else r.get("leads") or ""
        executors = (
            _parties(fixes["executors"].value) if "executors" in fixes else r.get("executors") or ""
        )
        tl = fixes["timeline"].value if "timeline" in fixes else {
            "raw": r.get("timeline_raw"), "kind": r.get("timeline_kind"),
            "start": r.get("timeline_start"), "end": r.get("timeline_end"),
        }  # fmt: skip
        refs = (
            "; ".join(fixes["references"].value) if "references" in fixes else r.get("refs") or ""
        )
        issued = None
        if r.get("year") and r.get("month") and r.get("day"):
            issued = date(r["year"], r["month"], r["day"])
        yield [
            doc_label(r.get("doc_type"), r.get("doc_number"), r.get("doc_symbol")),
            r.get("issuer") or "",
            issued,
            r.get("title") or "",
            r.get("task_path") or "",
            r.get("text") or "",
            leads,
            executors,
            tl.get("raw") or "",
            KIND_LABELS.get(tl.get("kind") or "", ""),
            _iso(tl.get("start")),
            _iso(tl.get("end")),
            refs,
            ", ".join(sorted({c.author for c in fixes.values()})),
            r.get("source") or "",
        ]


_ILLEGAL_XLSX_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_MAX_CELL = 32_767


def _cell_text(value: Any) -> Any:
    """Text Excel accepts: no control characters, at most its 32,767 characters a cell."""
    if not isinstance(value, str):
        return value
    value = _ILLEGAL_XLSX_RE.sub("", value)
    return value if len(value) <= _EXCEL_MAX_CELL else value[: _EXCEL_MAX_CELL - 1] + "…"


def write_csv(rows: Iterator[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([c[0] for c in COLUMNS])
    for row in rows:
        writer.writerow(
            [v.strftime("%d/%m/%Y") if isinstance(v, date) else spreadsheet_safe(v) for v in row]
        )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_xlsx(rows: Iterator[list[Any]], path: Path) -> int:
    """Write the sheet (openpyxl write-only mode, so 100,000 rows fit in memory); return the
    number of rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nhiệm vụ")
    for i, (_, width, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    header = []
    for title, _, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    n = 0
    for row in rows:
        cells = []
        for value, (_, _, kind) in zip(row, COLUMNS, strict=True):
            if kind == "date":
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
            else:
                text = _cell_text(value)
                cell = WriteOnlyCell(sheet, value=text)
                if isinstance(text, str) and text.startswith("="):
                    cell.data_type = "s"  # a text starting with "=" stays text
            cells.append(cell)
        sheet.append(cells)
        n += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{n + 1}"
    book.save(path)
    return n
