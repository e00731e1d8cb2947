"""Plan dict (the JSON contract) to the rows the store writes: pure, no database.

:func:`plan_rows` runs in the ingest worker processes, so the parent only executes
``INSERT`` statements. It is tolerant of partial plans: missing keys read as empty, a
``document`` of ``null`` (not an official paper) gives empty header fields.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pipeline.store.textkeys import fold_key, index_text, number_key, party_key

__all__ = [
    "DocumentRows",
    "DocumentRow",
    "TaskRow",
    "PartyRow",
    "RefRow",
    "SectionRow",
    "plan_rows",
    "document_identity",
    "rendition_rank",
]

_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class PartyRow:
    """One party of a task. ``name`` is the spelling the task was written with (displayed as
    it is: case, tone placement and ``đ`` kept); ``key`` groups the spellings of one party;
    ``alts`` are its other spellings in this task (raw text, alternatives), sorted."""

    name: str
    key: str
    kind: str
    alts: tuple[str, ...] = ()

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every spelling of the party in this task, the written one first."""
        return (self.name, *self.alts)

    @property
    def alts_json(self) -> str | None:
        return json.dumps(list(self.alts), ensure_ascii=False) if self.alts else None


@dataclass(frozen=True, slots=True)
class SectionRow:
    ord: int
    path: str
    number: str | None
    heading: str
    level: int | None


@dataclass(frozen=True, slots=True)
class RefRow:
    key: str
    number: str | None
    name: str
    type: str | None
    date: str | None
    issuer: str | None
    term: str | None
    title: str | None
    mentions: str  # JSON list of the paths citing it


@dataclass(frozen=True, slots=True)
class TaskRow:
    ord: int
    path: str
    number: str | None
    section_path: str | None
    text: str
    lead_raw: str | None
    executors_raw: str | None
    and_related: bool
    timeline_raw: str | None
    timeline_kind: str | None
    timeline_start: str | None
    timeline_end: str | None
    product: str | None
    span_start: int | None
    span_end: int | None
    leads: tuple[PartyRow, ...]
    executors: tuple[PartyRow, ...]
    refs: tuple[str, ...]  # RefRow keys
    fts: tuple[str, str, str, str]  # folded text, lead, executors, context


@dataclass(frozen=True, slots=True)
class DocumentRow:
    sha256: str
    pipeline_version: str
    media_type: str | None
    size: int | None
    system: str | None
    doc_type: str | None
    number: str | None
    symbol: str | None
    number_key: str | None
    issuer: str | None
    parent_issuer: str | None
    issuer_fold: str
    place: str | None
    year: int | None
    month: int | None
    day: int | None
    title: str | None
    draft: bool
    signer: str | None  # JSON
    recipients: str  # JSON list
    plan_json: str
    identity: str = ""  # see document_identity
    ocr: bool = False  # some page of this rendition was read by OCR


@dataclass(frozen=True, slots=True)
class DocumentRows:
    document: DocumentRow
    sections: tuple[SectionRow, ...]
    tasks: tuple[TaskRow, ...]
    refs: tuple[RefRow, ...]


