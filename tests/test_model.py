"""The plan model's own methods."""

import random

import pytest

from pipeline.model import Plan


def _plan(locations):
    return Plan("p.txt", "0" * 64, "text/plain", None, (), (), (), locations=tuple(locations))


@pytest.mark.parametrize("seed", range(3))
def test_location_of_is_the_line_holding_the_offset(seed):
    """A binary search on the line starts (issue 12: the list of starts was rebuilt per call, so an
    export of thousands of tasks was quadratic); the answer is the last line starting at or before."""
    rng = random.Random(seed)
    starts = sorted(rng.sample(range(1, 5000), 300))
    plan = _plan((s, f"line {k + 1}") for k, s in enumerate(starts))
    for offset in [0, starts[0], starts[-1], 5000, *rng.sample(range(5000), 200)]:
        before = [where for start, where in plan.locations if start <= offset]
        assert plan.location_of(offset) == (before[-1] if before else None)


def test_location_of_without_locations():
    assert _plan(()).location_of(10) is None
