#!/usr/bin/env python3
"""Score predicted stances against gold ones: FNC-1's official score, macro-F1, confusion matrix.

    python benchmarks/fnc1_score.py GOLD.csv PREDICTIONS.csv [--json]

Both files have ``Headline,Body ID,Stance``; rows are matched by position, and each row's
headline and Body ID must agree (as the official scorer assumes).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from kgtool.linking.scoring import evaluate


def read(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(row["Headline"], row["Body ID"], row["Stance"]) for row in csv.DictReader(f)]


def report(result: dict) -> str:
    """The scores as text: the official score, the F1s and the confusion matrix."""
    labels = result["confusion"]["labels"]
    lines = [
        f"score {result['score']:.2f} of {result['max_score']:.2f} "
        f"({100 * result['relative_score']:.2f} %), macro-F1 {result['macro_f1']:.4f} "
        f"over {result['pairs']} pairs",
        "F1: " + ", ".join(f"{label} {result['f1'][label]:.4f}" for label in labels),
        "gold \\ predicted " + " ".join(f"{label:>9}" for label in labels),
    ]
    for label, row in zip(labels, result["confusion"]["rows_gold_columns_predicted"], strict=True):
        lines.append(f"{label:>16} " + " ".join(f"{n:>9}" for n in row))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("predictions", type=Path)
    parser.add_argument("--json", action="store_true", help="the scores as JSON")
    args = parser.parse_args(argv)
    gold, predicted = read(args.gold), read(args.predictions)
    if len(gold) != len(predicted):
        raise SystemExit(f"{len(gold)} gold rows against {len(predicted)} predicted rows")
    for n, (g, p) in enumerate(zip(gold, predicted, strict=True), start=2):
        if g[:2] != p[:2]:
            raise SystemExit(f"line {n}: the pairs differ ({g[1]} against {p[1]})")
    result = evaluate([g[2] for g in gold], [p[2] for p in predicted])
    print(json.dumps(result, indent=1) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
