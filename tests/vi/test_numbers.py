import pytest

from pipeline.vi.numbers import document_key, type_from_symbol


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("120-KL/TW", "120/kl-tw"),  # separators and case
        ("33/CT-TTg", "33 / CT - TTg"),
        ("103/2024/NĐ-CP", "103/2024/ND-CP"),  # đ typed as d
        ("34/2014/QĐ-TTG", "34/2014/QĐ-TTg"),
    ],
)
def test_document_key_same(a, b):
    assert document_key(a) == document_key(b)


@pytest.mark.parametrize(("a", "b"), [("120-KL/TW", "12-KL/TW"), ("33/CT-TTg", "33/QĐ-TTg")])
def test_document_key_different(a, b):
    assert document_key(a) != document_key(b)


@pytest.mark.parametrize(
    ("number", "system", "dispatch", "expected"),
    [
        ("33/CT-TTg", None, False, "Chỉ thị"),  # state: the code after the number
        ("04/2015/NĐ-CP", None, False, "Nghị định"),  # after the year
        ("120-KL/TW", None, False, "Kết luận"),  # party: the code after the dash
        ("05-TT/TW", None, False, "Thông tri"),  # TT in the party
        ("38/2025/TT-BXD", None, False, "Thông tư"),  # TT in the state
        ("TT-BNV", "state", True, "Thông tư"),  # issue 9: a header symbol, not a công văn
        ("10/2022/QH15", None, False, "Luật"),  # a legislature's term after the code
        ("34/2007/PL-UBTVQH11", None, False, "Pháp lệnh"),
        ("KH-UBND", "state", True, "Kế hoạch"),  # a bare symbol
        ("KH/BDVHU", "party", True, "Kế hoạch"),
        ("11-QĐi/TW", None, False, "Quy định"),
        ("UBND-VP", "state", True, "Công văn"),  # no type code: a dispatch, in a header only
        ("UBND-VP", "state", False, None),
        ("BDV/TU", "party", True, None),  # the party has no such convention
    ],
)
def test_type_from_symbol(number, system, dispatch, expected):
    assert type_from_symbol(number, system, dispatch=dispatch) == expected
