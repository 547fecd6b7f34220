"""Token features for the attribution tagger: word form, quote state, the learned cue lexicon
and where the nearest cue of the sentence lies."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping

from kgtool.drafting.tokens import DOUBLE_QUOTES, TOGGLES, Token

PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you", "his", "her", "their", "its", "our"})
STRONG, WEAK = 0.4, 0.1  # cue-lexicon ratios: a word that is a cue this often (see scripts/train_drafter.py)
_SUFFIXES = ("ing", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude lemma: "says", "saying" -> "say"; enough to pool a cue word's forms."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isupper() and len(word) > 1:
        return "X"
    if word[:1].isupper():
        return "Xx"
    if word[:1].isalpha():
        return "x"
    return "p"


def quote_states(tokens: list[Token]) -> list[bool]:
    """Whether each token is inside quotation marks; a paragraph starts outside unless it
    opens with a quote (a quotation running over paragraphs reopens each one)."""
    inside, states = False, []
    for token in tokens:
        if token.paragraph_start:
            inside = False
        mark = token.text
        if mark in TOGGLES:
            inside = not inside
        elif mark == "\u201c":
            inside = True
        elif mark == "\u201d":
            inside = False
        states.append(inside or mark in DOUBLE_QUOTES)
    return states


def _bucket(distance: int) -> str:
    for limit in (1, 2, 3, 6, 12):
        if distance <= limit:
            return str(limit)
    return "far"


def _nearest(cues: list[int], i: int) -> int:
    """The position in ``cues`` (ascending) nearest to token i, the left one of two as near: a
    search, since a sentence of a whole text on one line has cues by the thousand."""
    at = bisect.bisect_left(cues, i)
    if at == len(cues):
        return cues[-1]
    if at == 0 or cues[at] == i:
        return cues[at]
    return cues[at - 1] if i - cues[at - 1] <= cues[at] - i else cues[at]


def _direction(name: str, i: int, cues: list[int]) -> str:
    """Where the nearest of ``cues`` lies from token i: side and distance bucket."""
    if not cues:
        return f"{name}=none"
    j = _nearest(cues, i)
    side = "here" if j == i else "L" if j < i else "R"
    return f"{name}={side}{_bucket(abs(j - i))}"


def _cue_strength(ratio: float) -> str:
    return "strong" if ratio >= STRONG else "weak" if ratio >= WEAK else "no"


def _cue_level(ratio: float) -> str:
    """The cue-lexicon ratio in finer steps than strong and weak: the rarer cues ("urged",
    "voiced") differ in how often they report, and the tagger weighs each step (chosen on train
    held out from training: content F1 0.713 -> 0.718, benchmarks/README.md)."""
    for level in (0.8, 0.6, 0.4, 0.25, 0.1, 0.05, 0.02):
        if ratio >= level:
            return str(level)
    return "0" if ratio else "none"


def sequence_features(tokens: list[Token], lexicon: Mapping[str, float]) -> list[list[str]]:
    """One feature list per token (crfsuite's string attributes)."""
    words = [t.text.lower() for t in tokens]
    stems = [stem(w) for w in words]
    cues = [_cue_strength(lexicon.get(s, 0.0)) for s in stems]
    levels = [_cue_level(lexicon.get(s, 0.0)) for s in stems]
    quoted = quote_states(tokens)
    # Per sentence: its cue positions and whether it quotes.
    sentence_cues: dict[int, list[int]] = {}
    weak_cues: dict[int, list[int]] = {}
    sentence_quotes: set[int] = set()
    sentence_first: dict[int, int] = {}
    for i, token in enumerate(tokens):
        sentence_first.setdefault(token.sentence, i)
        if cues[i] != "no":
            (sentence_cues if cues[i] == "strong" else weak_cues).setdefault(token.sentence, []).append(i)
        if token.text in DOUBLE_QUOTES:
            sentence_quotes.add(token.sentence)
    commas_before = list(itertools.accumulate((word == "," for word in words), initial=0))
    n = len(tokens)
    out = []
    for i, token in enumerate(tokens):
        word = words[i]
        f = [
            f"w={word}",
            f"st={stems[i]}",
            f"sh={shape(token.text)}",
            f"suf={word[-3:]}",
            f"cue={cues[i]}",
            f"lvl={levels[i]}",
            f"q={quoted[i]}",
            f"para={token.paragraph_start}",
        ]
        if word in PRONOUNS:
            f.append("pron")
        first = sentence_first[token.sentence]
        f.append(f"pos={_bucket(i - first)}")
        for name, found in (("cue", sentence_cues), ("weak", weak_cues)):
            f.append(_direction(name, i, found.get(token.sentence, [])))
        near = sentence_cues.get(token.sentence)
        if near:  # which cue: "according to" and "said" put their content on different sides
            j = _nearest(near, i)
            side = "L" if j < i else "R" if j > i else "here"
            f.append(f"cueword={stems[j]}|{side}")
            # commas between the token and that cue: "X, Y said" ends X's content at its comma
            commas = commas_before[max(i, j)] - commas_before[min(i, j)]
            f.append(f"commas={side}{min(commas, 2)}")
        # the sentence's first word: "According to X, ..." puts its content after the comma
        f.append(f"s1={words[first]}")
        f.append(f"prevq={token.sentence - 1 in sentence_quotes}")
        for side, window in (("L", range(max(0, i - 5), i)), ("R", range(i + 1, min(n, i + 6)))):
            if any(cues[j] == "strong" for j in window):
                f.append(f"cue5{side}")
        f.append(f"prevcue={token.sentence - 1 in sentence_cues}")
        f.append(f"sq={token.sentence in sentence_quotes}")
        for k in (-3, -2, -1, 1, 2, 3):
            j = i + k
            if 0 <= j < n:
                f.append(f"{k}w={words[j]}")
                if abs(k) <= 2:
                    f.append(f"{k}cue={cues[j]}")
                    f.append(f"{k}sh={shape(tokens[j].text)}")
                    f.append(f"{k}q={quoted[j]}")
            else:
                f.append(f"{k}edge")
        if i > 0:
            f.append(f"bi={words[i - 1]}|{word}")
        if i + 1 < n:
            f.append(f"bi+={word}|{words[i + 1]}")
        out.append(f)
    return out
