"""Markdown emphasis as crawlers leave it in saved pages: one function for the reader (every
line) and the header parser (cells it rejoins).

>>> strip_emphasis("**1.** **Mục đích**")
'1. Mục đích'
>>> strip_emphasis("*Đơn vị phối hợp: *Sở Tư pháp.")
'Đơn vị phối hợp: Sở Tư pháp.'
>>> strip_emphasis("*")  # the star under a party header's lines stays
'*'
"""

from __future__ import annotations

import re

__all__ = ["strip_emphasis", "STARS_ONLY_RE"]

# "**", "__" anywhere (the crawl splits them: "**1.****"); any single "*" not escaped
_STRONG_RE = re.compile(r"\*\*+|(?<![\w])__+|__+(?![\w])")
_EM_RE = re.compile(r"(?<!\\)\*")
_ESCAPE_RE = re.compile(r"\\([*_#.\-+()\[\]|])")
_SPACES_RE = re.compile(r" {2,}")  # (a line with a TAB keeps its runs: TAB-separated cells)
_HEADING_RE = re.compile(r"^\s*#{1,6}(?:\s+|$)")
_STAR_BULLET_RE = re.compile(r"^(\s*)\*\s+(?=\S)")
# the star that separates a party header's lines ("*", "* * *"), not an empty bold run ("** **")
STARS_ONLY_RE = re.compile(r"^\s*\*(?:\s+\*){0,4}\s*$")


def strip_emphasis(line: str) -> str:
    """The line without emphasis marks, heading marks and escapes; a ``* `` bullet becomes
    ``- ``; runs of spaces fold to one (TAB-separated cells are left as they are)."""
    if STARS_ONLY_RE.match(line):
        return line
    line = _HEADING_RE.sub("", line)
    line = _STAR_BULLET_RE.sub(r"\1- ", line)
    # each pattern only where its mark is: a megabyte line without one is not scanned five times
    if "**" in line or "__" in line:
        line = _STRONG_RE.sub("", line)
    if "*" in line:
        line = _EM_RE.sub("", line)
    if "\\" in line:
        line = _ESCAPE_RE.sub(r"\1", line)
    return _SPACES_RE.sub(" ", line) if "\t" not in line and "  " in line else line
