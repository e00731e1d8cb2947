"""Corrections in the plan page: editors only, CSRF, history, re-ingest, gold files."""

from __future__ import annotations

import json

import pytest


def _lead_form(csrf: str, **extra: str) -> dict[str, str]:
    return {"csrf": csrf, "task": "II/1/1.1", "field": "lead", "value": "Ban Dân vận Thị ủy",
            "action": "save", **extra}  # fmt: skip


def test_correction_needs_the_csrf_token(client, web_env):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    r = client.post(f"/ke-hoach/{doc}/sua", data=_lead_form("forged"), follow_redirects=False)
    assert r.status_code == 403
    assert (
        "Ban Dân vận Thị ủy"
        not in client.get(f"/ke-hoach/{doc}")
        .text.split("<table", 1)[1]
        .split("</table>")[0]
        .split("II/1/1.1", 1)[1][:400]
    )


def test_correct_a_lead_and_see_who_and_when(client, web_env, csrf):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    r = client.post(
        f"/ke-hoach/{doc}/sua", data=_lead_form(csrf, note="sai chủ trì"), follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].endswith("#t-II-1-1_1")
    page = client.get(f"/ke-hoach/{doc}").text
    row = page.split('id="t-II-1-1_1"', 1)[1].split("</tr>", 1)[0]
    assert "Ban Dân vận Thị ủy" in row
    assert "đã sửa · kiemthu" in row
    assert "sai chủ trì" in page  # the history keeps the note


@pytest.mark.parametrize(
    ("field", "form", "shown"),
    [
        (
            "executors",
            {"value": "Phòng Nội vụ\nCông an thị xã", "and_related": "1"},
            "Phòng Nội vụ; Công an thị xã",
        ),
        ("timeline", {"value": "Trước ngày 30/6/2023"}, "hạn 30/06/2023"),
        ("references", {"value": "120-KL/TW\n33/CT-TTg"}, "33/CT-TTg"),
    ],
)
def test_correct_other_fields(client, web_env, csrf, field, form, shown):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    data = {"csrf": csrf, "task": "II/1/1.1", "field": field, "action": "save", **form}
    assert client.post(f"/ke-hoach/{doc}/sua", data=data, follow_redirects=False).status_code == 303
    row = client.get(f"/ke-hoach/{doc}").text.split('id="t-II-1-1_1"', 1)[1].split("</tr>", 1)[0]
    assert shown in row


def test_correct_a_task_boundary(client, web_env, csrf):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    page = client.get(f"/ke-hoach/{doc}").text
    start = int(page.split('name="start" type="number" min="0" value="', 1)[1].split('"', 1)[0])
    data = {"csrf": csrf, "task": "II/1/1.1", "field": "span", "start": str(start + 14),
            "end": str(start + 40), "action": "save"}  # fmt: skip
    assert client.post(f"/ke-hoach/{doc}/sua", data=data, follow_redirects=False).status_code == 303
    row = client.get(f"/ke-hoach/{doc}").text.split('id="t-II-1-1_1"', 1)[1].split("</tr>", 1)[0]
    cell = row.split('class="text">', 1)[1].split("<span", 1)[0]
    assert cell.startswith("quán triệt") and "Tiếp tục" not in cell
    bad = {**data, "start": "50", "end": "10"}
    assert client.post(f"/ke-hoach/{doc}/sua", data=bad).status_code == 400


def test_withdraw_a_correction(client, web_env, csrf):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    client.post(f"/ke-hoach/{doc}/sua", data=_lead_form(csrf))
    client.post(f"/ke-hoach/{doc}/sua", data=_lead_form(csrf, action="withdraw"))
    page = client.get(f"/ke-hoach/{doc}").text
    row = page.split('id="t-II-1-1_1"', 1)[1].split("</tr>", 1)[0]
    assert "Ban Dân vận Thị ủy" not in row and "Trưởng Ban Chỉ đạo thị xã" in row
    assert "trả về bản trích xuất" in page


