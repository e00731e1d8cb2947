"""The accounts page: an administrator lists the accounts, adds a reader, an editor or another
administrator, resets a password, changes a role and removes an account (the CLI's
``kehoach serve --add-account`` does the same from a terminal)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from pipeline.errors import PipelineError
from pipeline.web.app import WebState, form_of, render, require_admin
from pipeline.web.security import MIN_PASSWORD, ROLES

__all__ = ["accounts_page", "DONE"]

# what the page says after each action (the redirect carries the key, never free text)
DONE = {
    "them": "Đã thêm tài khoản {name}.",
    "mat-khau": "Đã đặt mật khẩu mới cho {name}; các phiên đăng nhập cũ của tài khoản này đã hết hiệu lực.",
    "vai-tro": "Đã đổi vai trò của {name}.",
    "xoa": "Đã xóa tài khoản {name}.",
}


def _apply(state: WebState, form: dict[str, str], me: str) -> str:
    """Do the form's action; return its key in :data:`DONE`.

    Raises:
        PipelineError: ``usage`` or ``not_found`` with a message in Vietnamese.
    """
    action, name = form.get("action", ""), form.get("name", "").strip()
    password, again = form.get("password", ""), form.get("password2", "")
    if action in ("them", "mat-khau") and password != again:
        raise PipelineError("hai lần nhập mật khẩu không khớp", code="usage")
    if action == "them":
        state.accounts.add(name, form.get("role", ""), password)
    elif action == "mat-khau":
        state.accounts.reset_password(name, password)
    elif action == "vai-tro":
        state.accounts.set_role(name, form.get("role", ""))
    elif action == "xoa":
        if name == me:
            raise PipelineError("không tự xóa tài khoản đang dùng", code="usage")
        if form.get("confirm") != "1":
            raise PipelineError("hãy đánh dấu ô xác nhận trước khi xóa", code="usage")
        state.accounts.remove(name)
    else:
        raise PipelineError("không rõ việc cần làm", code="usage")
    return action


async def accounts_page(request: Request) -> Response:
    me = require_admin(request)
    state: WebState = request.app.state.web
    context: dict[str, Any] = {"roles": ROLES, "min_password": MIN_PASSWORD, "error": None}
    status = 200
    if request.method == "POST":
        form = await form_of(request, max_fields=10, max_files=0)
        values = {k: str(v) for k, v in form.items()}
        try:
            done = await run_in_threadpool(_apply, state, values, me.name)
        except PipelineError as exc:
            context["error"], status = exc.message, 400 if exc.code == "usage" else 404
            context["typed"] = {"name": values.get("name", ""), "role": values.get("role", "")}
        else:
            name = values.get("name", "").strip()
            if done == "mat-khau" and name == request.session.get("user"):
                fresh = state.accounts.get(name)  # one's own new password: stay signed in
                request.session["stamp"] = fresh.stamp if fresh else ""
            target = "/tai-khoan?" + _query(done, name)
            if state.accounts and state.accounts.of_session(request.session) is None:
                target = "/dang-nhap"  # the first account, made from a local session
            return RedirectResponse(target, status_code=303)
    done, name = request.query_params.get("xong", ""), request.query_params.get("ten", "")
    if done in DONE:
        context["message"] = DONE[done].format(name=name[:64])
    context["accounts"] = await run_in_threadpool(state.accounts.names)
    context["me"] = me
    return render(request, "accounts.html", context, status)


def _query(done: str, name: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"xong": done, "ten": name})
