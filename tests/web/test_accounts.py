"""The accounts page and the accounts file: admin only, CSRF, argon2 hashes, sessions that end
when their account goes or its password changes, at least one administrator kept."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from pipeline.errors import PipelineError
from pipeline.web.security import Accounts

PASSWORD = "mat-khau-quan-tri"


def _token(page: str) -> str:
    return page.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def _login(c: TestClient, name: str, password: str) -> str:
    token = _token(c.get("/dang-nhap").text)
    r = c.post("/dang-nhap", data={"csrf": token, "name": name, "password": password},
               follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return _token(c.get("/tai-khoan" if name == "quantri" else "/").text)


@pytest.fixture
def admin(web_env):
    accounts = Accounts(web_env.data / "accounts.json")
    accounts.set("quantri", "admin", PASSWORD)
    with TestClient(web_env.app(), base_url="http://127.0.0.1") as c:
        yield c, _login(c, "quantri", PASSWORD), accounts


def test_accounts_file_operations(tmp_path):
    accounts = Accounts(tmp_path / "accounts.json")
    with pytest.raises(PipelineError, match="quản trị viên"):
        accounts.add("lan", "reader", "mot-mat-khau-dai")  # the first one must be an admin
    accounts.add("an", "admin", "mot-mat-khau-dai")
    accounts.add("lan", "reader", "mot-mat-khau-dai")
    with pytest.raises(PipelineError, match="đã có"):
        accounts.add("lan", "editor", "mot-mat-khau-dai")
    with pytest.raises(PipelineError, match="10 ký tự"):
        accounts.reset_password("lan", "ngan")
    stamp = accounts.get("lan").stamp
    accounts.reset_password("lan", "mat-khau-moi-dai")
    assert accounts.get("lan").stamp != stamp
    assert accounts.verify("lan", "mat-khau-moi-dai") and not accounts.verify(
        "lan", "mot-mat-khau-dai"
    )
    with pytest.raises(PipelineError, match="ít nhất một quản trị viên"):
        accounts.remove("an")
    with pytest.raises(PipelineError, match="ít nhất một quản trị viên"):
        accounts.set_role("an", "editor")
    accounts.set_role("lan", "admin")
    accounts.remove("an")
    with pytest.raises(PipelineError) as err:
        accounts.remove("an")
    assert err.value.code == "not_found"
    stored = json.loads((tmp_path / "accounts.json").read_text())
    assert [a["name"] for a in stored["accounts"]] == ["lan"]
    assert stored["accounts"][0]["hash"].startswith("$argon2id$")
    assert (tmp_path / "accounts.json").stat().st_mode & 0o777 == 0o600


def test_admin_adds_resets_and_removes(admin, web_env):
    c, token, accounts = admin
    r = c.post("/tai-khoan", data={"csrf": token, "action": "them", "name": "lan", "role": "editor",
               "password": "mat-khau-cua-lan", "password2": "mat-khau-cua-lan"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "Đã thêm tài khoản lan." in page and 'data-account="lan"' in page
    assert accounts.get("lan").role == "editor"
    stored = (web_env.data / "accounts.json").read_text()
    assert "mat-khau-cua-lan" not in stored and "$argon2id$" in stored

    with TestClient(web_env.app(), base_url="http://127.0.0.1") as other:  # lan signs in
        _login(other, "lan", "mat-khau-cua-lan")
        assert other.get("/", follow_redirects=False).status_code == 200
        assert other.get("/tai-khoan").status_code == 403  # an editor, not an admin
        r = c.post("/tai-khoan", data={"csrf": token, "action": "mat-khau", "name": "lan",
                   "password": "mat-khau-moi-cua-lan", "password2": "mat-khau-moi-cua-lan"})  # fmt: skip
        assert "Đã đặt mật khẩu mới cho lan" in r.text
        # the session opened with the old password has ended
        assert other.get("/", follow_redirects=False).headers["location"] == "/dang-nhap"
        _login(other, "lan", "mat-khau-moi-cua-lan")
        r = c.post("/tai-khoan", data={"csrf": token, "action": "xoa", "name": "lan"})
        assert r.status_code == 400 and "xác nhận" in r.text and accounts.get("lan")
        r = c.post(
            "/tai-khoan", data={"csrf": token, "action": "xoa", "name": "lan", "confirm": "1"}
        )
        assert "Đã xóa tài khoản lan." in r.text and accounts.get("lan") is None
        assert other.get("/", follow_redirects=False).headers["location"] == "/dang-nhap"


def test_accounts_page_refuses_bad_requests(admin):
    c, token, accounts = admin
    forged = c.post(
        "/tai-khoan", data={"csrf": "x", "action": "xoa", "name": "quantri", "confirm": "1"}
    )
    assert forged.status_code == 403
    r = c.post("/tai-khoan", data={"csrf": token, "action": "them", "name": "lan", "role": "reader",
               "password": "mat-khau-cua-lan", "password2": "khac-han-nhe-nhe"})  # fmt: skip
    assert r.status_code == 400 and "không khớp" in r.text and accounts.get("lan") is None
    r = c.post("/tai-khoan", data={"csrf": token, "action": "them", "name": "<b>x</b>",
               "role": "reader", "password": "mat-khau-cua-lan", "password2": "mat-khau-cua-lan"})  # fmt: skip
    assert r.status_code == 400 and "<b>x</b>" not in r.text and "&lt;b&gt;x&lt;/b&gt;" in r.text
    r = c.post(
        "/tai-khoan", data={"csrf": token, "action": "xoa", "name": "quantri", "confirm": "1"}
    )
    assert r.status_code == 400 and "không tự xóa" in r.text
    r = c.post(
        "/tai-khoan", data={"csrf": token, "action": "vai-tro", "name": "quantri", "role": "reader"}
    )
    assert r.status_code == 400 and "ít nhất một quản trị viên" in r.text


def test_readers_and_editors_cannot_manage_accounts(web_env):
    accounts = Accounts(web_env.data / "accounts.json")
    accounts.set("quantri", "admin", PASSWORD)
    accounts.set("docgia", "reader", "mat-khau-doc-gia")
    with TestClient(web_env.app(), base_url="http://127.0.0.1") as c:
        token = _login(c, "docgia", "mat-khau-doc-gia")
        assert "/tai-khoan" not in c.get("/").text  # no menu entry
        r = c.post(
            "/tai-khoan", data={"csrf": token, "action": "xoa", "name": "quantri", "confirm": "1"}
        )
        assert r.status_code == 403 and accounts.get("quantri")


def test_first_account_from_a_local_session(client, csrf, web_env):
    page = client.get("/tai-khoan").text  # no accounts: whoever runs the server is the admin
    assert "Tài khoản đầu tiên phải là quản trị viên" in page
    r = client.post("/tai-khoan", data={"csrf": csrf, "action": "them", "name": "quantri", "role": "admin",
                    "password": PASSWORD, "password2": PASSWORD}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/dang-nhap"
    assert client.get("/", follow_redirects=False).headers["location"] == "/dang-nhap"


def test_cli_adds_an_admin(web_env, monkeypatch):
    from pipeline.cli import main

    monkeypatch.setenv("KEHOACH_PASSWORD", PASSWORD)
    assert main(["serve", "--db", str(web_env.db), "--add-account", "an", "--role", "admin"]) == 0
    assert Accounts(web_env.data / "accounts.json").get("an").admin
