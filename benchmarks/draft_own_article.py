#!/usr/bin/env python3
"""How many attributed claims of data/claims.toml `kgtool draft` finds in our own article.

    python benchmarks/draft_own_article.py ../shared/article/iraq-iran-power-centres.txt

A claim whose source is not the publisher is found when a drafted content span overlaps one of
its quotes; the stricter figure asks that drafted content cover half of its quotes' characters.
A second measure beside PolNeAR's dev split: an article no PolNeAR annotator read, from another
publisher and region, annotated here by other rules.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

from kgtool.drafting import draft
from kgtool.drafting.article import read_article

CLAIMS = Path(__file__).resolve().parent.parent / "data" / "claims.toml"


def quote_span(text: str, spec: str | dict) -> tuple[int, int]:
    """Where a claims.toml quote lies: its only occurrence, or the nth."""
    exact, nth = (spec, 1) if isinstance(spec, str) else (spec["exact"], spec.get("nth", 1))
    start = [m.start() for m in re.finditer(re.escape(exact), text)][nth - 1]
    return start, start + len(exact)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("article", type=Path)
    args = ap.parse_args()
    text = read_article(args.article).text
    notes = tomllib.loads(CLAIMS.read_text(encoding="utf-8"))
    publisher = notes["article"]["publisher"]
    drafted = [span for claim in draft(text).attributions for span in claim.content]
    attributed = [c for c in notes["claim"] if c["source"] != publisher]
    covered = {i for s, e in drafted for i in range(s, e)}
    found = half = 0
    for claim in attributed:
        quotes = claim["quote"] if isinstance(claim["quote"], list) else [claim["quote"]]
        spans = [quote_span(text, q) for q in quotes]
        found += any(s < qe and qs < e for s, e in drafted for qs, qe in spans)
        # Stricter: the quotes are whole sentences with their attribution words.
        chars = {i for qs, qe in spans for i in range(qs, qe)}
        half += len(chars & covered) * 2 >= len(chars)
    n = len(attributed)
    print(
        f"{found} of {n} attributed claims found ({found / n:.0%}), {half} ({half / n:.0%}) with "
        f"half their quote covered; {len(drafted)} content spans drafted"
    )


if __name__ == "__main__":
    main()
