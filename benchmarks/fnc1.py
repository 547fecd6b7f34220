#!/usr/bin/env python3
"""Label every (headline, body) pair of a file in FNC-1's challenge layout with the shipped stance model.

    python benchmarks/fnc1.py BODIES.csv STANCES.csv -o PREDICTIONS.csv

BODIES.csv has ``Body ID,articleBody``; STANCES.csv has ``Headline,Body ID`` and may have
``Stance`` (the challenge's test file has not). PREDICTIONS.csv gets ``Headline,Body ID,Stance``
in the input's order, the official scorer's input. Timings go to stderr; when STANCES.csv has
gold labels, the scores too (as ``benchmarks/fnc1_score.py`` gives them).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from kgtool.linking.stance import MODEL_DIR, StanceModel


def read_bodies(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["Body ID"]: row["articleBody"] for row in csv.DictReader(f)}


def read_stances(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"Headline", "Body ID"} - set(reader.fieldnames or ())
        if missing:
            raise SystemExit(f"{path}: no column {', '.join(sorted(missing))}")
        return list(reader)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bodies", type=Path)
    parser.add_argument("stances", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument(
        "--model", type=Path, default=MODEL_DIR, help="a model folder (default: the shipped one)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    model = StanceModel.load(args.model)
    loaded = time.perf_counter()
    bodies = read_bodies(args.bodies)
    rows = read_stances(args.stances)
    unknown = sorted({row["Body ID"] for row in rows} - bodies.keys())
    if unknown:
        raise SystemExit(f"{args.stances}: Body ID {unknown[0]} is not in {args.bodies}")
    read = time.perf_counter()
    results = model.predict_pairs((row["Headline"], bodies[row["Body ID"]]) for row in rows)
    predicted = time.perf_counter()
    with args.output.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Headline", "Body ID", "Stance"])
        for row, (label, _) in zip(rows, results, strict=True):
            writer.writerow([row["Headline"], row["Body ID"], label])
    done = time.perf_counter()
    n_bodies = len({row["Body ID"] for row in rows})
    print(
        f"{len(rows)} pairs, {n_bodies} bodies: model {loaded - started:.2f} s, "
        f"read {read - loaded:.2f} s, "
        f"predict {predicted - read:.2f} s ({len(rows) / max(predicted - read, 1e-9):.0f} pairs/s), "
        f"write {done - predicted:.2f} s, total {done - started:.2f} s",
        file=sys.stderr,
    )
    if rows and "Stance" in rows[0]:
        from fnc1_score import report

        from kgtool.linking.scoring import evaluate

        print(
            report(evaluate([row["Stance"] for row in rows], [label for label, _ in results])),
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
