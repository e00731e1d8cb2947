"""Extraction: an :class:`~pipeline.model.Outline` to a :class:`~pipeline.model.Plan`.

``extract(outline, tools) -> Plan`` runs, in order: the header and the closing block, the plan
year, the appendix task tables, the legal references of every zone that cites (preamble, body,
appendix: found line by line, then resolved by :mod:`pipeline.extract.resolve`), and the tasks and
sections of the outline (field lines or inline assignments). ``tools``
(:class:`~pipeline.extract.tools.Tools`) carry the NLP pipeline and the party parser; extraction
never loads them itself.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from pipeline.extract.closing import extract_closing
from pipeline.extract.doubts import task_doubts
from pipeline.extract.guard import check_output
from pipeline.extract.header import extract_header, plan_year
from pipeline.extract.references import find_citations
from pipeline.extract.resolve import (
    CitingLine,
    drop_self,
    keys_by_path,
    merge_refs,
    resolve_aliases,
)
from pipeline.extract.tables import extract_tables
from pipeline.extract.tasks import build_tasks
from pipeline.extract.tools import Tools
from pipeline.model import (
    DocumentInfo,
    Issue,
    Item,
    Layout,
    Outline,
    Plan,
    Task,
    Text,
    Zone,
)
from pipeline.vi.fold import canon

__all__ = ["extract", "Tools"]


def _notes_by_offset(text: Text) -> dict[int, str]:
    notes = dict(text.notes)
    return {off: notes[nid] for off, nid in text.note_refs if nid in notes}


def _line_paths(outline: Outline) -> dict[int, str]:
    paths: dict[int, str] = {}
    for item in outline.items:
        for i in item.lines:
            paths[i] = item.path
    return paths

# citations searched in one document: the corpus's plans cite tens of documents, a page repeating
# one citation thousands of times is cut here (EXT009), issue 12's bounded counts
MAX_CITATIONS = 2000


def _find(
    outline: Outline, own: tuple[str, ...], extra_paths: dict[int, str], tools: Tools
) -> tuple[list[CitingLine], tuple[Issue, ...]]:
    """Step 1, finding: the citations of every citing line (its path, start offset, text), in
    document order. Of the header, only the title cites (``Kế hoạch thực hiện Chỉ thị số 21-CT/TW``).

    Past :data:`MAX_CITATIONS` citations the later lines are not searched (their text stays as it
    is) and one ``EXT009`` issue says how many lines were passed over: a real plan cites tens of
    documents, a page repeating a citation thousands of times would otherwise cost seconds."""
    text = outline.text
    notes = _notes_by_offset(text)
    note_offsets = sorted(notes)
    paths = _line_paths(outline) | extra_paths
    lines: list[CitingLine] = []
    zones = {Zone.PREAMBLE: "preamble", Zone.BODY: None, Zone.APPENDIX: None, Zone.HEADER: "title"}
    title_lines = set(outline.title_lines)
    count, skipped, first_skipped = 0, 0, ""
    for zone, a, b in outline.zones:
        if zone not in zones:
            continue
        for i in range(a, b):
            if zone == Zone.HEADER and i not in title_lines:
                continue
            line = text.lines[i]
            s = text.line_text(i)
            lo, hi = bisect_left(note_offsets, line.start), bisect_right(note_offsets, line.end)
            line_notes = {off - line.start: notes[off] for off in note_offsets[lo:hi]}  # linear overall
            path = paths.get(i) or zones[zone] or ("appendix" if zone == Zone.APPENDIX else "body")
            if count >= MAX_CITATIONS:
                skipped, first_skipped = skipped + 1, first_skipped or path
                continue
            found = tuple(find_citations(s, line_notes, own, tools=tools))
            count += len(found)
            lines.append(CitingLine(path, line.start, s, found))
    if not skipped:
        return lines, ()
    message = f"{skipped} lines after the first {MAX_CITATIONS:,} citations were not searched for citations (first: {first_skipped})"
    return lines, (Issue("EXT009", message, path=first_skipped),)


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


def extract(outline: Outline, tools: Tools) -> Plan:
    """Extract the plan from a segmented text, with the NLP pipeline and party parser of ``tools``
    (:func:`pipeline.run.default_tools` gives the defaults)."""
    text = outline.text
    layout = Layout(outline.type_line, outline.title_lines, outline.zones)
    info = extract_header(text, layout)
    signer, recipients = extract_closing(text)  # found by its shape: a short page's zones may miss it
    if info is not None:
        info = replace(info, signer=signer, recipients=recipients)
    year = plan_year(info, text)
    table_sections, table_tasks, table_paths = extract_tables(outline, year, tools)
    # references: found line by line, then resolved (aliases, the plan itself, one per document)
    found, capped = _find(outline, _own_titles(info), table_paths, tools)
    cited = drop_self(resolve_aliases(found), info)
    refs = merge_refs(cited)
    by_path = keys_by_path(cited, refs)

    def refs_of(item: Item, body: str, offset: int) -> tuple[str, ...]:
        return by_path.get(item.path, ())

    holders = {t.path.rsplit("/", 1)[0] for t in table_tasks if "/" in t.path}  # items holding a task table
    sections, tasks = build_tasks(outline, year, refs_of, tools, holders)
    table_tasks = tuple(replace(t, references=by_path.get(t.path, ())) for t in table_tasks)
    return Plan(
        source=text.source.path if text.source else "",
        sha256=text.source.sha256 if text.source else "",
        media_type=text.source.media_type if text.source else "text/plain",
        document=info,
        sections=tuple(sorted(sections + table_sections, key=lambda s: s.span[0])),  # document order
        tasks=_unique_paths(tuple(sorted(tasks + table_tasks, key=lambda t: t.span[0]))),
        references=refs,
        issues=text.issues + outline.issues + capped + task_doubts(tasks + table_tasks) + check_output(info, refs),
        text=text.text,
        locations=_locations(text),
    )
