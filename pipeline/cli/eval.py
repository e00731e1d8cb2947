"""``kehoach eval [--corpus DIR] [--json]``: score extraction against the gold annotations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "eval",
        help="extract every corpus document that has a gold file and print the scores",
        description="Scores per folder (plans/, real/, formats/) and overall, with the metrics of the "
        "reference scorer. Exits 1 when a metric is under its floor (corpus/floors.json).",
    )
    p.add_argument("--corpus", metavar="DIR", help="corpus folder (default: the repository's corpus/)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--floors", metavar="FILE", help="floors file (default: floors.json in the corpus, else corpus/floors.json)")
    p.add_argument("--no-floors", action="store_true", help="report only; never fail on floors")
    p.add_argument("--documents", action="store_true", help="also print per-document scores")
    p.add_argument(
        "--ablation",
        action="store_true",
        help="also score with the spaCy party pipeline replaced by plain string splitting, and print what it adds",
    )
    p.set_defaults(func=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    from pipeline.cli import fail
    from pipeline.evaluate import evaluate_corpus
    from pipeline.evaluate_report import (
        ablate,
        check_floors,
        default_corpus,
        format_ablation,
        format_table,
        load_floors,
    )
    from pipeline.run import extract_to_dict

    corpus = Path(args.corpus) if args.corpus else default_corpus()
    if not corpus.is_dir():
        return fail(str(corpus), "no such corpus folder", "not_found")
    report = evaluate_corpus(corpus, lambda p: extract_to_dict(p, validate=True, require_plan=False))
    if not report.documents:
        return fail(str(corpus), "no document with a gold file found", "not_found")
    floors = {} if args.no_floors else load_floors(corpus, args.floors)
    failures = check_floors(report, floors)
    ablation = ablate(corpus, report) if args.ablation else None
    if args.json:
        out = {
            "corpus": str(corpus),
            "groups": {g: m.report() for g, m in report.groups.items()},
            "documents": report.documents if args.documents else len(report.documents),
            "floors_failed": failures,
        }
        if ablation is not None:
            out["ablation"] = ablation
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(format_table(report, documents=args.documents))
        if ablation is not None:
            print(format_ablation(ablation))
        for line in failures:
            print(f"under floor: {line}", file=sys.stderr)
    return 1 if failures else 0
