"""The spaCy pipeline kehoach loads: a blank ``vi`` pipeline (pyvi off) with our syllable
tokenizer and two span rulers built from the lexicons in ``models/lexicons/``:

* ``kehoach.cues_cased`` (exact case): agency heads (``Ban``, ``Sở``, ``Ủy ban nhân dân``, and
  their abbreviations ``UBND``, ``BCĐ``) as ``HEAD``, names never split (``Lao động - Thương binh
  và Xã hội``) as ``PROTECT``;
* ``kehoach.cues_lower`` (case-folded): role titles (``Phó Trưởng Ban``) as ``ROLE``,
  honorifics (``các đồng chí``) as ``INTRO``, generic tails (``các cơ quan liên quan``) as
  ``GENERIC``, group openers (``các tổ chức``) as ``GROUP``.

Spans land in ``doc.spans["cues"]``. ``load_nlp()`` builds the pipeline once per process.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from pipeline.lexicon import abbreviations, agency_heads, load_list, role_titles

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["load_nlp", "PIPELINE_VERSION"]

PIPELINE_VERSION = "kehoach-vi-rules-1"


def _patterns() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    cased: list[dict[str, str]] = []
    for head in agency_heads():
        cased.append({"label": "HEAD", "pattern": head})
    for abbr, expansion in abbreviations().items():
        if expansion[:1].isupper():
            cased.append({"label": "HEAD", "pattern": abbr})
    for name in load_list("compound_names.txt"):
        cased.append({"label": "PROTECT", "pattern": name})
    lower: list[dict[str, str]] = []
    for role in role_titles():
        lower.append({"label": "ROLE", "pattern": role.lower()})
    for intro in load_list("introducers.txt"):
        lower.append({"label": "INTRO", "pattern": intro.lower()})
    for generic in load_list("generic_parties.txt"):
        lower.append({"label": "GENERIC", "pattern": generic.lower()})
    for opener in ("các", "những"):
        for noun in load_list("group_nouns.txt"):
            lower.append({"label": "GROUP", "pattern": f"{opener} {noun}"})
    return cased, lower


@cache
def load_nlp() -> Language:
    """The rule pipeline (built from ``models/lexicons``; no network, no pyvi)."""
    import spacy

    from pipeline.nlp.tokenizer import SyllableTokenizer

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    cased, lower = _patterns()
    ruler = nlp.add_pipe(
        "span_ruler",
        name="kehoach.cues_cased",
        config={"spans_key": "cues", "phrase_matcher_attr": "ORTH", "overwrite": False},
    )
    ruler.add_patterns(cased)  # type: ignore[attr-defined]
    ruler = nlp.add_pipe(
        "span_ruler",
        name="kehoach.cues_lower",
        config={"spans_key": "cues", "phrase_matcher_attr": "LOWER", "overwrite": False},
    )
    ruler.add_patterns(lower)  # type: ignore[attr-defined]
    nlp.meta["name"] = "kehoach_rules"
    nlp.meta["version"] = PIPELINE_VERSION
    return nlp
