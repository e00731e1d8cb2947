"""The page handlers that take files: compare (two stored plans or two uploaded drafts) and
ingest (upload files, a folder or a zip; the job's progress page)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from pipeline.errors import PipelineError
from pipeline.web import uploads
from pipeline.web.app import WebState, form_of, render, require_editor, temp_dir

__all__ = ["compare_page", "ingest_page", "job_page"]


def _state(request: Request) -> WebState:
    return request.app.state.web


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
    documents = await state.run(lambda: state.catalog.documents(state.conn()))
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
            a = await state.run(_side_stored, state, int(old))
            b = await state.run(_side_stored, state, int(new))
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
        failures = await state.run(
            lambda: sorted(state.store().failures().values(), key=lambda f: f.path)
        )
        return render(request, "ingest.html", {"limits": _limits(), "failures": failures})
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
