#!/usr/bin/env python3
"""Train the stance model (kgtool.linking.stance) on FNC-1's training data.

    python scripts/train_stance.py ../shared/corpora/fnc-1

Writes kgtool/linking/model/stance.npz (vocabularies, IDF, perceptron weights, decision offsets;
numpy arrays, no pickle) and stance.json (the command, the SHA-256 of both CSVs, the split, the
settings, the cross-validation and held-out scores). One thread and fixed seeds: the same data
gives the same bytes.

The split is by claim. FNC-1 has no claim ids, so a claim is a connected component of the
bipartite graph headline <-> body over the related pairs (agree, disagree, discuss): every body
and every headline of FNC-1 is in some related pair, so every one belongs to exactly one claim.
The components are ordered by their smallest Body ID, shuffled with numpy's default_rng(SEED),
and taken in that order into the held-out part until it has HELD_OUT_SHARE of the pairs. A pair
goes with the claim of its body. Unrelated pairs of a training body whose headline belongs to a
held-out claim are dropped from training, so that no held-out headline is ever seen in training
(the held-out part keeps all the pairs of its bodies, as the rule says).

Settings were chosen by cross-validation inside the training part, grouped by claim
(``--cv`` compares the candidates in CANDIDATES and never reads the held-out part); the held-out
part is scored once, by the final model, and only written down.
"""

from __future__ import annotations

import os

# One BLAS thread: the same sums in the same order, so the same model bytes (and one core left
# to the others on a shared machine). Set before numpy is imported.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import csv  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import shlex  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402

from kgtool.linking import stance  # noqa: E402
from kgtool.linking.scoring import evaluate  # noqa: E402

SEED = 2017
HELD_OUT_SHARE = 0.20
FOLDS = 5
RELATED = ("agree", "disagree", "discuss")

# The settings of the shipped model, chosen with --cv (see benchmarks/README.md). Two stages, each
# the mean of two perceptrons' probabilities (one over hand features and bags of words, one over
# hand features only): the first over the four labels, of which the model keeps P(unrelated); the
# second trained on related pairs only, its classes weighted equally (power 1), over the three
# related labels.
SETTINGS: dict = {
    "min_term_documents": 2,  # a similarity term must be in this many training texts
    "max_terms": 60000,
    "min_bag_claims": 10,  # a bag word must be used in this many training claims
    "max_bag_words": 3000,
    "batch_size": 256,
    "learning_rate": 1e-3,
    "class_weight_power": 0.5,  # weight of a class: (n / n_class) ** power, normalised
    "perceptrons": [
        {"bags": True, "hidden": 100, "alpha": 1e-2, "epochs": 10},  # alpha: the L2 penalty
        {"bags": False, "hidden": 100, "alpha": 1e-3, "epochs": 20},
    ],
    "related_class_weight_power": 1.0,
    "related_perceptrons": [
        {"bags": True, "hidden": 100, "alpha": 1e-2, "epochs": 10},
        {"bags": False, "hidden": 100, "alpha": 1e-3, "epochs": 20},
    ],
    # the decision offsets maximise out-of-fold macro-F1 among those whose official score stays
    # at or above this (the target)
    "score_floor": 0.82,
}

# Variations compared with --cv, each against SETTINGS (the last round's; the earlier rounds and
# their figures are in benchmarks/README.md).
CANDIDATES: list[dict] = [
    {},
    {"related_perceptrons": []},
    {"related_perceptrons": SETTINGS["related_perceptrons"][:1]},
    {"related_perceptrons": SETTINGS["related_perceptrons"][1:]},
]


# -- data ------------------------------------------------------------------------------------
def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_corpus(folder: Path) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Bodies by Body ID, and (headline, Body ID, stance) rows in file order."""
    with (folder / "train_bodies.csv").open(encoding="utf-8", newline="") as f:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(f)}
    with (folder / "train_stances.csv").open(encoding="utf-8", newline="") as f:
        rows = [(row["Headline"], row["Body ID"], row["Stance"]) for row in csv.DictReader(f)]
    return bodies, rows


def claims(rows: list[tuple[str, str, str]]) -> dict[str, int]:
    """The claim (component number) of each node: "h:" + headline or "b:" + Body ID.

    Components are numbered in the order of their smallest Body ID (as an integer).
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for headline, body, label in rows:
        if label in RELATED:
            a, b = find("h:" + headline), find("b:" + body)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = defaultdict(list)
    for node in list(parent):
        members[find(node)].append(node)

    def first_body(nodes: list[str]) -> int:
        return min(int(n[2:]) for n in nodes if n.startswith("b:"))

    ordered = sorted(members.values(), key=first_body)
    return {node: number for number, nodes in enumerate(ordered) for node in nodes}


