"""What extraction borrows from outside its rules: the NLP pipeline and the party parser.

Extraction never loads them itself. :func:`pipeline.run.default_tools` builds the defaults once per
process (the spaCy pipeline of :mod:`pipeline.nlp` and the rule-based party parser on it); the
ablation of ``kehoach eval --ablation`` passes the same tools with another parser
(:func:`with_parser`), so both runs can happen side by side in one process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pipeline.model import PartyGroup

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Tools", "PartyParser", "with_parser"]

PartyParser = Callable[[str], PartyGroup]

_PARTY_CUES = frozenset({"HEAD", "GROUP", "ROLE"})


@dataclass(frozen=True)
class Tools:
    """``nlp`` tokenizes a phrase and marks its cue spans (``doc.spans["cues"]``);
    ``parse_parties`` turns a field value into a :class:`~pipeline.model.PartyGroup`."""

    nlp: Callable[[str], Doc] | Any
    parse_parties: PartyParser

    def parties(self, raw: str | None) -> PartyGroup:
        """The parties of a field value; an empty group for an empty one."""
        if raw is None or not raw.strip():
            return PartyGroup(raw=raw)
        return self.parse_parties(raw)

    def opens_with(self, phrase: str, labels: frozenset[str] = _PARTY_CUES) -> bool:
        """Whether ``phrase`` opens with a cue span of one of ``labels`` (by default a body, a
        class of bodies or a role: ``HEAD``, ``GROUP``, ``ROLE``)."""
        return _opens_with(self.nlp, phrase[:_OPENING], labels)  # the cache keeps the opening only


# only a phrase's opening counts: far more than any body's name (spaCy refuses a megabyte)
_OPENING = 2000


@lru_cache(maxsize=16384)
def _opens_with(nlp: Any, phrase: str, labels: frozenset[str]) -> bool:
    doc = nlp(phrase[:_OPENING])
    return any(s.start == 0 and s.label_ in labels for s in doc.spans["cues"])


def with_parser(tools: Tools, parser: PartyParser) -> Tools:
    """The same tools with another party parser (the ablation's baseline)."""
    return replace(tools, parse_parties=parser)
