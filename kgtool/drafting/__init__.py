"""Drafting attributions of a new article for a person to review (``kgtool draft``).

Imports no RDF library: drafting a file must start fast (one process per article).
"""

from __future__ import annotations

from kgtool.drafting.claims import DraftClaim, assemble
from kgtool.drafting.model import tag
from kgtool.drafting.tokens import tokenize

__all__ = ["DraftClaim", "draft"]


def draft(text: str) -> list[DraftClaim]:
    """The attributions the tagger finds in ``text``, in text order."""
    tokens = tokenize(text)
    if not tokens:
        return []
    return assemble(text, tokens, tag(tokens))
