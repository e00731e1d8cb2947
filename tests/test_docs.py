"""Every subcommand has help text and a section in the README (sqlite-utils' test_docs idea)."""

import argparse
from pathlib import Path

import pytest

from pipeline.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_command_documented(name):
    assert f"kehoach {name}" in README, f"README has no section for `kehoach {name}`"


@pytest.mark.parametrize("name", sorted(_commands()))
def test_command_has_help(name):
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert helps.get(name), f"`kehoach {name}` has no help text"


def test_quick_start_is_two_commands():
    assert "make run" in README and "make test" in README
