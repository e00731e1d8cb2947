"""The one place that spells out the JSON of a plan (the contract, version 1).

``plan_to_dict(plan) -> dict``: the contract's fields with their names, plus kehoach's own
additions (``span``, ``mentions``, ``kind`` on parties, ``level`` on sections, ``product``,
``inferred_year``, ``issues``, ``source``). Lists keep document order, so output is stable.

``plan_from_dict(data) -> Plan``: the way back, so every public verb composes
(``diff_plans(plan_from_dict(json.load(fh)), extract_file(path))``). It accepts what
``plan_to_dict`` writes and the contract's gold files (fields it lacks take their defaults); the
normalized text is not in the JSON, so ``plan.text`` is empty.
"""

from __future__ import annotations

from typing import Any

from pipeline import __version__
from pipeline.model import (
    Attachment,
    DocumentInfo,
    Issue,
    LegalRef,
    Mention,
    PartialDate,
    Party,
    PartyGroup,
    Plan,
    Section,
    Severity,
    Signer,
    Task,
    Timeline,
)

__all__ = ["plan_to_dict", "plan_from_dict", "CONTRACT_VERSION"]

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


# ------------------------------------------------------------------------------ the way back


def _span(value: Any) -> tuple[int, int] | None:
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(x, int) for x in value):
        return (value[0], value[1])
    return None


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _party_back(p: Any) -> Party:
    if isinstance(p, str):
        return Party(p)
    d = _obj(p)
    return Party(str(d.get("name") or ""), str(d.get("kind") or "org"), _str(d.get("raw")))


def _group_back(g: Any) -> PartyGroup:
    d = _obj(g)
    return PartyGroup(
        _str(d.get("raw")),
        tuple(_party_back(p) for p in d.get("parties") or ()),
        bool(d.get("and_related")),
        _span(d.get("span")),
    )


def _timeline_back(t: Any) -> Timeline:
    d = _obj(t)
    return Timeline(
        _str(d.get("raw")), str(d.get("kind") or "unspecified"), _str(d.get("start")),
        _str(d.get("end")), bool(d.get("inferred_year")), _span(d.get("span")),
    )  # fmt: skip


def _task_back(d: dict[str, Any]) -> Task:
    refs = tuple(
        r if isinstance(r, str) else str(_obj(r).get("key") or _obj(r).get("number") or "")
        for r in d.get("references") or ()
    )
    return Task(
        str(d.get("path") or ""), _str(d.get("number")), str(d.get("text") or ""),
        _group_back(d.get("lead")), _group_back(d.get("executors")),
        _timeline_back(d.get("timeline")), refs, _span(d.get("span")) or (0, 0),
        _str(d.get("product")),
    )  # fmt: skip


def _reference_back(d: dict[str, Any]) -> LegalRef:
    mentions = tuple(
        Mention(str(m.get("path") or ""), _span(m.get("span")) or (0, 0))
        for m in (d.get("mentions") or ())
        if isinstance(m, dict)
    ) or tuple(Mention(str(path), (0, 0)) for path in d.get("in") or () if isinstance(path, str))
    year = d.get("year")
    return LegalRef(
        key=str(d.get("key") or d.get("number") or d.get("title") or ""),
        number=_str(d.get("number")), type=_str(d.get("type")), date=_str(d.get("date")),
        year=year if isinstance(year, int) else None, issuer=_str(d.get("issuer")),
        term=_str(d.get("term")), title=_str(d.get("title")), title_from=_str(d.get("title_from")),
        mentions=mentions, span=_span(d.get("span")),
    )  # fmt: skip


def _document_back(d: Any) -> DocumentInfo | None:
    if not isinstance(d, dict):
        return None
    date = _obj(d.get("date"))
    signer = d.get("signer")
    attachment = d.get("attachment")

    def num(key: str) -> int | None:
        return date.get(key) if isinstance(date.get(key), int) else None

    return DocumentInfo(
        system=_str(d.get("system")), doc_type=_str(d.get("doc_type")),
        number=_str(d.get("number")), symbol=_str(d.get("symbol")), issuer=_str(d.get("issuer")),
        parent_issuer=_str(d.get("parent_issuer")), place=_str(d.get("place")),
        date=PartialDate(num("year"), num("month"), num("day")), title=_str(d.get("title")),
        draft=bool(d.get("draft")),
        signer=(
            Signer(_str(signer.get("authority")), _str(signer.get("position")), _str(signer.get("name")))
            if isinstance(signer, dict) else None
        ),
        recipients=tuple(r for r in d.get("recipients") or () if isinstance(r, str)),
        attachment=(
            Attachment(str(attachment.get("doc_type") or ""), _str(attachment.get("title")))
            if isinstance(attachment, dict) else None
        ),
        draft_label=_str(d.get("draft_label")),
    )  # fmt: skip


def _severity(value: Any) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        return Severity.WARNING


def plan_from_dict(data: dict[str, Any]) -> Plan:
    """The :class:`~pipeline.model.Plan` of a plan JSON object (``plan_to_dict`` output or a
    gold file). ``plan_to_dict(plan_from_dict(d))`` gives ``d`` back for ``plan_to_dict`` output.

    Raises:
        pipeline.errors.NotAPlanError: ``data`` is not a plan object.
    """
    from pipeline.diff.load import check_plan_dict

    check_plan_dict(data)
    source = data.get("source")
    source = source if isinstance(source, dict) else {"path": source or data.get("source_file")}
    tasks = tuple(_task_back(t) for t in data.get("tasks") or ())
    located: set[tuple[int, str]] = set()
    for t, d in zip(tasks, data.get("tasks") or (), strict=True):
        if d.get("source_location"):
            located.add((t.span[0], str(d["source_location"])))
    for r in data.get("references") or ():
        for m in _obj(r).get("mentions") or ():
            span = _span(_obj(m).get("span"))
            if span and m.get("source_location"):
                located.add((span[0], str(m["source_location"])))
    locations = sorted(located)
    return Plan(
        source=str(source.get("path") or ""),
        sha256=str(source.get("sha256") or ""),
        media_type=str(source.get("media_type") or ""),
        document=_document_back(data.get("document")),
        sections=tuple(
            Section(
                str(s.get("path") or ""), _str(s.get("number")), str(s.get("heading") or ""),
                int(s.get("level") or 0), _span(s.get("span")) or (0, 0),
            )  # fmt: skip
            for s in data.get("sections") or ()
        ),
        tasks=tasks,
        references=tuple(_reference_back(r) for r in data.get("references") or () if isinstance(r, dict)),
        issues=tuple(
            Issue(str(i.get("code") or ""), str(i.get("message") or ""), _severity(i.get("severity")), _str(i.get("path")))
            for i in data.get("issues") or ()
            if isinstance(i, dict)
        ),
        locations=tuple(locations),
    )