def _str(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _iso(value: Any) -> str | None:
    s = _str(value)
    return s if s and _ISO_DATE_RE.match(s) else None


def _spelling(value: Any) -> str | None:
    s = _str(value)
    return unicodedata.normalize("NFC", s) if s else None


def _parties(group: Any) -> tuple[PartyRow, ...]:
    out: dict[str, PartyRow] = {}
    for p in (group or {}).get("parties") or ():
        name = _spelling(p.get("name")) if isinstance(p, dict) else _spelling(p)
        if not name:
            continue
        key = party_key(name)
        if not key or key in out:
            continue
        spellings: set[str] = set()
        if isinstance(p, dict):
            alts = p.get("alts")
            others = (p.get("raw"), *(alts if isinstance(alts, list | tuple) else ()))
            spellings.update(s for s in map(_spelling, others) if s)
        spellings.discard(name)
        kind = (_str(p.get("kind")) if isinstance(p, dict) else None) or "org"
        out[key] = PartyRow(name=name, key=key, kind=kind, alts=tuple(sorted(spellings)))
    return tuple(out.values())


def _ref_key(ref: dict[str, Any]) -> tuple[str, str] | None:
    """(key, display name) of a plan-level reference, numbered or cited by name."""
    number = _str(ref.get("number"))
    if number and (key := number_key(number)):
        return key, number
    name = _str(ref.get("key")) or _str(ref.get("title"))
    if not name:
        return None
    return fold_key(name), name


def _refs(plan: dict[str, Any]) -> tuple[tuple[RefRow, ...], dict[str, str]]:
    """The plan's references (merged by key) and a lookup from any spelling to the key."""
    rows: dict[str, RefRow] = {}
    lookup: dict[str, str] = {}
    for ref in plan.get("references") or ():
        if not isinstance(ref, dict) or not (k := _ref_key(ref)):
            continue
        key, name = k
        for spelling in (ref.get("number"), ref.get("key")):
            if s := _str(spelling):
                lookup[s] = key
        if key in rows:
            continue
        paths = ref.get("mentions") or ref.get("in") or ()
        mentions = [m.get("path") if isinstance(m, dict) else m for m in paths]
        rows[key] = RefRow(
            key=key,
            number=_str(ref.get("number")),
            name=name,
            type=_str(ref.get("type")),
            date=_iso(ref.get("date")),
            issuer=_str(ref.get("issuer")),
            term=_str(ref.get("term")),
            title=_str(ref.get("title")),
            mentions=json.dumps(sorted({str(m) for m in mentions if m}), ensure_ascii=False),
        )
    return tuple(rows.values()), lookup


def _task_ref_key(cited: Any, lookup: dict[str, str]) -> tuple[str, str] | None:
    s = _str(cited)
    if not s:
        return None
    if s in lookup:
        return lookup[s], s
    if any(ch.isdigit() for ch in s) and (key := number_key(s)):
        return key, s
    return fold_key(s), s


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _group_fold(group: dict[str, Any], parties: tuple[PartyRow, ...]) -> str:
    names = [p.name for p in parties]
    aliases = [a for p in parties for a in p.alts]
    return index_text(" ; ".join(filter(None, [_str(group.get("raw")), *names, *aliases])))


# Renditions of one document, best first, when none was read by OCR (a text layer is exact).
_MEDIA_ORDER = ("docx", "docm", "html", "htm", "txt", "plain", "pdf", "msword", "doc", "json")


def document_identity(
    *, number_key: str | None, issuer: str | None, year: int | None, month: int | None,
    day: int | None, draft: bool, sha256: str,
) -> str:  # fmt: skip
    """What makes two files one document: issuer, number and symbol, date (and the draft
    mark: a draft and its final version are two documents). A file without a number, an
    issuer or a year is its own document (its hash).

    >>> document_identity(number_key="120-kh-ubnd", issuer="UBND tỉnh Quảng Trị", year=2024,
    ...                   month=3, day=None, draft=False, sha256="ab")
    'doc:120-kh-ubnd|ubnd tinh quang tri|2024-03'
    """
    if not (number_key and fold_key(issuer) and year):
        return f"sha256:{sha256}"
    date = "-".join(f"{v:02d}" for v in (year, month, day) if v is not None)
    return f"doc:{number_key}|{fold_key(issuer)}|{date}" + ("|draft" if draft else "")


def rendition_rank(media_type: str | None, ocr: bool, sha256: str) -> tuple[int, int, str]:
    """Sort key of a document's renditions, best first: a text layer over OCR, then the
    format (:data:`_MEDIA_ORDER`), then the hash (so any order of arrival picks the same)."""
    media = (media_type or "").lower()
    order = next((i for i, m in enumerate(_MEDIA_ORDER) if m in media), len(_MEDIA_ORDER))
    return (int(ocr), order, sha256)


def _read_by_ocr(plan: dict[str, Any]) -> bool:
    issues = plan.get("issues") or ()
    return any(isinstance(i, dict) and i.get("code") in ("READ005", "READ006") for i in issues)


def plan_rows(
    plan: dict[str, Any],
    *,
    sha256: str,
    pipeline_version: str,
    media_type: str | None = None,
    size: int | None = None,
) -> DocumentRows:
    """Rows for one plan dict. Deterministic: the same plan always gives the same rows."""
    doc = plan.get("document") or {}
    date = doc.get("date") or {}
    headings = {
        s["path"]: _str(s.get("heading")) or ""
        for s in plan.get("sections") or ()
        if isinstance(s, dict) and s.get("path")
    }
    sections = tuple(
        SectionRow(
            i,
            str(s["path"]),
            _str(s.get("number")),
            _str(s.get("heading")) or "",
            _int(s.get("level")),
        )
        for i, s in enumerate(plan.get("sections") or ())
        if isinstance(s, dict) and s.get("path")
    )
    refs, lookup = _refs(plan)
    known = {r.key for r in refs}
    extra_refs: dict[str, RefRow] = {}
    title = _str(doc.get("title"))
    tasks = []
    for i, t in enumerate(plan.get("tasks") or ()):
        if not isinstance(t, dict):
            continue
        path = _str(t.get("path")) or f"#{i + 1}"
        lead = t.get("lead") or {}
        executors = t.get("executors") or {}
        timeline = t.get("timeline") or {}
        span = t.get("span") or (None, None)
        leads, execs = _parties(lead), _parties(executors)
        task_refs: list[str] = []
        for cited in t.get("references") or ():
            if not (k := _task_ref_key(cited, lookup)):
                continue
            key, name = k
            if key not in task_refs:
                task_refs.append(key)
            if key not in known and key not in extra_refs:
                number = name if any(ch.isdigit() for ch in name) else None
                extra_refs[key] = RefRow(key, number, name, None, None, None, None, None, "[]")
        ancestors = [a for a in _ancestors(path) if a in headings]
        text = _str(t.get("text")) or ""
        context = " ; ".join(filter(None, [*(headings[a] for a in ancestors), title or ""]))
        tasks.append(
            TaskRow(
                ord=i,
                path=path,
                number=_str(t.get("number")),
                section_path=ancestors[-1] if ancestors else None,
                text=text,
                lead_raw=_str(lead.get("raw")),
                executors_raw=_str(executors.get("raw")),
                and_related=bool(executors.get("and_related")),
                timeline_raw=_str(timeline.get("raw")),
                timeline_kind=_str(timeline.get("kind")),
                timeline_start=_iso(timeline.get("start")),
                timeline_end=_iso(timeline.get("end")),
                product=_str(t.get("product")),
                span_start=_int(span[0]) if len(span) == 2 else None,
                span_end=_int(span[1]) if len(span) == 2 else None,
                leads=leads,
                executors=execs,
                refs=tuple(task_refs),
                fts=(
                    index_text(text),
                    _group_fold(lead, leads),
                    _group_fold(executors, execs),
                    index_text(context),
                ),
            )
        )
    number, symbol = _str(doc.get("number")), _str(doc.get("symbol"))
    issuer, parent = _str(doc.get("issuer")), _str(doc.get("parent_issuer"))
    signer = doc.get("signer")
    key = number_key(f"{number} {symbol or ''}") if number else None
    year, month, day = _int(date.get("year")), _int(date.get("month")), _int(date.get("day"))
    document = DocumentRow(
        sha256=sha256,
        pipeline_version=pipeline_version,
        media_type=media_type or _str(plan.get("media_type")),
        size=size,
        system=_str(doc.get("system")),
        doc_type=_str(doc.get("doc_type")),
        number=number,
        symbol=symbol,
        number_key=key,
        issuer=issuer,
        parent_issuer=parent,
        issuer_fold=fold_key(" ; ".join(filter(None, [issuer, parent]))),
        place=_str(doc.get("place")),
        year=year,
        month=month,
        day=day,
        title=title,
        draft=bool(doc.get("draft")),
        signer=json.dumps(signer, ensure_ascii=False, sort_keys=True) if signer else None,
        recipients=json.dumps(list(doc.get("recipients") or ()), ensure_ascii=False),
        plan_json=json.dumps(plan, ensure_ascii=False, separators=(",", ":")),
        identity=document_identity(
            number_key=key, issuer=issuer, year=year, month=month, day=day,
            draft=bool(doc.get("draft")), sha256=sha256,
        ),  # fmt: skip
        ocr=_read_by_ocr(plan),
    )
    return DocumentRows(document, sections, tuple(tasks), refs + tuple(extra_refs.values()))
