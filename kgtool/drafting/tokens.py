"""Tokens with code-point offsets, and the sentences they fall in.

A regex tokenizer: no language model to download, and offsets stay exact for the spans the
drafter reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words keep inner apostrophes and hyphens ("don't", "anti-GOP"); every other mark is a token.
_TOKEN = re.compile("\\w+(?:[\u2019'\\-.]\\w+)*|[^\\w\\s]")
LEFT_SINGLE, RIGHT_SINGLE = "\u2018", "\u2019"  # the right one is also the apostrophe
DOUBLE_QUOTES = frozenset('"\u201c\u201d')
QUOTE_MARKS = DOUBLE_QUOTES | {LEFT_SINGLE, RIGHT_SINGLE}
_SENTENCE_END = frozenset(".!?")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    paragraph_start: bool  # first token after a line break (or of the text)
    sentence: int  # index of the sentence the token belongs to


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; a sentence ends at . ! ? (before a capital, a quote or a line
    break) and at every line break."""
    tokens: list[Token] = []
    sentence = 0
    previous_end = 0
    ended = False  # the previous token closed a sentence
    for match in _TOKEN.finditer(text):
        gap = text[previous_end:match.start()]
        word = match.group()
        new_paragraph = not tokens or "\n" in gap
        opens = word[0].isupper() or (word in QUOTE_MARKS and bool(gap))
        if tokens and (new_paragraph or (ended and opens)):
            sentence += 1
        # A quote mark straight after the full stop closes the quote of the ending sentence.
        ended = word in _SENTENCE_END or (ended and word in QUOTE_MARKS and not gap)
        tokens.append(Token(word, match.start(), match.end(), new_paragraph, sentence))
        previous_end = match.end()
    return tokens
