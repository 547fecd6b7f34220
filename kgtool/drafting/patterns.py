"""A second pass over the sentences the tagger left without any attribution: patterns of
reporting that are certain enough to propose on their own.

- "According to SOURCE, CONTENT." (PolNeAR writes "according to" after its content four times
  in five, so the tagger misses it at the head of a sentence);
- "CONTENT, SOURCE said." and "CONTENT, said SOURCE." (a closing cue after a comma);
- an inner state: "SOURCE are (particularly) concerned by CONTENT", "... worried that ...";
- a transcript's turns: a paragraph opening 'PENCE: ...' (a capitalised label and a colon)
  and the paragraphs after it that open with a quotation mark and no label of their own;
- what no one is said to say: "X has been hailed as Y" (an agentless passive) and "The attack
  raised fears that Y" (a cause, not a speaker): proposed with the subject as a source mention,
  which the source rules find cannot speak, so that the claim's source is unstated.
"""

from __future__ import annotations

from collections.abc import Iterable

from kgtool.drafting import lexicon as lx
from kgtool.drafting.lexicon import words
from kgtool.drafting.tokens import QUOTE_MARKS, Token

__all__ = ["QUOTE_MARKS", "find", "turns", "turns_label"]

#: Verbs that close a sentence as its cue ("..., officials said.").
SPEECH = words("""
said says told tells added adds wrote writes noted notes explained explains argued argues
insisted insists warned warns claimed claims recalled recalls acknowledged acknowledges conceded
concedes stated continued predicted predicts tweeted asserted asserts declared maintained
""")
#: Adjectives of an inner state ("officials are concerned by ...") and the words after them.
STATES = words("""
concerned worried alarmed convinced confident skeptical sceptical afraid fearful hopeful
optimistic pessimistic angry frustrated upset troubled disturbed dismayed encouraged pleased
unhappy uneasy nervous anxious wary suspicious certain sure aware unaware persuaded
""")
_STATE_LINKS = frozenset({"by", "about", "that", "over", "with", "at", "of"})
_BE = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "remain",
        "remains",
        "remained",
        "have",
        "has",
        "had",
        "been",
        "be",
        "grew",
        "grow",
        "grown",
        "became",
        "become",
        "feel",
        "felt",
        "seem",
        "seemed",
    }
)
_ADVERBS = frozenset(
    {
        "particularly",
        "very",
        "increasingly",
        "also",
        "deeply",
        "especially",
        "most",
        "more",
        "so",
        "too",
        "quite",
        "highly",
        "still",
        "now",
        "already",
        "not",
        "no",
        "longer",
        "growing",
        "ever",
        "equally",
        "gravely",
        "seriously",
        "clearly",
        "reportedly",
    }
)
_OBJECTS = frozenset(
    {
        "reporters",
        "me",
        "us",
        "him",
        "her",
        "them",
        "journalists",
        "cnn",
        "abc",
        "nbc",
        "cbs",
        "fox",
        "politico",
    }
)
#: Participles of an agentless judgement: "has been hailed as", "is widely seen as".
JUDGED = words("""
hailed praised criticized criticised described seen regarded viewed considered called branded
labeled labelled touted billed portrayed characterized characterised dismissed derided
celebrated condemned denounced welcomed lauded blamed credited accused cast painted
""")
#: "raised fears that", "sparked concerns that": a cause that is no speaker.
_FEARS = words("fears fear concerns concern worries worry speculation questions doubts hopes alarm")
_RAISE = words(
    "raised raises sparked sparks fueled fuels fuelled stoked stokes prompted prompts "
    "renewed renews heightened heightens triggered triggers revived revives"
)
_MAX_SOURCE = 10  # tokens
_NOT_NAMES = frozenset(
    {
        "it",
        "there",
        "this",
        "that",
        "these",
        "those",
        "the",
        "a",
        "an",
        "but",
        "and",
        "so",
        "yet",
        "what",
        "which",
        "such",
        "some",
        "many",
        "most",
    }
)


