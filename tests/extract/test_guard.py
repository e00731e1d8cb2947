"""The output guard: doubtful shapes are reported in ``issues`` with codes (new text written for these tests)."""

import pytest

from pipeline.extract.guard import check_output
from pipeline.model import DocumentInfo, LegalRef, PartialDate


def _info(**kw):
    base = {"system": "state", "doc_type": "Kế hoạch", "number": "1", "symbol": "KH-UBND",
            "issuer": "Ủy ban nhân dân tỉnh Hà Tĩnh", "parent_issuer": None, "place": None, "date": PartialDate(),
            "title": "Chuyển đổi số năm 2024", "draft": False, "signer": None, "recipients": ()}  # fmt: skip
    base.update(kw)
    return DocumentInfo(**base)


def _ref(**kw):
    base = {"key": "12/KH-UBND", "number": "12/KH-UBND", "type": "Kế hoạch", "date": None, "year": None,
            "issuer": None, "term": None, "title": None, "title_from": None, "mentions": (), "span": (0, 1)}  # fmt: skip
    base.update(kw)
    return LegalRef(**base)


@pytest.mark.parametrize(
    ("info", "refs", "codes"),
    [
        (_info(), (), []),
        (_info(issuer="Ủy ban nhân dân tỉnh Hà Tĩnh triển khai Kế hoạch"), (), ["EXT007"]),
        (_info(issuer="Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở"), (), []),  # the name holds its task
        (_info(title="Chuyển đổi số Hà Tĩnh, ngày 14 tháng 3 năm 2024"), (), ["EXT008"]),
        (_info(title="Chuyển đổi số Số: 12/KH-UBND"), (), ["EXT008"]),
        (None, (_ref(title="về chuyển đổi số. Ủy ban nhân dân tỉnh yêu cầu các sở thực hiện"),), ["EXT006"]),
        (None, (_ref(title=" ".join(["công tác"] * 40)),), ["EXT006"]),
        (None, (_ref(issuer="Bộ Nội vụ hướng dẫn các địa phương", title="về công chức"),), ["EXT007"]),
        (None, (_ref(issuer="Bộ Nội vụ", title="về tuyển dụng công chức, viên chức năm 2024"),), []),
    ],
)
def test_guard_codes(info, refs, codes):
    assert [i.code for i in check_output(info, refs)] == codes
