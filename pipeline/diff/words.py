"""Word-level text edits, so that a one-word fix shows as one word.

Words come from underthesea's ``word_tokenize`` (``Ban Chỉ đạo``, ``thực hiện`` are one word
each), imported only when a text actually changed. Its tokens carry no positions, so they are
realigned to the original text (:func:`realign`): every character of the input ends up in
exactly one edit, and joining the edits gives both texts back. Without underthesea, or when its
tokens do not match the text, syllables and punctuation marks are the words.

>>> edits = word_edits("Quý II, III/2023", "Quý III/2023", tokenizer=syllable_spans)
>>> [(e.op, e.old, e.new) for e in edits if e.op != "equal"]
[('delete', 'II, ', '')]
"""

from __future__ import annotations

import difflib
import functools
import logging
import re
from collections.abc import Callable, Sequence

from pipeline.diff.changes import WordEdit
from pipeline.vi.fold import canon

__all__ = ["Span", "Tokenizer", "word_edits", "word_spans", "syllable_spans", "realign"]

log = logging.getLogger(__name__)

Span = tuple[int, int]
Tokenizer = Callable[[str], Sequence[Span]]

# A syllable ("Thị", "2023") or one punctuation mark ("(", "/", "“").
SYLLABLE_RE = re.compile(r"\w+|[^\w\s]")


def syllable_spans(text: str) -> list[Span]:
    """Spans of the syllables and punctuation marks of ``text``."""
    return [m.span() for m in SYLLABLE_RE.finditer(text)]


@functools.cache
def _load_word_tokenize() -> Callable[..., list[str]] | None:
    try:
        from underthesea import word_tokenize
    except ImportError:
        log.info("underthesea is not installed: text edits are shown by syllable")
        return None
    return word_tokenize


_LINE_RE = re.compile(r"[^\n]+")


def word_spans(text: str) -> list[Span]:
    """Spans of the Vietnamese words of ``text`` (underthesea), else of its syllables.

    Each line is segmented on its own, so no word runs across a paragraph break.
    """
    tokenize = _load_word_tokenize()
    if tokenize is None:
        return syllable_spans(text)
    spans: list[Span] = []
    for line in _LINE_RE.finditer(text):
        offset = line.start()
        spans.extend((offset + a, offset + b) for a, b in _line_word_spans(tokenize, line.group()))
    return spans


def _line_word_spans(tokenize: Callable[..., list[str]], line: str) -> list[Span]:
    if not line.strip():
        return []
    try:
        words = tokenize(line, use_token_normalize=False)
    except Exception as exc:  # a third-party model: never let it break a diff
        log.warning("word segmentation failed (%s); falling back to syllables", exc)
        return syllable_spans(line)
    spans = realign(words, line)
    if spans is None:
        log.warning("word tokens do not match the text; falling back to syllables")
        return syllable_spans(line)
    return spans


def realign(words: Sequence[str], text: str) -> list[Span] | None:
    """Character spans of ``words`` in ``text``; None when a word is not found in order.

    A word's syllables may be separated by any whitespace in the text (``Ban  Chỉ\\nđạo``).
    Non-space characters the tokenizer skipped become syllable spans of their own, so no part
    of the text is lost.
    """
    spans: list[Span] = []
    pos = 0
    for word in words:
        pieces = word.split()
        start = None
        for piece in pieces:
            found = text.find(piece, pos)
            if found < 0:
                return None
            gap = text[pos:found]
            if gap.strip():
                if start is not None:
                    return None  # something inside a word went missing
                spans.extend((pos + a, pos + b) for a, b in syllable_spans(gap))
            if start is None:
                start = found
            pos = found + len(piece)
        if start is not None:
            spans.append((start, pos))
    spans.extend((pos + a, pos + b) for a, b in syllable_spans(text[pos:]))
    return spans


def _pieces(text: str, spans: Sequence[Span]) -> tuple[list[str], list[str]]:
    """Comparison keys and text pieces; piece k runs from token k to token k+1."""
    if not spans:
        return ([""], [text]) if text else ([], [])
    starts = [0] + [s for s, _ in spans[1:]] + [len(text)]
    keys = [canon(text[s:e]) for s, e in spans]
    pieces = [text[starts[k] : starts[k + 1]] for k in range(len(spans))]
    return keys, pieces


def word_edits(old: str, new: str, *, tokenizer: Tokenizer | None = None) -> tuple[WordEdit, ...]:
    """The edits that turn ``old`` into ``new``, word by word.

    Args:
        old, new: the two texts.
        tokenizer: ``text -> spans`` of its words; :func:`word_spans` by default.

    Returns:
        Runs of ``equal``, ``delete``, ``insert`` and ``replace``; ``"".join(e.old for e in
        edits) == old`` and ``"".join(e.new for e in edits) == new``.
    """
    tokenize = tokenizer or word_spans
    old_keys, old_pieces = _pieces(old, tokenize(old))
    new_keys, new_pieces = _pieces(new, tokenize(new))
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    return tuple(
        WordEdit(op, "".join(old_pieces[i1:i2]), "".join(new_pieces[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )
