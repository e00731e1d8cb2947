"""A lossless rule tokenizer for spaCy's blank ``vi`` pipeline (no pyvi).

Tokens are syllables and symbols: ``Ban``, ``Chỉ``, ``đạo``, ``CT-XH``, ``Đ/c``, ``33/CT-TTg``,
``,``, ``;``, ``-``. Every character of the input is kept: ``doc.text == text``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

# "Ban", "CT-XH", "TB&XH", "Đ/c", "33/CT-TTg", "2022", "(", ",", "-"
TOKEN_RE = re.compile(r"\w+(?:[-&/.]\w+)*|[^\w\s]")


class SyllableTokenizer:
    """``nlp.tokenizer`` replacement: ``SyllableTokenizer(vocab)(text) -> Doc``."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in TOKEN_RE.finditer(text):
            self._gap(text[pos : m.start()], words, spaces)
            words.append(m.group(0))
            spaces.append(False)
            pos = m.end()
        self._gap(text[pos:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    @staticmethod
    def _gap(gap: str, words: list[str], spaces: list[bool]) -> None:
        """Whitespace between tokens: one space after a token, anything more as a token."""
        if not gap:
            return
        if gap[0] == " " and words and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)

    # spaCy serializes tokenizers with to_disk/from_disk; ours has no state.
    def to_disk(self, path: object, **kwargs: object) -> None:
        return None

    def from_disk(self, path: object, **kwargs: object) -> SyllableTokenizer:
        return self

    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> SyllableTokenizer:
        return self
