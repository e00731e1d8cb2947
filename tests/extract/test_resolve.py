"""Resolving citations (aliases, the plan itself, one reference per document) apart from finding them."""

from __future__ import annotations

import pytest

from pipeline.extract.references import find_citations
from pipeline.extract.resolve import (
    CitingLine,
    drop_self,
    keys_by_path,
    merge_refs,
    resolve_aliases,
)
from pipeline.model import DocumentInfo, PartialDate
from pipeline.run import default_tools


def _line(path: str, base: int, text: str) -> CitingLine:
    return CitingLine(path, base, text, tuple(find_citations(text, tools=default_tools())))


def test_an_alias_cites_its_document_on_later_lines():
    first = "Thực hiện Kế hoạch số 25-KH/TU ngày 02/3/2023 của Tỉnh ủy (sau đây gọi tắt là Đề án 06)."
    second = "Đẩy mạnh thực hiện Đề án 06 trên địa bàn."
    lines = [_line("preamble", 0, first), _line("II/1", 200, second)]
    cited = resolve_aliases(lines)
    assert [(p, c.number) for p, c, _ in cited] == [("preamble", "25-KH/TU"), ("II/1", "25-KH/TU")]
    (ref,) = merge_refs(cited)
    assert [m.path for m in ref.mentions] == ["preamble", "II/1"]
    assert keys_by_path(cited, (ref,)) == {"preamble": ("25-KH/TU",), "II/1": ("25-KH/TU",)}


@pytest.mark.parametrize(
    ("alias_use", "cites"),
    [("Đề án 06 của tỉnh", True), ("Đề án 067 của tỉnh", False), ("Đề án 06/QĐ-UBND", False), ("Đề án này", False)],
)
def test_an_alias_is_a_whole_word(alias_use, cites):
    lines = [_line("preamble", 0, "Căn cứ Kế hoạch số 25-KH/TU của Tỉnh ủy (gọi tắt là Đề án 06);"), CitingLine("II/1", 100, alias_use, ())]
    assert any(p == "II/1" for p, _, _ in resolve_aliases(lines)) is cites


def _info(number: str, symbol: str, year: int | None, month: int | None = None, day: int | None = None) -> DocumentInfo:
    return DocumentInfo(
        system=None, doc_type="Kế hoạch", number=number, symbol=symbol, issuer=None, parent_issuer=None, place=None,
        date=PartialDate(year, month, day), title=None, draft=False, signer=None, recipients=(),
    )


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Kế hoạch số 18/KH-UBND ngày 12/01/2023 của UBND huyện", True),  # last year's plan of the same number
        ("Kế hoạch số 18/KH-UBND ngày 05/02/2024 của UBND huyện", False),  # itself
        ("Kế hoạch số 18/KH-UBND của UBND huyện", False),  # no date: itself
        ("Kế hoạch số 19/KH-UBND ngày 05/02/2024 của UBND huyện", True),
    ],
)
def test_drop_self(text, kept):
    cited = resolve_aliases([_line("preamble", 0, text)])
    assert bool(drop_self(cited, _info("18", "/KH-UBND", 2024, 2, 5))) is kept


def test_merge_prefers_the_body_spelling_over_capitals_and_the_fuller_issuer():
    cited = resolve_aliases(
        [
            _line("title", 0, "THỰC HIỆN QUYẾT ĐỊNH SỐ 34/2014/QĐ-TTG CỦA THỦ TƯỚNG"),
            _line("preamble", 100, "Căn cứ Quyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ về ..."),
        ]
    )
    (ref,) = merge_refs(cited)
    assert ref.key == "34/2014/QĐ-TTg"
    assert ref.date == "2014-05-30"
    assert len(ref.mentions) == 2
