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

from pipeline.cli.i18n import LANGUAGES, HelpFormatter, choose_language, install, tr
from pipeline.errors import EXIT_CODES, PipelineError

__all__ = ["main", "COMMANDS", "fail", "version_text"]

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


class _VersionAction(argparse.Action):
    """``--version``: the package version with the digests of the model and the lexicons."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(version_text())
        parser.exit()


def version_text() -> str:
    """``kehoach 0.1.0 (model kehoach-vi 1.1.0 built from lexicons abc…; lexicons abc…)``."""
    import json

    from pipeline import __version__
    from pipeline.nlp import MODEL_NAME, lexicon_digest
    from pipeline.resources import models_dir

    lexicons = lexicon_digest()
    meta_file = models_dir() / MODEL_NAME / "meta.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        model = f"{MODEL_NAME} {meta.get('version')}, lexicons {meta.get('lexicons')}"
    except (OSError, ValueError):
        model = f"{MODEL_NAME} {tr('not built (built in memory from the lexicons)')}"
    return f"kehoach {__version__} (model {model}; lexicons {lexicons}; data {models_dir()})"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kehoach",
        description="Turn Vietnamese plan documents (Kế hoạch) into structured, searchable data.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--version", action=_VersionAction, help="print the version, the model and lexicon digests"
    )
    parser.add_argument(
        "--traceback", action="store_true", help="show the Python traceback of an unexpected error"
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES,
        help="language of messages and help (default: vi when the locale is Vietnamese, else en)",
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"pipeline.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"pipeline.cli.{name}":
                continue  # not built yet
            raise
        module.register(sub)
    for command in sub.choices.values():
        command.formatter_class = HelpFormatter
        for action in command._actions:  # `--json` everywhere: one switch for JSON output
            if action.dest in ("fmt", "output_format") and "json" in (action.choices or ()):
                if "--json" not in command._option_string_actions:
                    command.add_argument(
                        "--json", dest=action.dest, action="store_const", const="json",
                        help="JSON output (the same as --format json)",
                    )  # fmt: skip
                break
    return parser


def fail(path: str | None, message: str, code: str) -> int:
    """Print the one-line error (in the user's language) and return the exit status for ``code``."""
    where = f"{path}: " if path else ""
    text = " ".join(tr(message).split())  # one line, whatever a library put in its message
    print(f"kehoach: {where}{text} [{code}]", file=sys.stderr)
    return EXIT_CODES.get(code, EXIT_CODES["error"])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    install(choose_language(argv))
    parser = build_parser()
    from pipeline.cli.argv import normalize_argv

    for token in argv:  # bytes that are not UTF-8 arrive as lone surrogates (surrogateescape)
        try:
            token.encode("utf-8")
        except UnicodeEncodeError:
            shown = token.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            return fail(None, f"an argument is not valid UTF-8: {shown}", "encoding")
    args = parser.parse_args(normalize_argv(parser, argv))  # --help, usage errors: exit 0 / 2
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_CODES["usage"]
    try:
        return int(args.func(args) or 0)
    except PipelineError as exc:
        return fail(exc.path, exc.message, exc.code)
    except KeyboardInterrupt:
        print(f"kehoach: {tr('interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: one line, never a traceback by default
        if args.traceback:
            import traceback

            traceback.print_exc()
        message = f"{tr('unexpected')} {type(exc).__name__}: {exc}"
        if not args.traceback:
            message += f" ({tr('rerun with --traceback')})"
        return fail(None, message, "error")
