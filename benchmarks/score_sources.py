#!/usr/bin/env python3
"""Score `kgtool draft`'s sources on PolNeAR articles whose source mentions we labelled.

    python benchmarks/score_sources.py                       # dev labels, the shipped model
    python benchmarks/score_sources.py --labels benchmarks/source_labels/train.tsv --split train

The labels (benchmarks/source_labels/README.md) give each gold `Source` span of PolNeAR a kind
and a source id. The drafter runs on each labelled article (in this process, as `kgtool draft
--format json --publisher NAME` would; `--cmd` runs a command instead) and is scored:

- content P / R / F1 and "source right" as PolNeAR's score.py does (a gold attribution is found
  by a drafted claim covering half its content, with an overlapping cue when both have one;
  its source is right when the drafted source overlaps the gold source);
- kind accuracy: of the found attributions whose drafted source overlaps a labelled mention,
  the share whose drafted `source_kind` is the label's kind;
- unstated: of the found attributions whose text gives no source (PolNeAR's
  Attribution-no-source, or a mention labelled `unstated`), the share drafted with no source;
- grouping, pairwise: over the labelled mentions the draft found (as above), every pair of one
  article is "same source" or not by the labels and by the draft's `source_id`; precision,
  recall and F1 of "same source";
- the same kind accuracy and grouping with the gold mention spans given to the source rules
  directly (kgtool.drafting.sources.group), which measures the rules apart from the tagger.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import re
import shlex
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
#: The publishers' names as the articles write them, by PolNeAR's publisher code.
PUBLISHERS = {
    "nyt": "The New York Times",
    "wash-post": "The Washington Post",
    "politico": "Politico",
    "breitbart": "Breitbart News",
    "huff-post": "The Huffington Post",
    "usa-today": "USA Today",
    "west-journal": "Western Journalism",
}
KINDS = (
    "named_person",
    "institution",
    "document",
    "publisher",
    "anonymous_individual",
    "anonymous_group",
    "unstated",
)

Span = tuple[int, int]


def read_labels(path: Path) -> dict[str, list[dict]]:
    by_article: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            by_article[row["article"]].append(
                {
                    "sha256": row["sha256"],
                    "span": (int(row["start"]), int(row["end"])),
                    "kind": row["kind"],
                    "source_id": row["source_id"],
                    "mention": row["mention"],
                }
            )
    return by_article


def read_gold(ann: Path) -> list[dict[str, list[Span]]]:
    """The attributions of a brat file, as score.py reads them."""
    spans: dict[str, list[Span]] = {}
    lines = [line.rstrip("\n").split("\t") for line in ann.open(encoding="utf-8")]
    for p in lines:
        if p[0].startswith("T") and len(p) >= 3:
            kind = p[1].split(" ")[0]
            spans[p[0]] = [tuple(map(int, r.split())) for r in p[1][len(kind) + 1 :].split(";")]  # type: ignore[misc]
    out = []
    for p in lines:
        if p[0].startswith("E") and len(p) >= 2:
            roles = dict(x.split(":") for x in p[1].split(" ") if ":" in x)
            if not roles.keys() & {"Attribution", "Attribution-no-source"}:
                continue
            event = {
                k.lower(): spans.get(v, []) for k, v in roles.items() if k in ("Source", "Cue", "Content")
            }
            if event.get("content"):
                out.append(event)
    return out


def chars(spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def spans_of(value) -> list[Span]:
    if not value:
        return []
    if isinstance(value, dict):
        value = [value]
    return [(int(x["start"]), int(x["end"])) for x in value]


def match(gold: list[dict], pred: list[dict]) -> list[int | None]:
    """score.py's matching: for each gold attribution, the drafted claim that finds it."""
    used: set[int] = set()
    found: list[int | None] = []
    for g in gold:
        gc = chars(g["content"])
        hit = None
        for i, p in enumerate(pred):
            if i in used:
                continue
            pc = chars(spans_of(p.get("content")))
            if len(gc & pc) * 2 < len(gc):
                continue
            if (
                g.get("cue")
                and spans_of(p.get("cue"))
                and not chars(g["cue"]) & chars(spans_of(p.get("cue")))
            ):
                continue
            hit = i
            break
        if hit is not None:
            used.add(hit)
        found.append(hit)
    return found


