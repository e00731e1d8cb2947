"""The examples in the docstrings of pipeline.vi run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "pipeline.vi.fold",
    "pipeline.vi.syllables",
    "pipeline.vi.markers",
    "pipeline.vi.numbers",
    "pipeline.vi.labels",
    "pipeline.vi.lexicon",
    "pipeline.vi.document",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted and not result.failed
