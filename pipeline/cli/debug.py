"""``kehoach debug FILE --stage read|normalize|segment|extract``: dump an intermediate stage."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("debug", help="dump what one stage produces for a file (blocks, lines, outline, plan)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--stage", choices=("read", "normalize", "segment", "extract"), default="segment")  # run.STAGES
    p.set_defaults(func=cmd_debug)


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name not in ("source", "text")}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    return obj


def cmd_debug(args: argparse.Namespace) -> int:
    from pipeline.run import run_until

    result = run_until(args.file, args.stage)
    if args.stage == "read":
        out: Any = _plain(result.blocks)
    elif args.stage == "normalize":
        out = [{"line": i, "zone_text": result.line_text(i), "kind": str(ln.kind), "cell": _plain(ln.cell)} for i, ln in enumerate(result.lines)]
    elif args.stage == "segment":
        out = {
            "zones": [[str(z), a, b] for z, a, b in result.zones],
            "items": [{"path": it.path, "marker": it.marker, "level": it.level, "heading": it.heading[:80], "lines": list(it.lines)} for it in result.items],
            "issues": _plain(result.issues),
        }
    else:
        from pipeline.export import plan_to_dict

        out = plan_to_dict(result)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0
