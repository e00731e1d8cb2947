"""The seed plan, as text and as Word, scored against its gold with the reference metrics.

Floors live in ``corpus/floors.json`` (a ratchet: raise them when scores improve)."""

import json

import pytest

from pipeline.evaluate import Metrics, report_rows, score_plan
from tests.conftest import CORPUS, SEED_DOCX, SEED_GOLD, SEED_TXT

FLOORS = json.loads((CORPUS / "floors.json").read_text(encoding="utf-8"))["plans"]


def _scores(path):
    from pipeline.run import extract_to_dict

    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    return {name: value for name, value, _ in report_rows(score_plan(extract_to_dict(path), gold, Metrics()))}


@pytest.mark.parametrize("path", [SEED_TXT, SEED_DOCX], ids=["txt", "docx"])
def test_seed_meets_floors(path):
    scores = _scores(path)
    low = {k: v for k, v in scores.items() if k in FLOORS and v is not None and v < FLOORS[k]}
    assert not low, low
    assert scores["tasks.found"] >= 0.98 and scores["ref.title"] >= 0.9


def test_docx_equals_txt():
    from pipeline.run import extract_to_dict

    a, b = extract_to_dict(SEED_TXT), extract_to_dict(SEED_DOCX)
    strip = lambda d: json.dumps({k: d[k] for k in ("document", "tasks", "references")}, ensure_ascii=False)  # noqa: E731
    for t in a["tasks"] + b["tasks"]:  # offsets and source locations differ by format
        t.pop("span"), t.pop("source_location")
        for field in ("lead", "executors", "timeline"):
            t[field].pop("span", None)
    for r in a["references"] + b["references"]:
        r.pop("mentions"), r.pop("span")
    assert strip(a) == strip(b)


def test_scorer_agrees_with_itself_on_gold(seed_gold):
    """Gold scored against itself is perfect: the metric code has no asymmetry."""
    rows = report_rows(score_plan(seed_gold, seed_gold, Metrics()))
    assert all(v in (1.0, None) for _, v, _ in rows)
