"""The facets of the current search: loaded by the results (htmx), counted over the tasks
the search matches, moved by the corrections, cached until something is written."""

from __future__ import annotations

import re

import pytest

SEED = "2023-duc-pho-bcd-qcdc.txt"


def _facet(page: str, name: str) -> dict[str, int]:
    select = page.split(f'<select name="{name}">', 1)[1].split("</select>", 1)[0]
    return {
        v: int(n.replace(".", ""))
        for v, n in re.findall(r'<option value="([^"]+)"[^>]*>[^<]*\((\d[\d.]*)\)</option>', select)
    }


def _counted(page: str) -> int:
    m = re.search(r"khớp với tìm kiếm này \(([\d.]+)\)", page)
    assert m, page[:300]
    return int(m.group(1).replace(".", ""))


def test_the_results_load_the_facets_of_their_search(client):
    page = client.get("/", params={"q": "quan triet", "nam": "2023"}).text
    assert 'hx-get="/bo-loc?q=quan+triet&amp;nam=2023"' in page
    assert "trong cả cơ sở dữ liệu" in page  # until they are loaded
    assert 'hx-get="/bo-loc' not in client.get("/").text  # nothing searched, nothing to load


@pytest.mark.parametrize(
    "params",
    [{"q": "quan triet"}, {"q": "tuyen truyen", "nam": "2024"}, {"loai_tg": "year"}],
    ids=["words", "words-and-year", "filter-only"],
)
def test_facet_counts_follow_the_query(client, params):
    whole = client.get("/bo-loc").text
    scoped = client.get("/bo-loc", params=params).text
    n = _counted(scoped)
    assert 0 < n < sum(_facet(whole, "nam").values())
    assert sum(_facet(scoped, "nam").values()) == n
    assert sum(_facet(scoped, "loai_vb").values()) == n
    for name in ("co_quan", "chu_tri", "loai_tg"):
        whole_counts = _facet(whole, name)
        assert all(c <= whole_counts.get(v, c) for v, c in _facet(scoped, name).items())
    if "nam" in params:
        assert set(_facet(scoped, "nam")) == {params["nam"]}


def test_scoped_facets_see_the_corrections(client, web_env, csrf):
    doc = web_env.doc_id(SEED)
    params = {"q": "tiep tuc quan triet nang cao nhan thuc"}
    before = _facet(client.get("/bo-loc", params=params).text, "chu_tri")
    form = {"csrf": csrf, "task": "II/1/1.1", "field": "lead", "value": "Ban Dân vận Thị ủy",
            "action": "save"}  # fmt: skip
    client.post(f"/ke-hoach/{doc}/sua", data=form)
    after = _facet(client.get("/bo-loc", params=params).text, "chu_tri")
    assert after.get("Ban Dân vận Thị ủy", 0) == before.get("Ban Dân vận Thị ủy", 0) + 1
    header = {"csrf": csrf, "scope": "document", "issuer": "Ban Thường vụ Thị ủy Đức Phổ",
              "action": "save"}  # fmt: skip
    client.post(f"/ke-hoach/{doc}/sua", data=header)
    issuers = _facet(client.get("/bo-loc", params=params).text, "co_quan")
    assert issuers.get("Ban Thường vụ Thị ủy Đức Phổ", 0) >= 1


def test_a_chosen_value_stays_listed(client):
    page = client.get("/bo-loc", params={"q": "quan triet", "chu_tri": "Không ai cả"}).text
    assert '<option value="Không ai cả" selected>Không ai cả</option>' in page
