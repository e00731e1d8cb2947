"""Logical units of the header and closing lines: the emphasis test's fast path."""

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.markup import _open_emphasis


def _open_emphasis_plain(s: str) -> bool:
    """_open_emphasis without its early answer for a line with no star."""
    if re.fullmatch(r"[\s*]*", s):
        return False
    if s.count("**") % 2:
        return True
    single = s.replace("**", "")
    return len(re.findall(r"(?<=\S)\*|\*(?=\S)|\s\*\s*$", single.strip())) % 2 == 1


@given(st.text(alphabet=st.sampled_from(list("a* \t\nĐ")), max_size=20))
def test_open_emphasis_equals_the_plain_test(s):
    assert _open_emphasis(s) is _open_emphasis_plain(s)


def test_open_emphasis_cases():
    assert _open_emphasis("**ỦY BAN NHÂN DÂN") and not _open_emphasis("**ỦY BAN**")
    assert not _open_emphasis("ỦY BAN NHÂN DÂN") and not _open_emphasis("* *")
