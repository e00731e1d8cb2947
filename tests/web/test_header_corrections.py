"""Corrections of a plan's header: the plan page, re-ingest, search and facets, exports and
gold files."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from pipeline.errors import PipelineError

SEED = "2023-duc-pho-bcd-qcdc.txt"
EXTRACTED_ISSUER = "Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở"
ISSUER = "Ban Thường vụ Thị ủy Đức Phổ"


def _header_form(client, doc: int) -> dict[str, str]:
    """The header form's fields as the page fills them (the current values)."""
    page = client.get(f"/ke-hoach/{doc}").text
    form = page.split('class="fix header-fix"', 1)[1].split("</form>", 1)[0]
    data = dict(re.findall(r'<input (?:type="hidden" )?name="([a-z_]+)" value="([^"]*)"', form))
    for name, value in re.findall(r'<textarea name="([a-z_]+)"[^>]*>([^<]*)</textarea>', form):
        data[name] = value
    if 'name="draft" value="1" checked' in form:
        data["draft"] = "1"
    return {k: v.replace("&#34;", '"').replace("&amp;", "&") for k, v in data.items()}


def _correct(client, doc: int, **change: str) -> None:
    data = {**_header_form(client, doc), **change, "action": "save"}
    r = client.post(f"/ke-hoach/{doc}/sua", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("#dau"), r.text[:300]


def _header(page: str) -> str:
    return page.split('id="dau"', 1)[1].split("</section>", 1)[0]


def test_correct_the_issuer_and_date_and_see_who_and_when(client, web_env):
    doc = web_env.doc_id(SEED)
    assert EXTRACTED_ISSUER in _header(client.get(f"/ke-hoach/{doc}").text)
    _correct(client, doc, issuer=ISSUER, date="15/03/2024", number="12", note="số và ngày ký")
    header = _header(client.get(f"/ke-hoach/{doc}").text)
    assert ISSUER in header and "15/03/2024" in header and "số 12" in header
    assert "Cơ quan ban hành đã sửa · kiemthu" in header
    assert "Ngày ban hành đã sửa · kiemthu" in header
    assert "Lịch sử sửa phần đầu (3)" in header and "số và ngày ký" in header
    # fields the form left as they were are not recorded
    assert "Trích yếu đã sửa" not in header


def test_withdraw_a_header_correction(client, web_env, csrf):
    doc = web_env.doc_id(SEED)
    _correct(client, doc, issuer=ISSUER)
    data = {"csrf": csrf, "scope": "document", "field": "issuer", "action": "withdraw"}
    assert client.post(f"/ke-hoach/{doc}/sua", data=data, follow_redirects=False).status_code == 303
    header = _header(client.get(f"/ke-hoach/{doc}").text)
    assert EXTRACTED_ISSUER in header and "Cơ quan ban hành đã sửa" not in header
    assert "trả về bản trích xuất" in header


@pytest.mark.parametrize("bad", ["31/02/2024", "ngày mai", "2024/15"])
def test_a_date_that_cannot_be_used_is_refused(client, web_env, bad):
    doc = web_env.doc_id(SEED)
    data = {**_header_form(client, doc), "date": bad, "action": "save"}
    assert client.post(f"/ke-hoach/{doc}/sua", data=data).status_code == 400


def test_header_correction_survives_reingest_and_is_flagged_when_the_extraction_changes(
    client, web_env
):
    path = web_env.docs / SEED
    doc = web_env.doc_id(SEED)
    _correct(client, doc, issuer=ISSUER, title="thực hiện Quy chế dân chủ năm 2023 (đã sửa)")
    assert web_env.ingest(path, version="9.9").updated == 1
    header = _header(client.get(f"/ke-hoach/{web_env.doc_id(SEED)}").text)
    assert ISSUER in header and "cần xem lại" not in header
    # the file edited: its header now names another body
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" BAN CHỈ ĐẠO THỰC HIỆN ", " BAN TUYÊN GIÁO ", 1), encoding="utf-8")
    web_env.ingest(path, version="9.9")
    page = client.get(f"/ke-hoach/{web_env.doc_id(SEED)}").text
    header = _header(page)
    assert ISSUER in header
    issuer = header.split('class="doc-issuer"', 1)[1].split("</dd>", 1)[0]
    assert "trích xuất mới khác, cần xem lại" in issuer
    assert "chỗ sửa cần xem lại" in header


