"""The page handlers: search, export, plan, corrections, references, compare, ingest."""

from __future__ import annotations

import calendar
import shutil
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from pipeline.errors import PipelineError
from pipeline.web import uploads
from pipeline.web.app import WebState, form_of, render, require_editor, temp_dir

__all__ = [
    "search_page",
    "export",
    "plan_page",
    "correct",
    "refs_page",
    "compare_page",
    "ingest_page",
    "job_page",
    "SearchForm",
]

PAGE = 20
MAX_LIMIT = 500
DUE_WINDOWS = {
    "thang-nay": "Trong tháng này",
    "quy-nay": "Trong quý này",
    "30-ngay": "Trong 30 ngày tới",
    "qua-han": "Đã quá hạn",
}


def _state(request: Request) -> WebState:
    return request.app.state.web


# ----------------------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchForm:
    """The search page's parameters, as they appear in its (shareable) URL."""

    q: str = ""
    nam: str = ""
    co_quan: str = ""
    chu_tri: str = ""
    phoi_hop: str = ""
    loai_tg: str = ""
    han: str = ""
    loai_vb: str = ""
    n: int = PAGE

    @classmethod
    def from_params(cls, params: Any) -> SearchForm:
        values = {
            k: str(params.get(k, "")).strip()[:200] for k in cls.__dataclass_fields__ if k != "n"
        }
        try:
            n = max(1, min(MAX_LIMIT, int(params.get("n", PAGE))))
        except ValueError:
            n = PAGE
        return cls(**values, n=n)

    def url(self, **change: Any) -> str:
        form = replace(self, **change)
        items = {k: v for k, v in form.__dict__.items() if v and not (k == "n" and v == PAGE)}
        return "?" + urlencode(items) if items else "?"

    @property
    def empty(self) -> bool:
        return not any(v for k, v in self.__dict__.items() if k != "n")

    def due_range(self, today: date) -> tuple[str | None, str | None]:
        if self.han == "thang-nay":
            last = calendar.monthrange(today.year, today.month)[1]
            return today.replace(day=1).isoformat(), today.replace(day=last).isoformat()
        if self.han == "quy-nay":
            first = 3 * ((today.month - 1) // 3) + 1
            last = calendar.monthrange(today.year, first + 2)[1]
            return date(today.year, first, 1).isoformat(), date(
                today.year, first + 2, last
            ).isoformat()
        if self.han == "30-ngay":
            return today.isoformat(), (today + timedelta(days=30)).isoformat()
        if self.han == "qua-han":
            return None, (today - timedelta(days=1)).isoformat()
        return None, None

    def query(self, today: date) -> Any:
        from pipeline.store import SearchQuery
        from pipeline.store.options import build_filters

        due_from, due_to = self.due_range(today)
        filters = build_filters(
            lead=self.chu_tri, executor=self.phoi_hop, issuer=self.co_quan, year=self.nam or None,
            due_from=due_from, due_to=due_to, kind=self.loai_tg or None,
        )  # fmt: skip
        limit = self.n + 1 if not self.loai_vb else min(MAX_LIMIT * 4, (self.n + 1) * 10)
        return SearchQuery(self.q, filters, limit, prefix=True)


@dataclass(frozen=True)
class ResultRow:
    hit: Any
    doc_id: int | None
    fixed: dict[str, Any]  # field -> corrected value


def _typed_search(store: Any, query: Any) -> list[Any]:
    """Whole words first, then completions of the last word (``chuyen d`` → ``chuyển đổi``):
    the prefix search, several times dearer on common words, runs only when the whole words
    find fewer tasks than the page shows."""
    exact = store.search(replace(query, prefix=False))
    if len(exact) >= query.limit or not query.text.strip() or query.text.endswith(" "):
        return exact
    seen = {h.task_id for h in exact}
    completions = [h for h in store.search(query) if h.task_id not in seen]
    return [*exact, *completions][: query.limit]


def _search(state: WebState, form: SearchForm, today: date) -> dict[str, Any]:
    from pipeline.store.corrections import all_standing

    conn = state.conn()
    facets = state.catalog.facets(conn)
    if form.empty:
        return {"facets": facets, "rows": [], "more": False, "searched": False}
    hits = _typed_search(state.store(), form.query(today))
    if form.loai_vb:
        sources = state.catalog.sources_of_type(conn, form.loai_vb)
        hits = [h for h in hits if h.source in sources]
    more = len(hits) > form.n
    hits = hits[: form.n]
    ids = state.catalog.document_ids(conn, [h.source for h in hits])
    standing = all_standing(conn, {h.source for h in hits})
    rows = []
    for h in hits:
        fixed = {
            f: c.value
            for f in ("lead", "executors", "timeline")
            if (c := standing.get((h.source, h.path, f))) is not None
        }
        rows.append(ResultRow(h, ids.get(h.source), fixed))
    return {"facets": facets, "rows": rows, "more": more, "searched": True}


async def search_page(request: Request) -> Response:
    state = _state(request)
    form = SearchForm.from_params(request.query_params)
    try:
        data = await run_in_threadpool(_search, state, form, date.today())
        error = None
    except PipelineError as exc:
        data = {"facets": await run_in_threadpool(lambda: state.catalog.facets(state.conn())),
                "rows": [], "more": False, "searched": False}  # fmt: skip
        error = exc.message
    context = {"form": form, "error": error, "due_windows": DUE_WINDOWS, **data}
    if request.headers.get("hx-request") and request.headers.get("hx-target") == "ket-qua":
        response = render(request, "_results.html", context)
        url = form.url()
        response.headers["HX-Push-Url"] = "/" + url if url != "?" else "/"  # the short URL
        return response
    return render(request, "search.html", context)


def _export(state: WebState, form: SearchForm, fmt: str, today: date) -> tuple[bytes | Path, int]:
    from pipeline.store.corrections import all_standing
    from pipeline.web.exports import export_rows, write_csv, write_xlsx

    query = form.query(today)
    store = state.store()
    records = store.iter_task_records(query.filters, form.q)
    rows = export_rows(records, all_standing(state.conn()), form.loai_vb or None)
    if fmt == "csv":
        return write_csv(rows), 0
    path = temp_dir(state) / "nhiem-vu.xlsx"
    return path, write_xlsx(rows, path)


async def export(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404, "Không có định dạng xuất này.")
    state = _state(request)
    form = SearchForm.from_params(request.query_params)
    result, _ = await run_in_threadpool(_export, state, form, fmt, date.today())
    name = f"nhiem-vu-{date.today().isoformat()}.{fmt}"
    disposition = {"content-disposition": f'attachment; filename="{name}"'}
    if isinstance(result, bytes):
        return Response(result, media_type="text/csv; charset=utf-8", headers=disposition)
    data = result.read_bytes()
    shutil.rmtree(result.parent, ignore_errors=True)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, media_type=xlsx, headers=disposition)


