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
The text outside the tasks (header, preamble, purpose and requirements, organisation, appendix
captions) is compared paragraph by paragraph when both sides are documents. OLD and NEW are plan
documents (.txt, .docx, ...) or extracted plan JSON files (.json); - reads one of them from
standard input (--name says what it is). Exit status as diff(1): 0 same, 1 different, 2 trouble.
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
    parser.add_argument(
        "--name", metavar="NAME", help="what standard input (-) is: plan.docx, plan.json ..."
    )
    parser.set_defaults(func=cmd_diff)


def cmd_diff(args: argparse.Namespace) -> int:
    """0 when the plans are the same, 1 when they differ, 2 on trouble (as diff(1))."""
    from pipeline.cli import fail
    from pipeline.diff import diff_plans, render_diff, write_output
    from pipeline.diff.load import load
    from pipeline.errors import PipelineError
    from pipeline.output import check_writable

    try:
        if args.old == "-" and args.new == "-":
            raise PipelineError("standard input (-) can be read only once", code="usage")
        if args.output:
            check_writable(args.output)
        sides = []
        for name in (args.old, args.new):
            if name == "-":
                label = args.name or "-"
                sides.append((label, load(label, sys.stdin.buffer.read() or None)))
            else:
                sides.append((name, load(name)))
        (old_name, old), (new_name, new) = sides
        diff = diff_plans(old, new, old_name=old_name, new_name=new_name)
        color = not args.output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        write_output(args.output or "-", render_diff(diff, args.output_format, color=color))
    except PipelineError as exc:
        fail(exc.path, exc.message, exc.code)
        return 2
    return 1 if diff.changed else 0
