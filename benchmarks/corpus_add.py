"""One article added to the linked PolNeAR corpus (issue 26, item 5), against linking from scratch.

    python benchmarks/corpus_add.py [--workdir DIR] [--no-stance]

Reads what ``benchmarks/corpus_links.py`` left in its work folder (the imported corpus
``polnear.nt``, the publishers' names ``names.ttl``, the links from scratch ``links.nt`` and
their audit ``audit.json``; run it first, with the same ``--no-stance``), then:

1. splits the corpus into its latest article (by date, then IRI: the last of the corpus's order)
   and the other 923, line by line (every node of an article has an IRI under its slug);
2. ``kgtool link --index`` over the 923 (the set-up, timed once);
3. ``kgtool link --add --audit`` of the latest article to a copy of that index (the links and
   the corpus audit, proposals counted);
4. ``kgtool audit --corpus --index`` over the links it wrote (the same audit, apart).

Each step runs in a fresh process under ``/usr/bin/time -v``. The links of step 3 must be those
of linking all 924 from scratch and both audits the audit of the graphs, else exit 1.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_links import KGTOOL, timed  # a script beside this one

_SUBJECT = re.compile(r"^<https://w3id\.org/kgtool/id/(?:article|claim|source)/([^/>]+)[/>]")
_DATE = re.compile(
    r'^<https://w3id\.org/kgtool/id/article/([^/>]+)> <https://schema\.org/datePublished> "([^"]+)"'
)


def split(corpus: Path, rest: Path, article: Path) -> str:
    """Write the latest article's lines and the others' (shared nodes in both); its slug."""
    dates = {}
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            found = _DATE.match(line)
            if found:
                dates[found.group(1)] = found.group(2)[:10]
    latest = max(dates, key=lambda slug: (dates[slug], f"https://w3id.org/kgtool/id/article/{slug}"))
    with corpus.open(encoding="utf-8") as lines, rest.open("w") as others, article.open("w") as mine:
        for line in lines:
            found = _SUBJECT.match(line)
            if found is None or found.group(1) != latest:
                others.write(line)
            if found is None or found.group(1) == latest:
                mine.write(line)
    return latest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kgtool-corpus-links"))
    parser.add_argument("--no-stance", action="store_true", help="as corpus_links.py was run")
    args = parser.parse_args()
    work = args.workdir
    corpus, names, scratch, scratch_audit = (
        work / n for n in ("polnear.nt", "names.ttl", "links.nt", "audit.json")
    )
    rest, article, index, added, audit = (
        work / n for n in ("rest.nt", "article.nt", "rest.index.sqlite", "added.nt", "added-audit.json")
    )
    slug = split(corpus, rest, article)
    print(f"added: {slug}", flush=True)
    stance = ["--no-stance"] if args.no_stance else []
    steps = [
        timed(
            [*KGTOOL, "link", "-q", "-d", str(rest), "-d", str(names), "--index", str(index), *stance,
             "-o", str(work / "rest-links.nt")],
            "link --index (923 articles)",
        )
    ]  # fmt: skip
    copy = work / "index.sqlite"
    shutil.copyfile(index, copy)
    steps.append(
        timed(
            [*KGTOOL, "link", "-q", "--add", "-d", str(article), "-d", str(names), "--index", str(copy),
             *stance, "-o", str(added), "--audit", str(work / "added-audit-2.json")],
            "link --add --audit (the 924th)",
        )
    )  # fmt: skip
    steps.append(
        timed(
            [*KGTOOL, "audit", "--corpus", "-q", "--index", str(copy), "-d", str(added), "--include-proposed",
             "--format", "json", "-o", str(audit)],
            "audit --corpus --index --include-proposed",
        )
    )  # fmt: skip
    same_links = set(Graph().parse(added)) == set(Graph().parse(scratch))
    expected = json.loads(scratch_audit.read_text(encoding="utf-8"))
    same_audit = all(
        json.loads(path.read_text(encoding="utf-8")) == expected
        for path in (audit, work / "added-audit-2.json")
    )
    print(json.dumps({"steps": steps, "same_links": same_links, "same_audit": same_audit}, indent=2))
    return 0 if same_links and same_audit else 1


if __name__ == "__main__":
    raise SystemExit(main())
