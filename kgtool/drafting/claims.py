"""From tagged tokens to drafted claims: content runs joined by the cue they hang on, each
claim paired with the nearest cue and the source nearest that cue."""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.drafting import sources as src
from kgtool.drafting.features import quote_states
from kgtool.drafting.labels import decode
from kgtool.drafting.model import Tagged
from kgtool.drafting.tokens import Token

Span = tuple[int, int]
MAX_CUE_DISTANCE = 40  # tokens: a cue further from a content run than this is not its cue


@dataclass
class DraftClaim:
    content: list[Span]
    cue: Span | None
    source: Span | None
    mode: str  # direct_quote, paraphrase, publisher_narrative
    source_ref: src.Source | None
    confidence: float


@dataclass
class _Run:
    first: int  # token index
    stop: int  # token index past the last

    def distance(self, other: _Run) -> int:
        if other.first >= self.stop:
            return other.first - self.stop
        if self.first >= other.stop:
            return self.first - other.stop
        return 0


def _nearest(run: _Run, candidates: list[_Run], tokens: list[Token],
             not_after: bool = False) -> _Run | None:
    """The closest candidate, one in the same sentence first, within MAX_CUE_DISTANCE; with
    ``not_after``, none from a later sentence."""
    sentences = {tokens[i].sentence for i in range(run.first, run.stop)}

    def elsewhere(c: _Run) -> bool:
        return tokens[c.first].sentence not in sentences

    def later(c: _Run) -> bool:
        return tokens[c.first].sentence > max(sentences)

    near = [c for c in candidates if run.distance(c) <= MAX_CUE_DISTANCE
            and not (not_after and later(c))]
    return min(near, key=lambda c: (elsewhere(c), run.distance(c)), default=None)


def assemble(text: str, tokens: list[Token], tagged: Tagged) -> list[DraftClaim]:
    runs = decode(tokens, tagged.labels)
    contents = [_Run(a, b) for role, a, b in runs if role == "content"]
    cues = [_Run(a, b) for role, a, b in runs if role == "cue"]
    mentions = [_Run(a, b) for role, a, b in runs if role == "source"]
    by_cue: dict[int, list[_Run]] = {}
    lone: list[_Run] = []
    for run in contents:
        cue = _nearest(run, cues, tokens)
        if cue is None:
            lone.append(run)
        else:
            by_cue.setdefault(id(cue), []).append(run)
    cue_of = {id(c): c for c in cues}
    spans_of = {id(m): (tokens[m.first].start, tokens[m.stop - 1].end) for m in mentions}
    grouped = src.group(text, list(spans_of.values()))
    quoted = quote_states(tokens)
    claims = []
    groups = [(cue_of[k], runs) for k, runs in by_cue.items()] + [(None, [r]) for r in lone]
    for cue, parts in groups:
        parts.sort(key=lambda r: r.first)
        anchor = cue or parts[0]
        # a source is named in its cue's sentence or before it; one from a later sentence is
        # another attribution's ("It is believed that ... . Smith said ...")
        mention = _nearest(anchor, mentions, tokens, not_after=True)
        source = spans_of[id(mention)] if mention else None
        indices = [i for r in parts for i in range(r.first, r.stop)]
        if cue is not None:
            indices += range(cue.first, cue.stop)
        confidence = sum(tagged.confidence[i] for i in indices) / len(indices)
        inside = sum(quoted[i] for r in parts for i in range(r.first, r.stop))
        size = sum(r.stop - r.first for r in parts)
        if cue is None and source is None:
            mode = "publisher_narrative"
        else:
            mode = "direct_quote" if inside * 2 > size else "paraphrase"
        claims.append(DraftClaim(
            content=[(tokens[r.first].start, tokens[r.stop - 1].end) for r in parts],
            cue=(tokens[cue.first].start, tokens[cue.stop - 1].end) if cue else None,
            source=source, mode=mode, source_ref=grouped.get(source) if source else None,
            confidence=round(confidence, 3)))
    claims.sort(key=lambda c: c.content[0])
    return claims
