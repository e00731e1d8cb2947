"""Moved to :mod:`pipeline.vi.fold` (issue 9). This name re-exports it for code written against the old
path (branches being merged); import from :mod:`pipeline.vi.fold` in new code. Remove after the merge."""

from pipeline.vi.fold import *  # noqa: F403
from pipeline.vi.fold import __all__  # noqa: F401
