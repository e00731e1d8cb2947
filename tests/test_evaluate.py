"""The evaluation harness: pairing documents with gold, and what a missing tool does."""

import json

from pipeline.errors import ReadError
from pipeline.evaluate import evaluate_corpus, find_pairs


def _corpus(tmp_path):
    plans = tmp_path / "plans"
    formats = tmp_path / "formats"
    plans.mkdir()
    formats.mkdir()
    gold = {"document": {"doc_type": "Kế hoạch"}, "references": []}
    (plans / "a.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (plans / "a.txt").write_text("x", encoding="utf-8")
    (formats / "a-scan.pdf").write_bytes(b"%PDF")
    (formats / "a.docx").write_bytes(b"PK")
    (formats / "orphan.txt").write_text("x", encoding="utf-8")
    return tmp_path


def test_renditions_share_their_original_gold(tmp_path):
    pairs = find_pairs(_corpus(tmp_path))
    assert sorted((d.name, g.name) for d, g in pairs) == [
        ("a-scan.pdf", "a.gold.json"),
        ("a.docx", "a.gold.json"),
        ("a.txt", "a.gold.json"),
    ]


def test_missing_tool_is_skipped_not_scored(tmp_path):
    corpus = _corpus(tmp_path)

    def extract(path):
        if path.suffix == ".pdf":
            raise ReadError("Tesseract is needed", code="tool_missing")
        if path.suffix == ".docx":
            raise ReadError("broken", code="corrupt")
        return {"document": {"doc_type": "Kế hoạch"}, "references": []}

    report = evaluate_corpus(corpus, extract)
    by_name = {d["document"].split("/")[-1]: d for d in report.documents}
    assert "skipped" in by_name["a-scan.pdf"] and "metrics" not in by_name["a-scan.pdf"]
    assert "error" in by_name["a.docx"]  # other failures score as an empty prediction
    doc_type = report.groups["formats"].report()["doc.doc_type"]
    assert doc_type == {"acc": 0.0, "n": 1}