Found = tuple[tuple[int, int], tuple[int, int], tuple[int, int] | None]  # content, cue, source


def _sentences(tokens: list[Token]) -> Iterable[tuple[int, int]]:
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or tokens[i].sentence != tokens[start].sentence:
            yield start, i
            start = i


def _end_of_content(tokens: list[Token], first: int, stop: int) -> int:
    """The sentence's stop without its final full stop."""
    while stop > first and tokens[stop - 1].text in (".", "!", "?", ";", ":"):
        stop -= 1
    return stop


def _according(tokens: list[Token], first: int, stop: int) -> Found | None:
    words = [t.text.lower() for t in tokens[first:stop]]
    if len(words) < 6 or words[:2] != ["according", "to"]:
        return None
    comma = next((k for k in range(2, min(len(words), 2 + _MAX_SOURCE + 4)) if words[k] == ","), None)
    if comma is None or comma == 2:
        return None
    end = _end_of_content(tokens, first, stop)
    if end - (first + comma + 1) < 3:
        return None
    return (first + comma + 1, end), (first, first + 2), (first + 2, first + comma)


def _source_like(words: list[str], tokens: list[Token]) -> bool:
    """Whether a few words can name a speaker: a pronoun, a capitalised name, or a description
    of people ("officials", "a senior aide")."""
    if not words or len(words) > _MAX_SOURCE:
        return False
    if len(words) == 1 and words[0] in ("he", "she", "they", "i", "we"):
        return True
    if any(t.text[:1].isupper() and t.text.lower() not in _NOT_NAMES for t in tokens):
        return True
    head = next((w for w in reversed(words) if w.isalpha()), "")
    return head in lx.GROUP or head in lx.INDIVIDUAL


def _closing(tokens: list[Token], first: int, stop: int) -> Found | None:
    """ "CONTENT, SOURCE said." / "CONTENT, said SOURCE." (and "told reporters")."""
    end = _end_of_content(tokens, first, stop)
    words = [t.text.lower() for t in tokens[first:end]]
    commas = [k for k, w in enumerate(words) if w == ","]
    if not commas or commas[-1] < 4:
        return None
    comma = commas[-1]
    tail = words[comma + 1 :]
    verbs = [k for k, w in enumerate(tail) if w in SPEECH]
    if not verbs:
        return None
    verb = verbs[0]
    if verb == 0:  # "..., said Smith."
        source = (comma + 2, len(words))
    else:
        source = (comma + 1, comma + 1 + verb)
        after = tail[verb + 1 :]
        if (
            len(after) > 3
            or any(w not in _OBJECTS and not w.isalpha() for w in after)
            or any(w in ("that", "to", "it") for w in after)
        ):
            return None
    span = tokens[first + source[0] : first + source[1]]
    if not _source_like(words[source[0] : source[1]], span):
        return None
    content = (first, first + comma)
    cue = (first + comma + 1 + verb, first + comma + 2 + verb)
    return content, cue, (first + source[0], first + source[1])


def _state(tokens: list[Token], first: int, stop: int) -> Found | None:
    """ "SOURCE are (particularly) concerned by CONTENT."."""
    end = _end_of_content(tokens, first, stop)
    words = [t.text.lower() for t in tokens[first:end]]
    for k, word in enumerate(words[: _MAX_SOURCE + 4]):
        if word not in STATES or k < 2:
            continue
        b = k - 1
        while b > 0 and words[b] in _ADVERBS:
            b -= 1
        if words[b] not in _BE or b == 0:
            continue
        if any(w in (",", ":", ";") for w in words[:b]) or not _source_like(
            words[:b], tokens[first : first + b]
        ):
            return None
        link = k + 1
        if link >= len(words) or words[link] not in _STATE_LINKS:
            return None
        if len(words) - (link + 1) < 3:
            return None
        return (first + link + 1, first + len(words)), (first + b, first + link + 1), (first, first + b)
    return None