def test_correction_survives_reingest_and_is_flagged_when_the_extraction_changes(
    client, web_env, csrf
):
    path = web_env.docs / "2023-duc-pho-bcd-qcdc.txt"
    doc = web_env.doc_id(path.name)
    client.post(f"/ke-hoach/{doc}/sua", data=_lead_form(csrf))
    # the same file, re-extracted by another pipeline version
    assert web_env.ingest(path, version="9.9").updated == 1
    doc = web_env.doc_id(path.name)
    row = client.get(f"/ke-hoach/{doc}").text.split('id="t-II-1-1_1"', 1)[1].split("</tr>", 1)[0]
    assert "Ban Dân vận Thị ủy" in row and "cần xem lại" not in row
    # the file edited: its lead line now names someone else
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Đồng chí Trưởng Ban và các đồng chí Phó Trưởng Ban Chỉ đạo thị xã.",
                                 "Văn phòng Thị ủy.", 1), encoding="utf-8")  # fmt: skip
    assert web_env.ingest(path, version="9.9").updated == 1
    page = client.get(f"/ke-hoach/{web_env.doc_id(path.name)}").text
    row = page.split('id="t-II-1-1_1"', 1)[1].split("</tr>", 1)[0]
    assert "Ban Dân vận Thị ủy" in row
    assert "trích xuất mới khác, cần xem lại" in row
    assert "1 chỗ sửa cần xem lại" in page


def test_reader_cannot_correct(web_env):
    from starlette.testclient import TestClient

    from pipeline.web.security import Accounts

    Accounts(web_env.data / "accounts.json").set("docgia", "reader", "mat-khau-dai-1")
    with TestClient(web_env.app(), base_url="http://127.0.0.1") as c:
        login = c.get("/dang-nhap").text
        token = login.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        c.post("/dang-nhap", data={"csrf": token, "name": "docgia", "password": "mat-khau-dai-1"})
        doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
        assert "Sửa nhiệm vụ" not in c.get(f"/ke-hoach/{doc}").text
        r = c.post(f"/ke-hoach/{doc}/sua", data=_lead_form(token))
        assert r.status_code == 403 and "biên tập viên" in r.text


def test_export_gold_writes_corrected_plans(client, web_env, csrf, tmp_path):
    from pipeline.cli import main
    from pipeline.validate import iter_issues

    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    client.post(f"/ke-hoach/{doc}/sua", data=_lead_form(csrf))
    out = tmp_path / "gold"
    assert main(["export", "--gold", str(out), "--db", str(web_env.db)]) == 0
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["2023-duc-pho-bcd-qcdc.gold.json"]
    gold = json.loads(files[0].read_text(encoding="utf-8"))
    assert gold["gold_version"] == 1 and gold["source_file"] == "2023-duc-pho-bcd-qcdc.txt"
    task = next(t for t in gold["tasks"] if t["path"] == "II/1/1.1")
    assert task["lead"]["parties"] == [{"name": "Ban Dân vận Thị ủy", "kind": "org"}]
    plan = {k: v for k, v in gold.items() if k not in ("gold_version", "source_file")}
    assert not [i for i in iter_issues(plan) if i.severity == "error"]


def test_export_needs_a_format_or_gold(web_env, capsys):
    from pipeline.cli import main

    assert main(["export", "--db", str(web_env.db)]) != 0
    assert "--gold" in capsys.readouterr().err


def test_search_results_and_exports_show_corrections(client, web_env, csrf):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    client.post(f"/ke-hoach/{doc}/sua", data=_lead_form(csrf))
    page = client.get("/", params={"q": "tiep tuc quan triet nang cao nhan thuc"}).text
    hit = next(h for h in page.split('<li class="hit">')[1:] if f"/ke-hoach/{doc}#" in h)
    assert "Ban Dân vận Thị ủy" in hit and "đã sửa" in hit
    csv = client.get(
        "/xuat.csv", params={"q": "tiep tuc quan triet nang cao nhan thuc"}
    ).content.decode("utf-8-sig")
    row = next(line for line in csv.splitlines() if "kiemthu" in line)
    assert "Ban Dân vận Thị ủy" in row
