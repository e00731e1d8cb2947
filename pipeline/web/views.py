"""The page handlers: search, export, plan, corrections, references, compare, ingest."""

from __future__ import annotations

import calendar
import shutil
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from pipeline.errors import PipelineError
from pipeline.web.app import WebState, form_of, render, require_editor, temp_dir

__all__ = [
    "search_page",
    "facets_page",
    "export",
    "plan_page",
    "correct",
    "refs_page",
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


def _facets(state: WebState, form: SearchForm) -> tuple[Any, Any, Any]:
    """The facets as the corrections make them, each chosen value listed; and the indexes of
    the task and of the header corrections."""
    from pipeline.web.catalog import FACET_LIMIT
    from pipeline.web.corrected import adjust_facets
    from pipeline.web.corrected_headers import adjust_header_facets

    conn = state.conn()
    version = state.catalog.version(conn)
    index = state.corrections.index(conn, version)
    headers = state.headers.index(conn, version)
    facets = adjust_facets(state.catalog.facets(conn), index, FACET_LIMIT)
    facets = adjust_header_facets(facets, headers)
    return _with_chosen(facets, form), index, headers


def _with_chosen(facets: Any, form: SearchForm) -> Any:
    """``facets`` with each chosen issuer, lead and executor listed (without a count when it
    is not counted)."""
    chosen = {"issuers": form.co_quan, "leads": form.chu_tri, "executors": form.phoi_hop}
    for name, value in chosen.items():
        values = getattr(facets, name)
        if value and all(v != value for v, _ in values):
            facets = replace(facets, **{name: (*values, (value, None))})
    return facets


def _scoped_facets(state: WebState, form: SearchForm, today: date) -> tuple[Any, Any]:
    """The facet counts of the current search (the newest FACET_WINDOW tasks it matches), as
    the corrections make them; the whole database's for an empty form. Cached per process
    until a document or a correction is written. Returns ``(facets, scoped)``: ``scoped`` is
    the store's answer (how many counted, whether all), None for the whole database."""
    from pipeline.store.matched import FACET_WINDOW
    from pipeline.web.catalog import FACET_LIMIT
    from pipeline.web.corrected import CorrectionIndex, adjust_facets, version
    from pipeline.web.corrected_headers import adjust_header_facets

    if form.empty:
        return _facets(state, form)[0], None
    conn = state.conn()
    documents = state.catalog.version(conn)
    key = (
        replace(form, n=PAGE), today, documents,
        version(conn), version(conn, "document_corrections"),
    )  # fmt: skip
    cached = state.facet_cache.get(key)
    if cached is not None:
        return cached
    index = state.corrections.index(conn, documents)
    headers = state.headers.index(conn, documents)
    scoped = state.store().facet_counts(form.query(today), FACET_WINDOW, form.loai_vb or None)
    mine = CorrectionIndex({i: t for i, t in index.tasks.items() if i in scoped.tasks})
    facets = adjust_facets(scoped, mine, FACET_LIMIT)
    facets = adjust_header_facets(facets, headers, dict(scoped.documents))
    out = (_with_chosen(facets, form), scoped)
    state.facet_cache.put(key, out)
    return out


async def facets_page(request: Request) -> Response:
    """The facets of the current search, which the results load after themselves (htmx)."""
    state = _state(request)
    form = SearchForm.from_params(request.query_params)
    facets, scoped = await state.run(_scoped_facets, state, form, date.today())
    context = {"form": form, "facets": facets, "scoped": scoped, "due_windows": DUE_WINDOWS}
    return render(request, "_facets.html", context)


def _indexes(state: WebState) -> tuple[None, Any, Any]:
    """The indexes of the task and of the header corrections, without the facets (the
    results swapped in as one types do not show them)."""
    conn = state.conn()
    documents = state.catalog.version(conn)
    return None, state.corrections.index(conn, documents), state.headers.index(conn, documents)


def _search(
    state: WebState, form: SearchForm, today: date, facets_too: bool = True
) -> dict[str, Any]:
    from pipeline.store.corrections import all_standing
    from pipeline.web.corrected import corrected_hits, widen
    from pipeline.web.corrected_headers import header_hits, overlay_hit, typed_sources

    conn = state.conn()
    facets, index, headers = _facets(state, form) if facets_too else _indexes(state)
    if form.empty:
        return {"facets": facets, "rows": [], "more": False, "searched": False}
    query = widen(form.query(today), index)
    hits = corrected_hits(conn, query, _typed_search(state.store(), query), index)
    hits = header_hits(conn, query, hits, headers)
    if form.loai_vb:
        sources = typed_sources(
            state.catalog.sources_of_type(conn, form.loai_vb), form.loai_vb, headers
        )
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
        header = headers.by_path.get(h.source)
        if header is not None:
            h = overlay_hit(h, header.values)
            fixed["header"] = sorted(header.values)
        rows.append(ResultRow(h, ids.get(h.source), fixed))
    return {"facets": facets, "rows": rows, "more": more, "searched": True}


async def search_page(request: Request) -> Response:
    state = _state(request)
    form = SearchForm.from_params(request.query_params)
    swap = bool(request.headers.get("hx-request")) and request.headers.get("hx-target") == "ket-qua"
    try:
        data = await state.run(_search, state, form, date.today(), not swap)
        error = None
    except PipelineError as exc:
        facets, _, _ = await state.run(_facets, state, form)
        data = {"facets": facets, "rows": [], "more": False, "searched": False}
        error = exc.message
    context = {"form": form, "error": error, "due_windows": DUE_WINDOWS, "scoped": None, **data}
    if swap:
        response = render(request, "_results.html", context)
        url = form.url()
        response.headers["HX-Push-Url"] = "/" + url if url != "?" else "/"  # the short URL
        return response
    return render(request, "search.html", context)


def _export(state: WebState, form: SearchForm, fmt: str, today: date) -> tuple[bytes | Path, int]:
    from pipeline.store.corrections import all_standing
    from pipeline.web.corrected import corrected_records
    from pipeline.web.corrected_headers import header_records
    from pipeline.web.exports import export_rows, write_csv, write_xlsx

    query = form.query(today)
    store = state.store()
    conn = state.conn()
    version = state.catalog.version(conn)
    index = state.corrections.index(conn, version)
    records = corrected_records(
        conn, query.filters, form.q, store.iter_task_records(query.filters, form.q), index
    )
    headers = state.headers.index(conn, version)
    records = header_records(conn, query.filters, form.q, records, headers)
    rows = export_rows(records, all_standing(conn), form.loai_vb or None)
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
    result, _ = await state.run(_export, state, form, fmt, date.today())
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
    view = await state.run(_plan_view, state, request.path_params["doc_id"])
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
    if form.get("scope") == "document":
        return _correct_header(conn, stored, form, author)
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


def _correct_header(conn: Any, stored: Any, form: dict[str, str], author: str) -> str:
    """Save the header form: one correction per field whose value it changes (or withdraw
    one field's); return the anchor to go back to."""
    from pipeline.store.corrections import (
        DOCUMENT,
        DOCUMENT_FIELDS,
        add_correction,
        apply_corrections,
        corrections_for,
    )
    from pipeline.store.document_corrections import document_key, document_value
    from pipeline.web.plan import parse_header

    extracted = stored.plan.get("document")
    if not isinstance(extracted, dict):
        raise PipelineError("văn bản này không có phần đầu để sửa", code="usage")
    note = form.get("note", "").strip()[:500] or None
    if form.get("action") == "withdraw":
        field = form.get("field", "")
        if field not in DOCUMENT_FIELDS:
            raise PipelineError("không sửa được trường này", code="usage")
        changes: dict[str, Any] = {field: None}
    else:
        standing = corrections_for(conn, stored.sources, stored.sha256)
        current = apply_corrections(stored.plan, standing)[0].get("document") or {}
        new = parse_header(form)
        sent = {f for f in DOCUMENT_FIELDS if f in form or f"{f}_shown" in form}
        sent |= {"signer"} if any(k.startswith("signer_") for k in form) else set()
        changes = {
            f: v
            for f, v in new.items()
            if f in sent and document_key(f, v) != document_key(f, document_value(current, f))
        }
    for field, value in changes.items():
        add_correction(
            conn, source=stored.row.path, sha256=stored.sha256, task_path=DOCUMENT, field=field,
            value=value, extracted=document_value(extracted, field), author=author, note=note,
        )  # fmt: skip
    return "dau"


async def correct(request: Request) -> Response:
    user = require_editor(request)
    form = await form_of(request, max_fields=40, max_files=0)
    values = {k: str(v) for k, v in form.items()}
    doc_id = request.path_params["doc_id"]
    state = _state(request)
    target = await state.run(_correct, state, doc_id, values, user.name)
    fragment = target if target == "dau" else f"t-{target}"
    return RedirectResponse(f"/ke-hoach/{doc_id}?tb=da-luu#{fragment}", status_code=303)


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
    state = _state(request)
    data = await state.run(_refs, state, number)
    return render(request, "refs.html", {"number": number, **data})
