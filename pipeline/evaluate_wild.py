"""Scoring the headers of documents in the wild against the portal's own record of them.

A wild corpus is a folder of ``NAME.txt`` (official documents of every type, saved from a legal
portal) with, where the portal published one, ``NAME.meta.json``: its number and symbol, type,
date and signer, cut out of the text, so an independent (silver) label. The metrics are those of
the reference wild scorer (``score_wild.py`` beside the shared corpus), re-implemented here:

* ``ok``: an extraction came out (what ``kehoach extract`` writes; a refused or failed file is
  not ok), over every text;
* over the documents with a record: ``document_found`` (a header was recognised at all),
  ``number_symbol`` (``number/symbol`` compared without spaces, upper case), ``doc_type``,
  ``date`` (day, month and year; a record without a date counts as right) and ``signer`` (the
  name; only where the record has one).

Text values are compared after NFC, lower-casing, the reference's tone-placement table and
whitespace folding, trimmed of ``. , ; :`` (no dash folding: that is the plan scorer's).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.vi.fold import TONE_OLD_TO_NEW

__all__ = ["WILD_METRICS", "WildReport", "evaluate_wild", "score_wild_document", "format_wild"]

WILD_METRICS = ("ok", "document_found", "number_symbol", "doc_type", "date", "signer")
# the reference wild scorer folds o/u + tone only, not "oè"-style placements
_WILD_TONE = {old: new for old, new in TONE_OLD_TO_NEW.items() if unicodedata.normalize("NFD", old[1])[0] in "ay"}


def _norm(s: Any) -> str:
    t = unicodedata.normalize("NFC", str(s or "")).lower()
    for old, new in _WILD_TONE.items():
        t = t.replace(old, new)
    return re.sub(r"\s+", " ", t).strip(" .,;:")


def _num(s: Any) -> str:
    return unicodedata.normalize("NFC", str(s or "")).upper().replace(" ", "").replace("Ð", "Đ")


@dataclass
class WildReport:
    counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in WILD_METRICS})
    misses: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def scores(self) -> dict[str, dict[str, Any]]:
        return {k: {"acc": round(a / n, 3) if n else None, "n": n} for k, (a, n) in self.counts.items()}


def score_wild_document(name: str, pred: dict[str, Any] | None, meta: dict[str, Any] | None, report: WildReport) -> None:
    """Add one document's checks to ``report`` (``pred`` is ``None`` for a failed extraction)."""
    c = report.counts
    c["ok"][0] += pred is not None
    c["ok"][1] += 1
    if meta is None:
        return
    doc = (pred or {}).get("document") or {}
    c["document_found"][0] += bool(doc)
    c["document_found"][1] += 1
    number_symbol = "/".join(x for x in (doc.get("number"), doc.get("symbol")) if x)
    checks = {
        "number_symbol": _num(meta.get("number_symbol")) == _num(number_symbol),
        "doc_type": _norm(meta.get("doc_type")) == _norm(doc.get("doc_type")),
        "date": meta.get("date") is None
        or all((doc.get("date") or {}).get(k) == meta["date"][k] for k in ("day", "month", "year")),
        "signer": _norm(meta.get("signer")) == _norm((doc.get("signer") or {}).get("name")),
    }
    for metric, good in checks.items():
        if metric == "signer" and not meta.get("signer"):
            continue
        c[metric][0] += good
        c[metric][1] += 1
        if not good:
            report.misses.append((name, metric))


def evaluate_wild(folder: Path, extract: Callable[[Path], dict[str, Any]]) -> WildReport:
    """Extract every ``NAME.txt`` of ``folder`` and score it against ``NAME.meta.json``."""
    report = WildReport()
    for txt in sorted(folder.glob("*.txt")):
        try:
            pred: dict[str, Any] | None = extract(txt)
        except Exception as exc:  # a failed extraction is scored as such and reported
            pred = None
            report.errors.append((txt.name, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        meta_path = folder / f"{txt.stem}.meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else None
        score_wild_document(txt.stem, pred, meta, report)
    return report


def format_wild(report: WildReport, misses: bool = False) -> str:
    lines = [f"{'metric':16s}{'acc':>8s}{'n':>6s}", "-" * 30]
    for metric, v in report.scores().items():
        acc = "" if v["acc"] is None else f"{v['acc']:.3f}"
        lines.append(f"{metric:16s}{acc:>8s}{v['n']:>6d}")
    for name, reason in report.errors:
        lines.append(f"error: {name}: {reason}")
    if misses:
        lines.extend(f"miss: {name}: {metric}" for name, metric in report.misses)
    return "\n".join(lines)
