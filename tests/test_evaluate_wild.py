"""``kehoach eval --wild``: the metrics of the reference wild scorer."""

import json

import pytest

from pipeline.evaluate_wild import WildReport, evaluate_wild, score_wild_document

META = {"number_symbol": "38/2025/TT-BXD", "doc_type": "Thông tư", "signer": "Nguyễn Xuân Sang",
        "date": {"day": 21, "month": 11, "year": 2025}}  # fmt: skip


def _pred(**document):
    base = {"number": "38/2025", "symbol": "TT-BXD", "doc_type": "Thông tư",
            "date": {"year": 2025, "month": 11, "day": 21}, "signer": {"name": "Nguyễn Xuân Sang"}}  # fmt: skip
    return {"document": {**base, **document}}


@pytest.mark.parametrize(
    ("pred", "missed"),
    [
        (_pred(), []),
        (_pred(number="38", symbol="2025/TT-BXD"), []),  # number and symbol compared as one string
        (_pred(doc_type="Công văn"), ["doc_type"]),
        (_pred(signer={"name": "THÔNG TƯ"}), ["signer"]),
        (_pred(date={"year": 2025, "month": 11}), ["date"]),
        ({"document": None}, ["number_symbol", "doc_type", "date", "signer"]),
    ],
)
def test_checks(pred, missed):
    report = WildReport()
    score_wild_document("x", pred, META, report)
    assert [m for _, m in report.misses] == missed
    assert report.counts["document_found"] == [int(bool(pred["document"])), 1]


def test_failed_extraction_and_missing_record(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({**META, "signer": None}), encoding="utf-8")
    (tmp_path / "b.txt").write_text("y", encoding="utf-8")  # no record: only "ok" counts

    def extract(path):
        if path.name == "b.txt":
            raise ValueError("not a plan")
        return _pred()

    scores = evaluate_wild(tmp_path, extract).scores()
    assert scores["ok"] == {"acc": 0.5, "n": 2}
    assert scores["number_symbol"] == {"acc": 1.0, "n": 1}
    assert scores["signer"] == {"acc": None, "n": 0}  # a record without a signer is not scored
