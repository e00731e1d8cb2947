"""Presentation of evaluation results: the table ``kehoach eval`` prints, and floors."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluate import CorpusReport, report_rows

__all__ = ["format_table", "load_floors", "check_floors", "default_corpus"]


def default_corpus() -> Path:
    return Path(__file__).resolve().parents[1] / "corpus"


def load_floors(corpus: Path, explicit: str | None = None) -> dict[str, dict[str, float]]:
    """Floors per group and metric: ``{"plans": {"tasks.found": 0.95, ...}, "all": {...}}``.

    Looked up in ``explicit``, then ``corpus/floors.json``, then the repository's
    ``corpus/floors.json``.
    """
    candidates = [Path(explicit)] if explicit else [corpus / "floors.json", default_corpus() / "floors.json"]
    for path in candidates:
        if path.is_file():
            data: dict[str, dict[str, float]] = json.loads(path.read_text(encoding="utf-8"))
            return {
                group: {name: floor for name, floor in metrics.items() if not name.startswith("_")}
                for group, metrics in data.items()
                if not group.startswith("_")
            }
    return {}


def check_floors(report: CorpusReport, floors: dict[str, dict[str, float]]) -> list[str]:
    failures = []
    for group, metrics in floors.items():
        if group not in report.groups:
            continue
        values = {name: value for name, value, _ in report_rows(report.groups[group])}
        for name, floor in metrics.items():
            value = values.get(name)
            if value is not None and value < floor:
                failures.append(f"{group}/{name} = {value} < {floor}")
    return failures


def format_table(report: CorpusReport, documents: bool = False) -> str:
    groups = sorted(g for g in report.groups if g != "all") + ["all"]
    names = sorted({n for g in groups for n, _, _ in report_rows(report.groups[g])})
    scored = [d for d in report.documents if "skipped" not in d]  # a skipped file is listed below, not counted
    counts = {g: sum(1 for d in scored if d["group"] == g) for g in groups}
    counts["all"] = len(scored)
    header = f"{'metric':28s}" + "".join(f"{g + ' (' + str(counts[g]) + ')':>16s}" for g in groups)
    lines = [header, "-" * len(header)]
    for name in names:
        row = f"{name:28s}"
        for g in groups:
            vals = {n: v for n, v, _ in report_rows(report.groups[g])}
            v = vals.get(name)
            row += f"{'' if v is None else f'{v:.3f}':>16s}"
        lines.append(row)
    for d in report.documents:
        if "error" in d:
            lines.append(f"error: {d['document']}: {d['error']}")
        elif "skipped" in d:
            lines.append(f"skipped (optional tool missing): {d['document']}: {d['skipped']}")
    if documents:
        lines.append("")
        for d in report.documents:
            if "metrics" not in d:
                continue
            low = [f"{k}={v.get('f1', v.get('acc'))}" for k, v in d["metrics"].items() if v.get("f1", v.get("acc")) not in (None, 1.0)]
            lines.append(f"{d['document']}: " + (", ".join(low) if low else "all 1.0"))
    return "\n".join(lines)


ABLATION_METRICS = ("task.lead.parties", "task.executors.parties")


def ablate(corpus: Path, report: CorpusReport) -> dict[str, dict[str, list[float | None]]]:
    """Scores of the party metrics with the spaCy pipeline and with the string-splitting
    baseline, per group: ``{group: {metric: [pipeline, baseline]}}``."""
    from pipeline.evaluate import evaluate_corpus
    from pipeline.run import baseline_tools, extract_to_dict

    tools = baseline_tools()
    base = evaluate_corpus(corpus, lambda p: extract_to_dict(p, validate=False, require_plan=False, tools=tools))
    out: dict[str, dict[str, list[float | None]]] = {}
    for group, metrics in report.groups.items():
        with_nlp = {n: v for n, v, _ in report_rows(metrics)}
        without = {n: v for n, v, _ in report_rows(base.groups[group])}
        rows = {m: [with_nlp.get(m), without.get(m)] for m in ABLATION_METRICS if m in with_nlp}
        if rows:
            out[group] = rows
    return out


def format_ablation(ablation: dict[str, dict[str, list[float | None]]]) -> str:
    lines = ["", "contribution of the spaCy party pipeline (models/kehoach-vi) against plain splitting on ; and ,"]
    lines.append(f"{'group/metric':40s}{'pipeline':>10s}{'baseline':>10s}{'gain':>8s}")
    for group, rows in ablation.items():
        for metric, (a, b) in rows.items():
            gain = f"{a - b:+.3f}" if a is not None and b is not None else ""
            lines.append(f"{group + '/' + metric:40s}{a if a is not None else '':>10}{b if b is not None else '':>10}{gain:>8s}")
    return "\n".join(lines)
