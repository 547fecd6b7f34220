"""The index of claims a reader filters and searches: by status, source kind and dispute type,
and by words of the quotes, sentences and labels (plain GET parameters, no JavaScript)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kgtool.audit.claim_sentences import ClaimSentence
from kgtool.audit.records import Claim

#: Relations a reader filters on, in the order of their strength (the links of queries/ and the
#: explicit supports among the corroborations).
RELATIONS = (
    "contradicts",
    "denies",
    "challenges",
    "offersAlternativeTo",
    "disputes",
    "partiallySupports",
    "corroborates",
)


@dataclass(frozen=True)
class Filters:
    """What the reader asked for; an empty value does not filter."""

    status: str = ""
    kind: str = ""
    relation: str = ""
    words: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> Filters:
        return cls(*(params.get(name, "").strip()[:200] for name in ("status", "kind", "relation", "q")))


def relations_of(claim: Claim, supporting: Mapping[str, set[str]] | None = None) -> set[str]:
    """The dispute and support relations a claim takes part in, at either end: ``supporting``
    gives, by claim, how it supports others (the audit records a support at the supported end)."""
    supported = {c.how for c in claim.corroborations if c.how in RELATIONS}
    return {d.relation for d in claim.disputes} | supported | (supporting or {}).get(claim.iri, set())


def _text_of(claim: Claim, said: ClaimSentence | None) -> str:
    parts = [a.quote or "" for a in claim.anchors] + [claim.source_label or ""]
    if said:
        parts.append(said.sentence)
    return " ".join(parts).casefold()


def select(
    claims: Iterable[Claim],
    sentences: Mapping[str, ClaimSentence],
    filters: Filters,
    supporting: Mapping[str, set[str]] | None = None,
) -> list[Claim]:
    """The claims that pass every filter, in the order given; the words must all occur (in any
    case) in a quote, the sentence or the source's label."""
    words = filters.words.casefold().split()
    return [
        c
        for c in claims
        if (not filters.status or c.status == filters.status)
        and (not filters.kind or c.source_kind == filters.kind)
        and (not filters.relation or filters.relation in relations_of(c, supporting))
        and all(w in _text_of(c, sentences.get(c.iri)) for w in words)
    ]
