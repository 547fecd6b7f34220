"""FNC-1's official score, and the macro-F1 that its retrospective asks for beside it.

The official score gives 0.25 for a right related/unrelated decision and 0.75 more for the right
stance of a related pair; it rewards ``discuss`` and barely punishes a model that never says
``disagree``, hence the macro-averaged F1 over the four labels (Hanselowski et al., 2018).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kgtool.linking.stance import LABELS

RELATED = frozenset(("agree", "disagree", "discuss"))


def official_score(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """(score, best possible score) as the challenge's scorer counts them."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels against {len(predicted)} predictions")
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        if g not in LABELS or p not in LABELS:
            raise ValueError(f"unknown label: {g if g not in LABELS else p!r}")
        best += 1.0 if g in RELATED else 0.25
        if g == p:
            score += 0.25
            if g in RELATED:
                score += 0.5
        if g in RELATED and p in RELATED:
            score += 0.25
    return score, best


def confusion(gold: Sequence[str], predicted: Sequence[str]) -> list[list[int]]:
    """Counts [gold][predicted] in the order of LABELS."""
    index = {label: i for i, label in enumerate(LABELS)}
    matrix = [[0] * len(LABELS) for _ in LABELS]
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g]][index[p]] += 1
    return matrix


def evaluate(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """The official score (and as a share of the best), per-class and macro F1, the confusion matrix."""
    score, best = official_score(gold, predicted)
    matrix = confusion(gold, predicted)
    f1 = {}
    for i, label in enumerate(LABELS):
        true_positive = matrix[i][i]
        n_predicted = sum(row[i] for row in matrix)
        n_gold = sum(matrix[i])
        f1[label] = 2.0 * true_positive / (n_predicted + n_gold) if n_predicted + n_gold else 0.0
    return {
        "pairs": len(gold),
        "score": score,
        "max_score": best,
        "relative_score": score / best if best else 0.0,
        "macro_f1": sum(f1.values()) / len(f1),
        "f1": f1,
        "confusion": {"labels": list(LABELS), "rows_gold_columns_predicted": matrix},
    }
