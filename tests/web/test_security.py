"""Accounts, the address rule, uploads: sizes, types, paths, zips with a corrupt file."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.web.uploads import safe_name


@given(st.text(max_size=300))
def test_safe_name_never_leaves_its_folder(name):
    safe = safe_name(name)
    assert safe and "/" not in safe and "\\" not in safe
    assert safe not in (".", "..") and len(safe) <= 120


@pytest.mark.parametrize(
    ("name", "expected"),
    [("../../etc/passwd", "passwd"), ("C:\\x\\Kế hoạch.docx", "Kế hoạch.docx"), ("..", "tep"),
     ("a;rm -rf.txt", "a_rm -rf.txt")],
)  # fmt: skip
def test_safe_name_table(name, expected):
    assert safe_name(name) == expected


def test_serve_refuses_a_public_address_without_accounts(tmp_path, capsys, web_env):
    from pipeline.cli import main

    code = main(["serve", "--db", str(web_env.db), "--host", "0.0.0.0"])
    assert code == 2
    err = capsys.readouterr().err
    assert "không mở trên địa chỉ 0.0.0.0 khi chưa có tài khoản" in err and err[-1] == "\n"


def test_serve_needs_a_database(tmp_path, capsys):
    from pipeline.cli import main

    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 3


def test_add_account_hashes_the_password(web_env, monkeypatch):
    from pipeline.cli import main

    monkeypatch.setenv("KEHOACH_PASSWORD", "mot-mat-khau-dai")
    assert main(["serve", "--db", str(web_env.db), "--add-account", "lan", "--role", "editor"]) == 0
    stored = (web_env.root / "kehoach-web" / "accounts.json").read_text()
    assert "mot-mat-khau-dai" not in stored and "$argon2id$" in stored
    monkeypatch.setenv("KEHOACH_PASSWORD", "ngan")
    assert main(["serve", "--db", str(web_env.db), "--add-account", "x"]) == 2


def test_with_accounts_every_page_needs_a_login(web_env):
    from starlette.testclient import TestClient

    from pipeline.web.security import Accounts

    Accounts(web_env.data / "accounts.json").set("lan", "editor", "mat-khau-rat-dai")
    with TestClient(web_env.app(host="0.0.0.0"), base_url="http://example.org") as c:
        for path in ("/", "/ke-hoach/1", "/xuat.csv?q=a", "/nap"):
            r = c.get(path, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"] == "/dang-nhap", path
        token = c.get("/dang-nhap").text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        bad = c.post("/dang-nhap", data={"csrf": token, "name": "lan", "password": "sai"})
        assert bad.status_code == 401 and "Sai tên hoặc mật khẩu" in bad.text
        forged = c.post(
            "/dang-nhap", data={"csrf": "x", "name": "lan", "password": "mat-khau-rat-dai"}
        )
        assert forged.status_code == 403
        ok = c.post("/dang-nhap", data={"csrf": token, "name": "lan", "password": "mat-khau-rat-dai"},
                    follow_redirects=False)  # fmt: skip
        assert ok.status_code == 303
        assert "Đăng xuất" in c.get("/").text


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_upload_a_zipped_folder_with_a_corrupt_file(client, csrf, web_env):
    seed = (web_env.docs / "2023-duc-pho-bcd-qcdc.txt").read_bytes()
    archive = _zip({
        "ke-hoach/ban-sao.txt": seed.replace(b"2023", b"2025"),
        "ke-hoach/hong.docx": b"PK\x03\x04 not really a zip",
        "../../thoat-ra.txt": seed.replace(b"2023", b"2026"),
        "ke-hoach/anh.exe": b"MZ",
    })  # fmt: skip
    r = client.post("/nap", data={"csrf": csrf}, files={"tep": ("thu-muc.zip", archive, "application/zip")},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    job_id = r.headers["location"].rsplit("/", 1)[1]
    job = client.app.state.web.jobs.wait(job_id, 120)
    assert job.state == "done", job.error
    page = client.get(f"/nap/{job_id}").text
    assert "Đã xong" in page
    assert "hong.docx" in page and "tệp hỏng" in page
    assert "anh.exe" in page and "loại tệp không được nhận" in page
    assert job.counts["new"] == 2
    uploads = web_env.data / "uploads"
    written = sorted(p.name for p in uploads.rglob("*") if p.is_file())
    assert written == ["ban-sao.txt", "hong.docx", "thoat-ra.txt"]
    assert not (web_env.root / "thoat-ra.txt").exists()
    assert "2025" in client.get("/", params={"nam": "2025"}).text
    recorded = client.get("/nap").text  # the failure stays listed on the upload page
    assert "Tệp chưa nạp được (1)" in recorded and "hong.docx" in recorded


def test_upload_refuses_types_and_needs_csrf(client, csrf):
    r = client.post("/nap", data={"csrf": "x"}, files={"tep": ("a.txt", b"x", "text/plain")})
    assert r.status_code == 403
    r = client.post("/nap", data={"csrf": csrf}, files={"tep": ("a.sh", b"echo", "text/plain")},
                    follow_redirects=False)  # fmt: skip
    job = client.app.state.web.jobs.wait(r.headers["location"].rsplit("/", 1)[1], 30)
    assert [f.code for f in job.failures] == ["unsupported"]


def test_upload_size_limit(client, csrf, monkeypatch):
    from pipeline.web import uploads

    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 100)
    r = client.post("/nap", data={"csrf": csrf}, files={"tep": ("a.txt", b"x" * 500, "text/plain")},
                    follow_redirects=False)  # fmt: skip
    job = client.app.state.web.jobs.wait(r.headers["location"].rsplit("/", 1)[1], 30)
    assert [f.code for f in job.failures] == ["too_large"]


def test_compare_two_uploaded_drafts(client, csrf, web_env):
    old = (web_env.docs / "2023-duc-pho-bcd-qcdc.txt").read_bytes()
    new = (web_env.docs / "2023-duc-pho-bcd-qcdc-final.txt").read_bytes()
    r = client.post("/so-sanh", data={"csrf": csrf},
                    files={"cu": ("du-thao.txt", old, "text/plain"), "moi": ("ban-hanh.txt", new, "text/plain")})  # fmt: skip
    assert r.status_code == 200
    assert "du-thao.txt → ban-hanh.txt" in r.text
    assert "Phần ngoài nhiệm vụ" in r.text and 'class="change' in r.text


def test_compare_upload_with_a_bad_file(client, csrf):
    r = client.post("/so-sanh", data={"csrf": csrf},
                    files={"cu": ("a.docx", b"garbage", "x"), "moi": ("b.txt", b"x", "text/plain")})  # fmt: skip
    assert r.status_code == 422 and "a.docx" in r.text
