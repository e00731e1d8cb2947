"""Resolving citations: what the citations found line by line (:mod:`pipeline.extract.references`)
refer to, as one reference per document.

Three steps, each a pure function over the citing lines:

1. :func:`resolve_aliases`: a short name defined right after a citation (``Kế hoạch số 25-KH/TU
   ... (sau đây gọi tắt là Đề án 06)``) cites that document wherever a later line writes it;
2. :func:`drop_self`: the plan's own number is not a reference of itself (its own date or year
   decides when the citation gives one: plan ``18/KH-UBND`` of 2024 citing ``Kế hoạch số
   18/KH-UBND ngày 12/01/2023`` cites last year's plan);
3. :func:`merge_refs`: one :class:`~pipeline.model.LegalRef` per document with every mention, and
   :func:`keys_by_path`: the numbers each task or section cites, spelt as its reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.extract.references import Citation, merge_key
from pipeline.model import DocumentInfo, LegalRef, Mention

__all__ = ["CitingLine", "Cited", "resolve_aliases", "drop_self", "merge_refs", "keys_by_path"]


@dataclass(frozen=True)
class CitingLine:
    """A line that may cite: the outline path it belongs to, its start offset, its text and the
    citations found in it (offsets relative to the line)."""

    path: str
    base: int
    text: str
    found: tuple[Citation, ...]


# (path, citation, start offset of its line)
Cited = tuple[str, Citation, int]


def resolve_aliases(lines: list[CitingLine]) -> list[Cited]:
    """Every citation of every line, in document order, with the later uses of aliases added."""
    aliases: dict[str, list[tuple[int, Citation]]] = {}  # alias -> [(offset its definition ends, citation)]
    for line in lines:
        for c in line.found:
            if c.alias and c.alias_end is not None:
                aliases.setdefault(c.alias, []).append((line.base + c.alias_end, c))
    out: list[Cited] = []
    for line in lines:
        here = list(line.found)
        defined = [(c.end, c.alias_end) for c in line.found if c.alias_end is not None]
        for alias, named in aliases.items():
            # "Đề án 06" as a word: not "Đề án 067", "Đề án 06/QĐ-...", "Đề án này", "Đề án số 12"
            for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?![\w/-]|\s+(?:này|số)(?!\w)|\s*\d)", line.text):
                earlier = [c for at, c in named if at <= line.base + m.start()]
                if not earlier or any(a <= m.start() < b for a, b in defined):
                    continue
                cite = earlier[-1]
                if any(x.merge_key == cite.merge_key and x.start <= m.start() < x.end for x in line.found):
                    continue  # already a citation of it ("Đề án Định hướng ..." after "(gọi là Đề án)")
                here.append(replace(cite, start=m.start(), end=m.end(), alias=None, alias_end=None, caps=False))
        out.extend((line.path, c, line.base) for c in sorted(here, key=lambda c: c.start))
    return out


def _bare(number: str) -> str:
    return number.upper().replace("-", "").replace("/", "")


def drop_self(cited: list[Cited], info: DocumentInfo | None) -> list[Cited]:
    """The citations that are not the document's own number (see the module's step 2)."""
    own_number = (info.number or "") + (info.symbol or "") if info else ""
    if info is None or not own_number:
        return cited
    own_key, own_date = _bare(own_number), info.date

    def itself(c: Citation) -> bool:
        if _bare(c.number or "") != own_key:
            return False
        if own_date.year is None:
            return True
        if c.date:
            y, m, d = (int(x) for x in c.date.split("-"))
            if own_date.month and own_date.day:
                return (y, m, d) == (own_date.year, own_date.month, own_date.day)
            return y == own_date.year
        return c.year is None or c.year == own_date.year

    return [x for x in cited if not itself(x[1])]


def merge_refs(cited: list[Cited]) -> tuple[LegalRef, ...]:
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


def keys_by_path(cited: list[Cited], refs: tuple[LegalRef, ...]) -> dict[str, tuple[str, ...]]:
    """The numbers each path cites, once each, in order, spelt as their reference
    (``34/2014/QĐ-TTg``). A task lists the numbers it cites (the real-plan guide); documents cited
    by name only stay in the plan's ``references``."""
    spelling = {merge_key(r.number, None if r.number else r.key): r.key for r in refs}
    by_path: dict[str, list[str]] = {}
    for path, c, _ in cited:
        keys = by_path.setdefault(path, [])
        if not c.number:
            continue
        key = spelling.get(c.merge_key, c.key)
        if key and key not in keys:
            keys.append(key)
    return {p: tuple(k) for p, k in by_path.items()}
