"""``kehoach extract FILE... [-o OUT|-] [--pretty]``: plans to validated JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from pipeline.errors import EXIT_CODES, NotAPlanError, PipelineError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="extract plans (.txt, .docx, ...) to JSON validated against the plan schema",
        description="Extract one JSON per plan. One file: JSON to stdout or -o FILE. "
        "Several files: JSON Lines to stdout or -o FILE, or one FILE.json each with -o DIR/.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="plan documents")
    p.add_argument("-o", "--output", metavar="OUT", help="output file, directory (ending in / or existing), or - for stdout")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.add_argument("--no-validate", action="store_true", help="skip schema validation of the output")
    p.set_defaults(func=cmd_extract)


def extract_to_dict(path: str | Path, validate: bool = True, require_plan: bool = True) -> dict[str, Any]:
    """Extract one file to its contract dict; raise PipelineError with a code on failure.

    With ``require_plan``, a text with no header, outline or reference is refused
    (``not_a_plan``); evaluation passes ``False`` to score such pages as ``document: null``.
    """
    from pipeline.export import plan_to_dict
    from pipeline.run import extract_file
    from pipeline.validate import check_plan

    plan = extract_file(path)
    if require_plan and plan.document is None and not plan.tasks and not plan.sections and not plan.references:
        raise NotAPlanError(
            "not a plan or official document: no header, numbered outline or legal reference found",
            path=str(path),
        )
    data = plan_to_dict(plan)
    if validate:
        check_plan(data, str(path))
    return data


def _dump(data: dict[str, Any], pretty: bool) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1 if pretty else None)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so a failure never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.cli import fail

    out = args.output
    to_dir = out is not None and out != "-" and (out.endswith(("/", os.sep)) or Path(out).is_dir())
    lines: list[str] = []
    status = 0
    for name in args.files:
        try:
            data = extract_to_dict(name, validate=not args.no_validate)
        except PipelineError as exc:
            code = fail(exc.path or name, exc.message, exc.code)
            status = status or code
            continue
        text = _dump(data, args.pretty)
        if to_dir:
            write_atomic(Path(out) / f"{Path(name).stem}.json", text + "\n")
        else:
            lines.append(text)
    if not to_dir and lines:
        payload = "\n".join(lines) + "\n"
        if out is None or out == "-":
            sys.stdout.write(payload)
        else:
            write_atomic(Path(out), payload)
    return status if status else EXIT_CODES["ok"]
