"""Moved to :mod:`pipeline.vi.markers` (issue 9). This name re-exports it for code written against the old
path (branches being merged); import from :mod:`pipeline.vi.markers` in new code. Remove after the merge."""

from pipeline.vi.markers import *  # noqa: F403
from pipeline.vi.markers import __all__  # noqa: F401
