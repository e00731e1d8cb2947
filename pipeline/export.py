"""The one place that spells out the JSON of a plan (the contract, version 1).

``plan_to_dict(plan) -> dict``: the contract's fields with their names, plus kehoach's own
additions (``span``, ``mentions``, ``kind`` on parties, ``level`` on sections, ``product``,
``inferred_year``, ``issues``, ``source``). Lists keep document order, so output is stable.
"""

from __future__ import annotations

from typing import Any

from pipeline import __version__
from pipeline.model import DocumentInfo, LegalRef, Party, PartyGroup, Plan, Section, Task, Timeline

__all__ = ["plan_to_dict", "CONTRACT_VERSION"]

CONTRACT_VERSION = 1


def _party(p: Party) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "kind": p.kind}
    if p.raw and p.raw != p.name:
        out["raw"] = p.raw
    return out


def _group(g: PartyGroup, with_related: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"raw": g.raw, "parties": [_party(p) for p in g.parties]}
    if with_related:
        out["and_related"] = g.and_related
    if g.span:
        out["span"] = list(g.span)
    return out


def _timeline(t: Timeline) -> dict[str, Any]:
    # no time given: kind null (the contract), not "unspecified" (a phrase like "Theo tiến độ")
    kind = t.kind if t.raw is not None else None
    out: dict[str, Any] = {"raw": t.raw, "kind": kind, "start": t.start, "end": t.end}
    if t.inferred_year:
        out["inferred_year"] = True
    if t.span:
        out["span"] = list(t.span)
    return out


def _task(t: Task, plan: Plan) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": t.path,
        "number": t.number,
        "text": t.text,
        "lead": _group(t.lead, False),
        "executors": _group(t.executors, True),
        "timeline": _timeline(t.timeline),
        "references": list(t.references),
        "span": list(t.span),
    }
    where = plan.location_of(t.span[0])
    if where:
        out["source_location"] = where
    if t.product:
        out["product"] = t.product
    return out


def _section(s: Section) -> dict[str, Any]:
    return {"path": s.path, "number": s.number, "heading": s.heading, "level": s.level, "span": list(s.span)}


def _reference(r: LegalRef, plan: Plan) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": r.key,
        "number": r.number,
        "type": r.type,
        "date": r.date,
        "issuer": r.issuer,
        "term": r.term,
        "title": r.title,
    }
    if r.year is not None:
        out["year"] = r.year
    if r.title_from:
        out["title_from"] = r.title_from
    out["in"] = list(dict.fromkeys(m.path for m in r.mentions))
    out["mentions"] = [_mention(m.path, m.span, plan) for m in r.mentions]
    out["span"] = list(r.span) if r.span else None
    return out


def _mention(path: str, span: tuple[int, int], plan: Plan) -> dict[str, Any]:
    out: dict[str, Any] = {"path": path, "span": list(span)}
    where = plan.location_of(span[0])
    if where:
        out["source_location"] = where
    return out


def _document(d: DocumentInfo | None) -> dict[str, Any] | None:
    if d is None:
        return None
    out: dict[str, Any] = {
        "system": d.system,
        "doc_type": d.doc_type,
        "number": d.number,
        "symbol": d.symbol,
        "issuer": d.issuer,
        "parent_issuer": d.parent_issuer,
        "place": d.place,
        "date": {"year": d.date.year, "month": d.date.month, "day": d.date.day},
        "title": d.title,
        "draft": d.draft,
        "signer": (
            {"authority": d.signer.authority, "position": d.signer.position, "name": d.signer.name}
            if d.signer
            else None
        ),
        "attachment": (
            {"doc_type": d.attachment.doc_type, "title": d.attachment.title} if d.attachment else None
        ),
        "recipients": list(d.recipients),
    }
    if d.draft_label:
        out["draft_label"] = d.draft_label
    return out


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as the contract's JSON object (see ``schemas/plan.schema.json``)."""
    return {
        "contract_version": CONTRACT_VERSION,
        "source": {
            "path": plan.source,
            "sha256": plan.sha256,
            "media_type": plan.media_type,
            "extractor": f"kehoach {__version__}",
        },
        "document": _document(plan.document),
        "sections": [_section(s) for s in plan.sections],
        "tasks": [_task(t, plan) for t in plan.tasks],
        "references": [_reference(r, plan) for r in plan.references],
        "issues": [
            {"code": i.code, "severity": str(i.severity), "message": i.message, "path": i.path}
            for i in plan.issues
        ],
    }
