"""strip_emphasis: each pattern runs only where its mark is (issue 12); the result is the one of
running every pattern."""

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.vi.emphasis import (
    _EM_RE,
    _ESCAPE_RE,
    _HEADING_RE,
    _STAR_BULLET_RE,
    _STRONG_RE,
    STARS_ONLY_RE,
    strip_emphasis,
)


def _every_pattern(line: str) -> str:
    if STARS_ONLY_RE.match(line):
        return line
    line = _HEADING_RE.sub("", line)
    line = _STAR_BULLET_RE.sub(r"\1- ", line)
    line = _STRONG_RE.sub("", line)
    line = _EM_RE.sub("", line)
    line = _ESCAPE_RE.sub(r"\1", line)
    return re.sub(r"[ \t]{2,}", " ", line) if "\t" not in line else line


@given(st.text(alphabet="*_\\#-. \tab(", max_size=30))
def test_strip_emphasis_is_every_pattern(line):
    assert strip_emphasis(line) == _every_pattern(line)
