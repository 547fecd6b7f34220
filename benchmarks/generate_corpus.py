"""Write a synthetic claim corpus and, beside it, the answers every query and shape must give.

    python benchmarks/generate_corpus.py 100000 -o corpus-100k.nt      # N-Triples
    python benchmarks/generate_corpus.py 1000 -o corpus-1k.ttl --seed 3   # Turtle

The expected answers go to ``<output>.expected.json`` (see corpus.Expected in benchmarks/corpus.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", type=int, help="number of claims")
    parser.add_argument("-o", "--output", required=True, help="corpus file (.nt or .ttl)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-defects", action="store_true", help="a corpus without defects")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    expected = corpus.write_corpus(args.output, args.claims, seed=args.seed, defects=not args.no_defects)
    Path(args.output + ".expected.json").write_text(
        json.dumps(expected.as_dict(), indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"{args.claims} claims, {expected.triples} triples in {args.output} "
        f"({time.perf_counter() - start:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
