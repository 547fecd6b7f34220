"""An article's text with its anchored claims marked: the reading view of the article page, as
an annotation tool shows a document. The text is cut at every anchor's start and end; each
piece is marked by the claims whose anchors cover it, and each anchor's end by a numbered link
to its claim, so that every claim is reached even where several share one passage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Span:
    """One anchor of a claim: code-point offsets into the text, and the claim's status."""

    start: int
    end: int
    claim: str
    status: str


@dataclass(frozen=True)
class Piece:
    """A piece of the text and the claims that cover it, the shortest anchor first (the claim
    a click on the piece opens), and those whose anchor ends with it."""

    text: str
    claims: tuple[Span, ...] = ()
    ends: tuple[Span, ...] = ()  # the anchors that end with this piece, in the text's order


def pieces(text: str, spans: Iterable[Span]) -> list[Piece]:
    """The text cut into pieces at every anchor's ends; anchors outside the text are left out
    (a snapshot other than the one the offsets refer to is refused before this)."""
    inside = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in inside), *(s.end for s in inside)})
    by_start = sorted(inside, key=lambda s: s.start)
    found: list[Piece] = []
    open_spans: list[Span] = []
    next_span = 0
    for start, end in pairwise(cuts):
        while next_span < len(by_start) and by_start[next_span].start <= start:
            open_spans.append(by_start[next_span])
            next_span += 1
        open_spans = [s for s in open_spans if s.end > start]
        covering = tuple(sorted(open_spans, key=lambda s: (s.end - s.start, s.claim)))
        ending = tuple(sorted((s for s in open_spans if s.end == end), key=lambda s: (s.start, s.claim)))
        found.append(Piece(text[start:end], covering, ending))
    return found
