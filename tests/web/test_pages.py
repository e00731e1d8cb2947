"""The pages through Starlette's test client: search, facets, plan, references, exports."""

from __future__ import annotations

import io
import re

import pytest


@pytest.mark.parametrize("query", ["dan van", "dân vận", "DÂN VẬN", "dan v"])
def test_search_with_and_without_accents(client, query):
    page = client.get("/", params={"q": query}).text
    assert '<li class="hit">' in page
    assert "<mark>dân vận</mark>" in page.replace("Dân vận", "dân vận") or "<mark>dân" in page


def test_search_fragment_for_htmx(client):
    r = client.get(
        "/", params={"q": "dan van"}, headers={"HX-Request": "true", "HX-Target": "ket-qua"}
    )
    assert r.status_code == 200
    assert "<html" not in r.text and '<li class="hit">' in r.text


def test_search_url_keeps_the_query_and_facets(client):
    page = client.get("/", params={"q": "dan van", "nam": "2023", "loai_tg": "year"}).text
    assert 'value="dan van"' in page
    assert '<option value="2023" selected>' in page
    assert "/xuat.xlsx?q=dan+van&amp;nam=2023&amp;loai_tg=year" in page


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"nam": "2024"}, "2024", "Ban Chỉ đạo thực hiện quy chế dân chủ"),
        ({"q": "dan van", "nam": "2023"}, "2023", "Lục Ngạn"),
        ({"loai_tg": "continuous", "q": "quan triet"}, "Thường xuyên", "hạn 31/12/2023"),
        ({"han": "qua-han", "q": "giam sat"}, "hạn 31/03/2023", "Thường xuyên"),
    ],
)
def test_facets_filter_results(client, params, present, absent):
    page = client.get("/", params=params).text
    results = page.split('id="ket-qua"', 1)[1]
    assert '<li class="hit">' in results
    assert present in results
    assert absent not in results


def test_document_type_facet(client):
    page = client.get("/", params={"loai_vb": "Kế hoạch", "nam": "2024"}).text
    assert '<li class="hit">' in page
    none = client.get("/", params={"loai_vb": "Quyết định", "nam": "2024"}).text
    assert "Không tìm thấy nhiệm vụ nào" in none


def test_bad_facet_value_is_a_message(client):
    r = client.get("/", params={"nam": "hai nghìn"})
    assert r.status_code == 200
    assert 'class="alert"' in r.text


def test_every_result_links_to_its_place(client, web_env):
    page = client.get("/", params={"q": "giam sat"}).text
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    assert f'href="/ke-hoach/{doc}#t-II-2-2_2"' in page
    plan = client.get(f"/ke-hoach/{doc}").text
    assert 'id="t-II-2-2_2"' in plan and 'id="src-II-2-2_2"' in plan


def test_plan_page_shows_header_outline_tasks_and_spans(client, web_env):
    page = client.get(f"/ke-hoach/{web_env.doc_id('2023-duc-pho-bcd-qcdc.txt')}").text
    assert "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở" in page
    assert "Dự thảo" in page
    assert 'class="outline"' in page and "Mục đích, yêu cầu" in page
    for kind in ("task", "task lead", "task executors", "task timeline", "ref"):
        assert f'<span class="{kind}"' in page, kind
    assert "NORM001" in page  # the extraction's issues


def test_plan_page_without_its_source_file(client, web_env):
    page = client.get(f"/ke-hoach/{web_env.doc_id('quang-tri-ubnd-cchc.plan.json')}").text
    assert "Không còn tệp gốc" in page
    assert '<table class="tasks">' in page


def test_unknown_plan_is_404(client):
    r = client.get("/ke-hoach/999999")
    assert r.status_code == 404 and "Không có kế hoạch này" in r.text


def test_document_text_is_shown_as_text(client, web_env, hostile):
    """A task text holding <script> or an onerror= attribute is escaped everywhere."""
    pages = [
        client.get(f"/ke-hoach/{web_env.doc_id('2023-hostile.txt')}").text,
        client.get("/", params={"q": "tiep tuc quan triet"}).text,
    ]
    for page in pages:
        assert "&lt;script&gt;alert(" in page
        assert hostile[0] not in page and hostile[1] not in page
        assert "<img" not in page
        assert "onerror=alert(1)" not in page.replace("onerror=alert(1)&gt;", "")


def test_security_headers(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_foreign_host_header_is_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_references_page(client):
    top = client.get("/van-ban-dan-chieu").text
    assert "120-KL/TW" in top
    page = client.get("/van-ban-dan-chieu", params={"so": "120/KL-TW"}).text
    assert "Theo năm" in page and "2023" in page
    assert "Mục II/1/1.2" in page
    missing = client.get("/van-ban-dan-chieu", params={"so": "999-KL/TW"}).text
    assert "Không kế hoạch nào dẫn chiếu" in missing


def test_compare_two_stored_plans(client, web_env):
    old, new = web_env.doc_id("bcd-qcdc.txt"), web_env.doc_id("bcd-qcdc-final.txt")
    page = client.get("/so-sanh", params={"cu": old, "moi": new}).text
    assert "Phần ngoài nhiệm vụ" in page
    assert 'class="change' in page
    assert "<del>" in page or "<ins>" in page


def test_export_csv(client):
    r = client.get("/xuat.csv", params={"q": "dan van"})
    assert r.status_code == 200
    assert r.content.startswith("\ufeff".encode())
    text = r.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Văn bản,Cơ quan ban hành,Ngày ban hành")
    assert "dân vận" in text


def test_export_xlsx_has_filters_widths_and_real_dates(client):
    from datetime import datetime

    from openpyxl import load_workbook

    r = client.get("/xuat.xlsx", params={"q": "giam sat"})
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Văn bản", "Cơ quan ban hành", "Ngày ban hành"]
    assert sheet[1][0].font.bold
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width == 70
    due = header.index("Hạn")
    values = [row[due].value for row in sheet.iter_rows(min_row=2)]
    assert any(isinstance(v, datetime) for v in values)
    assert sheet.cell(row=2, column=due + 1).number_format == "DD/MM/YYYY"


def test_static_files_are_cached_by_their_hash(client):
    page = client.get("/").text
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{10})"', page)
    assert css, "the stylesheet's URL carries its hash"
    r = client.get(css.group(1))
    assert r.status_code == 200 and "immutable" in r.headers["cache-control"]
    plain = client.get("/static/app.css")
    assert plain.headers["cache-control"] == "no-cache" and plain.headers.get("etag")
    again = client.get("/static/app.css", headers={"if-none-match": plain.headers["etag"]})
    assert again.status_code == 304
