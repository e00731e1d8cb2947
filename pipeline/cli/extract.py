"""``kehoach extract FILE... [-o OUT|-] [--pretty]``: plans to validated JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from pipeline.errors import EXIT_CODES, PipelineError
from pipeline.run import extract_to_dict

__all__ = ["register", "cmd_extract", "extract_to_dict", "output_names"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="extract plans (.txt, .docx, ...) to JSON validated against the plan schema",
        description="Extract one JSON per plan. One file: JSON to stdout or -o FILE. "
        "Several files: JSON Lines to stdout or -o FILE, or one NAME.plan.json each with -o DIR/ "
        "(an existing folder). - reads standard input (--name says what it is). "
        "A file that fails gets one error line and the batch goes on.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="plan documents; - reads standard input")
    p.add_argument(
        "--name", metavar="NAME",
        help="what standard input is (plan.docx): its name in the output and its format hint",
    )  # fmt: skip
    p.add_argument("-o", "--output", metavar="OUT", help="output file, directory (ending in / or existing), or - for stdout")
    p.add_argument("--pretty", action="store_true", help="indent the JSON (one file, or -o DIR/)")
    p.add_argument("--no-validate", action="store_true", help="skip schema validation of the output")
    p.set_defaults(func=cmd_extract)


def _dump(data: dict[str, Any], pretty: bool) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1 if pretty else None)


def output_names(files: list[str]) -> dict[str, str]:
    """``NAME.plan.json`` per input; inputs sharing a stem keep their suffix (``NAME.docx.plan.json``),
    and remaining clashes get a counter, so no output overwrites another."""
    stems = [Path(f).stem for f in files]
    names: dict[str, str] = {}
    used: set[str] = set()
    for f, stem in zip(files, stems, strict=True):
        name = f"{stem}.plan.json" if stems.count(stem) == 1 else f"{Path(f).name}.plan.json"
        base, n = name, 2
        while name in used:
            name = base.replace(".plan.json", f"-{n}.plan.json")
            n += 1
        used.add(name)
        names[f] = name
    return names


def _extract_one(name: str, args: argparse.Namespace) -> tuple[dict[str, Any] | None, int]:
    """The plan of one file, or ``None`` and the exit status of its one-line error."""
    from pipeline.cli import fail

    label, data = name, None
    if name == "-":
        label = args.name or "-"
        data = sys.stdin.buffer.read()
        if not data:
            return None, fail(label, "the file is empty", "empty")
    try:
        return extract_to_dict(label, validate=not args.no_validate, data=data), 0
    except PipelineError as exc:
        return None, fail(exc.path or label, exc.message, exc.code)
    except RecursionError:
        return None, fail(label, "the document is nested too deeply to read", "corrupt")
    except Exception as exc:  # a bug on one file must not lose the others: reported, batch goes on
        if getattr(args, "traceback", False):
            import traceback

            traceback.print_exc()
        return None, fail(label, f"unexpected {type(exc).__name__}: {exc}", "error")


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.cli import fail
    from pipeline.output import check_writable, write_text

    if args.files.count("-") > 1:
        raise PipelineError("standard input (-) can be read only once", code="usage")
    out = args.output
    to_dir = out is not None and out != "-" and (out.endswith(("/", os.sep)) or Path(out).is_dir())
    if to_dir and not Path(out).is_dir():
        raise PipelineError("cannot write: no such folder", path=out, code="unwritable")
    if out is not None and not to_dir:
        check_writable(out)
    names = output_names([args.name or f if f == "-" else f for f in args.files]) if to_dir else {}
    lines: list[str] = []
    status = 0
    for name in args.files:
        data, code = _extract_one(name, args)
        status = status or code
        if data is None:
            continue
        if to_dir:
            target = Path(out) / names[args.name or name if name == "-" else name]
            try:  # a file the batch cannot write is reported; the batch goes on
                write_text(target, _dump(data, args.pretty) + "\n")
            except PipelineError as exc:
                status = status or fail(exc.path, exc.message, exc.code)
        else:
            lines.append(_dump(data, args.pretty and len(args.files) == 1))
    if lines and not to_dir:
        write_text(out or "-", "\n".join(lines) + "\n")
    return status or EXIT_CODES["ok"]
