"""Every spaCy registration of kehoach, in one module (spaCy's ``registrations.py`` idea).

* ``kehoach.syllable_tokenizer.v1`` (tokenizers registry): the lossless syllable tokenizer, so a
  pipeline saved with ``nlp.to_disk`` loads back with ``spacy.load`` once this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.util import registry

if TYPE_CHECKING:
    from spacy.language import Language

    from pipeline.nlp.tokenizer import SyllableTokenizer


@registry.tokenizers("kehoach.syllable_tokenizer.v1")
def create_syllable_tokenizer() -> Callable[[Language], SyllableTokenizer]:
    from pipeline.nlp.tokenizer import SyllableTokenizer

    def make(nlp: Language) -> SyllableTokenizer:
        return SyllableTokenizer(nlp.vocab)

    return make