# ----------------------------------------------------------------------------- plan


def _plan_view(state: WebState, doc_id: int) -> dict[str, Any] | None:
    from pipeline.store.corrections import apply_corrections, corrections_for, history_for
    from pipeline.web.plan import source_pieces, source_text

    conn = state.conn()
    stored = state.catalog.plan(conn, doc_id)
    if stored is None:
        return None
    text = source_text(stored.sources, stored.sha256)
    standing = corrections_for(conn, stored.sources, stored.sha256)
    plan, statuses = apply_corrections(stored.plan, standing, text)
    issues: dict[str | None, list[dict[str, Any]]] = {}
    for issue in plan.get("issues") or []:
        issues.setdefault(issue.get("path"), []).append(issue)
    history: dict[str, list[Any]] = {}
    for c in history_for(conn, stored.sources, stored.sha256):
        history.setdefault(c.task_path, []).append(c)
    return {
        "stored": stored,
        "plan": plan,
        "doc": plan.get("document") or {},
        "text": text,
        "pieces": source_pieces(text, plan) if text is not None else [],
        "standing": standing,
        "statuses": statuses,
        "history": history,
        "issues": issues,
        "flagged": sum(1 for s in statuses.values() if s in ("disagrees", "orphan")),
    }


async def plan_page(request: Request) -> Response:
    state = _state(request)
    view = await run_in_threadpool(_plan_view, state, request.path_params["doc_id"])
    if view is None:
        raise HTTPException(404, "Không có kế hoạch này trong cơ sở dữ liệu.")
    return render(request, "plan.html", {**view, "message": request.query_params.get("tb")})


