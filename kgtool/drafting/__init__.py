"""Drafting attributions of a new article for a person to review (``kgtool draft``).

Imports no RDF library: drafting a file must start fast (one process per article).
"""

from __future__ import annotations

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


def draft(text: str, publisher: str | None = None) -> Draft:
    """The attributions the tagger finds in ``text`` and the publisher's own sentences.
    ``publisher``: the name of the article's publisher, so that its mentions of itself ("The
    Times reported", "this newspaper") are the publisher's."""
    tokens = tokenize(text)
    own = Source("publisher", "publisher", publisher or "the publisher")
    if not tokens:
        return Draft([], publisher=own)
    tagged = tag(tokens)
    attributions = assemble(text, tokens, tagged, publisher)
    for claim in attributions:
        if claim.source_ref is not None and claim.source_ref.kind == "publisher":
            own.mentions = sorted(set(own.mentions) | set(claim.source_ref.mentions))
            claim.source_ref = own
            claim.publisher_class = "exclusive"  # the publisher reporting what it found
    narrative, excluded = publisher_sentences(text, tokens, tagged, attributions, own)
    return Draft(attributions, narrative, excluded, own)
