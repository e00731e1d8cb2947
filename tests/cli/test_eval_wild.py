"""``kehoach eval --wild DIR``: header metrics against portal records, floors from a file."""

import json
import shutil
from pathlib import Path

from pipeline import extract_file, plan_to_dict
from pipeline.cli import main

SEED = Path(__file__).resolve().parents[2] / "corpus" / "plans" / "2023-duc-pho-bcd-qcdc.txt"


def _wild(tmp_path, **meta):
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "empty.txt").write_bytes(b"")  # fails to extract: not ok
    record = {"number_symbol": "05-KH/BCĐ", "doc_type": "Kế hoạch", "signer": None, "date": None, **meta}
    (tmp_path / "seed.meta.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_wild_scores(tmp_path, capsys):
    doc = plan_to_dict(extract_file(SEED))["document"]
    folder = _wild(tmp_path, number_symbol="/".join(x for x in (doc["number"], doc["symbol"]) if x))
    assert main(["eval", "--wild", str(folder), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scores"]["ok"] == {"acc": 0.5, "n": 2}
    assert out["scores"]["number_symbol"] == {"acc": 1.0, "n": 1}
    assert out["scores"]["doc_type"] == {"acc": 1.0, "n": 1}
    assert [name for name, _ in out["errors"]] == ["empty.txt"]


def test_wild_floors_fail(tmp_path, capsys):
    folder = _wild(tmp_path, doc_type="Công văn")
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"wild": {"doc_type": 0.9, "_comment": "x"}}), encoding="utf-8")
    assert main(["eval", "--wild", str(folder), "--floors", str(floors)]) == 1
    assert "wild/doc_type = 0.0 < 0.9" in capsys.readouterr().err


def test_wild_missing_folder(tmp_path, capsys):
    assert main(["eval", "--wild", str(tmp_path / "nope")]) != 0
    assert "no such folder" in capsys.readouterr().err
