"""BIO labels over tokens: content (C), cue (Q) and source (S) of attributions, jointly."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kgtool.drafting.tokens import Token

Span = tuple[int, int]
ROLES = ("content", "cue", "source")
TAGS = {"content": "C", "cue": "Q", "source": "S"}


def encode(tokens: Sequence[Token], attributions: Iterable[dict[str, list[Span]]]) -> list[str]:
    """Labels for ``tokens``; where spans overlap, content wins (a nested attribution's cue
    inside a content is part of that content), then the first attribution given."""
    owner: list[tuple[str, int] | None] = [None] * len(tokens)
    attributions = list(attributions)
    for role in ROLES:
        for number, attribution in enumerate(attributions):
            for start, end in attribution.get(role, []):
                for i, token in enumerate(tokens):
                    if owner[i] is None and start <= token.start < end:
                        owner[i] = (role, number)
    labels = []
    for i, who in enumerate(owner):
        if who is None:
            labels.append("O")
            continue
        inside = i > 0 and owner[i - 1] == who
        labels.append(f"{'I' if inside else 'B'}-{TAGS[who[0]]}")
    return labels


def decode(tokens: Sequence[Token], labels: Sequence[str]) -> list[tuple[str, int, int]]:
    """The labelled runs as (role, first token, last token + 1)."""
    roles = {tag: role for role, tag in TAGS.items()}
    runs: list[tuple[str, int, int]] = []
    for i, label in enumerate(labels):
        if label == "O":
            continue
        prefix, tag = label.split("-")
        if prefix == "I" and runs and runs[-1][0] == roles[tag] and runs[-1][2] == i:
            runs[-1] = (runs[-1][0], runs[-1][1], i + 1)
        else:
            runs.append((roles[tag], i, i + 1))
    return runs
