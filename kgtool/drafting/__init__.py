"""Drafting attributions of a new article for a person to review (``kgtool draft``).

Imports no RDF library: drafting a file must start fast (one process per article).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kgtool.drafting.claims import DraftClaim, Span, assemble
from kgtool.drafting.model import tag
from kgtool.drafting.narrative import publisher_sentences
from kgtool.drafting.sources import Source
from kgtool.drafting.tokens import tokenize

__all__ = ["Draft", "DraftClaim", "draft"]


@dataclass
class Draft:
    """What the drafter proposes for one article."""

    attributions: list[DraftClaim]  # what sources say, in text order
    narrative: list[DraftClaim] = field(default_factory=list)  # the publisher's own sentences
    excluded: list[tuple[Span, str]] = field(default_factory=list)  # furniture, with the reason
    publisher: Source | None = None

    @property
    def claims(self) -> list[DraftClaim]:
        """Attributions and the publisher's own claims, in text order."""
        return sorted(self.attributions + self.narrative, key=lambda c: c.content[0])


#: Characters drafted at once. A longer text (a book, or a text on one line) is drafted window
#: by window, each cut at a paragraph break where there is one, so that time and memory grow
#: with the text's length and not with its square; every PolNeAR article (34 KB at most) and
#: any news article fits in one. Mentions of one source in two windows are two sources.
WINDOW = 64_000
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s")


def windows(text: str, size: int) -> Iterator[tuple[int, int]]:
    """The windows of ``text`` as (start, end) offsets: cut after the last line break of a
    window's second half, else after its last sentence end, else at its last space."""
    start = 0
    while len(text) - start > size:
        floor, end = start + size // 2, start + size
        cut = text.rfind("\n", floor, end) + 1
        if not cut:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, end)]
            cut = ends[-1] if ends else text.rfind(" ", floor, end) + 1 or end
        yield start, cut
        start = cut
    yield start, len(text)


def draft(text: str, publisher: str | None = None) -> Draft:
    """The attributions the tagger finds in ``text`` and the publisher's own sentences.
    ``publisher``: the name of the article's publisher, so that its mentions of itself ("The
    Times reported", "this newspaper") are the publisher's."""
    own = Source("publisher", "publisher", publisher or "the publisher")
    whole = Draft([], publisher=own)
    keys: set[str] = set()  # source keys are unique in the article, across windows
    for start, end in windows(text, WINDOW):
        part = _draft(text[start:end], publisher, own)
        moved: dict[int, Source] = {}
        for claim in part.attributions + part.narrative:
            claim.content = [_shift(span, start) for span in claim.content]
            claim.cue = claim.cue and _shift(claim.cue, start)
            claim.source = claim.source and _shift(claim.source, start)
            ref = claim.source_ref
            if ref is not None and ref is not own and id(ref) not in moved:
                moved[id(ref)] = ref
                ref.mentions = [_shift(span, start) for span in ref.mentions]
                ref.key = _unique(ref.key, keys)
            if start and claim.publisher_class == "headline":  # only the text's start has one
                claim.publisher_class = "event_report"
        own.mentions += [_shift(span, start) for span in part.own_mentions]
        whole.attributions += part.attributions
        whole.narrative += part.narrative
        whole.excluded += [(_shift(span, start), reason) for span, reason in part.excluded]
    return whole


def _unique(key: str, keys: set[str]) -> str:
    """``key``, or ``key-2``, ``key-3`` ... when a window before took it; added to ``keys``."""
    unique, number = key, 1
    while unique in keys:
        number += 1
        unique = f"{key}-{number}"
    keys.add(unique)
    return unique


def _shift(span: Span, by: int) -> Span:
    return span[0] + by, span[1] + by


@dataclass
class _Part(Draft):
    own_mentions: list[Span] = field(default_factory=list)  # the publisher's, in this window


def _draft(text: str, publisher: str | None, own: Source) -> _Part:
    """The draft of one window, its offsets into ``text``; the publisher's claims name ``own``,
    whose mentions in the window are given apart."""
    tokens = tokenize(text)
    if not tokens:
        return _Part([])
    tagged = tag(tokens)
    attributions = assemble(text, tokens, tagged, publisher)
    mentions: set[Span] = set()
    for claim in attributions:
        if claim.source_ref is not None and claim.source_ref.kind == "publisher":
            mentions |= set(claim.source_ref.mentions)
            claim.source_ref = own
            claim.publisher_class = "exclusive"  # the publisher reporting what it found
    narrative, excluded = publisher_sentences(text, tokens, tagged, attributions, own)
    return _Part(attributions, narrative, excluded, own, own_mentions=sorted(mentions))