def _facet(page: str, name: str) -> dict[str, int]:
    select = page.split(f'<select name="{name}">', 1)[1].split("</select>", 1)[0]
    return {
        v: int(n.replace(".", ""))
        for v, n in re.findall(r'<option value="([^"]+)"[^>]*>[^<]*\((\d[\d.]*)\)</option>', select)
    }


def test_search_filters_facets_and_results_follow_the_corrected_header(client, web_env):
    doc = web_env.doc_id(SEED)
    before = client.get("/").text
    issuers, years = _facet(before, "co_quan"), _facet(before, "nam")
    _correct(client, doc, issuer=ISSUER, date="15/03/2021")
    page = client.get("/").text
    moved = _facet(page, "co_quan")
    assert moved[ISSUER] >= 1
    assert moved.get(EXTRACTED_ISSUER, 0) == issuers[EXTRACTED_ISSUER] - moved[ISSUER]
    assert _facet(page, "nam")["2021"] == moved[ISSUER] + years.get("2021", 0)
    # found under the corrected issuer and year, no longer under the extracted ones
    hits = client.get("/", params={"co_quan": ISSUER, "q": "quan triet"}).text
    assert f"/ke-hoach/{doc}#" in hits and "phần đầu đã sửa" in hits
    assert ISSUER in hits and "2021" in hits
    assert f"/ke-hoach/{doc}#" in client.get("/", params={"nam": "2021"}).text
    old = client.get("/", params={"co_quan": EXTRACTED_ISSUER, "q": "quan triet"}).text
    assert f"/ke-hoach/{doc}#" not in old
    # exports lay the corrected header over the rows and filter the same way
    text = client.get("/xuat.csv", params={"co_quan": ISSUER}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert rows and {r[1] for r in rows} == {ISSUER}
    assert {r[2][-4:] for r in rows} == {"2021"}


def test_export_gold_carries_the_corrected_header(client, web_env, tmp_path):
    from pipeline.cli import main
    from pipeline.validate import iter_issues

    doc = web_env.doc_id(SEED)
    _correct(client, doc, issuer=ISSUER, date="15/03/2023", number="12", symbol="KH/BCĐ")
    out = tmp_path / "gold"
    assert main(["export", "--gold", str(out), "--db", str(web_env.db)]) == 0
    gold = json.loads((out / "2023-duc-pho-bcd-qcdc.gold.json").read_text(encoding="utf-8"))
    assert gold["document"]["issuer"] == ISSUER
    assert gold["document"]["date"] == {"year": 2023, "month": 3, "day": 15}
    assert (gold["document"]["number"], gold["document"]["symbol"]) == ("12", "KH/BCĐ")
    plan = {k: v for k, v in gold.items() if k not in ("gold_version", "source_file")}
    assert not [i for i in iter_issues(plan) if i.severity == "error"]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("15/03/2024", {"year": 2024, "month": 3, "day": 15}),
        ("3/2024", {"year": 2024, "month": 3, "day": None}),
        ("2024", {"year": 2024, "month": None, "day": None}),
        (" 15 - 03 - 2024 ", {"year": 2024, "month": 3, "day": 15}),
        ("", {"year": None, "month": None, "day": None}),
    ],
)
def test_parse_header_dates(written, value):
    from pipeline.web.plan import parse_header

    assert parse_header({"date": written})["date"] == value


def test_parse_header_empty_values():
    from pipeline.web.plan import parse_header

    header = parse_header({"issuer": "  Ban   Dân vận ", "recipients": "Như trên\n\n Lưu VT "})
    assert header["issuer"] == "Ban Dân vận" and header["title"] is None
    assert header["signer"] is None and header["draft"] is False
    assert header["recipients"] == ["Như trên", "Lưu VT"]
    with pytest.raises(PipelineError):
        parse_header({"date": "30/02/2024"})


def test_only_the_fields_sent_are_corrected(client, web_env, csrf):
    doc = web_env.doc_id(SEED)
    data = {"csrf": csrf, "scope": "document", "issuer": ISSUER, "action": "save"}
    assert client.post(f"/ke-hoach/{doc}/sua", data=data, follow_redirects=False).status_code == 303
    header = _header(client.get(f"/ke-hoach/{doc}").text)
    assert "Lịch sử sửa phần đầu (1)" in header and "Dự thảo" in header
