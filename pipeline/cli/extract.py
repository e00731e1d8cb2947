"""``kehoach extract FILE... [-o OUT|-] [--pretty]``: plans to validated JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from pipeline.errors import EXIT_CODES, PipelineError
from pipeline.run import extract_to_dict

__all__ = ["register", "cmd_extract", "extract_to_dict", "write_atomic", "output_names"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="extract plans (.txt, .docx, ...) to JSON validated against the plan schema",
        description="Extract one JSON per plan. One file: JSON to stdout or -o FILE. "
        "Several files: JSON Lines to stdout or -o FILE, or one NAME.plan.json each with -o DIR/. "
        "A file that fails gets one error line and the batch goes on.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="plan documents")
    p.add_argument("-o", "--output", metavar="OUT", help="output file, directory (ending in / or existing), or - for stdout")
    p.add_argument("--pretty", action="store_true", help="indent the JSON (one file, or -o DIR/)")
    p.add_argument("--no-validate", action="store_true", help="skip schema validation of the output")
    p.set_defaults(func=cmd_extract)


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


def _extract_one(name: str, validate: bool) -> tuple[dict[str, Any] | None, int]:
    """The plan of one file, or ``None`` and the exit status of its one-line error."""
    from pipeline.cli import fail

    try:
        return extract_to_dict(name, validate=validate), 0
    except PipelineError as exc:
        return None, fail(exc.path or name, exc.message, exc.code)
    except RecursionError:
        return None, fail(name, "the document is nested too deeply to read", "corrupt")
    except Exception as exc:  # a bug on one file must not lose the others: reported, batch goes on
        return None, fail(name, f"unexpected {type(exc).__name__}: {exc}", "error")


def cmd_extract(args: argparse.Namespace) -> int:
    out = args.output
    to_dir = out is not None and out != "-" and (out.endswith(("/", os.sep)) or Path(out).is_dir())
    names = output_names(args.files) if to_dir else {}
    lines: list[str] = []
    status = 0
    for name in args.files:
        data, code = _extract_one(name, validate=not args.no_validate)
        status = status or code
        if data is None:
            continue
        if to_dir:
            write_atomic(Path(out) / names[name], _dump(data, args.pretty) + "\n")
        else:
            lines.append(_dump(data, args.pretty and len(args.files) == 1))
    if lines and not to_dir:
        payload = "\n".join(lines) + "\n"
        if out is None or out == "-":
            sys.stdout.write(payload)
        else:
            write_atomic(Path(out), payload)
    return status or EXIT_CODES["ok"]
