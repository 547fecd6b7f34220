#!/usr/bin/env python3
"""What a reviewer of a draft has to check, per 1,000 words: the README's review estimate.

    python benchmarks/review_load.py            # PolNeAR's dev split, the shipped model

For every article of the split: the draft's proposals (attributions, sentences in the
publisher's own voice), the gold attributions, and those the draft missed (score.py's matching,
as benchmarks/score_sources.py; the first annotator's
attributions where an article has several), each summed over the split and given per 1,000 words. It
counts; it does not time a person.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from score_sources import POLNEAR, draft, match, publisher_of, read_gold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, default=POLNEAR)
    ap.add_argument("--split", default="dev")
    args = ap.parse_args()
    words = attributions = narrative = gold = missed = articles = 0
    for path in sorted((args.polnear / args.split / "text").glob("*.txt")):
        # the first annotator's attributions, as `kgtool import brat` takes by default
        ann = sorted((args.polnear / args.split / "attributions").glob(f"{path.stem}_*.ann"))[0]
        text = path.read_text(encoding="utf-8")
        drafted = draft(path, text, publisher_of(path.stem), None)
        truth = read_gold(ann)
        found = match(truth, drafted["claims"])
        articles += 1
        words += len(re.findall(r"\w+", text))
        attributions += len(drafted["claims"])
        narrative += len(drafted["publisher_claims"])
        gold += len(truth)
        missed += sum(hit is None for hit in found)
    per = 1000 / words
    print(f"{args.split}: {articles} articles, {words:,} words ({words / articles:,.0f} an article)")
    for label, count in (
        ("proposed attributions", attributions),
        ("proposed publisher sentences", narrative),
        ("proposals in all", attributions + narrative),
        ("gold attributions", gold),
        ("gold attributions missed", missed),
    ):
        print(f"  {label:<30} {count:>6,}  {count * per:6.1f} per 1,000 words")


if __name__ == "__main__":
    main()
