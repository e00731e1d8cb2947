"""Moved to :mod:`pipeline.vi.lexicon` (issue 9). This name re-exports it for code written against the old
path (branches being merged); import from :mod:`pipeline.vi.lexicon` in new code. Remove after the merge."""

from pipeline.vi.lexicon import *  # noqa: F403
from pipeline.vi.lexicon import __all__  # noqa: F401
