#!/usr/bin/env python3
"""Train the attribution drafter (kgtool draft) on PolNeAR's train split.

    python scripts/train_drafter.py ../shared/corpora/polnear

Writes kgtool/drafting/model/drafter.crfsuite (the CRF) and drafter.json (the cue lexicon
learned from train, the training command, the train files' SHA-256, the dev scores that
score.py gives and the source kinds and grouping that benchmarks/score_sources.py measures on
the labelled dev articles). One thread, fixed settings: the same data gives the same model.

The settings (PARAMS) were chosen on train alone: trained on train less its latest 84 articles
(12 per publisher, the most dev-like), scored on those 84; c1 1.0, 4.0 and 8.0 gave content F1
0.678, 0.696 and 0.692 (benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shlex
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pycrfsuite

from kgtool.drafting import model as drafter_model
from kgtool.drafting.features import sequence_features, stem
from kgtool.drafting.labels import encode
from kgtool.drafting.tokens import tokenize

MIN_CUE_COUNT = 3  # a word must be a cue this often in train to enter the lexicon
PARAMS = {"c1": 4.0, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}


def read_attributions(ann: Path) -> list[dict[str, list[tuple[int, int]]]]:
    """The attributions of a brat .ann file: each role's (start, end) fragments."""
    spans: dict[str, list[tuple[int, int]]] = {}
    out = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if fields[0].startswith("T") and len(fields) >= 3:
            _kind, _, ranges = fields[1].partition(" ")
            spans[fields[0]] = [tuple(map(int, r.split())) for r in ranges.split(";")]
        elif fields[0].startswith("E") and len(fields) >= 2:
            roles = dict(part.split(":") for part in fields[1].split(" ") if ":" in part)
            if not roles.keys() & {"Attribution", "Attribution-no-source"}:
                continue
            attribution = {
                k.lower(): spans.get(v, []) for k, v in roles.items() if k in ("Source", "Cue", "Content")
            }
            if attribution.get("content"):
                out.append(attribution)
    return out


def articles(split: Path):
    """(text, attributions) of each article, one annotator each (the first by name, as score.py)."""
    seen = set()
    for ann in sorted((split / "attributions").glob("*.ann")):
        base = re.sub(r"_[0-9a-f]{4}\.ann$", "", ann.name)
        if base in seen:
            continue
        seen.add(base)
        text = (split / "text" / f"{base}.txt").read_text(encoding="utf-8")
        yield text, read_attributions(ann)


def digest(split: Path) -> str:
    """SHA-256 over the sorted train files (path relative to the split, then bytes)."""
    sha = hashlib.sha256()
    for path in sorted(p for p in split.rglob("*") if p.is_file()):
        sha.update(str(path.relative_to(split)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def learn_lexicon(data) -> dict[str, float]:
    """Each word form's share of occurrences inside a cue span, for forms that are cues often."""
    cue, total = Counter(), Counter()
    for tokens, labels in data:
        for token, label in zip(tokens, labels, strict=True):
            s = stem(token.text)
            total[s] += 1
            if label.endswith("-Q"):
                cue[s] += 1
    return {s: round(cue[s] / total[s], 3) for s in sorted(cue) if cue[s] >= MIN_CUE_COUNT}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("polnear", type=Path, help="the PolNeAR folder holding train/ and dev/")
    ap.add_argument("--no-dev", action="store_true", help="skip scoring on dev")
    args = ap.parse_args()
    train = args.polnear / "train"
    data = []
    for text, attributions in articles(train):
        tokens = tokenize(text)
        data.append((tokens, encode(tokens, attributions)))
    lexicon = learn_lexicon(data)
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, labels in data:
        trainer.append(sequence_features(tokens, lexicon), labels)
    trainer.set_params(PARAMS)
    started = time.monotonic()
    drafter_model.MODEL_DIR.mkdir(exist_ok=True)
    trainer.train(str(drafter_model.CRF_PATH))
    seconds = round(time.monotonic() - started)
    meta = {
        "command": "python scripts/train_drafter.py " + shlex.join(sys.argv[1:]),
        "train_sha256": digest(train),
        "train_articles": len(data),
        "crfsuite_params": PARAMS,
        "training_seconds": seconds,
        "lexicon": lexicon,
    }
    drafter_model.META_PATH.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"trained on {len(data)} articles in {seconds} s, {len(lexicon)} cue forms", file=sys.stderr)
    if not args.no_dev:
        dev = args.polnear / "dev"
        result = subprocess.run(
            [
                sys.executable,
                str(args.polnear / "score.py"),
                str(dev),
                "--cmd",
                f"{sys.executable} -m kgtool draft {{in}} --format json",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        meta["dev_scores"] = result.stdout.strip().splitlines()[-1]
        root = Path(__file__).resolve().parent.parent
        sources = subprocess.run(
            [
                sys.executable,
                str(root / "benchmarks" / "score_sources.py"),
                "--polnear",
                str(args.polnear),
                "--json",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(sources.stdout)
        meta["dev_sources"] = {
            "labelled_articles": figures["articles"],
            "kind_right": f"{figures['kind']['right']}/{figures['kind']['of']}",
            "grouping_pairwise_f1": round(figures["grouping"]["f1"], 3),
        }
        drafter_model.META_PATH.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        print(meta["dev_scores"])
        print(meta["dev_sources"])


if __name__ == "__main__":
    main()
