"""``kehoach validate PLAN.json...``: check plan JSON against the plan schema."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("validate", help="validate plan JSON files against schemas/plan.schema.json")
    p.add_argument("files", nargs="+", metavar="PLAN.json")
    p.set_defaults(func=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    from pipeline.cli import fail
    from pipeline.validate import iter_issues

    status = 0
    for name in args.files:
        try:
            with open(name, encoding="utf-8") as fh:
                docs = [json.loads(line) for line in fh if line.strip()] if name.endswith(".jsonl") else [json.load(fh)]
        except FileNotFoundError:
            status = fail(name, "no such file", "not_found")
            continue
        except (OSError, ValueError) as exc:
            status = fail(name, f"not JSON: {exc}", "corrupt")
            continue
        bad = 0
        for doc in docs:
            for issue in iter_issues(doc) if isinstance(doc, dict) else ():
                print(f"{name}: {issue.path}: [{issue.code}] {issue.message}")
                bad += 1
            if not isinstance(doc, dict):
                print(f"{name}: $: [SCH001] a plan is a JSON object")
                bad += 1
        if bad:
            status = status or 1
        else:
            print(f"{name}: valid", file=sys.stderr)
    return status
