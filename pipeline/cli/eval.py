"""``kehoach eval [--corpus DIR] [--json]``: score extraction against the gold annotations;
``kehoach eval --wild DIR``: score document headers against a portal's own records."""

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
    p.add_argument(
        "--wild",
        metavar="DIR",
        help="score the headers of a folder of NAME.txt against NAME.meta.json (number and symbol, "
        "type, date, signer) instead of a gold corpus",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--floors", metavar="FILE", help="floors file (default: floors.json in the corpus, else corpus/floors.json)")
    p.add_argument("--no-floors", action="store_true", help="report only; never fail on floors")
    p.add_argument("--documents", action="store_true", help="also print per-document scores (with --wild: each miss)")
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

    if args.wild:
        return _cmd_wild(args)
    corpus = Path(args.corpus) if args.corpus else default_corpus()
    if not corpus.is_dir():
        if not args.corpus:  # an installed kehoach has no repository corpus/ beside it
            return fail(None, "no corpus folder here: pass --corpus DIR (a folder of documents with NAME.gold.json)", "not_found")
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


def _cmd_wild(args: argparse.Namespace) -> int:
    from pipeline.cli import fail
    from pipeline.evaluate_report import load_floors
    from pipeline.evaluate_wild import evaluate_wild, format_wild
    from pipeline.run import extract_to_dict

    folder = Path(args.wild)
    if not folder.is_dir():
        return fail(str(folder), "no such folder", "not_found")
    if not any(folder.glob("*.txt")):
        return fail(str(folder), "no NAME.txt document found", "not_found")
    # what `kehoach extract` writes: a refused or failed file has no output
    report = evaluate_wild(folder, lambda p: extract_to_dict(p, validate=True))
    floors = {} if args.no_floors or not args.floors else load_floors(folder, args.floors).get("wild", {})
    scores = report.scores()
    failures = [
        f"wild/{name} = {scores[name]['acc']} < {floor}"
        for name, floor in floors.items()
        if name in scores and scores[name]["acc"] is not None and scores[name]["acc"] < floor
    ]
    if args.json:
        out = {"corpus": str(folder), "scores": scores, "misses": report.misses, "errors": report.errors, "floors_failed": failures}
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(format_wild(report, misses=args.documents))
        for line in failures:
            print(f"under floor: {line}", file=sys.stderr)
    return 1 if failures else 0
