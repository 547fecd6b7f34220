"""Link and audit the PolNeAR corpus as one corpus (issue 26): import, link, corpus audit.

    python benchmarks/corpus_links.py [--polnear DIR] [--workdir DIR] [--no-stance]

1. ``kgtool import brat --metadata metadata.tsv`` of the train and dev splits (924 articles,
   with their dates and wire credits);
2. the names by which text refers to the seven publishers ("The Washington Post" for
   ``wash-post``), as a small Turtle graph: neither the file names nor ``metadata.tsv`` give them;
3. ``kgtool link`` over both, then ``kgtool audit --corpus --include-proposed --format json``.

Each step runs in a fresh process under ``/usr/bin/time -v`` (wall time, peak memory); the
script prints the figures, the links by kind and method, and the clusters and flags.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal

from kgtool.authoring.brat_import import slug
from kgtool.namespaces import BASE, PROV, PROXY, RDF, SCHEMA

ROOT = Path(__file__).resolve().parent.parent
KGTOOL = [sys.executable, "-m", "kgtool"]
#: How articles name the corpus's publishers (file-name prefix: names), besides the prefix.
PUBLISHER_NAMES = {
    "breitbart": ("Breitbart", "Breitbart News"),
    "huff-post": ("The Huffington Post", "HuffPost", "Huffington Post"),
    "nyt": ("The New York Times", "New York Times", "NYT"),
    "politico": ("Politico",),
    "usa-today": ("USA Today", "USA TODAY"),
    "wash-post": ("The Washington Post", "Washington Post"),
    "west-journal": ("Western Journalism", "The Western Journal"),
}


def names_graph() -> Graph:
    """The publishers' other names (IRIs as the import's)."""
    graph = Graph()
    for publisher, names in PUBLISHER_NAMES.items():
        node = BASE[f"entity/publisher-{slug(publisher)}"]
        for name in names:
            graph.add((node, SCHEMA.alternateName, Literal(name)))
    return graph


def timed(argv: list[str], label: str) -> dict:
    """Run a command in a fresh process: its wall time and peak resident memory."""
    start = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True, cwd=ROOT)
    wall = time.monotonic() - start
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{label}: exit {done.returncode}\n{done.stderr[-2000:]}")
    figures = {
        "step": label,
        "wall_s": round(wall, 1),
        "peak_mb": int(peak.group(1)) // 1024 if peak else None,
    }
    print(f"{label:<40} {figures['wall_s']:>7.1f} s {figures['peak_mb']:>6} MB", flush=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "corpora" / "polnear")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kgtool-corpus-links"))
    parser.add_argument("--no-stance", action="store_true", help="link without the stance model")
    args = parser.parse_args()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    claims, meta, links, audit = (work / n for n in ("polnear.nt", "names.ttl", "links.nt", "audit.json"))
    splits = [str(args.polnear / split) for split in ("train", "dev")]
    metadata = ["--metadata", str(args.polnear / "metadata.tsv")]
    steps = [
        timed([*KGTOOL, "import", "brat", *splits, *metadata, "-o", str(claims)], "import brat (train + dev)")
    ]
    names_graph().serialize(meta, format="turtle")
    stance = ["--no-stance"] if args.no_stance else []
    data = ["-d", str(claims), "-d", str(meta)]
    steps.append(
        timed(
            [*KGTOOL, "link", "-q", *data, *stance, "-o", str(links)], "link" + " (no stance)" * bool(stance)
        )
    )
    corpus_audit = [*KGTOOL, "audit", "--corpus", "-q", *data, "-d", str(links), "--include-proposed"]
    steps.append(
        timed([*corpus_audit, "--format", "json", "-o", str(audit)], "audit --corpus --include-proposed")
    )
    found = Graph().parse(links)
    by_method = Counter(
        (
            str(found.value(node, RDF.type)).rsplit("#", 1)[-1],
            str(found.value(found.value(node, PROV.wasGeneratedBy), PROXY.method)),
        )
        for node in found.subjects(PROXY.reviewStatus, PROXY.Proposed)
    )
    report = json.loads(audit.read_text(encoding="utf-8"))
    clusters = report["clusters"]
    sizes = Counter(len(c["claims"]) for c in clusters)
    print(json.dumps({"steps": steps, "summary": report["summary"]}, indent=2))
    print("links by type and method:")
    for (kind, method), n in sorted(by_method.items()):
        print(f"  {kind:<16} {method:<60} {n}")
    print("clusters by size:", dict(sorted(sizes.items())))
    article_of = {c["iri"]: c["article"] for c in report["claims"]}
    publisher_of = {a["iri"]: a["publisher"] for a in report["articles"]}
    outlets = Counter(len({publisher_of[article_of[claim]] for claim in c["claims"]}) for c in clusters)
    print("clusters by number of outlets:", dict(sorted(outlets.items())))
    print(
        "clusters by independent roots:",
        dict(sorted(Counter(c["independent_roots"] for c in clusters).items())),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
