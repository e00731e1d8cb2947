"""The examples in the docstrings of pipeline.diff run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "pipeline.diff.assign",
    "pipeline.diff.fields",
    "pipeline.diff.keys",
    "pipeline.diff.similarity",
    "pipeline.diff.words",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted and not result.failed