def split(rows: list[tuple[str, str, str]]) -> dict:
    """Train and held-out row indices by claim, and the counts that stance.json records."""
    claim_of = claims(rows)
    for headline, body, _ in rows:
        if "b:" + body not in claim_of or "h:" + headline not in claim_of:
            raise SystemExit(f"a pair outside every claim: body {body}; the rule assumes none")
    n_claims = max(claim_of.values()) + 1
    pairs_of = Counter(claim_of["b:" + body] for _, body, _ in rows)
    held: set[int] = set()
    total = 0
    for claim in np.random.default_rng(SEED).permutation(n_claims):
        if total >= HELD_OUT_SHARE * len(rows):
            break
        held.add(int(claim))
        total += pairs_of[int(claim)]
    train, held_out, dropped = [], [], 0
    for i, (headline, body, _) in enumerate(rows):
        if claim_of["b:" + body] in held:
            held_out.append(i)
        elif claim_of["h:" + headline] in held:
            dropped += 1
        else:
            train.append(i)
    return {
        "claim_of": claim_of,
        "held": held,
        "train": train,
        "held_out": held_out,
        "dropped": dropped,
        "n_claims": n_claims,
    }


# -- vocabularies ------------------------------------------------------------------------------
def vocabularies(
    bodies: dict[str, str],
    rows: list[tuple[str, str, str]],
    indices: list[int],
    claim_of: dict[str, int],
    settings: dict,
) -> dict[str, np.ndarray]:
    """Similarity terms with their IDF, and the bag words, from the given training rows only."""
    body_ids = sorted({rows[i][1] for i in indices}, key=int)
    headlines = sorted({rows[i][0] for i in indices})
    documents = [bodies[b] for b in body_ids] + headlines
    df: Counter[str] = Counter()
    for text in documents:
        df.update(set(stance.terms(stance.tokenize(text))))
    kept = sorted(
        (t for t, n in df.items() if n >= settings["min_term_documents"]), key=lambda t: (-df[t], t)
    )[: settings["max_terms"]]
    kept.sort()
    n_docs = len(documents)
    idf = np.array([np.log((1 + n_docs) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float32)
    claims_using: dict[str, set[int]] = defaultdict(set)
    for b in body_ids:
        for token in set(stance.tokenize(bodies[b])):
            claims_using[token].add(claim_of["b:" + b])
    for h in headlines:
        for token in set(stance.tokenize(h)):
            claims_using[token].add(claim_of["h:" + h])
    bag = sorted(
        (w for w, c in claims_using.items() if len(c) >= settings["min_bag_claims"]),
        key=lambda w: (-len(claims_using[w]), w),
    )[: settings["max_bag_words"]]
    bag.sort()
    return {
        "term_vocabulary": stance.encode_words(kept),
        "idf": idf,
        "bag_vocabulary": stance.encode_words(bag),
    }


def features(
    featurizer: stance.Featurizer,
    bodies: dict[str, str],
    rows: list[tuple[str, str, str]],
    indices: list[int],
) -> tuple[np.ndarray, sparse.csr_matrix]:
    body_cache = {b: featurizer.body(bodies[b]) for b in sorted({rows[i][1] for i in indices}, key=int)}
    head_cache = {h: featurizer.headline(h) for h in sorted({rows[i][0] for i in indices})}
    return featurizer.transform(
        [head_cache[rows[i][0]] for i in indices], [body_cache[rows[i][1]] for i in indices]
    )


# -- the perceptron ----------------------------------------------------------------------------
def fit(hand: np.ndarray, bags: sparse.csr_matrix, y: np.ndarray, settings: dict) -> dict[str, np.ndarray]:
    """Train both stages' perceptrons (scikit-learn, training only); their arrays p0_w1, r0_w1 and on."""
    arrays = fit_stage(
        hand, bags, y, settings["perceptrons"], settings["class_weight_power"], "p", 4, settings
    )
    related = y != stance.LABELS.index("unrelated")
    if settings["related_perceptrons"]:
        arrays |= fit_stage(
            hand[related],
            bags[related],
            y[related],
            settings["related_perceptrons"],
            settings["related_class_weight_power"],
            "r",
            3,
            settings,
        )
    return arrays


def fit_stage(
    hand: np.ndarray,
    bags: sparse.csr_matrix,
    y: np.ndarray,
    members: list[dict],
    power: float,
    prefix: str,
    n_classes: int,
    settings: dict,
) -> dict[str, np.ndarray]:
    """One stage's perceptrons over classes 0 .. n_classes - 1, weighted (n / n_class) ** power."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    mean = hand.mean(axis=0)
    scale = hand.std(axis=0)
    scale[scale == 0] = 1.0
    standard = sparse.csr_matrix((hand - mean) / scale)
    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    weights = (len(y) / np.maximum(counts, 1)) ** power
    weights = weights / (weights[y].mean())
    arrays: dict[str, np.ndarray] = {}
    for k, member in enumerate(members):
        x = sparse.hstack([standard, bags], format="csr") if member["bags"] else standard
        mlp = MLPClassifier(
            hidden_layer_sizes=(member["hidden"],),
            alpha=member["alpha"],
            batch_size=settings["batch_size"],
            learning_rate_init=settings["learning_rate"],
            max_iter=member["epochs"],
            shuffle=True,
            random_state=SEED + k,
            tol=0.0,
            n_iter_no_change=10**6,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            mlp.fit(x, y, sample_weight=weights[y])
        if list(mlp.classes_) != list(range(n_classes)):
            raise SystemExit("a label is missing from the training rows")
        values = (mean, scale, mlp.coefs_[0], mlp.intercepts_[0], mlp.coefs_[1], mlp.intercepts_[1])
        for name, value in zip(stance.PERCEPTRON_ARRAYS, values, strict=True):
            arrays[f"{prefix}{k}_{name}"] = value.astype(np.float32)
    return arrays


def choose_offsets(y: np.ndarray, probabilities: np.ndarray, floor: float) -> tuple[np.ndarray, dict]:
    """Per-class offsets of the decision, chosen on out-of-fold predictions of the training part.

    The highest macro-F1 among the offsets whose official score is at least ``floor`` (the
    argmax's offsets, all 0, if none is): offsets of agree, disagree and discuss against
    unrelated's 0, on a grid of quarters. The counts are numpy's; the result is
    :func:`evaluate`'s.
    """
    logp = np.log(np.maximum(probabilities, 1e-12))
    related = y != stance.LABELS.index("unrelated")
    best_possible = 0.25 * len(y) + 0.75 * related.sum()
    grid = np.round(np.arange(-2.0, 2.01, 0.25), 2)
    best = (-1.0, np.zeros(len(stance.LABELS)))
    for agree, disagree, discuss in itertools.product(grid, grid, grid):
        offsets = np.array([agree, disagree, discuss, 0.0])
        predicted = (logp + offsets).argmax(axis=1)
        said_related = predicted != stance.LABELS.index("unrelated")
        score = 0.25 * (said_related == related).sum() + 0.75 * (related & (predicted == y)).sum()
        if score / best_possible < floor:
            continue
        matrix = np.zeros((len(stance.LABELS),) * 2, dtype=np.int64)
        np.add.at(matrix, (y, predicted), 1)
        f1 = 2 * np.diag(matrix) / np.maximum(matrix.sum(axis=0) + matrix.sum(axis=1), 1)
        if f1.mean() > best[0] + 1e-12:
            best = (float(f1.mean()), offsets)
    offsets = best[1]
    gold = [stance.LABELS[i] for i in y]
    return offsets, evaluate(gold, [stance.LABELS[i] for i in (logp + offsets).argmax(axis=1)])


VOCABULARY_SETTINGS = ("min_term_documents", "max_terms", "min_bag_claims", "max_bag_words")


def cross_validate(
    bodies, rows, train: list[int], claim_of, settings: dict, cache: dict | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities over the training rows, folds of whole claims.

    ``cache`` keeps each fold's features between candidates that share the vocabulary settings.
    """
    cache = {} if cache is None else cache
    claim = np.array([claim_of["b:" + rows[i][1]] for i in train])
    claim_ids = np.unique(claim)
    order = np.random.default_rng(SEED + 1).permutation(claim_ids)
    fold_of_claim = {int(c): k % FOLDS for k, c in enumerate(order)}
    fold = np.array([fold_of_claim[int(c)] for c in claim])
    y = np.array([stance.LABELS.index(rows[i][2]) for i in train])
    out = np.zeros((len(train), len(stance.LABELS)))
    for k in range(FOLDS):
        inner = [train[j] for j in np.flatnonzero(fold != k)]
        outer = [train[j] for j in np.flatnonzero(fold == k)]
        # the inner part drops, like training, unrelated pairs whose headline is the outer fold's
        outer_claims = {fold_of_claim_k for fold_of_claim_k in np.unique(claim[fold == k])}
        inner = [i for i in inner if claim_of["h:" + rows[i][0]] not in outer_claims]
        key = (k, *(settings[name] for name in VOCABULARY_SETTINGS))
        if key not in cache:
            arrays = vocabularies(bodies, rows, inner, claim_of, settings)
            featurizer = stance.Featurizer(
                stance._words(arrays["term_vocabulary"]),
                arrays["idf"],
                stance._words(arrays["bag_vocabulary"]),
            )
            cache[key] = (
                arrays,
                features(featurizer, bodies, rows, inner),
                features(featurizer, bodies, rows, outer),
            )
        arrays, (hand, bags), (hand_o, bags_o) = cache[key]
        arrays = dict(arrays)
        y_inner = np.array([stance.LABELS.index(rows[i][2]) for i in inner])
        arrays.update(fit(hand, bags, y_inner, settings))
        arrays["offsets"] = np.zeros(len(stance.LABELS), dtype=np.float32)
        model = stance.StanceModel.from_arrays(arrays)
        out[fold == k] = model.probabilities(hand_o, bags_o)
        print(f"  fold {k + 1}/{FOLDS}: {len(inner)} train, {len(outer)} test pairs", file=sys.stderr)
    return y, out


# -- output ------------------------------------------------------------------------------------
def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed with fixed entry dates and order, so that equal arrays give equal bytes."""
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue())


def write_held_out(
    folder: Path, bodies: dict[str, str], rows: list[tuple[str, str, str]], held_out: list[int]
) -> None:
    """The held-out pairs as the challenge's files (FNC-1 text: keep them out of the repository)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "bodies.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Body ID", "articleBody"])
        for body in sorted({rows[i][1] for i in held_out}, key=int):
            writer.writerow([body, bodies[body]])
    with (folder / "stances.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows(rows[i] for i in held_out)


def rounded(result: dict) -> dict:
    def walk(value):
        if isinstance(value, float):
            return round(value, 4)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the folder of train_bodies.csv and train_stances.csv")
    parser.add_argument("--out", type=Path, default=Path(stance.MODEL_DIR), help="where to write the model")
    parser.add_argument(
        "--cv",
        action="store_true",
        help="compare CANDIDATES by grouped cross-validation on the training part; write nothing",
    )
    parser.add_argument(
        "--held-out-files",
        type=Path,
        metavar="DIR",
        help="write the held-out part in the challenge layout (bodies.csv, stances.csv with "
        "gold labels) to DIR for benchmarks/fnc1.py; train nothing",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    bodies, rows = read_corpus(args.corpus)
    parts = split(rows)
    train, held_out, claim_of = parts["train"], parts["held_out"], parts["claim_of"]
    print(
        f"{len(train)} training pairs, {len(held_out)} held-out pairs, {parts['dropped']} dropped",
        file=sys.stderr,
    )

    if args.held_out_files:
        write_held_out(args.held_out_files, bodies, rows, held_out)
        return
    if args.cv:
        cache: dict = {}
        for candidate in CANDIDATES:
            settings = {**SETTINGS, **candidate}
            t0 = time.perf_counter()
            y, oof = cross_validate(bodies, rows, train, claim_of, settings, cache)
            gold = [stance.LABELS[i] for i in y]
            plain = evaluate(gold, [stance.LABELS[i] for i in oof.argmax(axis=1)])
            offsets, tuned = choose_offsets(y, oof, settings["score_floor"])
            print(
                f"{candidate or 'SETTINGS'}: argmax score {plain['relative_score']:.4f} "
                f"F1 {plain['macro_f1']:.4f} {rounded(plain['f1'])} | offsets {offsets.tolist()} "
                f"score {tuned['relative_score']:.4f} F1 {tuned['macro_f1']:.4f} {rounded(tuned['f1'])} "
                f"({time.perf_counter() - t0:.0f} s)",
                flush=True,
            )
        return

    # 1. the decision offsets, from out-of-fold predictions of the training part
    y, oof = cross_validate(bodies, rows, train, claim_of, SETTINGS)
    offsets, cv_result = choose_offsets(y, oof, SETTINGS["score_floor"])
    # 2. the model, on the whole training part
    arrays = vocabularies(bodies, rows, train, claim_of, SETTINGS)
    featurizer = stance.Featurizer(
        stance._words(arrays["term_vocabulary"]), arrays["idf"], stance._words(arrays["bag_vocabulary"])
    )
    hand, bags = features(featurizer, bodies, rows, train)
    arrays.update(fit(hand, bags, np.array([stance.LABELS.index(rows[i][2]) for i in train]), SETTINGS))
    arrays["offsets"] = offsets.astype(np.float32)
    # 3. the held-out part, once, through the library's own path
    model = stance.StanceModel.from_arrays(arrays)
    pairs = [(rows[i][0], bodies[rows[i][1]]) for i in held_out]
    predicted = [label for label, _ in model.predict_pairs(pairs)]
    held_result = evaluate([rows[i][2] for i in held_out], predicted)
    both = [k for k, i in enumerate(held_out) if claim_of["h:" + rows[i][0]] in parts["held"]]
    strict_result = evaluate([rows[held_out[k]][2] for k in both], [predicted[k] for k in both])

    args.out.mkdir(parents=True, exist_ok=True)
    write_npz(args.out / stance.WEIGHTS_PATH.name, arrays)
    held_claims = sorted(parts["held"])
    meta = {
        "model": "stance of an article body towards a headline's claim (FNC-1 labels)",
        "labels": list(stance.LABELS),
        # as run, less --out (where to write changes no byte of the model)
        "training_command": shlex.join(["python", "scripts/train_stance.py", sys.argv[1]]),
        "data": {
            "corpus": "FNC-1 training data (Fake News Challenge stage 1, bodies from Emergent)",
            "sha256": {
                name: sha256(args.corpus / name) for name in ("train_bodies.csv", "train_stances.csv")
            },
            "pairs": len(rows),
            "bodies": len(bodies),
        },
        "split": {
            "rule": (
                "claims are the connected components of the bipartite graph headline <-> body over "
                "the related pairs (agree, disagree, discuss), numbered by their smallest Body ID; "
                "numpy default_rng(seed).permutation of the claim numbers, taken in order into the "
                "held-out part until it holds held_out_share of the pairs; a pair goes with the claim "
                "of its body; unrelated training pairs whose headline is a held-out claim's "
                "are dropped"
            ),
            "seed": SEED,
            "held_out_share": HELD_OUT_SHARE,
            "claims": {"train": parts["n_claims"] - len(held_claims), "held_out": len(held_claims)},
            "pairs": {"train": len(train), "held_out": len(held_out), "dropped": parts["dropped"]},
            "bodies": {
                "train": len({rows[i][1] for i in train}),
                "held_out": len({rows[i][1] for i in held_out}),
            },
            "held_out_claims": held_claims,
            "cross_validation": f"{FOLDS} folds of whole claims within the training part (seed {SEED + 1})",
        },
        "settings": SETTINGS,
        "hand_features": stance.hand_feature_names(),
        "decision_offsets": {label: float(v) for label, v in zip(stance.LABELS, offsets, strict=True)},
        "scores": {
            "cross_validation_training_part": rounded(cv_result),
            "held_out": rounded(held_result),
            "held_out_headline_and_body_both_held_out": rounded(strict_result),
        },
    }
    (args.out / stance.META_PATH.name).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(meta["scores"]["held_out"], indent=1), file=sys.stderr)
    print(f"trained in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
