"""The plan page's model: the normalized source text cut into highlighted pieces, and the
corrections typed in its forms turned into contract values."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError

__all__ = ["Piece", "source_text", "source_pieces", "anchor", "parse_correction", "parse_header"]

# span kinds, innermost last: a piece takes the classes of every span covering it
_KINDS = ("task", "lead", "executors", "timeline", "ref")
_ANCHOR_RE = re.compile(r"[^0-9A-Za-z_-]")


def anchor(path: str) -> str:
    """An HTML id for a task path (``II/1/1.4`` → ``II-1-1_4``), unique per plan."""
    return _ANCHOR_RE.sub("_", path.replace("/", "-"))


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    kinds: tuple[str, ...]  # from _KINDS
    task: str | None  # the path of the task it is in
    starts: str | None  # the task path whose span starts here
    section: str | None = None  # the section path whose span starts here


@functools.lru_cache(maxsize=64)
def _read_text(path: str, sha256: str, mtime: float) -> str | None:
    from pipeline.normalize import build_text
    from pipeline.read import read_document

    p = Path(path)
    if hashlib.sha256(p.read_bytes()).hexdigest() != sha256:
        return None
    return build_text(read_document(p)).text


def source_text(sources: tuple[str, ...], sha256: str) -> str | None:
    """The normalized text of the stored document, read again from the first source path
    whose content still has the stored hash; ``None`` when no such file is left."""
    for path in sources:
        p = Path(path)
        if path.endswith(".json") or not p.is_file():
            continue
        try:
            text = _read_text(str(p.resolve()), sha256, p.stat().st_mtime)
        except (OSError, PipelineError):
            continue
        if text is not None:
            return text
    return None


def _spans(plan: dict[str, Any]) -> list[tuple[int, int, str, str | None]]:
    spans: list[tuple[int, int, str, str | None]] = []
    for t in plan.get("tasks") or []:
        path = t.get("path")
        if t.get("span"):
            spans.append((*t["span"], "task", path))
        for field in ("lead", "executors", "timeline"):
            value = t.get(field)
            if isinstance(value, dict) and value.get("span"):
                spans.append((*value["span"], field, path))
    for r in plan.get("references") or []:
        for m in r.get("mentions") or []:
            if m.get("span"):
                spans.append((*m["span"], "ref", None))
    return spans


def source_pieces(text: str, plan: dict[str, Any]) -> list[Piece]:
    """``text`` cut at every span boundary; each piece knows the spans covering it (one sweep
    over the boundaries, so a plan of hundreds of tasks cuts in milliseconds)."""
    n = len(text)
    spans = [(max(0, s), min(n, e), k, p) for s, e, k, p in _spans(plan) if 0 <= s < e <= n]
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for i, (s, e, _, _) in enumerate(spans):
        opening.setdefault(s, []).append(i)
        closing.setdefault(e, []).append(i)
    sections = {
        s["span"][0]: s.get("path")
        for s in reversed(plan.get("sections") or [])
        if s.get("span") and 0 <= s["span"][0] < n
    }
    cuts = sorted({0, n, *opening, *closing, *sections})
    starts = {s: p for s, _, k, p in sorted(spans, reverse=True) if k == "task"}
    active: set[int] = set()
    pieces: list[Piece] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active.difference_update(closing.get(a, ()))
        active.update(opening.get(a, ()))
        covering = [spans[i] for i in sorted(active)]
        kinds = tuple(k for k in _KINDS if any(c[2] == k for c in covering))
        task = next((c[3] for c in reversed(covering) if c[2] == "task"), None)
        pieces.append(Piece(text[a:b], kinds, task, starts.get(a), sections.get(a)))
    return pieces


# ----------------------------------------------------------------------------- corrections


def _lines(value: str) -> list[str]:
    return [s.strip() for s in re.split(r"[\n;]+", value) if s.strip()]


def _parties(names: list[str], known: dict[str, str]) -> list[dict[str, str]]:
    from pipeline.store.textkeys import fold_key

    return [{"name": n, "kind": known.get(fold_key(n), "org")} for n in names]


def parse_correction(
    field: str, form: dict[str, str], task: dict[str, Any], plan: dict[str, Any], text: str | None
) -> Any:
    """The corrected value of ``field`` from the form, in the contract's shape.

    Raises:
        PipelineError: ``usage`` with a message in Vietnamese for a value that cannot be used.
    """
    from pipeline.store.textkeys import fold_key

    known = {
        fold_key(p.get("name")): p.get("kind", "org")
        for t in plan.get("tasks") or []
        for f in ("lead", "executors")
        for p in ((t.get(f) or {}).get("parties") or [])
    }
    value = form.get("value", "")
    if field in ("lead", "executors"):
        names = _lines(value)
        out: dict[str, Any] = {"raw": "; ".join(names) or None, "parties": _parties(names, known)}
        if field == "executors":
            out["and_related"] = form.get("and_related") == "1"
        return out
    if field == "timeline":
        from pipeline.extract.timeline import parse_timeline

        raw = " ".join(value.split())
        if not raw:
            return {"raw": None, "kind": "unspecified", "start": None, "end": None}
        year = ((plan.get("document") or {}).get("date") or {}).get("year")
        tl = parse_timeline(raw, year)
        return {"raw": raw, "kind": tl.kind, "start": tl.start, "end": tl.end}
    if field == "references":
        return _lines(value)
    if field == "span":
        try:
            start, end = int(form.get("start", "")), int(form.get("end", ""))
        except ValueError as exc:
            raise PipelineError("vị trí đầu và cuối phải là số", code="usage") from exc
        limit = len(text) if text is not None else None
        if start < 0 or end <= start or (limit is not None and end > limit):
            raise PipelineError("vị trí đầu, cuối không hợp lệ", code="usage")
        return [start, end]
    raise PipelineError(f"không sửa được trường {field!r}", code="usage")


# ----------------------------------------------------------------------------- header corrections

_DATE_RE = re.compile(r"^(?:(?:(\d{1,2})/)?(\d{1,2})/)?(\d{4})$")


def _date(value: str) -> dict[str, int | None]:
    """``30/06/2024``, ``06/2024``, ``2024`` or nothing → ``{year, month, day}``."""
    from datetime import date

    value = "".join(value.split()).replace("-", "/").replace(".", "/")
    if not value:
        return {"year": None, "month": None, "day": None}
    m = _DATE_RE.match(value)
    if m is None:
        raise PipelineError(
            "ngày ban hành phải có dạng ngày/tháng/năm, tháng/năm hoặc năm", code="usage"
        )
    day, month, year = (int(g) if g else None for g in m.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError as exc:
        raise PipelineError("ngày ban hành không có thật", code="usage") from exc
    return {"year": year, "month": month, "day": day}


def parse_header(form: dict[str, str]) -> dict[str, Any]:
    """Every header field of the header form, in the contract's shape (an empty text is
    ``None``; the signer ``None`` when its three lines are empty). The caller keeps the
    fields the form sent.

    Raises:
        PipelineError: ``usage`` with a message in Vietnamese for a date that cannot be used.
    """

    def text(name: str) -> str | None:
        return " ".join(form.get(name, "").split())[:1000] or None

    signer = {k: text(f"signer_{k}") for k in ("authority", "position", "name")}
    return {
        "doc_type": text("doc_type"),
        "number": text("number"),
        "symbol": text("symbol"),
        "issuer": text("issuer"),
        "parent_issuer": text("parent_issuer"),
        "place": text("place"),
        "date": _date(form.get("date", "")),
        "title": text("title"),
        "draft": form.get("draft") == "1",
        "signer": signer if any(signer.values()) else None,
        "recipients": [s.strip() for s in form.get("recipients", "").splitlines() if s.strip()],
    }