def _agentless(tokens: list[Token], first: int, stop: int) -> Found | None:
    """ "X has been hailed as Y" (content X ... Y, no source) and "X raised fears that Y"
    (content "that Y", X the mention the source rules reject)."""
    end = _end_of_content(tokens, first, stop)
    words_ = [t.text.lower() for t in tokens[first:end]]
    for k, word in enumerate(words_[: _MAX_SOURCE + 4]):
        if word in _RAISE and k >= 2 and k + 2 < len(words_) and words_[k + 1] in _FEARS:
            if any(w in (",", ";", ":") for w in words_[:k]):
                return None
            link = k + 2
            if words_[link] not in ("that", "about", "of", "over"):
                return None
            if len(words_) - link < 4:
                return None
            return (first + link, first + len(words_)), (first + k, first + k + 2), (first, first + k)
        if word in JUDGED and k >= 2 and k + 1 < len(words_) and words_[k + 1] == "as":
            b = k - 1
            while b > 0 and words_[b] in _ADVERBS | {"widely", "often", "long", "increasingly"}:
                b -= 1
            if words_[b] not in _BE or b == 0 or any(w in (",", ";", ":") for w in words_[:b]):
                return None
            while b > 1 and words_[b - 1] in _BE:
                b -= 1
            if len(words_) - (k + 2) < 2:
                return None
            return (first, first + len(words_)), (first + b, first + k + 2), None
    return None


#: What the rules propose: the content's token ranges, the cue's, and the source's if named.
Proposal = tuple[list[tuple[int, int]], tuple[int, int], tuple[int, int] | None]


def find(tokens: list[Token], quoted: list[bool], covered: Iterable[int]) -> list[Proposal]:
    """What the rules find in the sentences no drafted claim touches, as token ranges."""
    taken = set(covered)
    out: list[Proposal] = []
    for first, stop in _sentences(tokens):
        if any(i in taken for i in range(first, stop)) or stop - first < 5:
            continue
        if any(quoted[i] for i in range(first, stop)):
            continue  # quotations are the tagger's: what it left out is seldom an attribution
        for rule in (_according, _closing, _state, _agentless):
            found = rule(tokens, first, stop)
            if found is not None:
                (c0, c1), (q0, q1), source = found
                parts = [(c0, c1)]
                if q0 > c0 and q1 < c1:  # "X has been hailed as Y": the content around its cue
                    parts = [(c0, q0), (q1, c1)]
                out.append((parts, (q0, q1), source))
                break
    return out


def turns_label(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The speaker's label opening a transcript's paragraph at token k ('"PENCE:'), as
    (first, stop) of the label; the colon follows it."""
    if k < len(tokens) and tokens[k].text in QUOTE_MARKS:
        k += 1
    j = k
    while j < len(tokens) and j - k < 4 and (tokens[j].text.isupper() or tokens[j].text == "."):
        j += 1
    if j == k or j >= len(tokens) or tokens[j].text != ":" or not tokens[k].text[:1].isalpha():
        return None
    return k, j


def turns(tokens: list[Token], covered: Iterable[int]) -> list[Proposal]:
    """A transcript's turns that no drafted claim touches: the label the source, its colon
    the cue, the rest of its paragraph and of the unlabelled quoted paragraphs after it the
    content."""
    taken = set(covered)
    starts = [i for i, t in enumerate(tokens) if t.paragraph_start] + [len(tokens)]
    out: list[Proposal] = []
    for n, first in enumerate(starts[:-1]):
        label = turns_label(tokens, first)
        if label is None:
            continue
        colon = label[1]
        stop = starts[n + 1]
        for after in starts[n + 1 : -1]:
            if tokens[after].text not in QUOTE_MARKS or turns_label(tokens, after) is not None:
                break
            stop = starts[starts.index(after) + 1]
        while stop > colon + 1 and tokens[stop - 1].text in QUOTE_MARKS:
            stop -= 1
        if stop - colon < 4 or any(i in taken for i in range(first, stop)):
            continue
        out.append(([(colon + 1, stop)], (colon, colon + 1), label))
    return out
