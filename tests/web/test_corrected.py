"""Search filters and facets see the corrections (pipeline/web/corrected.py)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pipeline.web.corrected import _moved, party_matches, text_matches

TASK = "II/1/1.1"
NEW_LEAD = "Ban Dân vận Thị ủy"
OLD_LEAD = "Trưởng Ban Chỉ đạo thị xã"
WORDS = "tiep tuc quan triet nang cao nhan thuc"


@pytest.mark.parametrize(
    ("names", "wanted", "found"),
    [
        (["Ban Dân vận Thị ủy"], "ban dan van", True),
        (["Ban Dân vận Thị ủy"], "BAN DÂN VẬN THỊ ỦY", True),
        (["Ban Dân vận Thị ủy"], "dan ban", False),  # the words in a row, in order
        (["Phòng Nội vụ", "Ban Dân vận Thị ủy"], "thi uy", True),
        (["Ủy ban nhân dân huyện"], "ubnd huyen", True),  # known abbreviations
        (["Sở Nội vụ"], "phong noi vu", False),
        ([], "", True),
    ],
)
def test_party_matches(names, wanted, found):
    assert party_matches(names, wanted) is found


@pytest.mark.parametrize(
    ("columns", "text", "prefix", "expected"),
    [
        (["tiep tuc quan triet"], "quan triet", False, (True, True)),
        (["quan x triet"], "quan triet", False, (True, False)),
        (["tiep tuc", "quan triet"], "tuc quan", False, (True, False)),
        (["quan triet"], "quan tri", True, (True, True)),
        (["quan triet"], "quan tri", False, (False, False)),
        (["abc"], "", False, (True, False)),
    ],
)
def test_text_matches(columns, text, prefix, expected):
    assert text_matches(columns, text, prefix) == expected


def test_moved_counts_keep_a_corrected_value_listed():
    counts = (("A", 5), ("B", 3), ("C", 1))
    moved = _moved(counts, Counter({"A": 1}), Counter({"Z": 1}), keep=2)
    assert moved == (("A", 4), ("B", 3), ("Z", 1))  # Z listed though past the first 2
    assert _moved(counts, Counter({"C": 1}), Counter(), keep=5) == (("A", 5), ("B", 3))


def _correct(client, csrf, doc, field, **form):
    data = {"csrf": csrf, "task": TASK, "field": field, "action": "save", **form}
    r = client.post(f"/ke-hoach/{doc}/sua", data=data, follow_redirects=False)
    assert r.status_code == 303


def _hits(client, **params) -> list[str]:
    """The links of the hits on the search page."""
    page = client.get("/", params=params).text
    return re.findall(r'<li class="hit">\s*<div class="where">\s*<a href="([^"]+)"', page)


def _option(client, name: str, value: str) -> str | None:
    page = client.get("/").text
    select = page.split(f'<select name="{name}">', 1)[1].split("</select>", 1)[0]
    m = re.search(rf'<option value="{re.escape(value)}"\s*>([^<]*)</option>', select)
    return m.group(1) if m else None


def test_a_corrected_lead_is_what_the_lead_filter_and_facet_see(client, web_env, csrf):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    target = f"/ke-hoach/{doc}#t-II-1-1_1"
    assert target in _hits(client, q=WORDS, chu_tri=OLD_LEAD)
    assert target not in _hits(client, chu_tri=NEW_LEAD)
    old_count = _option(client, "chu_tri", OLD_LEAD)
    assert _option(client, "chu_tri", NEW_LEAD) is None

    _correct(client, csrf, doc, "lead", value=NEW_LEAD)

    assert target in _hits(client, chu_tri=NEW_LEAD)  # the filter alone lists it
    assert target in _hits(client, q=WORDS, chu_tri="ban dan van thi uy")  # accent-free
    assert target in _hits(client, q="quan tri", chu_tri=NEW_LEAD)  # as the user types
    assert target not in _hits(client, q="chuyen doi so", chu_tri=NEW_LEAD)  # other words
    assert target not in _hits(client, q=WORDS, chu_tri=OLD_LEAD)  # the old value is gone
    assert target not in _hits(client, chu_tri=NEW_LEAD, nam="2024")  # document filters hold
    # the same task of the final version (not corrected) keeps its extracted lead
    final = web_env.doc_id("2023-duc-pho-bcd-qcdc-final.txt")
    assert f"/ke-hoach/{final}#t-II-1-1_1" in _hits(client, q=WORDS, chu_tri=OLD_LEAD)
    assert _option(client, "chu_tri", NEW_LEAD) == f"{NEW_LEAD} (1)"
    before = int(old_count.rsplit("(", 1)[1].rstrip(")").replace(".", ""))
    assert _option(client, "chu_tri", OLD_LEAD) == f"{OLD_LEAD} ({before - 1})"

    _correct(client, csrf, doc, "lead", action="withdraw")  # back to the extraction
    assert target not in _hits(client, chu_tri=NEW_LEAD)
    assert target in _hits(client, q=WORDS, chu_tri=OLD_LEAD)
    assert _option(client, "chu_tri", OLD_LEAD) == old_count


def test_a_corrected_timeline_is_what_the_kind_and_due_filters_see(client, web_env, csrf):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    target = f"/ke-hoach/{doc}#t-II-1-1_1"
    assert target in _hits(client, q=WORDS, loai_tg="continuous")
    _correct(client, csrf, doc, "timeline", value="Trước ngày 30/6/2023")
    assert target not in _hits(client, q=WORDS, loai_tg="continuous")
    assert target in _hits(client, q=WORDS, loai_tg="deadline")
    assert target in _hits(client, loai_tg="deadline", n="200")
    assert target in _hits(client, q=WORDS, han="qua-han")  # 30/06/2023 has passed


def test_a_corrected_executor_list(client, web_env, csrf):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    target = f"/ke-hoach/{doc}#t-II-1-1_1"
    _correct(client, csrf, doc, "executors", value="Công an thị xã\nPhòng Nội vụ")
    assert target in _hits(client, phoi_hop="Công an thị xã")
    assert _option(client, "phoi_hop", "Công an thị xã") is not None


def test_exports_follow_the_corrected_filters(client, web_env, csrf):
    doc = web_env.doc_id("2023-duc-pho-bcd-qcdc.txt")
    _correct(client, csrf, doc, "lead", value=NEW_LEAD)

    def exported(**params) -> list[str]:
        csv = client.get("/xuat.csv", params=params).content.decode("utf-8-sig")
        return [
            line
            for line in csv.splitlines()
            if "2023-duc-pho-bcd-qcdc.txt" in line and ",II/1/1.1," in line
        ]

    assert len(exported(chu_tri=NEW_LEAD)) == 1
    assert len(exported(q="quan triet", chu_tri="ban dan van")) == 1
    assert exported(q="chuyen doi so", chu_tri=NEW_LEAD) == []
    assert exported(q=WORDS, chu_tri=OLD_LEAD) == []
