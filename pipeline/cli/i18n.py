"""The CLI side of :mod:`pipeline.i18n`: help texts and argparse's own words translated.

argparse looks its words up (``usage:``, ``the following arguments are required``) with
``gettext.gettext``; :func:`install` points it at our catalogue. :class:`HelpFormatter` passes
every description, help text and group title through :func:`~pipeline.i18n.tr` when the help is
printed, so the command modules keep plain English strings.
"""

from __future__ import annotations

import argparse
import gettext

from pipeline.i18n import LANGUAGES, choose_language, set_language, tr

__all__ = ["LANGUAGES", "choose_language", "install", "tr", "HelpFormatter"]


def install(lang: str) -> None:
    """Use ``lang`` for every later :func:`tr` and for argparse's own words."""
    set_language(lang)
    argparse._ = tr  # type: ignore[attr-defined]  # argparse's module-level gettext alias
    gettext.gettext = tr  # type: ignore[assignment]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def _ngettext(singular: str, plural: str, n: int) -> str:
    return tr(singular if n == 1 else plural)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, with every description and help text passed through :func:`tr`."""

    def _format_text(self, text: str) -> str:
        return super()._format_text(tr(text))

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return tr(action.help) if action.help else action.help

    def start_section(self, heading: str | None) -> None:
        super().start_section(tr(heading) if heading else heading)
