"""Zones: header, preamble, body, closing block, appendices; a decision followed by its plan."""

from pathlib import Path

from pipeline.model import Zone
from pipeline.normalize import build_text
from pipeline.read.from_txt import read_txt
from pipeline.run import extract_file
from pipeline.segment.zones import find_zones

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _zones(path):
    text = build_text(read_txt(str(path), path.read_bytes()))
    return text, [(z, text.line_text(a), text.line_text(b - 1)) for z, a, b in find_zones(text).zones]


def test_decision_then_its_plan():
    text, zones = _zones(FIXTURES / "decision-with-plan.txt")
    kinds = [z for z, _, _ in zones]
    assert kinds[0] == Zone.HEADER and Zone.RECIPIENTS in kinds and kinds.count(Zone.BODY) == 1
    body = next(z for z in zones if z[0] == Zone.BODY)
    assert body[1] == "I. MỤC ĐÍCH, YÊU CẦU"


def test_decision_extracts_the_attached_plan():
    plan = extract_file(FIXTURES / "decision-with-plan.txt")
    assert plan.document is not None and plan.document.doc_type == "Quyết định"
    assert plan.document.attachment is not None and plan.document.attachment.doc_type == "Kế hoạch"
    assert [t.path for t in plan.tasks] == ["II/1", "II/2"]
    assert plan.document.signer is not None and plan.document.signer.name == "Nguyễn Văn Hải"
    assert [r.number for r in plan.references if r.number] == ["76/NQ-CP"]
