"""Segmentation: the normalized text to zones (header, preamble, body, recipients, signature,
appendix, notes) and a flat outline of numbered items with stable paths (``II/1/1.4``).

``segment(text) -> Outline``. After it:

1. every body line belongs to exactly one item or to the preamble;
2. every item has a parent item or is top-level, and ``parent`` is the path of its parent;
3. paths are unique (a repeated number gets a ``~2`` suffix and a ``SEG`` issue);
4. item spans follow document order and do not overlap.
"""

from __future__ import annotations

from pipeline.segment.outline import segment
from pipeline.segment.zones import find_zones

__all__ = ["segment", "find_zones"]
