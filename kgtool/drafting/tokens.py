"""Tokens with code-point offsets, and the sentences they fall in.

A regex tokenizer: no language model to download, and offsets stay exact for the spans the
drafter reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgtool.drafting.lexicon import words

# Words keep inner apostrophes, hyphens and dots ("don't", "anti-GOP", "U.S"); two apostrophes
# are one mark (the quotation mark of some newspapers' archives: ''We will,'' he said); every
# other mark is a token.
_TOKEN = re.compile("\\w+(?:[\u2019'\\-.]\\w+)*|''|[^\\w\\s]")
LEFT_SINGLE, RIGHT_SINGLE = "\u2018", "\u2019"  # the right one is also the apostrophe
#: Marks that open and close a quotation; '"' and "''" do both.
DOUBLE_QUOTES = frozenset({'"', "''", "\u201c", "\u201d"})
TOGGLES = frozenset({'"', "''"})
QUOTE_MARKS = DOUBLE_QUOTES | {LEFT_SINGLE, RIGHT_SINGLE}
_SENTENCE_END = frozenset(".!?")
# Words whose full stop ends no sentence: titles, initials' company, US states as news agencies
# abbreviate them, months. "U.S." and other dotted forms are abbreviations by their inner dot.
ABBREVIATIONS = words("""
mr mrs ms dr sen sens rep reps gov govs gen lt col capt cmdr sgt adm maj st jr sr prof rev hon
pres supt det amb atty messrs mmes inc co corp ltd no nos vs v etc al approx dept est fig
jan feb mar apr aug sep sept oct nov dec
ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont neb
nev okla ore pa penn tenn tex va vt wash wis wisc wyo
""")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    paragraph_start: bool  # first token after a line break (or of the text)
    sentence: int  # index of the sentence the token belongs to


def abbreviation(word: str) -> bool:
    """Whether a full stop after ``word`` can be the abbreviation's: "Mr.", "Calif.", "U.S.",
    an initial ("Harry M. Reid")."""
    return word.lower() in ABBREVIATIONS or "." in word or (len(word) == 1 and word.isupper())


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; a sentence ends at . ! ? (before a capital, a quote or a line
    break; not the full stop of an abbreviation or an initial) and at every line break."""
    tokens: list[Token] = []
    sentence = 0
    previous_end = 0
    ended = False  # the previous token closed a sentence
    for match in _TOKEN.finditer(text):
        gap = text[previous_end : match.start()]
        word = match.group()
        new_paragraph = not tokens or "\n" in gap
        opens = word[0].isupper() or (word in QUOTE_MARKS and bool(gap))
        if tokens and (new_paragraph or (ended and opens)):
            sentence += 1
        # A quote mark straight after the full stop closes the quote of the ending sentence.
        if word in _SENTENCE_END:
            ended = not (word == "." and tokens and not gap and abbreviation(tokens[-1].text))
        else:
            ended = ended and word in QUOTE_MARKS and not gap
        tokens.append(Token(word, match.start(), match.end(), new_paragraph, sentence))
        previous_end = match.end()
    return tokens
