from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.store import Filters
from pipeline.store.export import COLUMNS, export_tasks, tasks_frame
from pipeline.store.options import parse_where
from pipeline.store.rows import plan_rows
from pipeline.store.sqlite import SqliteStore

pd = pytest.importorskip("pandas")


def read(path: Path, fmt: str):  # noqa: ANN201
    if fmt == "csv":
        return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    if fmt == "xlsx":
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    return pd.read_parquet(path)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_round_trip(loaded_store: SqliteStore, tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"tasks.{fmt}"
    n = export_tasks(loaded_store, out, fmt)
    back = read(out, fmt)
    frame = tasks_frame(loaded_store)
    assert n == len(back) == loaded_store.counts()["tasks"] == 73
    assert list(back.columns) == list(COLUMNS)
    assert list(back["text"]) == list(frame["text"])  # Vietnamese intact
    assert list(back["leads"].replace("", None)) == list(frame["leads"])
    assert "Ban Dân vận Huyện ủy" in set(back["leads"])


def test_csv_has_a_bom_for_excel(loaded_store: SqliteStore, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    export_tasks(loaded_store, out, "csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Đức Phổ" in out.read_text("utf-8-sig")


def test_xlsx_keeps_formula_like_text_as_text(store: SqliteStore, tmp_path: Path) -> None:
    plan = {
        "tasks": [{"path": "1", "text": '=HYPERLINK("x") - tổng hợp\x07', "lead": {"raw": "+Ban"}}]
    }
    store.write_document(plan_rows(plan, sha256="h", pipeline_version="v"), ["/p"])
    out = tmp_path / "t.xlsx"
    export_tasks(store, out, "xlsx")
    back = read(out, "xlsx")
    assert back["text"][0] == '=HYPERLINK("x") - tổng hợp'
    assert back["lead_raw"][0] == "+Ban"


def test_where_filters(loaded_store: SqliteStore, tmp_path: Path) -> None:
    filters, text = parse_where(["lead=ban dan van", "year=2024", "q=mo hinh"])
    frame = tasks_frame(loaded_store, filters, text)
    assert 0 < len(frame) < 73
    assert all("Dân vận" in lead for lead in frame["leads"])
    assert all("mô hình" in t.lower() for t in frame["text"])


def test_bad_where_and_format_are_usage_errors(loaded_store: SqliteStore, tmp_path: Path) -> None:
    for items in (["lead"], ["colour=red"], ["year=soon"], ["due-to=31/2/2024"], ["kind=weekly"]):
        with pytest.raises(PipelineError) as err:
            parse_where(items)
        assert err.value.code == "usage"
    with pytest.raises(PipelineError):
        export_tasks(loaded_store, tmp_path / "x.ods", "ods")


def test_failed_export_keeps_the_old_file(loaded_store: SqliteStore, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    out.write_text("old", "utf-8")
    with pytest.raises(PipelineError):
        export_tasks(loaded_store, tmp_path / "missing-dir" / "t.csv", "csv")
    assert export_tasks(loaded_store, out, "csv", Filters(lead="nobody at all")) == 0
    assert out.read_text("utf-8-sig").startswith("source,")


# OWASP's list: = + - @ first, after any spaces (no-break and full-width ones too), full-width forms
DANGEROUS = [
    '=HYPERLINK("http://x")', "+Ban Dân vận", "@SUM(A1)", "-1+2", "-=1+2", "-@A1",
    "-SUM(1,1)", "-A1", "-cmd|' /C calc'!A0", " =1+2", "\u00a0=1+2", "\uff1d1+2", "\uff0bA1",
    "- Tổ chức hội nghị", "-Tổ chức", "-",
]  # fmt: skip
HARMLESS = ["– Tổ chức", "Tổ chức = hội nghị", "Ủy ban"]


def test_csv_cells_cannot_become_formulas(store: SqliteStore, tmp_path: Path) -> None:
    texts = DANGEROUS + HARMLESS
    plan = {
        "tasks": [
            {"path": str(i), "text": t, "lead": {"raw": t, "parties": [{"name": t.strip()}]}}
            for i, t in enumerate(texts)
        ]
    }
    store.write_document(plan_rows(plan, sha256="h", pipeline_version="v"), ["/p"])
    out = tmp_path / "t.csv"
    export_tasks(store, out, "csv")
    back = read(out, "csv")
    got = dict(zip(back["task_path"], back["text"], strict=True))
    for i, t in enumerate(texts):
        assert got[str(i)] == ("'" + t.strip() if t in DANGEROUS else t), t  # stored stripped
    assert back["lead_raw"][0] == "'" + DANGEROUS[0] and back["leads"][1] == "'+Ban Dân vận"


def test_search_csv_cells_cannot_become_formulas(store: SqliteStore) -> None:
    import csv
    import io

    from pipeline.store import SearchQuery
    from pipeline.store.render import render_hits

    plan = {"tasks": [{"path": "1", "text": "=1+2 tổ chức"}, {"path": "2", "text": "- tổ chức"}]}
    store.write_document(plan_rows(plan, sha256="h", pipeline_version="v"), ["/p"])
    rows = list(
        csv.DictReader(io.StringIO(render_hits(store.search(SearchQuery("to chuc")), "csv")))
    )
    assert sorted(r["text"] for r in rows) == ["'- tổ chức", "'=1+2 tổ chức"]


@pytest.mark.parametrize(
    "text", ["\t=1+2", "\r=1+2", "=1", "-2", " =1", "\u00a0=1", "\u3000-A1", "\uff1d1", "\uff20A1"]
)
def test_tabs_and_returns_before_formulas_are_neutralised(text: str) -> None:
    from pipeline.store.export import spreadsheet_safe

    assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe(7) == 7 and spreadsheet_safe(None) is None
