"""``kehoach serve --workers 2``: two server processes answer every page; an upload's job
started in one shows its progress in the other (its state lives in the data folder)."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = pytest.mark.timeout(180)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, cookie: str = "") -> tuple[int, str, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # a new connection each time
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    r = conn.getresponse()
    body = r.read().decode("utf-8")
    conn.close()
    return r.status, body, {k.lower(): v for k, v in r.getheaders()}


@pytest.fixture
def two_workers(web_env):
    port = _port()
    cmd = [sys.executable, "-m", "pipeline", "serve", "--db", str(web_env.db), "--port", str(port),
           "--workers", "2", "--data-dir", str(web_env.data)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while True:
        try:
            if _get(port, "/")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            pytest.fail(f"kehoach serve --workers 2 did not start: {proc.stderr.read()[-800:]!r}")
        time.sleep(0.2)
    yield port
    proc.terminate()
    proc.wait(15)


def test_two_workers_share_sessions_and_jobs(two_workers, web_env):
    port = two_workers
    status, page, headers = _get(port, "/nap")
    assert status == 200
    cookie = headers["set-cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    seed = (web_env.docs / "2023-duc-pho-bcd-qcdc.txt").read_bytes().replace(b"2023", b"2027")
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="tep"; filename="moi.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + seed
        + f"\r\n--{boundary}--\r\n".encode()
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/nap", body=body, headers={
        "Cookie": cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
    r = conn.getresponse()
    r.read()
    assert r.status == 303, r.status
    job = r.getheader("location")
    conn.close()
    deadline = time.time() + 120
    while time.time() < deadline:
        status, page, _ = _get(port, job, cookie)  # either process may answer
        assert status == 200, page[:300]
        if "Đã xong" in page:
            break
        time.sleep(0.3)
    assert "mới: 1" in page
    hits = [_get(port, "/?nam=2027")[1] for _ in range(4)]  # both processes see the new plan
    assert all('<li class="hit">' in h for h in hits)
