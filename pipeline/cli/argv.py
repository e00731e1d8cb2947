"""Free text on the command line is never read as an option.

``kehoach search -a``, ``kehoach search "-a" --year 2024`` and ``kehoach search -- -a --db x``
all search for ``-a``: for the commands whose positional argument is typed text (a query, a
document number), :func:`text_first` moves every token that is not one of the command's options
(or an option's value) behind a single ``--``, so argparse takes it as text, and the options
after a ``--`` still work.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence

__all__ = ["text_first", "FREE_TEXT_COMMANDS"]

FREE_TEXT_COMMANDS = ("search", "refs")
_NUMBER_RE = re.compile(r"^-\d+$|^-\d*\.\d+$")


def _option(parser: argparse.ArgumentParser, token: str) -> argparse.Action | None:
    name = token.split("=", 1)[0] if token.startswith("--") else token
    return parser._option_string_actions.get(name)


def _arity(action: argparse.Action, token: str, following: Sequence[str]) -> int:
    """How many of ``following`` are the option's values."""
    if "=" in token and token.startswith("--"):
        return 0
    nargs = action.nargs
    if nargs == 0 or isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction,
                                         argparse._StoreConstAction, argparse._CountAction,
                                         argparse._HelpAction, argparse._VersionAction)):  # fmt: skip
        return 0
    if nargs is None or nargs == 1:
        return 1
    if nargs == "?":  # its value when one follows (argparse then checks it)
        if not following or (following[0].startswith("-") and not _NUMBER_RE.match(following[0])):
            return 0
        return 1
    return int(nargs) if isinstance(nargs, int) else 1


def text_first(parser: argparse.ArgumentParser, tokens: Sequence[str]) -> list[str]:
    """``tokens`` (after the command name) with options first and text behind one ``--``."""
    options: list[str] = []
    text: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "--":
            if i + 1 < len(tokens):
                text.append(tokens[i + 1])
            i += 2
            continue
        action = _option(parser, token) if token.startswith("-") and token != "-" else None
        if action is None:
            text.append(token)  # typed text, even when it starts with "-"
            i += 1
            continue
        n = _arity(action, token, tokens[i + 1 :])
        options += tokens[i : i + 1 + n]
        i += 1 + n
    return [*options, "--", *text] if text else options


def normalize_argv(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``argv`` with the free-text commands' tokens put in order (see :func:`text_first`)."""
    argv = list(argv)
    sub = next(
        (a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None
    )
    if sub is None:
        return argv
    for k, token in enumerate(argv):
        if token in sub.choices:
            if token in FREE_TEXT_COMMANDS and not _NUMBER_RE.match(token):
                return [*argv[: k + 1], *text_first(sub.choices[token], argv[k + 1 :])]
            return argv
        if not token.startswith("-") or token == "--":
            return argv
    return argv
