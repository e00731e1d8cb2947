"""Extraction: an :class:`~pipeline.model.Outline` to a :class:`~pipeline.model.Plan`.

``extract(outline) -> Plan`` runs, in order: the header and the closing block, the plan year,
the legal references of every zone that cites (preamble, body, appendix), the tasks and sections
of the outline (field lines or inline assignments), and the appendix task tables.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from pipeline.extract.closing import extract_closing
from pipeline.extract.doubts import task_doubts
from pipeline.extract.guard import check_output
from pipeline.extract.header import extract_header, plan_year
from pipeline.extract.references import Citation, find_citations, merge_key
from pipeline.extract.tables import extract_tables
from pipeline.extract.tasks import build_tasks
from pipeline.model import (
    DocumentInfo,
    Item,
    Layout,
    LegalRef,
    Mention,
    Outline,
    Plan,
    Task,
    Text,
    Zone,
)
from pipeline.vi.fold import canon

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
    """(path, citation, line start offset) for every citing line, in document order.

    An alias defined right after a citation (``Kế hoạch số 25-KH/TU ... (sau đây gọi tắt là Đề án 06)``)
    cites that document wherever a citing line writes it later (``Đẩy mạnh thực hiện Đề án 06 ...``)."""
    text = outline.text
    notes = _notes_by_offset(text)
    note_offsets = sorted(notes)
    paths = _line_paths(outline) | extra_paths
    lines: list[tuple[str, int, str, list[Citation]]] = []
    zones = {Zone.PREAMBLE: "preamble", Zone.BODY: None, Zone.APPENDIX: None, Zone.HEADER: "title"}
    title_lines = set(outline.title_lines)
    for zone, a, b in outline.zones:
        if zone not in zones:
            continue
        for i in range(a, b):
            if zone == Zone.HEADER and i not in title_lines:
                continue  # of the header, only the title cites ("Kế hoạch thực hiện Chỉ thị số 21-CT/TW")
            line = text.lines[i]
            s = text.line_text(i)
            lo, hi = bisect_left(note_offsets, line.start), bisect_right(note_offsets, line.end)
            line_notes = {off - line.start: notes[off] for off in note_offsets[lo:hi]}  # linear overall
            path = paths.get(i) or zones[zone] or ("appendix" if zone == Zone.APPENDIX else "body")
            lines.append((path, line.start, s, find_citations(s, line_notes, own)))
    # alias -> [(document offset where its definition ends, the citation it names)], in document order
    aliases: dict[str, list[tuple[int, Citation]]] = {}
    for _, base, _, found in lines:
        for c in found:
            if c.alias and c.alias_end is not None:
                aliases.setdefault(c.alias, []).append((base + c.alias_end, c))
    out: list[tuple[str, Citation, int]] = []
    for path, base, s, found in lines:
        here = list(found)
        defined = [(c.end, c.alias_end) for c in found if c.alias_end is not None]
        for alias, named in aliases.items():
            # "Đề án 06" as a word: not "Đề án 067", "Đề án 06/QĐ-...", "Đề án này", "Đề án số 12"
            for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?![\w/-]|\s+(?:này|số)(?!\w)|\s*\d)", s):
                earlier = [c for at, c in named if at <= base + m.start()]
                if not earlier or any(a <= m.start() < b for a, b in defined):
                    continue
                cite = earlier[-1]
                if any(x.merge_key == cite.merge_key and x.start <= m.start() < x.end for x in found):
                    continue  # already a citation of it ("Đề án Định hướng ..." after "(gọi là Đề án)")
                here.append(replace(cite, start=m.start(), end=m.end(), alias=None, alias_end=None, caps=False))
        out.extend((path, c, base) for c in sorted(here, key=lambda c: c.start))
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
    """One reference per document, with every mention. The number keeps its first spelling, unless
    that came from a line in capitals (``34/2014/QĐ-TTG`` in the title) and the body spells it
    otherwise (``34/2014/QĐ-TTg``)."""
    by_key: dict[str, LegalRef] = {}
    order: list[str] = []
    mentions: dict[str, list[Mention]] = {}  # gathered apart: a tuple grown per mention is quadratic
    from_caps: set[str] = set()  # keys whose spelling so far comes from a line in capitals
    for path, c, base in cited:
        key = c.merge_key
        if not key:
            continue
        span = (base + c.start, base + c.end)
        mention = Mention(path, span)
        mentions.setdefault(key, []).append(mention)
        if key not in by_key:
            order.append(key)
            if c.caps:
                from_caps.add(key)
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
        if key in from_caps and not c.caps and c.number:
            from_caps.discard(key)
            old = replace(old, number=c.number, key=c.number)
        by_key[key] = replace(
            old,
            date=old.date or c.date,
            year=old.year or c.year,
            # "của Ban Bí thư" in the title, "của Ban Bí thư Trung ương Đảng" in the preamble: the fuller name
            issuer=c.issuer if (old.issuer and c.issuer and c.issuer.startswith(old.issuer + " ")) else (old.issuer or c.issuer),
            term=old.term or c.term,
            title=old.title if (old.title and (len(old.title) >= len(c.title or "") or old.title_from)) else c.title,
            type=old.type or c.type,
        )
    return tuple(replace(by_key[k], mentions=tuple(mentions[k])) for k in order)


def _locations(text: Text) -> tuple[tuple[int, str], ...]:
    blocks = text.source.blocks if text.source else ()
    out = []
    for line in text.lines:
        where = blocks[line.block].location if line.block < len(blocks) else ""
        out.append((line.start, where or f"block {line.block + 1}"))
    return tuple(out)


def _unique_paths(tasks: tuple[Task, ...]) -> tuple[Task, ...]:
    """A path given twice (two tables restarting at 1 under one item) gets ``~2``, ``~3``."""
    seen: dict[str, int] = {}
    out = []
    for t in tasks:
        seen[t.path] = seen.get(t.path, 0) + 1
        out.append(t if seen[t.path] == 1 else replace(t, path=f"{t.path}~{seen[t.path]}"))
    return tuple(out)


def extract(outline: Outline) -> Plan:
    """Extract the plan from a segmented text."""
    text = outline.text
    layout = Layout(outline.type_line, outline.title_lines, outline.zones)
    info = extract_header(text, layout)
    signer, recipients = extract_closing(text)  # found by its shape: a short page's zones may miss it
    if info is not None:
        info = replace(info, signer=signer, recipients=recipients)
    year = plan_year(info, text)
    own = _own_titles(info)
    table_sections, table_tasks, table_paths = extract_tables(outline, year)
    cited = _citations(outline, own, table_paths)
    own_number = (info.number or "") + (info.symbol or "") if info else ""
    if info and own_number:
        own_key = own_number.upper().replace("-", "").replace("/", "")
        own_date = info.date

        def itself(c: Citation) -> bool:
            """The plan's own number, and its date or year when the citation gives one: plan
            ``18/KH-UBND`` of 2024 citing ``Kế hoạch số 18/KH-UBND ngày 12/01/2023`` cites last year's plan."""
            if (c.number or "").upper().replace("-", "").replace("/", "") != own_key:
                return False
            if own_date.year is None:
                return True
            if c.date:
                y, m, d = (int(x) for x in c.date.split("-"))
                if own_date.month and own_date.day:
                    return (y, m, d) == (own_date.year, own_date.month, own_date.day)
                return y == own_date.year
            return c.year is None or c.year == own_date.year

        cited = [x for x in cited if not itself(x[1])]
    refs = _merge_refs(cited)
    # every mention of a document names it by the reference's chosen spelling ("34/2014/QĐ-TTg")
    spelling = {merge_key(r.number, None if r.number else r.key): r.key for r in refs}
    by_path: dict[str, list[str]] = {}
    for path, c, _ in cited:
        keys = by_path.setdefault(path, [])
        if not c.number:
            continue  # a task lists the numbers it cites (the real-plan guide); names stay in `references`
        key = spelling.get(c.merge_key, c.key)
        if key and key not in keys:
            keys.append(key)

    def refs_of(item: Item, body: str, offset: int) -> tuple[str, ...]:
        return tuple(by_path.get(item.path, ()))

    holders = {t.path.rsplit("/", 1)[0] for t in table_tasks if "/" in t.path}  # items holding a task table
    sections, tasks = build_tasks(outline, year, refs_of, holders)
    table_tasks = tuple(replace(t, references=tuple(by_path.get(t.path, ()))) for t in table_tasks)
    return Plan(
        source=text.source.path if text.source else "",
        sha256=text.source.sha256 if text.source else "",
        media_type=text.source.media_type if text.source else "text/plain",
        document=info,
        sections=tuple(sorted(sections + table_sections, key=lambda s: s.span[0])),  # document order
        tasks=_unique_paths(tuple(sorted(tasks + table_tasks, key=lambda t: t.span[0]))),
        references=refs,
        issues=text.issues + outline.issues + task_doubts(tasks + table_tasks) + check_output(info, refs),
        text=text.text,
        locations=_locations(text),
    )
