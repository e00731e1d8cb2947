"""``kehoach diff OLD NEW``: what changed between two versions of a plan, task by task."""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["register", "cmd_diff"]

DESCRIPTION = """\
Compare two versions of a plan (drafts, or the plans of two years) task by task: tasks added,
removed, modified, renumbered or moved to another section, split or merged; lead and executor
parties, timelines and references that changed; header changes (number, date, draft mark).
OLD and NEW are plan documents (.txt, .docx, ...) or extracted plan JSON files (.json).
See docs/diff.md."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "diff",
        help="compare two versions of a plan, task by task",
        description=DESCRIPTION,
    )
    parser.add_argument("old", metavar="OLD", help="the earlier version (plan file or plan .json)")
    parser.add_argument("new", metavar="NEW", help="the later version (plan file or plan .json)")
    parser.add_argument(
        "--format",
        dest="output_format",
        choices=("text", "json", "html"),
        default="text",
        help="text for the terminal (default), json (the diff contract) or html (one page)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(func=cmd_diff)


def cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.diff import diff_plans, load_plan, render_diff, write_output

    diff = diff_plans(
        load_plan(args.old), load_plan(args.new), old_name=args.old, new_name=args.new
    )
    color = not args.output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    content = render_diff(diff, args.output_format, color=color)
    if args.output:
        write_output(args.output, content)
    else:
        sys.stdout.write(content)
    return 0
