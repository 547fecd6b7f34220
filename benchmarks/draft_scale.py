#!/usr/bin/env python3
"""Time and peak memory of `kgtool draft` as its input grows: news text of some megabytes, and
one sentence of some hundred kilobytes.

    python benchmarks/draft_scale.py ../shared/article/iraq-iran-power-centres.txt
    python benchmarks/draft_scale.py ARTICLE --megabytes 1 5 --sentence-kb 100 200

The texts are made of the article given: its paragraphs repeated to the size asked, and its
words (with their commas) joined into one sentence without a full stop. Each draft runs in a
process of its own under /usr/bin/time; the figures are its wall and CPU time (user and
system: the fairer figure on a shared machine) and peak resident memory. To measure another
version of kgtool, put its source first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def news(article: str, size: int) -> str:
    """Paragraphs of ``article`` repeated until ``size`` characters."""
    copies = -(-size // len(article))
    return (article.rstrip("\n") + "\n") * copies


def sentence(article: str, size: int) -> str:
    """The words of ``article`` as one sentence of ``size`` characters: no full stop, no line break."""
    words = re.findall(r"[^\s.!?]+", article)
    out, length, i = [], 0, 0
    while length < size:
        out.append(words[i % len(words)])
        length += len(out[-1]) + 1
        i += 1
    return " ".join(out) + ".\n"


def _kgtool(*args: str) -> list[str]:
    return [sys.executable, "-m", "kgtool", *args]


def measure(path: Path, limit: list[str]) -> tuple[float, float, float, int]:
    """Wall and CPU seconds, peak resident MB and exit code of ``kgtool draft path``."""
    command = ["/usr/bin/time", "-f", "%e %U %S %M", *_kgtool("draft", str(path), *limit, "-o", "/dev/null")]
    done = subprocess.run(command, capture_output=True, text=True)
    wall, user, system, kilobytes = done.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(kilobytes) / 1024, done.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("article", type=Path)
    ap.add_argument("--megabytes", type=float, nargs="*", default=[1, 5])
    ap.add_argument("--sentence-kb", type=float, nargs="*", default=[100, 200])
    args = ap.parse_args()
    article = args.article.read_text(encoding="utf-8")
    cases = [(f"news, {mb:g} MB", news(article, int(mb * 1_000_000))) for mb in args.megabytes]
    cases += [(f"one sentence, {kb:g} KB", sentence(article, int(kb * 1000))) for kb in args.sentence_kb]
    # no byte limit in the way; a version before --max-bytes had none
    shown = subprocess.run(_kgtool("draft", "--help"), capture_output=True, text=True).stdout
    limit = ["--max-bytes", str(1 << 30)] if "--max-bytes" in shown else []
    print("| input | wall time | CPU time | peak memory | exit |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for label, text in cases:
            path = Path(folder) / "text.txt"
            path.write_text(text, encoding="utf-8")
            wall, cpu, megabytes, code = measure(path, limit)
            print(f"| {label} | {wall:.1f} s | {cpu:.1f} s | {megabytes:,.0f} MB | {code} |", flush=True)


if __name__ == "__main__":
    main()
