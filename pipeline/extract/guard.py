"""A guard on the output: values whose shape says they were cut in the wrong place are reported
in ``issues`` (codes of :data:`pipeline.errors.ISSUE_CODES`), not emitted silently.

- ``EXT006``: a reference's title longer than a sentence (it ran on into the next clause);
- ``EXT007``: an issuer (of the document or of a reference) that holds a verb of the ``verbs.txt``
  lexicon after the name of a known body (it swallowed a clause: ``Ủy ban nhân dân tỉnh triển khai ...``);
- ``EXT008``: a document title that holds a place-and-date line or a ``Số:`` line (the header's
  fields ran into it).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.bodies import body_end
from pipeline.model import DocumentInfo, Issue, LegalRef, Severity
from pipeline.vi.fold import fix_tone_placement
from pipeline.vi.lexicon import load_list

__all__ = ["check_output"]

MAX_TITLE_WORDS = 60  # a title of a cited document is one noun phrase, not a paragraph
DATE_LINE_RE = re.compile(r"[^,\d]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|(?<!\w)Số\s*:\s*\d+\s*/", re.IGNORECASE)


@cache
def _verbs() -> tuple[str, ...]:
    return tuple(fix_tone_placement(v.lower()) for v in load_list("verbs.txt"))


def _verb_in(name: str) -> str | None:
    """A verb (lower case, as the lexicon writes it) after the name of a known body: ``Ủy ban nhân dân
    tỉnh ban hành ...``; names that hold their task (``Ban Chỉ đạo thực hiện ...``) are not known bodies."""
    end = body_end(name, 0)
    if end <= 0:
        return None
    rest = " " + fix_tone_placement(name[end:]) + " "
    return next((v for v in _verbs() if f" {v} " in rest), None)


def check_output(info: DocumentInfo | None, refs: tuple[LegalRef, ...]) -> tuple[Issue, ...]:
    """Issues for doubtful header fields and references."""
    out: list[Issue] = []
    if info is not None:
        verb = _verb_in(info.issuer or "")
        if verb:
            out.append(Issue("EXT007", f"Cơ quan ban hành chứa động từ “{verb}”: {info.issuer}", Severity.WARNING, "document.issuer"))
        if info.title and DATE_LINE_RE.search(info.title):
            out.append(Issue("EXT008", f"Trích yếu chứa dòng địa danh, ngày tháng hoặc số hiệu: {info.title[:120]}", Severity.WARNING, "document.title"))
    for r in refs:
        where = r.mentions[0].path if r.mentions else None
        if r.title and (len(r.title.split()) > MAX_TITLE_WORDS or re.search(r"[.;]\s+[A-ZĐÀ-Ỹ]", r.title)):
            out.append(Issue("EXT006", f"Trích yếu của văn bản được dẫn {r.key} dài hơn một câu", Severity.WARNING, where, r.span))
        verb = _verb_in(r.issuer or "")
        if verb:
            out.append(Issue("EXT007", f"Cơ quan ban hành của {r.key} chứa động từ “{verb}”: {r.issuer}", Severity.WARNING, where, r.span))
    return tuple(out)
