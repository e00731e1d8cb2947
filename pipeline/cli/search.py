"""``kehoach search QUERY``: find tasks in the task database, accents optional."""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from pipeline.store.records import Filters, timeline_kinds

__all__ = ["register", "cmd_search", "add_db_argument", "add_filter_arguments", "filters_from_args"]


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=os.environ.get("KEHOACH_DB", "kehoach.db"),
        metavar="FILE|URL",
        help="SQLite file, or a PostgreSQL URL postgresql://USER@HOST/DB "
        "(default: $KEHOACH_DB or kehoach.db)",
    )


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The filters shared by search and export (the sqlite-utils output_options idea)."""
    group = parser.add_argument_group("filters (text matches without accents)")
    group.add_argument("--lead", metavar="X", help="lead party (chủ trì) contains X")
    group.add_argument(
        "--executor", metavar="X", help="executing party (phối hợp, thực hiện) contains X"
    )
    group.add_argument("--issuer", metavar="X", help="issuing body of the plan contains X")
    group.add_argument("--year", metavar="Y", help="year of the plan: 2024, or a range 2022-2024")
    group.add_argument(
        "--due-from", metavar="D", help="due on or after D (2024-06-30, 30/6/2024, 6/2024, 2024)"
    )
    group.add_argument("--due-to", metavar="D", help="due on or before D")
    group.add_argument(
        "--ref", metavar="NUMBER", help="task cites the document NUMBER (e.g. 120-KL/TW)"
    )
    group.add_argument("--kind", choices=timeline_kinds(), help="timeline kind")


def filters_from_args(args: argparse.Namespace) -> Filters:
    from pipeline.store.options import build_filters

    return build_filters(
        lead=args.lead, executor=args.executor, issuer=args.issuer, year=args.year,
        due_from=args.due_from, due_to=args.due_to, ref=args.ref, kind=args.kind,
    )  # fmt: skip


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "search",
        help="search the tasks of ingested plans (accents optional)",
        description="Search task texts, parties and headings. Words match with or without "
        "accents (dan van = dân vận); quotes, *, AND/OR/NOT and parentheses are plain text "
        "unless --fts is given.",
    )
    p.add_argument("query", metavar="QUERY", help="words to find (may be empty with filters)")
    add_db_argument(p)
    add_filter_arguments(p)
    p.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N results (default 20)"
    )
    p.add_argument("--format", dest="fmt", choices=("table", "json", "csv"), default="table")
    p.add_argument(
        "--prefix", action="store_true", help="the last word may be incomplete (search as you type)"
    )
    p.add_argument(
        "--fts", "--raw", dest="raw", action="store_true", help="QUERY is SQLite FTS5 syntax"
    )
    p.set_defaults(func=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    from pipeline.store import SearchQuery, open_store
    from pipeline.store.render import render_hits
    from pipeline.store.search import has_filters
    from pipeline.store.textkeys import query_terms

    query = SearchQuery(args.query, filters_from_args(args), args.limit, args.raw, args.prefix)
    with open_store(args.db, create=False) as store:
        hits = store.search(query)
    words = args.query.strip() if args.raw else query_terms(args.query)
    if not words and not has_filters(query.filters) and args.fmt == "table":
        print("nothing to search for: QUERY has no words; give words or a filter (--lead, --year…)")
        return 0
    width = shutil.get_terminal_size((100, 20)).columns
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    print(render_hits(hits, args.fmt, width=width, color=color))
    return 0