def _correct(state: WebState, doc_id: int, form: dict[str, str], author: str) -> str:
    from pipeline.store.corrections import FIELDS, add_correction, field_value
    from pipeline.web.plan import anchor, parse_correction, source_text

    conn = state.conn()
    stored = state.catalog.plan(conn, doc_id)
    if stored is None:
        raise HTTPException(404, "Không có kế hoạch này trong cơ sở dữ liệu.")
    field, path = form.get("field", ""), form.get("task", "")
    if field not in FIELDS:
        raise PipelineError("không sửa được trường này", code="usage")
    task = next((t for t in stored.plan.get("tasks") or [] if t.get("path") == path), None)
    if task is None:
        raise PipelineError(f"không có nhiệm vụ {path!r} trong kế hoạch", code="usage")
    if form.get("action") == "withdraw":
        value = None
    else:
        text = source_text(stored.sources, stored.sha256) if field == "span" else None
        value = parse_correction(field, form, task, stored.plan, text)
    add_correction(
        conn, source=stored.row.path, sha256=stored.sha256, task_path=path, field=field,
        value=value, extracted=field_value(task, field), author=author,
        note=form.get("note", "").strip()[:500] or None,
    )  # fmt: skip
    return anchor(path)


async def correct(request: Request) -> Response:
    user = require_editor(request)
    form = await form_of(request, max_fields=20, max_files=0)
    values = {k: str(v) for k, v in form.items()}
    doc_id = request.path_params["doc_id"]
    state = _state(request)
    target = await run_in_threadpool(_correct, state, doc_id, values, user.name)
    return RedirectResponse(f"/ke-hoach/{doc_id}?tb=da-luu#t-{target}", status_code=303)


# ----------------------------------------------------------------------------- references


def _refs(state: WebState, number: str) -> dict[str, Any]:
    store = state.store()
    if not number:
        return {"top": store.top_refs(50), "citations": None, "years": [], "ids": {}}
    citations = store.citations(number)
    years: dict[str, list[Any]] = {}
    for d in citations.documents:
        years.setdefault((d.date or "")[:4] or "không rõ năm", []).append(d)
    sources = [d.source for d in citations.documents] + [t.source for t in citations.tasks]
    ids = state.catalog.document_ids(state.conn(), sources + list(citations.stored))
    peak = max((len(v) for v in years.values()), default=1)
    return {
        "top": [],
        "citations": citations,
        "years": sorted(years.items(), reverse=True),
        "peak": peak,
        "ids": ids,
    }


async def refs_page(request: Request) -> Response:
    number = str(request.query_params.get("so", "")).strip()[:200]
    data = await run_in_threadpool(_refs, _state(request), number)
    return render(request, "refs.html", {"number": number, **data})


# ----------------------------------------------------------------------------- compare


def _side_stored(state: WebState, doc_id: int) -> tuple[dict[str, Any], str | None, str]:
    from pipeline.store.corrections import apply_corrections, corrections_for
    from pipeline.web.labels import doc_label
    from pipeline.web.plan import source_text

    conn = state.conn()
    stored = state.catalog.plan(conn, doc_id)
    if stored is None:
        raise HTTPException(404, "Không có kế hoạch này trong cơ sở dữ liệu.")
    text = source_text(stored.sources, stored.sha256)
    plan, _ = apply_corrections(
        stored.plan, corrections_for(conn, stored.sources, stored.sha256), text
    )
    r = stored.row
    return plan, text, f"{doc_label(r.doc_type, r.number, r.symbol)} ({Path(r.path).name})"


def _side_file(path: Path, label: str) -> tuple[dict[str, Any], str | None, str]:
    from pipeline.normalize import build_text
    from pipeline.read import read_document
    from pipeline.run import extract_to_dict

    plan = extract_to_dict(path)
    text = build_text(read_document(path)).text
    return plan, text, label


def _compare(
    old: tuple[dict[str, Any], str | None, str], new: tuple[dict[str, Any], str | None, str]
) -> dict[str, Any]:
    from pipeline.diff import diff_plans
    from pipeline.diff.render_json import summary_counts
    from pipeline.web.compare import diff_outside, outside_paragraphs

    diff = diff_plans(old[0], new[0], old_name=old[2], new_name=new[2])
    outside = None
    if old[1] is not None and new[1] is not None:
        outside = diff_outside(
            outside_paragraphs(old[1], old[0]), outside_paragraphs(new[1], new[0])
        )
    return {
        "diff": diff,
        "counts": summary_counts(diff),
        "outside": outside,
        "names": (old[2], new[2]),
    }


