"""A readable summary of extracted plans: header, then each task with its lead and timeline.

``python -m pipeline.summary OUT/*.json`` (what ``make run`` prints).
"""

from __future__ import annotations

import contextlib
import json
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

__all__ = ["summarize"]


def _names(group: dict[str, Any] | None) -> str:
    if not group:
        return "—"
    names = [p["name"] for p in group.get("parties", [])]
    if group.get("and_related"):
        names.append("(và các cơ quan liên quan)")
    return "; ".join(names) or "—"


def _when(t: dict[str, Any]) -> str:
    raw = (t.get("raw") or "—").strip(" .")
    if t.get("start") or t.get("end"):
        return f"{raw} [{t.get('kind')}: {t.get('start') or '…'} → {t.get('end') or '…'}]"
    return f"{raw} [{t.get('kind')}]"


def summarize(plan: dict[str, Any], name: str = "") -> str:
    """Plain-text summary of one plan dict."""
    lines = [f"━━ {name}" if name else "━━"]
    d = plan.get("document")
    if d:
        date = d.get("date") or {}
        when = "/".join(str(x) for x in (date.get("day"), date.get("month"), date.get("year")) if x) or "—"
        number = f"{d.get('number') or '…'}{'-' if d.get('system') == 'party' else '/'}{d.get('symbol') or ''}"
        lines.append(f"{d.get('doc_type') or 'Văn bản'} số {number} — {d.get('title') or ''}")
        issuer = d.get("issuer") or "—"
        if d.get("parent_issuer"):
            issuer += f" ({d['parent_issuer']})"
        lines.append(f"  cơ quan ban hành: {issuer}; {d.get('place') or '—'}, ngày {when}"
                     + ("; DỰ THẢO" if d.get("draft") else ""))
    else:
        lines.append("  (no official header)")
    tasks = plan.get("tasks", [])
    refs = plan.get("references", [])
    lines.append(f"  {len(plan.get('sections', []))} sections, {len(tasks)} tasks, {len(refs)} references")
    for t in tasks:
        head = textwrap.shorten(t.get("text", ""), 90, placeholder="…")
        lines.append(f"  {t['path']:<12} {head}")
        lines.append(f"  {'':12}   chủ trì: {_names(t.get('lead'))}")
        lines.append(f"  {'':12}   thực hiện: {_names(t.get('executors'))}")
        lines.append(f"  {'':12}   thời gian: {_when(t.get('timeline') or {})}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    with contextlib.suppress(BrokenPipeError):
        _print_all(argv if argv is not None else sys.argv[1:])
    return 0


def _print_all(paths: Sequence[str]) -> None:
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            print(summarize(json.load(fh), path))
        print()


if __name__ == "__main__":
    sys.exit(main())
