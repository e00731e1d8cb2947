"""Text renderings of search hits, citations and ingest progress (strings only; the CLI
prints them)."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from dataclasses import asdict
from pathlib import Path

from pipeline.store.export import spreadsheet_safe
from pipeline.store.ingest import IngestProgress, IngestSummary
from pipeline.store.records import Citations, Hit, RefSummary
from pipeline.store.search import HL_END, HL_START

__all__ = [
    "render_hits",
    "render_citations",
    "render_top_refs",
    "render_summary",
    "render_progress",
    "HIT_FORMATS",
]

HIT_FORMATS = ("table", "json", "csv")
_BOLD, _RESET = "\x1b[1;33m", "\x1b[0m"
_CSV_FIELDS = (
    "score", "source", "doc_number", "doc_symbol", "doc_issuer", "doc_date", "path", "text",
    "leads", "executors", "timeline_raw", "timeline_kind", "timeline_start", "timeline_end",
    "references", "snippet",
)  # fmt: skip


def _marks(text: str, color: bool) -> str:
    start, end = (_BOLD, _RESET) if color else ("«", "»")
    return text.replace(HL_START, start).replace(HL_END, end)


def _doc_label(h: Hit) -> str:
    if h.doc_number:
        sep = "-" if h.doc_symbol and "/" in h.doc_symbol and "-" not in h.doc_symbol else "/"
        number = f"{h.doc_number}{sep}{h.doc_symbol}" if h.doc_symbol else h.doc_number
    else:
        number = f"…/{h.doc_symbol}" if h.doc_symbol else Path(h.source).name
    draft = "DỰ THẢO" if h.doc_draft else None
    return " · ".join(filter(None, [number, h.doc_date, h.doc_issuer, draft]))


def _due(h: Hit) -> str:
    if h.timeline_end:
        return f"{h.timeline_raw or ''} (→ {h.timeline_end})".strip()
    return h.timeline_raw or h.timeline_kind or ""


def render_hits(
    hits: list[Hit], fmt: str = "table", *, width: int = 100, color: bool = False
) -> str:
    """Hits as ``table`` (one block per hit), ``json`` (a list) or ``csv`` (a header row)."""
    if fmt == "json":
        items = []
        for h in hits:
            item = asdict(h)
            item["snippet"] = _marks(h.snippet, False)
            items.append(item)
        return json.dumps(items, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(_CSV_FIELDS)
        for h in hits:
            row = asdict(h)
            row["snippet"] = _marks(h.snippet, False)
            writer.writerow(
                spreadsheet_safe("; ".join(v) if isinstance(v := row[f], list | tuple) else v)
                for f in _CSV_FIELDS
            )
        return buf.getvalue().rstrip("\n")
    if not hits:
        return "no matching task"
    lines: list[str] = []
    wrap = max(40, width - 6)
    for i, h in enumerate(hits, 1):
        lines.append(f"{i:>3}. {_doc_label(h)}  [{h.path}]")
        body = textwrap.wrap(h.snippet, wrap) or [""]
        lines += [f"     {_marks(line, color)}" for line in body]
        fields = [
            ("Chủ trì", "; ".join(h.leads) or h.lead_raw),
            ("Phối hợp", "; ".join(h.executors) or h.executors_raw),
            ("Thời gian", _due(h)),
            ("Bản chính thức" if h.doc_draft else "Dự thảo", "; ".join(h.doc_versions)),
        ]
        extra = " | ".join(f"{k}: {v}" for k, v in fields if v)
        if extra:
            lines += [f"     {line}" for line in textwrap.wrap(extra, wrap)]
    return "\n".join(lines)


def render_citations(c: Citations, query: str) -> str:
    lines: list[str] = []
    if c.stored:
        lines.append(f"{query} itself is stored: {', '.join(c.stored)}")
    if c.versions:
        lines.append(f"its draft(s): {', '.join(c.versions)}")
    if c.ref is None:
        lines.append(f"no stored plan cites {query}")
        if c.suggestions:
            lines.append("did you mean: " + ", ".join(c.suggestions))
        return "\n".join(lines)
    r = c.ref
    head = " ".join(filter(None, [r.type, r.number or r.name]))
    lines.append(f"{head}: cited by {r.documents} plan(s) and {r.tasks} task(s)")
    if r.title:
        lines.append(f"  {r.title}")
    if c.documents:
        lines.append("plans:")
        for d in c.documents:
            where = f"  (in {', '.join(d.mentions)})" if d.mentions else ""
            label = " · ".join(filter(None, [d.date, d.issuer, d.title]))
            lines.append(f"  {d.source}  {label}{where}")
    if c.tasks:
        lines.append("tasks:")
        for t in c.tasks:
            text = textwrap.shorten(t.text, 90, placeholder=" …")
            lines.append(f"  {Path(t.source).name} [{t.path}]  {text}")
    return "\n".join(lines)


def render_top_refs(refs: list[RefSummary], fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps([asdict(r) for r in refs], ensure_ascii=False, indent=2)
    if not refs:
        return "no references stored"
    width = max(len(r.number or r.name[:40]) for r in refs)
    lines = [f"{'document':<{width}}  plans  tasks  type / title"]
    for r in refs:
        label = (r.number or r.name)[:40]
        about = " · ".join(filter(None, [r.type, r.title]))
        lines.append(
            f"{label:<{width}}  {r.documents:>5}  {r.tasks:>5}  {textwrap.shorten(about, 60)}"
        )
    return "\n".join(lines)


def render_summary(s: IngestSummary) -> str:
    rate = s.files / s.elapsed if s.elapsed > 0 else 0.0
    counts = ", ".join(f"{v} {k}" for k, v in s.counts().items())
    known = (
        f" ({s.failed_before} failed before and unchanged, not retried)" if s.failed_before else ""
    )
    pruned = f"; {s.pruned} deleted file(s) forgotten" if s.pruned else ""
    return f"{s.files} files in {s.elapsed:.1f} s ({rate:.1f}/s): {counts}{known}{pruned}"


def render_progress(p: IngestProgress, *, bar: bool) -> str:
    rate = p.done / p.elapsed if p.elapsed > 0 else 0.0
    pct = 100 * p.done / p.total if p.total else 100.0
    c = p.counts
    counts = (
        f"new {c['new']} · upd {c['updated']} · same {c['unchanged']} · dup {c['duplicate']}"
        f" · fail {c['failed']}"
    )
    if not bar:
        return f"ingest: {p.done}/{p.total} files ({pct:.0f}%), {counts}, {rate:.1f} files/s"
    filled = int(24 * p.done / p.total) if p.total else 24
    eta = (p.total - p.done) / rate if rate > 0 else 0.0
    return (
        f"[{'#' * filled}{'.' * (24 - filled)}] {p.done}/{p.total} {pct:3.0f}%  {counts}"
        f"  {rate:.1f}/s  ETA {eta:.0f}s"
    )