async def compare_page(request: Request) -> Response:
    state = _state(request)
    documents = await run_in_threadpool(lambda: state.catalog.documents(state.conn()))
    context: dict[str, Any] = {"documents": documents, "result": None, "error": None}
    if request.method == "POST":
        form = await form_of(
            request, max_files=2, max_fields=5, max_part_size=uploads.MAX_FILE_BYTES
        )
        files = [form.get("cu"), form.get("moi")]
        if any(not getattr(f, "filename", None) for f in files):
            context["error"] = "Hãy chọn cả hai tệp dự thảo."
            return render(request, "compare.html", context, 400)
        folder = temp_dir(state)
        try:
            sides = []
            for upload in files:
                name = uploads.safe_name(upload.filename)
                if not uploads.accepted(name) or name.lower().endswith(".zip"):
                    raise PipelineError("loại tệp không được nhận", path=name, code="unsupported")
                data = await upload.read(uploads.MAX_FILE_BYTES + 1)
                if len(data) > uploads.MAX_FILE_BYTES:
                    raise PipelineError("tệp quá lớn", path=name, code="too_large")
                path = uploads.save_file(folder, name, data)
                sides.append(await run_in_threadpool(_side_file, path, name))
            context["result"] = await run_in_threadpool(_compare, sides[0], sides[1])
        except PipelineError as exc:
            reason = state_label(exc.code)
            context["error"] = f"{Path(exc.path or '').name or 'tệp'}: {reason} ({exc.message})"
            return render(request, "compare.html", context, 422)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return render(request, "compare.html", context)
    old, new = request.query_params.get("cu"), request.query_params.get("moi")
    context["selected"] = (old, new)
    if old and new:
        try:
            a = await run_in_threadpool(_side_stored, state, int(old))
            b = await run_in_threadpool(_side_stored, state, int(new))
        except ValueError as exc:
            raise HTTPException(400, "Mã kế hoạch không hợp lệ.") from exc
        context["result"] = await run_in_threadpool(_compare, a, b)
    return render(request, "compare.html", context)


def state_label(code: str) -> str:
    from pipeline.web.labels import ERROR_LABELS

    return ERROR_LABELS.get(code, code)


# ----------------------------------------------------------------------------- ingest


async def ingest_page(request: Request) -> Response:
    state = _state(request)
    if request.method == "GET":
        return render(request, "ingest.html", {"limits": _limits()})
    user = require_editor(request)
    length = int(request.headers.get("content-length") or 0)
    if length > uploads.MAX_BATCH_BYTES:
        raise HTTPException(
            413, f"Lần tải lên quá lớn (tối đa {uploads.MAX_BATCH_BYTES // 2**20} MiB)."
        )
    form = await form_of(
        request,
        max_files=uploads.MAX_BATCH_FILES,
        max_fields=10,
        max_part_size=uploads.MAX_FILE_BYTES,
    )
    files = [f for f in form.getlist("tep") if getattr(f, "filename", None)]
    if not files:
        return render(
            request,
            "ingest.html",
            {"limits": _limits(), "error": "Hãy chọn tệp hoặc thư mục."},
            400,
        )
    folder = uploads.new_batch(state.uploads)
    problems: list[uploads.UploadProblem] = []
    budget = uploads.MAX_BATCH_BYTES
    for upload in files:
        name = upload.filename
        if not uploads.accepted(name):
            problems.append(uploads.UploadProblem(name, "unsupported", "loại tệp không được nhận"))
            continue
        data = await upload.read(uploads.MAX_FILE_BYTES + 1)
        if len(data) > uploads.MAX_FILE_BYTES or len(data) > budget:
            problems.append(
                uploads.UploadProblem(
                    name, "too_large", f"quá {uploads.MAX_FILE_BYTES // 2**20} MiB"
                )
            )
            continue
        budget -= len(data)
        saved = uploads.save_file(folder, name, data)
        if saved.suffix.lower() == ".zip":
            written, refused = await run_in_threadpool(uploads.unpack_zip, folder, saved, budget)
            budget -= sum(p.stat().st_size for p in written)
            problems += refused
    job = state.jobs.start(folder, user.name, problems)
    return RedirectResponse(f"/nap/{job.id}", status_code=303)


def _limits() -> dict[str, int]:
    return {
        "file_mib": uploads.MAX_FILE_BYTES // 2**20,
        "batch_mib": uploads.MAX_BATCH_BYTES // 2**20,
        "files": uploads.MAX_BATCH_FILES,
    }


async def job_page(request: Request) -> Response:
    job = _state(request).jobs.get(request.path_params["job_id"])
    if job is None:
        raise HTTPException(404, "Không có lượt nạp này (máy chủ có thể đã khởi động lại).")
    template = "_job.html" if request.headers.get("hx-request") else "job.html"
    return render(request, template, {"job": job})
