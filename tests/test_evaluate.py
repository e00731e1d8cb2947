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


def test_table_counts_the_documents_scored(tmp_path):
    """A column says how many files it scored: the skipped scan is listed, not counted."""
    from pipeline.evaluate_report import format_table

    def extract(path):
        if path.suffix == ".pdf":
            raise ReadError("Tesseract is needed", code="tool_missing")
        return {"document": {"doc_type": "Kế hoạch"}, "references": []}

    table = format_table(evaluate_corpus(_corpus(tmp_path), extract))
    header = table.splitlines()[0]
    assert "formats (1)" in header and "plans (1)" in header and "all (2)" in header
    assert "skipped (optional tool missing)" in table and "a-scan.pdf" in table


# --------------------------------------------------------------------------- task pairing (issue 10)

from pipeline.evaluate import pair_tasks, score_plan, text_sim  # noqa: E402


def _task(path, text, start=None, end=None):
    party = {"raw": None, "parties": []}
    timeline = {"raw": None, "kind": "unspecified", "start": start, "end": end}
    return {"path": path, "text": text, "lead": party, "executors": party, "timeline": timeline}


def test_tasks_pair_by_path_then_by_text():
    gold = [_task("1", "Tổ chức hội nghị quán triệt"), _task("2", "Kiểm tra, giám sát việc thực hiện")]
    pred = [_task("1", "Tổ chức hội nghị quán triệt"), _task("II/2", "Kiểm tra, giám sát việc thực hiện.")]
    pairs = pair_tasks(pred, gold)
    assert [(p["path"], g["path"]) for p, g in pairs] == [("1", "1"), ("II/2", "2")]
    report = score_plan({"tasks": pred}, {"tasks": gold}).report()
    assert report["tasks.found"]["tp"] == 2
    assert report["task.path"] == {"acc": 0.5, "n": 2}


def test_dissimilar_texts_do_not_pair():
    assert pair_tasks([_task("a", "Tuyên truyền pháp luật")], [_task("b", "Tổng kết công tác năm")]) == []


def test_the_most_similar_pair_wins():
    gold = [_task("g", "Tổ chức tập huấn cho cán bộ cấp xã")]
    pred = [_task("x", "Tổ chức tập huấn cho cán bộ cấp huyện"), _task("y", "Tổ chức tập huấn cho cán bộ cấp xã.")]
    assert [p["path"] for p, _ in pair_tasks(pred, gold)] == ["y"]


def test_bullet_marks_are_not_text():
    assert text_sim("- Rà soát văn bản;\n+ Báo cáo kết quả", "Rà soát văn bản;\nBáo cáo kết quả") == 1.0


def test_deadline_ranges_are_scored():
    gold = [_task("1", "Báo cáo", end="2025-06-30")]
    right = score_plan({"tasks": [_task("1", "Báo cáo", end="2025-06-30")]}, {"tasks": gold}).report()
    wrong = score_plan({"tasks": [_task("1", "Báo cáo", end="2025-12-31")]}, {"tasks": gold}).report()
    assert right["task.timeline.range"] == {"acc": 1.0, "n": 1}
    assert wrong["task.timeline.range"] == {"acc": 0.0, "n": 1}
