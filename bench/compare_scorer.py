"""Check that ``kehoach eval`` gives the figures of the reference scorer (``score.py``).

usage: python bench/compare_scorer.py SHARED_CORPUS SCORE_PY

Extracts every document of the corpus that has a gold (as ``kehoach eval`` pairs them), writes
each prediction to a temporary folder, then compares, document by document, the report of
``score.py PRED GOLD --json`` with :func:`pipeline.evaluate.score_plan`; and, per folder of
originals, ``score.py --dir`` with the folder's row of ``kehoach eval --json``. Prints every
difference and exits 1 when there is one. A development check: the project never calls the
shared tools at run time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.evaluate import Metrics, find_pairs, score_plan
from pipeline.run import extract_to_dict


def _reference(score_py: Path, *args: str) -> dict:
    out = subprocess.run([sys.executable, str(score_py), *args, "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main(argv: list[str]) -> int:
    corpus, score_py = Path(argv[0]), Path(argv[1])
    differences = 0
    preds: dict[Path, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n, (doc, gold_path) in enumerate(find_pairs(corpus)):
            try:
                pred = extract_to_dict(doc, validate=True, require_plan=False)
            except Exception as exc:  # scored as an empty prediction, as kehoach eval does
                if getattr(exc, "code", None) == "tool_missing":
                    continue
                pred = {}
            preds[doc] = pred
            pred_path = Path(tmp) / f"{n}.json"
            pred_path.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
            ours = score_plan(pred, json.loads(gold_path.read_text(encoding="utf-8"))).report()
            theirs = _reference(score_py, str(pred_path), str(gold_path))
            if ours != theirs:
                differences += 1
                print(f"DIFF {doc.relative_to(corpus)}: ours {ours} reference {theirs}")
        print(f"{len(preds)} documents compared one by one")
        # per folder: one prediction per gold (the .txt when a folder also holds a rendition,
        # which kehoach eval scores as a document of its own and score.py --dir cannot)
        for folder in sorted({doc.parent for doc in preds}):
            if folder == corpus or folder.name == "formats":
                continue
            out = Path(tmp) / folder.name
            out.mkdir()
            ours_metrics = Metrics()
            chosen: dict[str, Path] = {}
            for doc in sorted(preds, key=lambda d: (d.suffix != ".txt", d.name)):
                if doc.parent == folder:
                    chosen.setdefault(doc.name.rsplit(".", 1)[0], doc)
            for stem, doc in chosen.items():
                (out / f"{stem}.json").write_text(json.dumps(preds[doc], ensure_ascii=False), encoding="utf-8")
                gold = folder / f"{stem}.gold.json"
                if gold.is_file():
                    score_plan(preds[doc], json.loads(gold.read_text(encoding="utf-8")), ours_metrics)
            theirs = _reference(score_py, "--dir", str(out), str(folder))
            ours = ours_metrics.report()
            status = "same" if ours == theirs else "DIFFERENT"
            differences += ours != theirs
            print(f"folder {folder.name}: {status} ({len(chosen)} documents, {len(ours)} metrics)")
            for k in sorted(set(ours) | set(theirs)):
                if ours.get(k) != theirs.get(k):
                    print(f"  {k}: ours {ours.get(k)} reference {theirs.get(k)}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
