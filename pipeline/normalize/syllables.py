"""Moved to :mod:`pipeline.vi.syllables` (issue 9). This name re-exports it for code written against the old
path (branches being merged); import from :mod:`pipeline.vi.syllables` in new code. Remove after the merge."""

from pipeline.vi.syllables import *  # noqa: F403
from pipeline.vi.syllables import __all__  # noqa: F401
