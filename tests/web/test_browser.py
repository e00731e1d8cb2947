"""The pages in a real browser: Playwright driving Debian's chromium (nothing downloaded).

Each test writes a screenshot of its page to docs/screenshots/ (linked from the README).
Skipped, with the reason, when the playwright package or the chromium binary is missing.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = (
    os.environ.get("KEHOACH_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
pytestmark = [
    pytest.mark.skipif(not CHROMIUM, reason="no chromium binary (apt-get install chromium)"),
    pytest.mark.timeout(180),
]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def server(web_env):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(web_env.app(), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
    assert errors == [], errors


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_search_as_you_type_with_and_without_accents(page, server):
    page.goto(server + "/")
    page.fill("#q", "dan van")
    page.wait_for_selector(".hit mark")
    assert "dân vận" in page.inner_text(".hit mark").lower()
    assert "q=dan+van" in page.url  # shareable
    without = page.locator(".hit").count()
    page.fill("#q", "dân vận")
    page.wait_for_url(lambda url: "%C3%A2" in url)
    page.wait_for_selector(".hit mark")
    assert page.locator(".hit").count() == without
    shot(page, "search")


def test_facets_narrow_the_results(page, server):
    page.goto(server + "/?q=ke+hoach")
    page.wait_for_selector(".hit")
    page.select_option("select[name=nam]", "2024")
    page.wait_for_url(lambda url: "nam=2024" in url)
    page.wait_for_selector(".hit")
    dates = page.locator(".hit .where .muted").all_inner_texts()
    assert dates and all("2024" in d for d in dates)
    # the kinds offered are those of the tasks found (the facets follow the search)
    page.wait_for_function(
        "() => document.querySelector('.facet-scope').textContent.includes('tìm kiếm này')"
    )
    kind = page.locator("select[name=loai_tg] option").nth(1)
    value = kind.get_attribute("value")
    count = int(kind.inner_text().rsplit("(", 1)[1].rstrip(")").replace(".", ""))
    page.select_option("select[name=loai_tg]", value)
    page.wait_for_url(lambda url: f"loai_tg={value}" in url)
    page.wait_for_selector(".hit")
    assert page.locator(".hit").count() == min(count, 20)


def test_open_a_plan_and_click_a_task_to_see_its_span(page, server):
    page.goto(server + "/?q=giam+sat")
    page.locator(".hit .where a").first.click()
    page.wait_for_selector("table.tasks")
    link = page.locator("a.to-source").nth(2)
    path = link.get_attribute("data-task")
    link.click()
    focused = page.locator(".source .focus")
    assert focused.count() >= 1
    assert all(focused.nth(i).get_attribute("data-task") == path for i in range(focused.count()))
    assert focused.first.is_visible()
    assert page.locator(f'tr.current[data-task="{path}"]').count() == 1
    shot(page, "plan")
    page.locator(f'.source a.jump[data-task="{path}"]').click()  # and back to the table
    assert page.url.endswith("#t-" + path.replace("/", "-").replace(".", "_"))


def test_correct_a_lead_and_see_it_survive_a_reingest(page, server, web_env):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    page.goto(f"{server}/ke-hoach/{doc}")
    page.locator("details.editor summary").first.click()
    form = page.locator('form.fix[data-field="lead"]').first
    form.locator("textarea").fill("Ban Dân vận Thị ủy\nVăn phòng Thị ủy")
    form.locator("input.note").fill("kiểm tra trên trình duyệt")
    form.locator('button[value="save"]').click()
    page.wait_for_selector(".ok")
    row = page.locator("#t-II-1-1_1")
    assert "Ban Dân vận Thị ủy; Văn phòng Thị ủy" in row.inner_text()
    assert "đã sửa · kiemthu" in row.inner_text()
    shot(page, "correction")
    web_env.ingest(web_env.docs / "2023-duc-pho-bcd-qcdc.txt", version="re-ingest")
    page.goto(f"{server}/ke-hoach/{web_env.doc_id('2023-duc-pho-bcd-qcdc.txt')}")
    assert "Ban Dân vận Thị ủy; Văn phòng Thị ủy" in page.locator("#t-II-1-1_1").inner_text()


def test_a_corrected_lead_is_found_by_the_lead_facet(page, server, web_env):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    page.goto(f"{server}/ke-hoach/{doc}")
    page.locator("details.editor summary").first.click()
    form = page.locator('form.fix[data-field="lead"]').first
    form.locator("textarea").fill("Ban Dân vận Thị ủy")
    form.locator('button[value="save"]').click()
    page.wait_for_selector(".ok")
    page.goto(server + "/")
    page.select_option("select[name=chu_tri]", "Ban Dân vận Thị ủy")
    page.wait_for_url(lambda url: "chu_tri=" in url)
    page.wait_for_selector(".hit")
    hits = page.locator(".hit")
    assert hits.count() == 1
    assert hits.first.locator(".where a").get_attribute("href") == f"/ke-hoach/{doc}#t-II-1-1_1"
    assert "Ban Dân vận Thị ủy" in hits.first.inner_text() and "đã sửa" in hits.first.inner_text()
    page.goto(server + "/?q=tiep+tuc+quan+triet&chu_tri=Trưởng+Ban+Chỉ+đạo+thị+xã")
    page.wait_for_selector(".hit")
    links = page.locator(".hit .where a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert f"/ke-hoach/{doc}#t-II-1-1_1" not in links  # the extracted lead no longer finds it


def test_correct_the_header_and_see_it_survive_a_reingest(page, server, web_env):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    page.goto(f"{server}/ke-hoach/{doc}")
    page.locator("details.header-editor summary").click()
    form = page.locator("form.header-fix")
    typed = {"issuer": "Ban Thường vụ Thị ủy Đức Phổ", "number": "12", "date": "15/03/2023",
             "note": "phần đầu sửa trên trình duyệt"}  # fmt: skip
    for name, value in typed.items():
        form.locator(f'input[name="{name}"]').fill(value)
    form.locator('button[value="save"]').click()
    page.wait_for_selector(".ok")
    header = page.locator("#dau")
    assert "Ban Thường vụ Thị ủy Đức Phổ" in header.locator(".doc-issuer").inner_text()
    assert "15/03/2023" in header.locator(".doc-date").inner_text()
    assert "số 12-KH/BCĐ" in header.locator("h1").inner_text()
    assert "Cơ quan ban hành đã sửa · kiemthu" in header.inner_text()
    shot(page, "header-correction")
    web_env.ingest(web_env.docs / "2023-duc-pho-bcd-qcdc.txt", version="re-ingest")
    page.goto(f"{server}/ke-hoach/{web_env.doc_id('2023-duc-pho-bcd-qcdc.txt')}")
    header = page.locator("#dau")
    assert "Ban Thường vụ Thị ủy Đức Phổ" in header.locator(".doc-issuer").inner_text()
    assert "cần xem lại" not in header.inner_text()
    # the search finds it under the corrected issuer, with the corrected header shown
    page.goto(server + "/")
    page.select_option("select[name=co_quan]", "Ban Thường vụ Thị ủy Đức Phổ")
    page.wait_for_url(lambda url: "co_quan=" in url)
    page.wait_for_selector(".hit")
    first = page.locator(".hit").first.inner_text()
    assert "Ban Thường vụ Thị ủy Đức Phổ" in first and "phần đầu đã sửa" in first


def test_facet_counts_follow_the_query(page, server):
    page.goto(server + "/")
    scope = page.locator(".facet-scope")
    assert "cả cơ sở dữ liệu" in scope.inner_text()
    whole = page.locator("select[name=nam] option").all_inner_texts()
    page.fill("#q", "quan triet")
    page.wait_for_selector(".hit")
    page.wait_for_function(
        "() => document.querySelector('.facet-scope').textContent.includes('tìm kiếm này')"
    )
    scoped = page.locator("select[name=nam] option").all_inner_texts()
    assert scoped != whole
    n = int(scope.inner_text().rsplit("(", 1)[1].split(")", 1)[0].replace(".", ""))
    years = [int(t.rsplit("(", 1)[1].rstrip(")").replace(".", "")) for t in scoped[1:]]
    assert sum(years) == n
    page.select_option("select[name=nam]", scoped[1].split(" ", 1)[0])
    page.wait_for_url(lambda url: "nam=" in url)
    page.wait_for_function(
        "() => document.querySelectorAll('select[name=nam] option').length === 2"
    )
    shot(page, "search-facets")


def test_admin_manages_accounts(page, server, web_env):
    from pipeline.web.security import Accounts

    accounts = Accounts(web_env.data / "accounts.json")
    accounts.set("quantri", "admin", "mat-khau-quan-tri")
    accounts.set("docgia", "reader", "mat-khau-doc-gia")
    page.goto(server + "/")
    page.wait_for_url(lambda url: url.endswith("/dang-nhap"))
    page.fill("input[name=name]", "quantri")
    page.fill("input[name=password]", "mat-khau-quan-tri")
    page.locator("form button").last.click()
    page.locator("nav a", has_text="Tài khoản").click()
    add = page.locator("form.add-account")
    add.locator("input[name=name]").fill("lan")
    add.locator("select[name=role]").select_option("editor")
    add.locator("input[name=password]").fill("mat-khau-cua-lan")
    add.locator("input[name=password2]").fill("mat-khau-cua-lan")
    add.locator("button").click()
    page.wait_for_selector("text=Đã thêm tài khoản lan.")
    row = page.locator('tr[data-account="lan"]')
    assert row.locator("select[name=role]").input_value() == "editor"
    shot(page, "accounts")
    reset = page.locator('tr[data-account="docgia"] form.reset')
    reset.locator("input[name=password]").fill("mat-khau-moi-doc-gia")
    reset.locator("input[name=password2]").fill("mat-khau-moi-doc-gia")
    reset.locator("button").click()
    page.wait_for_selector("text=Đã đặt mật khẩu mới cho docgia")
    assert accounts.verify("docgia", "mat-khau-moi-doc-gia") is not None
    remove = page.locator('tr[data-account="lan"] form.remove')
    remove.locator("input[name=confirm]").check()
    remove.locator("button").click()
    page.wait_for_selector("text=Đã xóa tài khoản lan.")
    assert page.locator('tr[data-account="lan"]').count() == 0
    assert accounts.get("lan") is None


def test_hostile_task_text_stays_text(page, server, web_env, hostile):
    page.goto(f"{server}/ke-hoach/{web_env.doc_id('2023-hostile.txt')}")
    assert hostile[0] in page.locator("#t-II-1-1_1").inner_text()
    assert page.locator("table.tasks img, pre.source img, table.tasks script").count() == 0


def test_references_page(page, server):
    page.goto(server + "/van-ban-dan-chieu")
    page.locator("table.list a", has_text="120-KL/TW").click()
    page.wait_for_selector("text=Theo năm")
    assert page.locator("ol.cites li").count() >= 1
    shot(page, "references")


def test_compare_two_uploaded_drafts(page, server, web_env):
    page.goto(server + "/so-sanh")
    page.set_input_files("input[name=cu]", str(web_env.docs / "2023-duc-pho-bcd-qcdc.txt"))
    page.set_input_files("input[name=moi]", str(web_env.docs / "2023-duc-pho-bcd-qcdc-final.txt"))
    page.locator("form[enctype] button").click()
    page.wait_for_selector(".diff")
    assert page.locator(".diff .change").count() >= 1
    assert "Phần ngoài nhiệm vụ" in page.inner_text(".diff")
    shot(page, "compare")


def test_upload_a_folder_with_one_corrupt_file(page, server, web_env, tmp_path):
    seed = (web_env.docs / "2023-duc-pho-bcd-qcdc.txt").read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("thu-muc/2025-ke-hoach.txt", seed.replace(b"2023", b"2025"))
        z.writestr("thu-muc/hong.docx", b"PK\x03\x04 broken")
    archive = tmp_path / "thu-muc.zip"
    archive.write_bytes(buf.getvalue())
    page.goto(server + "/nap")
    page.set_input_files("input[name=tep]:not([webkitdirectory])", str(archive))
    page.locator("form button").last.click()
    page.wait_for_selector("text=Đã xong", timeout=120_000)
    assert "hong.docx" in page.inner_text("table.failures")
    assert "mới: 1" in page.inner_text("#tien-do")
    shot(page, "ingest")


def test_search_on_a_phone(browser, server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN"
    )
    pg = context.new_page()
    pg.goto(server + "/?q=dan+van")
    pg.wait_for_selector(".hit")
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no sideways scrolling
    shot(pg, "search-phone")
    context.close()
