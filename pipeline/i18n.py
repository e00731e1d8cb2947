"""Messages and labels in the user's language: gettext catalogues shipped in the package.

The catalogues are ``pipeline/locale/<lang>/LC_MESSAGES/kehoach.po`` (English text as the
``msgid``); English is the source, so it needs none. The language is ``--lang vi|en`` when given,
else Vietnamese when the locale is Vietnamese (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
the order gettext uses), else English. Error codes (``not_found``, ...) and exit statuses are the
same in every language.

The library speaks English until :func:`set_language` is called (the CLI calls it first thing);
the diff renderers' labels go through :func:`tr`, so one run speaks one language.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

__all__ = ["LANGUAGES", "choose_language", "set_language", "current_language", "tr", "load_catalogue"]

LANGUAGES = ("vi", "en")
DOMAIN = "kehoach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: dict[str, str] = {}
_language = ["en"]


def choose_language(argv: Sequence[str], environ: dict[str, str] | None = None) -> str:
    """``vi`` or ``en``: ``--lang X`` / ``--lang=X`` in ``argv`` first, then the locale."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGUAGES:
            return arg[7:]
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "vi" if value.split(":")[0].lower().startswith("vi") else "en"
    return "en"


_ENTRY_RE = re.compile(r'^(msgid|msgstr)\s+(".*")\s*$')


@cache
def load_catalogue(lang: str) -> dict[str, str]:
    """The ``msgid -> msgstr`` pairs of a ``.po`` catalogue (empty for English)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    pairs: dict[str, str] = {}
    key: str | None = None
    parts: dict[str, list[str]] = {"msgid": [], "msgstr": []}
    field = ""

    def flush() -> None:
        if key is not None:
            msgid, msgstr = "".join(parts["msgid"]), "".join(parts["msgstr"])
            if msgid and msgstr:
                pairs[msgid] = msgstr

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        match = _ENTRY_RE.match(line)
        if match:
            field = match.group(1)
            if field == "msgid":
                flush()
                key = ""
                parts = {"msgid": [], "msgstr": []}
            parts[field].append(ast.literal_eval(match.group(2)))
        elif line.startswith('"') and field:
            parts[field].append(ast.literal_eval(line))
    flush()
    return pairs


def set_language(lang: str) -> None:
    """Speak ``lang`` (``vi`` or ``en``) in every later :func:`tr`."""
    _current.clear()
    _current.update(load_catalogue(lang))
    _language[0] = lang


def current_language() -> str:
    return _language[0]


def tr(message: str) -> str:
    """``message`` in the current language; a message made of ``head: detail`` parts is
    translated part by part, so ``cannot write: permission denied`` reads in Vietnamese too."""
    if not _current or not message:
        return message
    found = _current.get(message)
    if found is not None:
        return found
    if ": " in message:
        head, _, tail = message.partition(": ")
        if head in _current or tail in _current:
            return f"{_current.get(head, head)}: {tr(tail)}"
    head, paren, detail = message.partition(" (")
    if paren and head in _current:  # "the PDF is damaged (a library's own words)"
        return f"{_current[head]} ({detail}"
    return message
