"""Extraction: an :class:`~pipeline.model.Outline` to a :class:`~pipeline.model.Plan`.

``extract(outline) -> Plan`` runs, in order: the header and the closing block, the plan year,
the legal references of every zone that cites (preamble, body, appendix), the tasks and sections
of the outline (field lines or inline assignments), and the appendix task tables.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.extract.header import extract_closing, extract_header, plan_year
from pipeline.extract.references import Citation, find_citations
from pipeline.extract.tables import extract_tables
from pipeline.extract.tasks import build_tasks
from pipeline.model import DocumentInfo, Item, LegalRef, Mention, Outline, Plan, Text, Zone
from pipeline.normalize.fold import canon
from pipeline.segment.zones import find_zones

__all__ = ["extract"]


def _notes_by_offset(text: Text) -> dict[int, str]:
    notes = dict(text.notes)
    return {off: notes[nid] for off, nid in text.note_refs if nid in notes}


def _line_paths(outline: Outline) -> dict[int, str]:
    paths: dict[int, str] = {}
    for item in outline.items:
        for i in item.lines:
            paths[i] = item.path
    return paths


def _citations(outline: Outline, own: tuple[str, ...], extra_paths: dict[int, str]) -> list[tuple[str, Citation, int]]:
    """(path, citation, line start offset) for every citing line, in document order."""
    text = outline.text
    notes = _notes_by_offset(text)
    paths = _line_paths(outline) | extra_paths
    out: list[tuple[str, Citation, int]] = []
    zones = {Zone.PREAMBLE: "preamble", Zone.BODY: None, Zone.APPENDIX: None, Zone.HEADER: "title"}
    title_lines = set(find_zones(text).title_lines)
    for zone, a, b in outline.zones:
        if zone not in zones:
            continue
        for i in range(a, b):
            if zone == Zone.HEADER and i not in title_lines:
                continue  # of the header, only the title cites ("Kế hoạch thực hiện Chỉ thị số 21-CT/TW")
            line = text.lines[i]
            s = text.line_text(i)
            line_notes = {off - line.start: t for off, t in notes.items() if line.start <= off <= line.end}
            path = paths.get(i) or zones[zone] or ("appendix" if zone == Zone.APPENDIX else "body")
            for c in find_citations(s, line_notes, own):
                out.append((path, c, line.start))
    return out


def _own_titles(info: DocumentInfo | None) -> tuple[str, ...]:
    """The plan's own names (and its attachment's): never a reference of itself."""
    if info is None:
        return ()
    names = []
    if info.doc_type and info.title:
        names.append(f"{info.doc_type} {info.title}")
    if info.attachment and info.attachment.title:
        names.append(f"{info.attachment.doc_type} {info.attachment.title}")
    return tuple(canon(n) for n in names)


def _merge_refs(cited: list[tuple[str, Citation, int]]) -> tuple[LegalRef, ...]:
    by_key: dict[str, LegalRef] = {}
    order: list[str] = []
    for path, c, base in cited:
        key = (c.number or "").upper().replace(" ", "") or canon(c.name or "")
        if not key:
            continue
        span = (base + c.start, base + c.end)
        mention = Mention(path, span)
        if key not in by_key:
            order.append(key)
            by_key[key] = LegalRef(
                key=c.number or c.name or "",
                number=c.number,
                type=c.type,
                date=c.date,
                year=c.year,
                issuer=c.issuer,
                term=c.term,
                title=c.title,
                title_from=c.title_from,
                mentions=(mention,),
                span=span,
            )
            continue
        old = by_key[key]
        by_key[key] = replace(
            old,
            date=old.date or c.date,
            year=old.year or c.year,
            issuer=old.issuer or c.issuer,
            term=old.term or c.term,
            title=old.title if (old.title and (len(old.title) >= len(c.title or "") or old.title_from)) else c.title,
            type=old.type or c.type,
            mentions=(*old.mentions, mention),
        )
    return tuple(by_key[k] for k in order)


def _locations(text: Text) -> tuple[tuple[int, str], ...]:
    blocks = text.source.blocks if text.source else ()
    out = []
    for line in text.lines:
        where = blocks[line.block].location if line.block < len(blocks) else ""
        out.append((line.start, where or f"block {line.block + 1}"))
    return tuple(out)


def extract(outline: Outline) -> Plan:
    """Extract the plan from a segmented text."""
    text = outline.text
    layout = find_zones(text)
    info = extract_header(text, layout)
    signer, recipients = extract_closing(text, layout)
    if info is not None:
        info = replace(info, signer=signer, recipients=recipients)
    year = plan_year(info, text)
    own = _own_titles(info)
    table_sections, table_tasks, table_paths = extract_tables(outline, year)
    cited = _citations(outline, own, table_paths)
    own_number = (info.number or "") + (info.symbol or "") if info else ""
    if own_number:
        own_key = own_number.upper().replace("-", "").replace("/", "")
        cited = [x for x in cited if (x[1].number or "").upper().replace("-", "").replace("/", "") != own_key]
    refs = _merge_refs(cited)
    by_path: dict[str, list[str]] = {}
    for path, c, _ in cited:
        keys = by_path.setdefault(path, [])
        if c.key and c.key not in keys:
            keys.append(c.key)

    def refs_of(item: Item, body: str, offset: int) -> tuple[str, ...]:
        return tuple(by_path.get(item.path, ()))

    sections, tasks = build_tasks(outline, year, refs_of)
    table_tasks = tuple(replace(t, references=tuple(by_path.get(t.path, ()))) for t in table_tasks)
    return Plan(
        source=text.source.path if text.source else "",
        sha256=text.source.sha256 if text.source else "",
        media_type=text.source.media_type if text.source else "text/plain",
        document=info,
        sections=sections + table_sections,
        tasks=tasks + table_tasks,
        references=refs,
        issues=text.issues + outline.issues,
        text=text.text,
        locations=_locations(text),
    )
