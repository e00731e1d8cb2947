"""The spaCy pipeline kehoach loads: a blank ``vi`` pipeline (pyvi off) with our syllable
tokenizer and two span rulers built from the lexicons in ``models/lexicons/``:

* ``kehoach_cues_cased`` (exact case): agency heads (``Ban``, ``Sở``, ``Ủy ban nhân dân``, and
  their abbreviations ``UBND``, ``BCĐ``) as ``HEAD``, names never split (``Lao động - Thương binh
  và Xã hội``) as ``PROTECT``;
* ``kehoach_cues_lower`` (case-folded): role titles (``Phó Trưởng Ban``) as ``ROLE``,
  honorifics (``các đồng chí``) as ``INTRO``, generic tails (``các cơ quan liên quan``) as
  ``GENERIC``, group openers (``các tổ chức``) as ``GROUP``.

Spans land in ``doc.spans["cues"]``. ``load_nlp()`` builds the pipeline once per process.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from pipeline.vi.fold import tone_spellings
from pipeline.vi.lexicon import abbreviations, agency_heads, load_list, models_dir, role_titles

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["load_nlp", "build_nlp", "lexicon_digest", "PIPELINE_VERSION", "MODEL_NAME"]

PIPELINE_VERSION = "1.1.0"  # bump when the build changes; load_nlp() rebuilds a stale model
MODEL_NAME = "kehoach-vi"


def _patterns() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    cased: list[dict[str, str]] = []
    for head in agency_heads():
        cased.extend({"label": "HEAD", "pattern": form} for form in tone_spellings(head))
    for abbr, expansion in abbreviations().items():
        if expansion[:1].isupper():
            cased.append({"label": "HEAD", "pattern": abbr})
    for name in load_list("compound_names.txt"):
        cased.extend({"label": "PROTECT", "pattern": form} for form in tone_spellings(name))
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


def lexicon_digest() -> str:
    """A hash of the lexicon files the pipeline is built from (its version stamp)."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted((models_dir() / "lexicons").glob("*")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def build_nlp() -> Language:
    """Build the rule pipeline from ``models/lexicons`` (no network, no pyvi)."""
    import spacy

    import pipeline.nlp.components  # noqa: F401  (registers the tokenizer)

    nlp = spacy.blank(
        "vi",
        config={"nlp": {"tokenizer": {"@tokenizers": "kehoach.syllable_tokenizer.v1"}}},
    )
    cased, lower = _patterns()
    ruler = nlp.add_pipe(
        "span_ruler",
        name="kehoach_cues_cased",
        config={"spans_key": "cues", "phrase_matcher_attr": "ORTH", "overwrite": False},
    )
    ruler.add_patterns(cased)  # type: ignore[attr-defined]
    ruler = nlp.add_pipe(
        "span_ruler",
        name="kehoach_cues_lower",
        config={"spans_key": "cues", "phrase_matcher_attr": "LOWER", "overwrite": False},
    )
    ruler.add_patterns(lower)  # type: ignore[attr-defined]
    nlp.meta["name"] = "kehoach_rules"
    nlp.meta["version"] = PIPELINE_VERSION
    nlp.meta["lexicons"] = lexicon_digest()
    nlp.meta["description"] = "Blank vi pipeline (pyvi off) with kehoach's syllable tokenizer and cue rulers."
    return nlp


@cache
def load_nlp() -> Language:
    """The pipeline in ``models/kehoach-vi`` when it is built from the current lexicons
    (``make models``), else built in memory from them: a fresh clone works either way."""
    import spacy

    import pipeline.nlp.components  # noqa: F401  (registers the tokenizer)

    path = models_dir() / MODEL_NAME
    meta = path / "meta.json"
    if meta.is_file():
        import json

        saved = json.loads(meta.read_text(encoding="utf-8"))
        if saved.get("lexicons") == lexicon_digest() and saved.get("version") == PIPELINE_VERSION:
            return spacy.load(path)
    return build_nlp()
