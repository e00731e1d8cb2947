"""``kehoach export --format csv|xlsx|parquet -o FILE``: one row per task, for Excel & co."""

from __future__ import annotations

import argparse
import sys

from pipeline.cli.search import add_db_argument, add_filter_arguments, filters_from_args

__all__ = ["register", "cmd_export"]


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export",
        help="export the stored tasks to CSV, Excel or Parquet",
        description="One row per task with its plan's fields and its parties. --where KEY=VALUE "
        "(keys: q, lead, executor, issuer, year, due-from, due-to, ref, kind) selects rows, "
        "like the search filters.",
    )
    p.add_argument("--format", dest="fmt", choices=("csv", "xlsx", "parquet"))
    p.add_argument("-o", "--output", metavar="FILE", help="file to write")
    p.add_argument(
        "--gold", metavar="DIR", help="write the plans corrected in `kehoach serve` as gold files"
    )
    p.add_argument(
        "--where", action="append", default=[], metavar="KEY=VALUE", help="filter (repeatable)"
    )
    add_db_argument(p)
    add_filter_arguments(p)
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.errors import PipelineError
    from pipeline.store import open_store
    from pipeline.store.export import export_tasks
    from pipeline.store.options import parse_where

    if args.gold:
        from pipeline.store.corrections import export_gold

        with open_store(args.db, create=False) as store:
            files = export_gold(store, args.gold)
        print(f"{len(files)} corrected plans written to {args.gold}", file=sys.stderr)
        return 0
    if not args.fmt or not args.output:
        raise PipelineError("give --format and -o FILE, or --gold DIR", code="usage")
    filters, text = parse_where(args.where, filters_from_args(args))
    with open_store(args.db, create=False) as store:
        n = export_tasks(store, args.output, args.fmt, filters, text)
    print(f"{n} tasks written to {args.output}", file=sys.stderr)
    return 0
