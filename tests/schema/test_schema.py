"""The plan schema: valid as a 2020-12 schema, accepts our output, refuses broken plans."""

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from pipeline.validate import iter_issues, load_schema

CASES = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "tests" / "plan.json").read_text(encoding="utf-8"))


def test_schema_is_valid():
    Draft202012Validator.check_schema(load_schema())


def test_output_validates(seed_plan):
    assert list(iter_issues(seed_plan)) == []


@pytest.mark.parametrize("case", CASES["tests"], ids=[c["description"] for c in CASES["tests"]])
def test_cases(case, seed_plan):
    plan = copy.deepcopy(seed_plan)
    for pointer, value in case["patch"].items():
        target = plan
        keys = pointer.strip("/").split("/")
        for k in keys[:-1]:
            target = target[int(k)] if isinstance(target, list) else target[k]
        last = keys[-1]
        if value == "$delete":
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    issues = list(iter_issues(plan))
    assert (not issues) is case["valid"], issues