def draft(path: Path, text: str, publisher: str, cmd: str | None) -> dict:
    if cmd:
        done = subprocess.run(
            shlex.split(cmd.format(**{"in": str(path), "publisher": publisher})),
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(done.stdout)
    from kgtool import drafting
    from kgtool.drafting import render
    from kgtool.snapshot import Snapshot

    snapshot = Snapshot(path, text, hashlib.sha256(text.encode("utf-8")).hexdigest())
    return json.loads(render.to_json(snapshot, drafting.draft(text, publisher=publisher)))


def pairs_f1(assignments: list[tuple[str, str, str]]) -> tuple[int, int, int]:
    """(true, predicted, both) counts of same-source pairs; assignments: (article, gold id,
    predicted id) per mention."""
    true = pred = both = 0
    by_article: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for article, gold_id, pred_id in assignments:
        by_article[article].append((gold_id, pred_id))
    for items in by_article.values():
        for (g1, p1), (g2, p2) in itertools.combinations(items, 2):
            same_gold, same_pred = g1 == g2, p1 == p2
            true += same_gold
            pred += same_pred
            both += same_gold and same_pred
    return true, pred, both


def prf(tp: int, n_pred: int, n_true: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_true if n_true else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def publisher_of(article: str) -> str:
    return PUBLISHERS[article.split("_")[0]]


def score(labels: dict[str, list[dict]], split_dir: Path, cmd: str | None) -> dict:
    from kgtool.drafting.sources import group

    tp = fp = fn = src_ok = src_n = 0
    kind_ok = kind_n = unstated_ok = unstated_n = 0
    confusion: Counter[tuple[str, str]] = Counter()
    grouped: list[tuple[str, str, str]] = []
    rules_kind_ok = 0
    rules_confusion: Counter[tuple[str, str]] = Counter()
    rules_grouped: list[tuple[str, str, str]] = []
    seconds: list[float] = []
    for article, rows in sorted(labels.items()):
        path = split_dir / "text" / f"{article}.txt"
        text = path.read_text(encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if any(r["sha256"] != digest for r in rows):
            sys.exit(f"{article}: the text's SHA-256 is not the labels': not the labelled text")
        for r in rows:
            s, e = r["span"]
            if text[s:e] != r["mention"]:
                sys.exit(f"{article}: {s}-{e} is {text[s:e]!r}, the labels say {r['mention']!r}")
        label_at = {r["span"]: r for r in rows}
        [ann] = sorted((split_dir / "attributions").glob(f"{article}_*.ann"))[:1]
        gold = read_gold(ann)
        publisher = publisher_of(article)
        started = time.perf_counter()
        pred = draft(path, text, publisher, cmd).get("claims", [])
        seconds.append(time.perf_counter() - started)
        found = match(gold, pred)
        hits = [h for h in found if h is not None]
        tp += len(hits)
        fn += len(gold) - len(hits)
        fp += len(pred) - len(hits)
        seen_mentions: dict[Span, str] = {}
        for g, h in zip(gold, found, strict=True):
            if h is None:
                continue
            claim = pred[h]
            drafted = chars(spans_of(claim.get("source")))
            mention = g["source"][0] if g.get("source") else None
            label = label_at.get(mention) if mention else None
            if g.get("source"):
                src_n += 1
                src_ok += bool(chars(g["source"]) & drafted)
            if mention is None or (label and label["kind"] == "unstated"):
                unstated_n += 1
                unstated_ok += claim.get("source") is None
                continue
            if label is None or not chars([mention]) & drafted:
                continue
            kind = claim.get("source_kind") or "unstated"
            kind_n += 1
            kind_ok += kind == label["kind"]
            confusion[(label["kind"], kind)] += 1
            seen_mentions[mention] = claim.get("source_id") or "?"
        grouped += [(article, label_at[m]["source_id"], p) for m, p in seen_mentions.items()]
        # the source rules alone, on the gold mention spans
        ruled = group(text, list(label_at), publisher)
        for span, row in label_at.items():
            source = ruled.get(span)
            kind = source.kind if source and source.kind else "unstated"
            rules_kind_ok += kind == row["kind"]
            rules_confusion[(row["kind"], kind)] += 1
            if row["kind"] != "unstated":
                rules_grouped.append(
                    (article, row["source_id"], source.key if source else f"unstated-{span}")
                )
    p, r, f = prf(tp, tp + fp, tp + fn)
    g_true, g_pred, g_both = pairs_f1(grouped)
    gp, gr, gf = prf(g_both, g_pred, g_true)
    rt, rp, rb = pairs_f1(rules_grouped)
    rgp, rgr, rgf = prf(rb, rp, rt)
    mentions = sum(len(rows) for rows in labels.values())
    return {
        "articles": len(labels),
        "labelled_mentions": mentions,
        "content": {"precision": p, "recall": r, "f1": f, "found": tp, "gold": tp + fn, "drafted": tp + fp},
        "source_right": {"right": src_ok, "of": src_n},
        "kind": {
            "right": kind_ok,
            "of": kind_n,
            "confusion": {f"{a} -> {b}": n for (a, b), n in sorted(confusion.items())},
        },
        "unstated": {"right": unstated_ok, "of": unstated_n},
        "grouping": {
            "precision": gp,
            "recall": gr,
            "f1": gf,
            "same_source_pairs": g_true,
            "mentions": len(grouped),
        },
        "rules_on_gold_mentions": {
            "kind": {
                "right": rules_kind_ok,
                "of": mentions,
                "confusion": {f"{a} -> {b}": n for (a, b), n in sorted(rules_confusion.items())},
            },
            "grouping": {"precision": rgp, "recall": rgr, "f1": rgf, "same_source_pairs": rt},
        },
        "seconds": {"total": sum(seconds), "max": max(seconds, default=0.0)},
    }


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else "0/0"


def report(result: dict) -> str:
    c, k, g = result["content"], result["kind"], result["grouping"]
    rules = result["rules_on_gold_mentions"]
    lines = [
        f"{result['articles']} articles, {result['labelled_mentions']} labelled source mentions",
        f"content: P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f} "
        f"({c['found']} of {c['gold']} gold found, {c['drafted']} drafted)",
        f"source right on found: {share(result['source_right']['right'], result['source_right']['of'])}",
        f"kind right (drafted source on a labelled mention): {share(k['right'], k['of'])}",
        f"no source given, drafted unstated: {share(result['unstated']['right'], result['unstated']['of'])}",
        f"grouping, pairs over {g['mentions']} found mentions: P {g['precision']:.3f} "
        f"R {g['recall']:.3f} F1 {g['f1']:.3f} ({g['same_source_pairs']} same-source pairs)",
        f"rules on the gold mentions: kind {share(rules['kind']['right'], rules['kind']['of'])}, "
        f"grouping F1 {rules['grouping']['f1']:.3f} (P {rules['grouping']['precision']:.3f} "
        f"R {rules['grouping']['recall']:.3f})",
        f"drafting: {result['seconds']['total']:.1f} s in all, {result['seconds']['max']:.2f} s "
        "the slowest article",
        "kind confusions (label -> drafted) on found mentions:",
    ]
    lines += [
        f"  {pair}: {n}"
        for pair, n in k["confusion"].items()
        if pair.split(" -> ")[0] != pair.split(" -> ")[1]
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=ROOT / "benchmarks" / "source_labels" / "dev.tsv")
    ap.add_argument("--polnear", type=Path, default=POLNEAR)
    ap.add_argument("--split", default=None, help="dev or train (default: from the labels' name)")
    ap.add_argument(
        "--cmd",
        help="run this instead of drafting in-process: "
        "'kgtool draft {in} --format json --publisher \"{publisher}\"'",
    )
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    split = args.split or re.sub(r"\.tsv$", "", args.labels.name)
    result = score(read_labels(args.labels), args.polnear / split, args.cmd)
    print(json.dumps(result, indent=1) if args.json else report(result))


if __name__ == "__main__":
    main()
