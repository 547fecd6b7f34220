"""The rest of the article: sentences in the publisher's own voice, and page furniture.

Every sentence no drafted attribution touches (its content, cue or source) is the publisher's
own claim (mode ``publisher_narrative``, guidelines rule 2.2): a headline in the first
paragraph, else reported as an event until a person says which class it is (rule 2.2a). A
"sentence" of fewer than three words ("ABSTRACT.", "FULL TEXT.") or of markup ("<tweet ...>")
states nothing: it is proposed as excluded text (rule 1.3), so that the draft accounts for every
sentence of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kgtool.drafting.claims import DraftClaim, Span
from kgtool.drafting.model import Tagged
from kgtool.drafting.sources import Source
from kgtool.drafting.tokens import Token

MIN_WORDS = 3  # a sentence of fewer words is furniture, not a claim


def _sentences(tokens: list[Token]) -> Iterable[tuple[int, int]]:
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or tokens[i].sentence != tokens[start].sentence:
            yield start, i
            start = i


def _touched(claims: list[DraftClaim]) -> list[Span]:
    spans: list[Span] = []
    for claim in claims:
        spans += claim.content
        spans += [s for s in (claim.cue, claim.source) if s is not None]
    return sorted(spans)


def publisher_sentences(
    text: str, tokens: list[Token], tagged: Tagged, attributions: list[DraftClaim], publisher: Source
) -> tuple[list[DraftClaim], list[tuple[Span, str]]]:
    """The publisher's own claims and the excluded spans, in text order."""
    touched = _touched(attributions)
    claims: list[DraftClaim] = []
    excluded: list[tuple[Span, str]] = []
    first_paragraph = next((t.sentence for t in tokens if t.paragraph_start and t.start > 0), None)
    k = 0
    for first, stop in _sentences(tokens):
        span = (tokens[first].start, tokens[stop - 1].end)
        while k < len(touched) and touched[k][1] <= span[0]:
            k += 1
        if any(s < span[1] and e > span[0] for s, e in touched[k : k + 50]):
            continue
        words = [t for t in tokens[first:stop] if re.match(r"\w", t.text)]
        sentence_text = text[span[0] : span[1]]
        if sentence_text.startswith("<") or re.fullmatch(r"<[^>]*>\W*", sentence_text):
            excluded.append((span, "markup, not text of the article"))
            continue
        if len(words) < MIN_WORDS:
            excluded.append((span, "too short to state anything: a label or page furniture"))
            continue
        headline = first_paragraph is None or tokens[first].sentence < first_paragraph
        confidence = sum(tagged.confidence[first:stop]) / (stop - first)
        claim = DraftClaim(
            content=[span],
            cue=None,
            source=None,
            mode="publisher_narrative",
            source_ref=publisher,
            confidence=round(confidence, 3),
        )
        claim.publisher_class = "headline" if headline else "event_report"
        claims.append(claim)
    return claims, excluded
