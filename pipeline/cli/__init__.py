"""The ``kehoach`` command line: thin subcommands over the library verbs.

Each subcommand lives in its own module ``pipeline.cli.<name>`` with one function
``register(subparsers)`` that adds its parser and sets ``func(args) -> int``. Heavy
libraries are imported inside the commands that need them, so ``kehoach --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pipeline.errors import EXIT_CODES, PipelineError

__all__ = ["main", "COMMANDS"]

# In the order they appear in --help.
COMMANDS = (
    "extract",
    "validate",
    "eval",
    "diff",
    "ingest",
    "search",
    "refs",
    "export",
    "serve",
    "debug",
)


def build_parser() -> argparse.ArgumentParser:
    from pipeline import __version__

    parser = argparse.ArgumentParser(
        prog="kehoach",
        description="Turn Vietnamese plan documents (Kế hoạch) into structured, searchable data.",
    )
    parser.add_argument("--version", action="version", version=f"kehoach {__version__}")
    parser.add_argument(
        "--traceback", action="store_true", help="show the Python traceback of an unexpected error"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"pipeline.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"pipeline.cli.{name}":
                continue  # not built yet
            raise
        module.register(sub)
    return parser


def fail(path: str | None, message: str, code: str) -> int:
    """Print the one-line error and return the exit status for ``code``."""
    where = f"{path}: " if path else ""
    print(f"kehoach: {where}{message} [{code}]", file=sys.stderr)
    return EXIT_CODES.get(code, EXIT_CODES["error"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_CODES["usage"]
    try:
        return int(args.func(args) or 0)
    except PipelineError as exc:
        return fail(exc.path, exc.message, exc.code)
    except KeyboardInterrupt:
        print("kehoach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: one line, never a traceback by default
        if args.traceback:
            raise
        return fail(None, f"unexpected {type(exc).__name__}: {exc} (rerun with --traceback)", "error")
