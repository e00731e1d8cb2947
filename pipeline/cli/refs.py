"""``kehoach refs NUMBER`` / ``kehoach refs --top``: the reference graph of stored plans."""

from __future__ import annotations

import argparse

from pipeline.cli.search import add_db_argument

__all__ = ["register", "cmd_refs"]


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "refs",
        help="list the plans and tasks citing a document, or the most cited documents",
        description="kehoach refs 120-KL/TW lists every stored plan and task citing it; "
        "kehoach refs --top lists the most cited documents.",
    )
    p.add_argument("number", nargs="?", metavar="NUMBER", help="document number (or name)")
    p.add_argument(
        "--top", nargs="?", type=_positive, const=20, metavar="N",
        help="the N most cited (default 20)",
    )  # fmt: skip
    p.add_argument("--format", dest="fmt", choices=("table", "json"), default="table")
    add_db_argument(p)
    p.set_defaults(func=cmd_refs)


def cmd_refs(args: argparse.Namespace) -> int:
    from dataclasses import asdict
    from json import dumps

    from pipeline.errors import PipelineError
    from pipeline.store import open_store
    from pipeline.store.render import render_citations, render_top_refs

    if (args.number is None) == (args.top is None):
        raise PipelineError("give a document NUMBER or --top", code="usage")
    with open_store(args.db, create=False) as store:
        if args.top is not None:
            print(render_top_refs(store.top_refs(args.top), args.fmt))
            return 0
        found = store.citations(args.number)
    print(
        dumps(asdict(found), ensure_ascii=False, indent=2)
        if args.fmt == "json"
        else render_citations(found, args.number)
    )
    return 0
