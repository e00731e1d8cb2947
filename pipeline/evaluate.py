"""Scoring extracted plans against gold annotations.

The metrics are those of the project's reference scorer (``score.py`` beside the shared corpus),
re-implemented to give the same figures (``bench/compare_scorer.py`` checks it):
text is compared after NFC, lower-casing, tone-placement and dash folding and whitespace folding,
trimmed of ``. , ; :`` (the tone table is :data:`pipeline.vi.fold.TONE_OLD_TO_NEW`, applied
anywhere in a word as the reference does); sets are matched greedily one-to-one (gold items may
carry ``alts``); tasks are paired by path, then by text (:func:`pair_tasks`);
header fields and per-task fields are accuracies, sets are precision/recall/F1.

``score_plan(pred, gold, metrics)`` accumulates into ``metrics``; ``evaluate_corpus(folder)``
pairs every readable document with its gold (``NAME.gold.json`` beside it, or anywhere in the
corpus for renditions such as ``formats/NAME.docx`` and ``NAME-scan.pdf``) and returns a report
per folder.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.vi.fold import TONE_OLD_TO_NEW

__all__ = ["Metrics", "score_plan", "evaluate_corpus", "find_pairs", "norm", "report_rows"]

_GENERIC = re.compile(
    r"^(các )?(cơ quan|đơn vị|cơ quan, đơn vị|ngành|địa phương)( và (đơn vị|địa phương))? (có )?liên quan$"
)
# a bullet mark at the start of a line of a task text
_BULLET_RE = re.compile(r"(?m)^\s*[-+•]\s+")
DOCUMENT_SUFFIXES = (".txt", ".docx", ".doc", ".pdf", ".html", ".htm")
RENDITION_SUFFIXES = ("-scan", "-tcvn3", "-vni", "-cp1258", "-utf16")


def norm(s: Any) -> str | None:
    """The comparison form of a text value (see the module docstring)."""
    if s is None:
        return None
    t = unicodedata.normalize("NFC", str(s)).lower()
    for a, b in TONE_OLD_TO_NEW.items():  # the reference replaces anywhere, "quý" included
        t = t.replace(a, b)
    t = t.replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"\s*-\s*", " - ", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t.strip(" .,;:")


def norm_num(s: str | None) -> str | None:
    if not s:
        return None
    return unicodedata.normalize("NFC", s).upper().replace(" ", "").replace("Ð", "Đ")


def sim(a: Any, b: Any) -> float:
    x, y = norm(a) or "", norm(b) or ""
    if not x and not y:
        return 1.0
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def scores(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f, p, r


@dataclass
class Acc:
    ok: int = 0
    n: int = 0

    def add(self, good: bool) -> None:
        self.n += 1
        self.ok += bool(good)

    def value(self) -> float | None:
        return self.ok / self.n if self.n else None


@dataclass
class Metrics:
    values: dict[str, PRF | Acc] = field(default_factory=dict)

    def prf(self, name: str) -> PRF:
        return self.values.setdefault(name, PRF())  # type: ignore[return-value]

    def acc(self, name: str) -> Acc:
        return self.values.setdefault(name, Acc())  # type: ignore[return-value]

    def report(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for k, v in sorted(self.values.items()):
            if isinstance(v, PRF):
                f, p, r = v.scores()
                out[k] = {"f1": round(f, 3), "p": round(p, 3), "r": round(r, 3), "tp": v.tp, "fp": v.fp, "fn": v.fn}
            else:
                val = v.value()
                out[k] = {"acc": None if val is None else round(val, 3), "n": v.n}
        return out


def _match(pred: list[Any], gold: list[Any], eq: Callable[[Any, Any], bool]) -> tuple[int, int, int]:
    used: set[int] = set()
    tp = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and eq(p, g):
                used.add(i)
                tp += 1
                break
    return tp, len(pred) - tp, len(gold) - tp


def _party_names(group: Any) -> list[str]:
    if not isinstance(group, dict):
        return []
    names = [p.get("name") if isinstance(p, dict) else p for p in group.get("parties") or []]
    return [n for n in names if n]


def _party_eq(p: str, g: dict[str, Any]) -> bool:
    return any(norm(p) == norm(n) for n in [g["name"], *g.get("alts", [])])


def _get(d: Any, *path: str) -> Any:
    for k in path:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d


def _num_key(number: str | None, symbol: str | None) -> str | None:
    s = norm_num((number or "") + (symbol or "")) or ""
    return re.sub(r"[-/–]", "", s) or None


def _lead_int(n: str | None) -> str | None:
    m = re.match(r"\s*(\d+)", n or "")
    return (m.group(1).lstrip("0") or "0") if m else None


def _score_document(pred: dict[str, Any], gold: dict[str, Any], m: Metrics) -> None:
    gd, pd = gold.get("document", {}), pred.get("document") or {}
    if gd is None:
        m.acc("doc.null").add(not pd)
        gd = {}
    if "number" in gd or "symbol" in gd:
        m.acc("doc.number_symbol").add(_num_key(gd.get("number"), gd.get("symbol")) == _num_key(pd.get("number"), pd.get("symbol")))
    for f in ("system", "doc_type", "number", "issuer", "parent_issuer", "place", "title", "draft", "signer"):
        if f not in gd:
            continue
        gv, pv = gd[f], pd.get(f)
        if f == "number":
            ok = _lead_int(gv) == _lead_int(pv)
        elif isinstance(gv, bool):
            ok = bool(pv) == gv
        elif isinstance(gv, dict) or isinstance(pv, dict):
            ok = (gv or None) == (pv or None) if not (gv and pv) else all(norm(gv.get(k)) == norm(pv.get(k)) for k in gv)
        else:
            ok = norm(gv) == norm(pv)
        m.acc("doc." + f).add(ok)
    if "date" in gd:
        gdt, pdt = gd.get("date") or {}, pd.get("date") or {}
        m.acc("doc.date").add(all(gdt.get(k) == pdt.get(k) for k in ("year", "month", "day")))
    if "recipients" in gd:
        m.prf("doc.recipients").add(*_match(pd.get("recipients") or [], [{"name": r} for r in gd["recipients"]], _party_eq))


def text_sim(a: Any, b: Any) -> float:
    """Task texts compared without line-leading bullet marks (``-``, ``+``, ``•``)."""
    return sim(_BULLET_RE.sub("", a or ""), _BULLET_RE.sub("", b or ""))


def pair_tasks(pred_tasks: list[dict[str, Any]], gold_tasks: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Predicted and gold tasks paired: the same path first, then, among those left, the most
    similar texts (>= 0.8, best pairs first), so a plan whose paths are printed differently is
    still scored on its content. A predicted path given twice keeps its last task."""
    left_p = {t.get("path"): t for t in pred_tasks}
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    left_g = []
    for g in gold_tasks:
        p = left_p.pop(g["path"], None)
        if p is not None:
            pairs.append((p, g))
        else:
            left_g.append(g)
    preds = list(left_p.values())
    candidates = sorted(
        ((text_sim(p.get("text"), g["text"]), i, j) for i, g in enumerate(left_g) for j, p in enumerate(preds)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for score, i, j in candidates:
        if score < 0.8:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((preds[j], left_g[i]))
    return pairs


def _score_tasks(pred: dict[str, Any], gold: dict[str, Any], m: Metrics) -> None:
    ptasks = [t for t in pred.get("tasks") or [] if isinstance(t, dict)]
    gtasks = gold.get("tasks", [])
    pairs = pair_tasks(ptasks, gtasks)
    m.prf("tasks.found").add(len(pairs), len(ptasks) - len(pairs), len(gtasks) - len(pairs))
    for p, g in pairs:
        m.acc("task.path").add(p.get("path") == g["path"])
        m.acc("task.text").add(text_sim(p.get("text"), g["text"]) >= 0.9)
        for f in ("lead", "executors"):
            m.acc(f"task.{f}.raw").add(norm(_get(p, f, "raw")) == norm(g[f]["raw"]))
            names = [x for x in _party_names(p.get(f)) if not _GENERIC.match(norm(x) or "")]
            m.prf(f"task.{f}.parties").add(*_match(names, g[f]["parties"], _party_eq))
        gtl, ptl = g["timeline"], p.get("timeline") or {}
        m.acc("task.timeline.raw").add(norm(gtl["raw"]) == norm(ptl.get("raw")))
        m.acc("task.timeline.kind").add(gtl["kind"] == ptl.get("kind"))
        if gtl.get("start") or gtl.get("end"):
            m.acc("task.timeline.range").add(gtl.get("start") == ptl.get("start") and gtl.get("end") == ptl.get("end"))
        prefs = [r if isinstance(r, str) else (r.get("number") or r.get("key") or "") for r in p.get("references") or []]
        m.prf("task.references").add(
            *_match(prefs, g.get("references", []), lambda a, b: norm_num(a) == norm_num(b) or sim(a, b) >= 0.85)
        )


def _ref_name(r: dict[str, Any]) -> str:
    return " ".join(x for x in (r.get("type"), r.get("title")) if x)


def _score_refs(pred: dict[str, Any], gold: dict[str, Any], m: Metrics) -> None:
    pr = pred.get("references") or []
    gnum = [r for r in gold.get("references", []) if r.get("number")]
    gun = [r for r in gold.get("references", []) if not r.get("number")]
    pnum = [r for r in pr if r.get("number")]
    pun = [r for r in pr if not r.get("number")]
    m.prf("refs.numbered").add(*_match(pnum, gnum, lambda p, g: norm_num(p["number"]) == norm_num(g["number"])))

    def un_eq(p: dict[str, Any], g: dict[str, Any]) -> bool:
        best = max(sim(_ref_name(p), g["key"]), sim(_ref_name(p), _ref_name(g)), sim(p.get("key"), g["key"]) if p.get("key") else 0)
        return best >= 0.8

    m.prf("refs.unnumbered").add(*_match(pun, gun, un_eq))
    pmap = {norm_num(r["number"]): r for r in pnum}
    for g in gnum:
        p = pmap.get(norm_num(g["number"]))
        if not p:
            continue
        if "type" in g:
            m.acc("ref.type").add(norm(p.get("type")) == norm(g["type"]))
        if "date" in g:
            m.acc("ref.date").add(p.get("date") == g["date"])
        if g.get("issuer"):
            m.acc("ref.issuer").add(norm(p.get("issuer")) == norm(g["issuer"]))
        if g.get("title"):
            m.acc("ref.title").add(sim(p.get("title"), g["title"]) >= 0.9)


def score_plan(pred: dict[str, Any], gold: dict[str, Any], metrics: Metrics | None = None) -> Metrics:
    """Add the scores of one predicted plan against its gold to ``metrics``."""
    m = metrics if metrics is not None else Metrics()
    _score_document(pred, gold, m)
    if "sections" in gold:
        ps = pred.get("sections") or []
        m.prf("sections").add(
            *_match(ps, gold["sections"], lambda p, g: p.get("path") == g["path"] and sim(p.get("heading"), g["heading"]) >= 0.9)
        )
    if "tasks" in gold:
        _score_tasks(pred, gold, m)
    if "references" in gold:
        _score_refs(pred, gold, m)
    return m


# --------------------------------------------------------------------------- corpus


def _stem(path: Path) -> str:
    name = path.name
    for suffix in DOCUMENT_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    for suffix in RENDITION_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def find_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """``(document, gold)`` pairs under ``folder``: a gold beside the document wins, else the
    gold of the same name anywhere in the folder (renditions share their original's gold)."""
    golds: dict[str, Path] = {}
    for g in sorted(folder.rglob("*.gold.json")):
        golds.setdefault(g.name[: -len(".gold.json")], g)
    pairs = []
    for doc in sorted(folder.rglob("*")):
        if not doc.is_file() or doc.suffix.lower() not in DOCUMENT_SUFFIXES:
            continue
        stem = _stem(doc)
        beside = doc.parent / f"{stem}.gold.json"
        gold = beside if beside.exists() else golds.get(stem)
        if gold is not None:
            pairs.append((doc, gold))
    return pairs


@dataclass
class CorpusReport:
    groups: dict[str, Metrics]
    documents: list[dict[str, Any]]


def evaluate_corpus(
    folder: Path,
    extract: Callable[[Path], dict[str, Any]],
    pairs: Iterable[tuple[Path, Path]] | None = None,
) -> CorpusReport:
    """Extract and score every document of ``folder``; one :class:`Metrics` per sub-folder
    (``plans``, ``real``, ``formats``) plus ``all``."""
    groups: dict[str, Metrics] = {"all": Metrics()}
    documents: list[dict[str, Any]] = []
    for doc, gold_path in pairs if pairs is not None else find_pairs(folder):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        rel = doc.relative_to(folder) if doc.is_relative_to(folder) else doc
        group = rel.parts[0] if len(rel.parts) > 1 else "."
        entry: dict[str, Any] = {"document": str(rel), "gold": gold_path.name, "group": group}
        try:
            pred = extract(doc)
        except Exception as exc:  # a failure scores as an empty prediction and is reported
            if getattr(exc, "code", None) == "tool_missing":  # e.g. no Tesseract here: not scored
                entry["skipped"] = str(exc)
                documents.append(entry)
                continue
            entry["error"] = f"{type(exc).__name__}: {exc}"
            pred = {}
        single = score_plan(pred, gold)
        entry["metrics"] = single.report()
        documents.append(entry)
        for target in (groups["all"], groups.setdefault(group, Metrics())):
            score_plan(pred, gold, target)
    return CorpusReport(groups, documents)


def report_rows(metrics: Metrics) -> list[tuple[str, float | None, str]]:
    """(metric, value, detail) rows: F1 for sets, accuracy for fields."""
    rows = []
    for k, v in metrics.report().items():
        if "f1" in v:
            rows.append((k, v["f1"], f"p={v['p']} r={v['r']} tp={v['tp']} fp={v['fp']} fn={v['fn']}"))
        else:
            rows.append((k, v["acc"], f"n={v['n']}"))
    return rows
